"""Pieces of bench/compare/calibration that need no model: parsing, sizes, Pareto, split rows."""
from __future__ import annotations

from pathlib import Path

import pytest

from medgguf.llamacpp import tools as llamacpp
from medgguf.eval import bench, compare, heldout
from medgguf.errors import InputError, StageFailed

# The summary llama-perplexity --kl-divergence prints (tools/perplexity/perplexity.cpp).
KLD_OUTPUT = """\
kl_divergence: computing over 4 chunks, n_ctx=512, batch_size=2048, n_seq=4
   1      11.5436 ±    0.7460       0.03116 ±    0.00549       0.05041 ±    0.00328     6.744 ±  0.567 %    90.196 ±  1.864 %
   4      10.9982 ±    0.3531       0.02688 ±    0.00262       0.05183 ±    0.00211     6.919 ±  0.293 %    90.588 ±  0.914 %

====== Perplexity statistics ======
Mean PPL(Q)                   :  10.998247 ±   0.353092
Mean PPL(base)                :  10.706597 ±   0.343271
Cor(ln(PPL(Q)), ln(PPL(base))):  99.21%
Mean ln(PPL(Q)/PPL(base))     :   0.026877 ±   0.002621
Mean PPL(Q)/PPL(base)         :   1.027241 ±   0.002693
Mean PPL(Q)-PPL(base)         :   0.291650 ±   0.029301

====== KL divergence statistics ======
Mean    KLD:   0.051830 ±   0.002110
Maximum KLD:   1.873529
99.9%   KLD:   1.327781
99.0%   KLD:   0.420012
95.0%   KLD:   0.180010
90.0%   KLD:   0.116046
Median  KLD:   0.024935
10.0%   KLD:   0.001247
 5.0%   KLD:   0.000459
 1.0%   KLD:   0.000052
 0.1%   KLD:  -0.000001
Minimum KLD:  -0.000003

====== Token probability statistics ======
Mean    Δp: -0.507 ± 0.115 %
RMS Δp    :  6.919 ±  0.293 %
Same top p: 90.588 ± 0.914 %
"""


def test_parse_kl_divergence_summary():
    values = llamacpp.parse_kl_divergence(KLD_OUTPUT)
    assert values["ppl"] == 10.998247 and values["ppl_stderr"] == 0.353092
    assert values["ppl_base"] == 10.706597
    assert values["ppl_diff"] == 0.291650 and values["ppl_diff_stderr"] == 0.029301
    assert values["kld_mean"] == 0.051830 and values["kld_mean_stderr"] == 0.002110
    assert values["kld_median"] == 0.024935
    assert values["kld_p99"] == 0.420012
    assert values["kld_max"] == 1.873529
    assert values["same_top_pct"] == 90.588 and values["same_top_pct_stderr"] == 0.914


def test_parse_kl_divergence_without_summary_fails_loudly():
    with pytest.raises(StageFailed, match="printed no 'ppl' line"):
        llamacpp.parse_kl_divergence("kl_divergence: computing over 1 chunks\n")


