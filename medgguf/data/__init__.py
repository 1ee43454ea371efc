"""The data stage: read medical Q&A sets in their published schemas, clean, dedup, split, format.

    sources.py   read a local file (.json/.jsonl/.csv/.parquet, optionally .gz) or a hub id into rows
    schemas/     one module per published schema: detect it from the columns, convert a row
    records.py   the Example every schema produces and the reasons a row is dropped
    clean.py     Unicode/whitespace normalisation and the keys used for dedup and leakage
    split.py     seeded, question-grouped train/val/test split and its leakage check
    format.py    the base model's chat template, token lengths, response-only labels
    prepare.py   the whole stage: prepare_splits(cfg, tokenizer, out_dir) -> stats
    inspect.py   the report `medgguf data inspect` prints

Nothing here imports torch, transformers or datasets at module level.
"""
