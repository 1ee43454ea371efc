"""Quantization type names that ``llama-quantize`` accepts.

Mirrors ``QUANT_OPTIONS`` in llama.cpp ``tools/quantize/quantize.cpp`` (llama-cpp-python 0.3.36);
tests/unit/test_quant_types.py checks this list against the vendored source so a new pin that
adds or drops a type fails loudly.
"""

from __future__ import annotations

from medgguf.errors import InputError

# name -> (llama_ftype name, one-line description as llama.cpp gives it)
QUANT_TYPES: dict[str, str] = {
    "Q1_0": "1.125 bpw quantization",
    "Q2_0": "2.25 bpw quantization (group 64)",
    "Q4_0": "4.34G, +0.4685 ppl @ Llama-3-8B",
    "Q4_1": "4.78G, +0.4511 ppl @ Llama-3-8B",
    "MXFP4_MOE": "MXFP4 MoE",
    "Q5_0": "5.21G, +0.1316 ppl @ Llama-3-8B",
    "Q5_1": "5.65G, +0.1062 ppl @ Llama-3-8B",
    "IQ2_XXS": "2.06 bpw quantization",
    "IQ2_XS": "2.31 bpw quantization",
    "IQ2_S": "2.5 bpw quantization",
    "IQ2_M": "2.7 bpw quantization",
    "IQ1_S": "1.56 bpw quantization",
    "IQ1_M": "1.75 bpw quantization",
    "TQ1_0": "1.69 bpw ternarization",
    "TQ2_0": "2.06 bpw ternarization",
    "Q2_K": "2.96G, +3.5199 ppl @ Llama-3-8B",
    "Q2_K_S": "2.96G, +3.1836 ppl @ Llama-3-8B",
    "IQ3_XXS": "3.06 bpw quantization",
    "IQ3_S": "3.44 bpw quantization",
    "IQ3_M": "3.66 bpw quantization mix",
    "Q3_K": "alias for Q3_K_M",
    "IQ3_XS": "3.3 bpw quantization",
    "Q3_K_S": "3.41G, +1.6321 ppl @ Llama-3-8B",
    "Q3_K_M": "3.74G, +0.6569 ppl @ Llama-3-8B",
    "Q3_K_L": "4.03G, +0.5562 ppl @ Llama-3-8B",
    "IQ4_NL": "4.50 bpw non-linear quantization",
    "IQ4_XS": "4.25 bpw non-linear quantization",
    "Q4_K": "alias for Q4_K_M",
    "Q4_K_S": "4.37G, +0.2689 ppl @ Llama-3-8B",
    "Q4_K_M": "4.58G, +0.1754 ppl @ Llama-3-8B",
    "Q5_K": "alias for Q5_K_M",
    "Q5_K_S": "5.21G, +0.1049 ppl @ Llama-3-8B",
    "Q5_K_M": "5.33G, +0.0569 ppl @ Llama-3-8B",
    "Q6_K": "6.14G, +0.0217 ppl @ Llama-3-8B",
    "Q8_0": "7.96G, +0.0026 ppl @ Llama-3-8B",
    "F16": "14.00G, +0.0020 ppl @ Mistral-7B",
    "BF16": "14.00G, -0.0050 ppl @ Mistral-7B",
    "F32": "26.00G @ 7B",
}

# Types whose quality collapses without an importance matrix; llama-quantize refuses them without one.
NEEDS_IMATRIX = frozenset({"IQ1_S", "IQ1_M", "IQ2_XXS", "IQ2_XS", "IQ2_S", "Q2_K_S"})


def normalize(name: str) -> str:
    """Canonical spelling of a type name (case-insensitive), or an error listing the valid ones."""
    wanted = name.strip().upper()
    if wanted in QUANT_TYPES:
        return wanted
    raise InputError(
        f"unknown quantization type {name!r}", f"valid types: {', '.join(sorted(QUANT_TYPES, key=str.lower))}"
    )


def file_label(name: str) -> str:
    """How a type appears in file names: q4_K_M, as llama.cpp's own releases spell it."""
    canonical = normalize(name)
    head, _, tail = canonical.partition("_")
    return f"{head.lower()}_{tail}" if tail else head.lower()


def variant_label(qtype: str, imatrix: str = "none") -> str:
    """How tables and --quality-on name a quantized file: q4_K_M, or q4_K_M+imatrix-train when
    it was quantized with the importance matrix of ``imatrix`` text (train, generic)."""
    label = file_label(qtype)
    return label if imatrix == "none" else f"{label}+imatrix-{imatrix}"


def variant_stem(qtype: str, imatrix: str = "none") -> str:
    """The same in a file name: q4_K_M, or q4_K_M-imatrix-train."""
    return variant_label(qtype, imatrix).replace("+", "-")