def test_logits_cache_size_matches_llama_cpp_layout():
    # header (magic, n_ctx, n_vocab, n_chunk), the tokens, then 255 scored positions per chunk
    # of n_vocab + 4 uint16 each
    size = bench.logits_cache_bytes(49152, 512, 1)
    assert size == 8 + 4 + 4 + 4 + 4 * 512 + 255 * (49152 + 4) * 2
    # the figure: ~3 GB for 60K tokens at a 49K vocab
    assert 2.8e9 < bench.logits_cache_bytes(49152, 512, 60_000 // 512 + 1) < 3.1e9


def test_pareto_front_and_imatrix_effect():
    rows = [
        {"type": "F16", "imatrix": "none", "label": "f16", "file_size": 100, "kld_mean": 0.0},
        {"type": "Q8_0", "imatrix": "none", "label": "q8_0", "file_size": 50, "kld_mean": 0.001},
        {"type": "Q4_K_M", "imatrix": "none", "label": "q4_K_M", "file_size": 30, "kld_mean": 0.05},
        {"type": "Q4_K_M", "imatrix": "train", "label": "q4_K_M+imatrix-train", "file_size": 30, "kld_mean": 0.03},
        {"type": "Q5_K_M", "imatrix": "none", "label": "q5_K_M", "file_size": 60, "kld_mean": 0.01},
    ]
    compare.mark_pareto(rows)
    assert [r["label"] for r in rows if r["pareto"]] == ["f16", "q8_0", "q4_K_M+imatrix-train"]
    effect = compare.imatrix_effect(rows)
    assert effect["q4_K_M"]["change_train_pct"] == -40.0
    assert "change_train_pct" not in effect["q8_0"]


def test_a_few_bytes_of_imatrix_metadata_do_not_keep_the_worse_twin_on_the_front():
    rows = [
        {"type": "Q6_K", "imatrix": "none", "label": "q6_K", "file_size": 138_400_000, "kld_mean": 0.0101},
        {"type": "Q6_K", "imatrix": "train", "label": "q6_K+imatrix-train", "file_size": 138_400_600,
         "kld_mean": 0.0080},
        {"type": "Q4_K_M", "imatrix": "none", "label": "q4_K_M", "file_size": 105_500_000, "kld_mean": 0.056},
    ]
    compare.mark_pareto(rows)
    assert [r["label"] for r in rows if r["pareto"]] == ["q6_K+imatrix-train", "q4_K_M"]


def test_variants_and_option_parsing():
    assert compare.parse_types("q4_k_m, Q8_0,q4_K_M") == ["Q4_K_M", "Q8_0"]
    with pytest.raises(InputError, match="unknown quantization type 'q9'"):
        compare.parse_types("q9")
    with pytest.raises(InputError, match="unknown imatrix choice 'wiki'"):
        compare.parse_imatrix("none,wiki")
    labels = [v.label for v in compare.variants(["Q4_K_M", "IQ2_XS"], ["none", "train"])]
    assert labels == ["q4_K_M", "q4_K_M+imatrix-train", "iq2_XS+imatrix-train"]


def test_split_rows_in_chat_and_pair_form():
    chat = heldout.parse_row({"messages": [{"role": "system", "content": "be careful"},
                                               {"role": "user", "content": "What is gout?"},
                                               {"role": "assistant", "content": "A form of arthritis."}]}, "x")
    assert chat.question == "What is gout?" and chat.answer == "A form of arthritis."
    assert chat.text() == "What is gout?\n\nA form of arthritis."  # no system prompt in the prose
    pair = heldout.parse_row({"Question": "Q?", "Answer": "A."}, "x")
    assert pair.messages == [{"role": "user", "content": "Q?"}] and pair.answer == "A."
    with pytest.raises(InputError, match="neither a chat row"):
        heldout.parse_row({"text": "hello"}, "row 1")


def test_heldout_text_never_reads_the_training_split(tmp_path: Path):
    from medgguf.run import RunDir

    run = RunDir(tmp_path / "r")
    run.data_dir.mkdir(parents=True)
    for split in ("train", "val", "test"):
        (run.data_dir / f"{split}.jsonl").write_text(
            f'{{"question": "{split} question", "answer": "{split} answer"}}\n')
    text, rows = heldout.heldout_text(run, "test")
    assert rows == 1 and "test answer" in text and "train" not in text
    text, rows = heldout.heldout_text(run, "val+test")
    assert rows == 2 and "val answer" in text and "train" not in text
    with pytest.raises(InputError, match="unknown held-out split 'train'"):
        heldout.heldout_text(run, "train")


def _write_gguf(path: Path, arch: str, vocab: int) -> Path:
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_token_list([f"t{i}" for i in range(vocab)])
    writer.add_tensor("token_embd.weight", np.zeros((vocab, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_identify_and_refuse_different_vocabularies_or_architectures(tmp_path: Path):
    llama = bench.identify(_write_gguf(tmp_path / "a.gguf", "llama", 16))
    assert (llama.architecture, llama.vocab_size, llama.n_params) == ("llama", 16, 128)
    assert llama.bits_per_weight == pytest.approx(8 * llama.file_size / 128)
    bench.check_comparable(llama, llama)
    other_vocab = bench.identify(_write_gguf(tmp_path / "b.gguf", "llama", 20))
    with pytest.raises(InputError, match=r"base a\.gguf has a vocabulary of 16 tokens but b\.gguf has 20"):
        bench.check_comparable(llama, other_vocab)
    other_arch = bench.identify(_write_gguf(tmp_path / "c.gguf", "qwen2", 16))
    with pytest.raises(InputError, match=r"base a\.gguf is a 'llama' model but c\.gguf is 'qwen2'"):
        bench.check_comparable(llama, other_arch)


def test_identify_refuses_missing_and_foreign_files(tmp_path: Path):
    with pytest.raises(InputError, match="does not exist"):
        bench.identify(tmp_path / "none.gguf")
    (tmp_path / "x.gguf").write_text("not a gguf")
    with pytest.raises(InputError, match="x.gguf"):
        bench.identify(tmp_path / "x.gguf")
