"""The data stage: the configured sources, cleaned and split into the run's data/ directory.

The work is in ``medgguf.data``; this module tells the pipeline what the stage reads and writes.
"""

from __future__ import annotations

from pathlib import Path

from medgguf import models
from medgguf.config import Config
from medgguf.data.split import SPLIT_NAMES
from medgguf.run import RunDir
from medgguf.stages import StageOptions, StagePlan


def plan(run: RunDir, cfg: Config) -> StagePlan:
    local = [Path(s.path) for s in cfg.data.sources if s.path and Path(s.path).exists()]
    base = models.resolve_base(cfg.model.base)
    return StagePlan(
        inputs=local,
        config={"data": cfg.section("data"), "chat_template": cfg.model.chat_template},
        outputs=[*(run.split_file(split) for split in SPLIT_NAMES), run.stats_file],
        disk_bytes=sum(p.stat().st_size for p in local) * 2,
        input_ids={"tokenizer": models.identity(base, cfg.model.revision)},
    )


def execute(run: RunDir, cfg: Config, options: StageOptions) -> dict:
    from medgguf.data.prepare import prepare_splits

    tokenizer = models.load_tokenizer(models.resolve_base(cfg.model.base), cfg.model.chat_template, cfg.model.revision)
    stats = prepare_splits(cfg.data, tokenizer, run.data_dir, notify=options.notify)
    keys = ("splits", "rows_read", "rows_kept", "rows_dropped", "rows_written", "duplicates", "drops")
    return {key: stats[key] for key in keys if key in stats}
