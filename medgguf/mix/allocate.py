"""Choose one llama.cpp type per tensor group so that the predicted KL-divergence is smallest
under a file-size budget. Pure: no files, no processes; ``sensitivity`` supplies the predictions.

A group is the tensors one ``--tensor-type`` choice covers: ``blk.N.<kind>`` (one matrix of layer
N) or ``token_embd`` (SmolLM2 and Llama 3.2 tie it to the output head). Predicted KLD is additive
over groups: each group's term is its own contribution, measured or predicted with every other
group at high precision. Small perturbations of independent matrices add up to first order, and
``scripts/bench_mix.py`` checks the sum against the measured KLD of the mix.

The problem is a multiple-choice knapsack; it is solved exactly on a byte grid by dynamic
programming over the groups (``allocate``), with costs rounded up, so the result never exceeds
the budget.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from medgguf.errors import InputError
from medgguf.llamacpp import quant_types

# ggml type -> (elements per block, bytes per block), as in ggml's type traits (gguf-py's
# GGML_QUANT_SIZES). Only types llama-quantize accepts for one tensor are listed.
TENSOR_TYPES: dict[str, tuple[int, int]] = {
    "Q4_0": (32, 18),
    "Q4_1": (32, 20),
    "Q5_0": (32, 22),
    "Q5_1": (32, 24),
    "Q8_0": (32, 34),
    "IQ4_NL": (32, 18),
    "Q2_K": (256, 84),
    "Q3_K": (256, 110),
    "Q4_K": (256, 144),
    "Q5_K": (256, 176),
    "Q6_K": (256, 210),
    "IQ4_XS": (256, 136),
    "IQ3_S": (256, 110),
    "IQ3_XXS": (256, 98),
    "IQ2_S": (256, 82),
    "IQ2_XS": (256, 74),
    "IQ2_XXS": (256, 66),
    "F16": (1, 2),
}
# Types whose quantization is guided by, or needs, an importance matrix (llama.cpp's IQ family).
IQ_TYPES = frozenset(t for t in TENSOR_TYPES if t.startswith("IQ"))
# The candidates when none are named: every 32-block type, and the 256-block ones that help a
# matrix whose rows are a multiple of 256 (SmolLM2's ffn_down) below and above 4.5 bits.
DEFAULT_MIX_TYPES = ("Q4_0", "IQ4_NL", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "IQ4_XS", "Q4_K", "Q5_K", "Q6_K")
# llama-quant.cpp tensor_type_fallback(): what a 256-block type silently becomes on rows that
# are not a multiple of 256.
LLAMA_FALLBACK = {
    "Q2_K": "Q4_0",
    "Q3_K": "Q4_0",
    "Q4_K": "Q5_0",
    "Q5_K": "Q5_1",
    "Q6_K": "Q8_0",
    "IQ4_XS": "IQ4_NL",
    "IQ3_S": "IQ4_NL",
    "IQ3_XXS": "IQ4_NL",
    "IQ2_S": "IQ4_NL",
    "IQ2_XS": "IQ4_NL",
    "IQ2_XXS": "IQ4_NL",
}
EMBEDDING_GROUP = "token_embd"
OUTPUT_GROUP = "output"


def bits(qtype: str) -> float:
    block, size = TENSOR_TYPES[qtype]
    return 8.0 * size / block


def parse_types(text: str | Sequence[str], *, imatrix: bool) -> list[str]:
    """Candidate types, canonical and in the given order; an InputError for an unknown name, a
    whole-file recipe (Q4_K_M) where a tensor type is meant, or an IQ type without an imatrix."""
    names = text.split(",") if isinstance(text, str) else list(text)
    types: list[str] = []
    for name in (n.strip() for n in names if n.strip()):
        canonical = quant_types.normalize(name)  # unknown names get the list of valid ones
        if canonical not in TENSOR_TYPES:
            raise InputError(
                f"{canonical} is not a type one tensor can have (it is a whole-file recipe or not a quantization)",
                f"choose tensor types from: {', '.join(TENSOR_TYPES)}",
            )
        types.append(canonical)
    if not types:
        raise InputError("no mix types given", f"for example --mix-types {','.join(DEFAULT_MIX_TYPES)}")
    needing = [t for t in types if t in IQ_TYPES]
    if needing and not imatrix:
        raise InputError(f"{', '.join(needing)} need an importance matrix", "add --imatrix or leave the IQ types out")
    return list(dict.fromkeys(types))


def default_types(*, imatrix: bool) -> list[str]:
    return [t for t in DEFAULT_MIX_TYPES if imatrix or t not in IQ_TYPES]


# --------------------------------------------------------------------------------------------
# Groups and what they may hold

_BLOCK = re.compile(r"^blk\.(\d+)\.(.+)\.weight$")


@dataclass(frozen=True)
class Group:
    name: str  # blk.5.ffn_down, token_embd
    kind: str  # ffn_down, token_embd
    layer: int | None
    tensors: tuple[str, ...]
    columns: int  # row length (ggml ne[0]): what a type's block size must divide
    elements: int

    def legal(self, qtype: str) -> bool:
        return self.columns % TENSOR_TYPES[qtype][0] == 0

    def nbytes(self, qtype: str) -> int:
        block, size = TENSOR_TYPES[qtype]
        return self.elements // block * size


def group_of(tensor: str) -> tuple[str, str, int | None] | None:
    """(group, kind, layer) of a weight matrix llama-quantize may quantize, None for others."""
    found = _BLOCK.match(tensor)
    if found:
        return f"blk.{found.group(1)}.{found.group(2)}", found.group(2), int(found.group(1))
    if tensor == "token_embd.weight":
        return EMBEDDING_GROUP, EMBEDDING_GROUP, None
    if tensor == "output.weight":
        return OUTPUT_GROUP, OUTPUT_GROUP, None
    return None


def make_groups(tensors: Iterable[tuple[str, Sequence[int]]]) -> list[Group]:
    """Groups of the 2-D weight matrices among (name, ggml shape) pairs; norms and biases stay."""
    found: dict[str, dict] = {}
    for name, shape in tensors:
        placed = group_of(name)
        if placed is None or len(shape) < 2:
            continue
        group, kind, layer = placed
        entry = found.setdefault(group, {"kind": kind, "layer": layer, "tensors": [], "columns": shape[0], "n": 0})
        entry["tensors"].append(name)
        entry["n"] += math.prod(shape)
    return [
        Group(g, e["kind"], e["layer"], tuple(e["tensors"]), int(e["columns"]), int(e["n"])) for g, e in found.items()
    ]


def illegal_choices(groups: Sequence[Group], types: Sequence[str]) -> dict[str, dict]:
    """Per type that some groups cannot hold: how many, their row length, and what llama-quantize
    would silently use instead. The allocator never picks them; the report says so."""
    out: dict[str, dict] = {}
    for qtype in types:
        bad = [g for g in groups if not g.legal(qtype)]
        if bad:
            out[qtype] = {
                "groups": len(bad),
                "columns": sorted({g.columns for g in bad}),
                "llama_cpp_falls_back_to": LLAMA_FALLBACK.get(qtype, "F16"),
            }
    return out


# --------------------------------------------------------------------------------------------
# The allocation


@dataclass(frozen=True)
class Option:
    qtype: str
    nbytes: int
    kld: float  # predicted contribution of this group to the mean KLD


@dataclass(frozen=True)
class Allocation:
    choices: dict[str, Option]  # group -> chosen option
    nbytes: int  # the groups' bytes
    predicted_kld: float


def smallest(options: Mapping[str, Sequence[Option]]) -> int:
    """Bytes of the smallest legal mix: every group at its smallest option."""
    return sum(min(o.nbytes for o in opts) for opts in options.values())


def allocate(options: Mapping[str, Sequence[Option]], budget: int, *, grid: int = 100_000) -> Allocation:
    """The options, one per group, of smallest total ``kld`` whose bytes sum to at most ``budget``.

    Exact on a grid: each group's bytes above its smallest option are rounded up to the grid step
    (``budget`` slack / ``grid``), so the true total never exceeds the budget and at most one grid
    step per group is left unused.
    """
    if not options:
        raise InputError("no tensor groups to allocate", "the model has no quantizable weight matrices")
    empty = [g for g, opts in options.items() if not opts]
    if empty:
        raise InputError(
            f"no candidate type is legal for {', '.join(empty[:5])}",
            "add a 32-block type such as Q8_0 to --mix-types",
        )
    floor = smallest(options)
    if budget < floor:
        raise InputError(
            f"the budget of {budget:,} bytes for the weight matrices is below the smallest legal mix ({floor:,} bytes)",
            "raise --target-size / --target-bpw, or add smaller types to --mix-types",
        )
    slack = budget - floor
    step = max(1, math.ceil(slack / grid))
    cells = slack // step + 1
    groups = list(options)
    # best[c]: least KLD of the groups so far using at most c grid steps above their floors.
    best = np.zeros(cells)
    picks = np.zeros((len(groups), cells), dtype=np.int16)
    for index, group in enumerate(groups):
        opts = options[group]
        low = min(o.nbytes for o in opts)
        new = np.full(cells, np.inf)
        pick = np.zeros(cells, dtype=np.int16)
        for number, option in enumerate(opts):
            cost = math.ceil((option.nbytes - low) / step)
            if cost >= cells:
                continue
            candidate = np.full(cells, np.inf)
            candidate[cost:] = best[: cells - cost] + option.kld
            better = candidate < new
            new[better] = candidate[better]
            pick[better] = number
        best, picks[index] = new, pick
    choices: dict[str, Option] = {}
    cell = int(np.argmin(best))
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        opts = options[group]
        option = opts[int(picks[index, cell])]
        choices[group] = option
        cell -= math.ceil((option.nbytes - min(o.nbytes for o in opts)) / step)
    ordered = {g: choices[g] for g in groups}
    return Allocation(
        choices=ordered,
        nbytes=sum(o.nbytes for o in ordered.values()),
        predicted_kld=sum(o.kld for o in ordered.values()),
    )


# --------------------------------------------------------------------------------------------
# Budgets and llama-quantize arguments

_SIZE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*([KMG]i?B|B)?\s*$", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "KIB": 2**10, "MIB": 2**20, "GIB": 2**30}


def parse_size(text: str) -> int:
    """Bytes from "80MB", "76.3 MiB", "80000000"; decimal units are powers of ten."""
    found = _SIZE.match(text)
    if not found:
        raise InputError(f"--target-size {text!r} is not a size", "write it as bytes or with a unit: 80MB, 76.5MiB")
    value = float(found.group(1)) * _UNITS[(found.group(2) or "B").upper()]
    if value <= 0:
        raise InputError(f"--target-size {text!r} is not positive", "give a size such as 80MB")
    return int(value)


def _pattern(kind: str, layers: Sequence[int]) -> str:
    alternatives = "|".join(str(n) for n in sorted(layers))
    return rf"blk\.({alternatives})\.{re.escape(kind)}\.weight"


def quantize_arguments(choices: Mapping[str, str], groups: Sequence[Group]) -> tuple[str, list[str]]:
    """The base type and the llama-quantize options that give every group its chosen type.

    One ``--tensor-type`` per (kind, type) with the layers as a regex alternation, so the command
    stays short enough to read and to rerun by hand. The base type (the file's nominal type) is
    the commonest choice among the blocks' matrices; every matrix is named, so it decides nothing else.
    """
    by_name = {g.name: g for g in groups}
    weight: dict[str, int] = {}
    for name, qtype in choices.items():
        if by_name[name].layer is not None:
            weight[qtype] = weight.get(qtype, 0) + by_name[name].elements
    # llama-quantize applies --tensor-type only over a quantized base type, never over F16.
    quantized = sorted(t for t in weight if t != "F16") or ["Q8_0"]
    base = max(quantized, key=lambda t: weight.get(t, 0))
    layered: dict[tuple[str, str], list[int]] = {}
    options: list[str] = []
    for name, qtype in choices.items():
        group = by_name[name]
        if group.kind == EMBEDDING_GROUP:
            options += ["--token-embedding-type", qtype.lower()]
        elif group.kind == OUTPUT_GROUP:
            options += ["--output-tensor-type", qtype.lower()]
        elif group.layer is not None:
            layered.setdefault((group.kind, qtype), []).append(group.layer)
    for (kind, qtype), layers in sorted(layered.items()):
        options += ["--tensor-type", f"{_pattern(kind, layers)}={qtype.lower()}"]
    return base, options
