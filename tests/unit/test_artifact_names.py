"""One name for one file: the build and `medgguf compare` call a quantized file the same way."""
from __future__ import annotations

from medgguf.eval import compare
from medgguf.llamacpp import quant_types
from medgguf.run import RunDir
from medgguf.stages import quantize


def test_an_imatrix_quant_has_one_suffix_in_the_build_and_in_compare(tmp_path):
    # Issue 16: the build wrote demo-q4_K_M-imat.gguf, compare demo-q4_K_M-imatrix-train.gguf.
    run = RunDir(tmp_path / "demo")
    built = quantize.output_path(run, "Q4_K_M", imatrix=True)
    compared = compare.Variant("Q4_K_M", "train").file(run)
    assert built.name == compared.name == "demo-q4_K_M-imatrix-train.gguf"
    assert quantize.output_path(run, "q4_k_m", imatrix=False).name == "demo-q4_K_M.gguf"


def test_labels_and_file_names_of_a_variant_agree():
    assert quant_types.variant_label("Q4_K_M", "train") == "q4_K_M+imatrix-train"
    assert quant_types.variant_stem("Q4_K_M", "train") == "q4_K_M-imatrix-train"
    assert quant_types.variant_label("IQ4_XS") == quant_types.variant_stem("IQ4_XS") == "iq4_XS"
