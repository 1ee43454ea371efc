"""Quantize a run's F16 GGUF to a per-tensor mix under a size budget.

The budget is the file size of a standard type with the same importance matrix (``q4_K_M``, the
default), ``--target-size`` or ``--target-bpw`` (bits per weight as compare's table counts them:
file bytes * 8 / parameters). The weight matrices get the budget left after everything that does
not change with the mix (metadata, norms, alignment), which is measured from the F16 file.

The exact llama-quantize command, the allocation (group -> type), the types some tensors could not
take and the fallbacks llama-quantize reported (none, when the allocator did its job) go into the
manifest under ``mix-<label>``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from medgguf import atomic
from medgguf.errors import InputError, StageFailed
from medgguf.llamacpp import quant_types, tools
from medgguf.llamacpp.build import tool_path, versions
from medgguf.mix import allocate, sensitivity
from medgguf.progress import Notify, tool_progress
from medgguf.run import RunDir

log = logging.getLogger(__name__)

PADDING_PER_TENSOR = 32  # GGUF aligns every tensor to 32 bytes: the most a tensor can add
HEADER_SLACK = 4096  # the mix's metadata differs a little from the F16's (file type, quant version)
MAX_TRIES = 3


@dataclass(frozen=True)
class Target:
    """What the budget is: the size of a standard type's file, a size, or bits per weight."""

    kind: str  # type | size | bpw
    value: str

    @property
    def label(self) -> str:
        if self.kind == "type":
            return quant_types.file_label(self.value)
        if self.kind == "bpw":
            return f"{float(self.value):.2f}bpw"
        return f"{allocate.parse_size(self.value) / 1e6:.1f}MB"


def parse_target(text: str) -> Target:
    """``q4_K_M`` (that type's file size), ``3.5bpw``, or a size (``80MB``)."""
    text = text.strip()
    if re.fullmatch(r"[0-9]*\.?[0-9]+\s*bpw", text, re.IGNORECASE):
        return bpw_target(float(text[:-3]))
    if re.fullmatch(r"[0-9]*\.?[0-9]+\s*([KMG]i?B|B)?", text, re.IGNORECASE):
        allocate.parse_size(text)
        return Target("size", text)
    return Target("type", quant_types.normalize(text))


def bpw_target(bits: float) -> Target:
    if not 1.0 <= bits <= 16.0:
        raise InputError(f"--target-bpw {bits} is out of range", "give bits per weight between 1 and 16, e.g. 4.5")
    return Target("bpw", str(bits))


class _OverBudget(Exception):
    pass


def mix_label(target: Target, imatrix_source: str) -> str:
    """mix-q4_K_M+imatrix-train: the compare table's row label (imatrix suffix as for the types)."""
    return f"mix-{target.label}" + ("" if imatrix_source == "none" else f"+imatrix-{imatrix_source}")


def mix_file(run: RunDir, target: Target, imatrix_source: str, under: str = "gguf") -> Path:
    return run.path(under, f"{run.name}-{mix_label(target, imatrix_source).replace('+', '-')}.gguf")


def target_bytes(
    run: RunDir, target: Target, imatrix_source: str, threads: int | None, under: str = "gguf"
) -> tuple[int, str]:
    """The file-size budget in bytes, and where it came from."""
    from medgguf.eval import bench

    if target.kind == "size":
        return allocate.parse_size(target.value), f"--target-size {target.value}"
    if target.kind == "bpw":
        params = bench.identify(run.built_f16()).n_params
        return int(float(target.value) * params / 8), f"{target.value} bpw x {params:,} parameters"
    reference = reference_file(run, target.value, imatrix_source, threads, under)
    return reference.stat().st_size, f"the size of {run.rel(reference)}"


def reference_file(run: RunDir, qtype: str, imatrix_source: str, threads: int | None, under: str = "gguf") -> Path:
    """The standard type's file with the same imatrix: the one beside the mix first (compare's
    rows compare files made from one imatrix), else the other, else made for compare."""
    for folder in dict.fromkeys([under, "gguf", "compare"]):
        path = run.quant_file(qtype, imatrix_source, under=folder)
        if path.exists():
            return path
    from medgguf.eval import calibration, compare

    imatrix = None if imatrix_source == "none" else calibration.ensure_imatrix(run, source=imatrix_source)
    f16 = run.built_f16()
    return compare.ensure_quant(
        run, compare.Variant(qtype, imatrix_source), run.describe_all([f16])[run.rel(f16)], imatrix, threads
    )


def fixed_bytes(f16: Path, groups: list[allocate.Group], n_tensors: int) -> int:
    """Bytes of the file that the mix does not choose: header, metadata, norms, and the most
    alignment padding the tensors can need."""
    return f16.stat().st_size - sum(g.nbytes("F16") for g in groups) + PADDING_PER_TENSOR * n_tensors + HEADER_SLACK


def kld_text(run: RunDir, f16: Path, chunks: int) -> Path:
    """calibration/train-mix.txt: training-split text for the measured KLD steps, a context
    longer than the chunks scored (llama-perplexity wants at least two contexts)."""
    from medgguf.eval import calibration
    from medgguf.llamacpp.binding import Vocabulary

    text, _ = calibration.calibration_text(run, "train", Vocabulary(f16), (chunks + 1) * sensitivity.KLD_CTX)
    out = run.calibration_file("train-mix")
    atomic.update_text(out, text)
    return out


def check_budget(
    budget: tuple[int, str], groups: list[allocate.Group], types: list[str], fixed: int, params: int
) -> None:
    """An InputError when the budget is below every matrix at its smallest legal candidate type."""
    floor = sum(min((g.nbytes(t) for t in types if g.legal(t)), default=g.nbytes("F16")) for g in groups) + fixed
    if budget[0] < floor:
        raise InputError(
            f"a budget of {budget[0]:,} bytes ({budget[1]}) is below the smallest legal mix of these types "
            f"({floor:,} bytes, {floor * 8 / params:.2f} bpw)",
            "raise --target-size / --target-bpw, or add smaller types to --mix-types",
        )


def allocation_table(choices: dict[str, str], groups: list[allocate.Group]) -> list[dict]:
    """The report's table: per kind of tensor, which type which layers got."""
    by_name = {g.name: g for g in groups}
    rows: dict[tuple[str, str], list] = {}
    for name, qtype in choices.items():
        group = by_name[name]
        rows.setdefault((group.kind, qtype), []).append(group.layer)
    order = {g.kind: i for i, g in enumerate(groups)}
    table = []
    for (kind, qtype), layers in sorted(rows.items(), key=lambda kv: (order[kv[0][0]], allocate.bits(kv[0][1]))):
        known = sorted(n for n in layers if n is not None)
        table.append(
            {
                "tensor": kind,
                "type": qtype,
                "bits": round(allocate.bits(qtype), 3),
                "layers": _ranges(known) if known else "–",
                "count": len(layers),
            }
        )
    return table


def _ranges(numbers: list[int]) -> str:
    """[0, 1, 2, 5, 7, 8] -> "0-2, 5, 7-8"."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in spans)


def build_mix(
    run: RunDir,
    target: Target,
    *,
    imatrix_source: str = "train",
    types: list[str] | None = None,
    under: str = "gguf",
    imatrix_chunks: int | None = None,
    imatrix_ctx: int | None = None,
    sample_layers: int = sensitivity.SAMPLE_LAYERS,
    kld_chunks: int = sensitivity.KLD_CHUNKS,
    threads: int | None = None,
    notify: Notify | None = None,
) -> dict:
    """Measure (or reuse) the sensitivity, allocate, quantize; returns the manifest record's metrics."""
    from medgguf.config import QuantizeConfig
    from medgguf.eval import calibration
    from medgguf.llamacpp.gguf_check import inspect_gguf

    with_imatrix = imatrix_source != "none"
    types = types or allocate.default_types(imatrix=with_imatrix)
    allocate.parse_types(types, imatrix=with_imatrix)  # IQ types without an imatrix fail here
    f16 = run.built_f16()
    groups = sensitivity.model_groups(f16)
    info = inspect_gguf(f16)
    fixed = fixed_bytes(f16, groups, info.n_tensors)
    if target.kind != "type":
        # Bad input fails before any tool runs; a type's budget needs its file, so it comes later.
        check_budget(target_bytes(run, target, imatrix_source, threads, under), groups, types, fixed, info.n_params)
    tool_path("llama-quantize")
    tool_path("llama-perplexity")
    budget, budget_source = target_bytes(run, target, imatrix_source, threads, under)
    check_budget((budget, budget_source), groups, types, fixed, info.n_params)
    # The sensitivity always reads the training split's imatrix: it is the calibration text's
    # statistics; whether the quantization itself uses it follows imatrix_source.
    imatrix = calibration.ensure_imatrix(
        run,
        source="train",
        chunks=imatrix_chunks or QuantizeConfig.imatrix_chunks,
        ctx=imatrix_ctx or QuantizeConfig.imatrix_ctx,
        threads=threads,
        notify=notify,
    )
    measured = sensitivity.measure(
        run,
        imatrix=imatrix,
        calibration_text=kld_text(run, f16, kld_chunks),
        quantize_with_imatrix=with_imatrix,
        types=types,
        threads=threads,
        chunks=kld_chunks,
        per_kind=sample_layers,
        notify=notify,
    )
    out = mix_file(run, target, imatrix_source, under)
    quant_imatrix = imatrix if with_imatrix else None
    config = {
        "target": {"kind": target.kind, "value": target.value},
        "budget": budget,
        "types": types,
        "imatrix": imatrix_source,
        "tool": versions()["llama_cpp_python"],
    }

    def produce() -> dict:
        groups_budget = budget - fixed
        for attempt in range(1, MAX_TRIES + 1):
            chosen = allocate.allocate(measured.options(types), groups_budget)
            choices = {g: o.qtype for g, o in chosen.choices.items()}
            base, options = allocate.quantize_arguments(choices, measured.groups)
            try:
                with atomic.atomic_path(out) as tmp:
                    ran = tools.quantize(
                        f16,
                        tmp,
                        base,
                        imatrix=quant_imatrix,
                        threads=threads,
                        options=options,
                        on_progress=tool_progress(notify, f"quantize {mix_label(target, imatrix_source)}"),
                    )
                    size = tmp.stat().st_size
                    argv = [str(out) if a == str(tmp) else a for a in ran.argv]
                    if size > budget:
                        raise _OverBudget(size)
            except _OverBudget:
                # Not expected (padding is counted at its most): shrink by the overshoot and retry.
                log.warning("mix attempt %d: %d bytes over the budget of %d", attempt, size - budget, budget)
                groups_budget -= size - budget + PADDING_PER_TENSOR * info.n_tensors
                continue
            break
        else:
            raise StageFailed(f"the mix stayed above its budget of {budget:,} bytes", "report this as a bug")
        fallbacks = tools.quantize_fallbacks(ran.output)
        if fallbacks:
            log.warning("llama-quantize fell back on %d tensors: %s", len(fallbacks), fallbacks[:3])
        params = sum(g.elements for g in measured.groups)
        return {
            "file": run.rel(out),
            "size": size,
            "budget": budget,
            "budget_source": budget_source,
            "bits_per_weight_matrices": round(8 * chosen.nbytes / params, 4),
            "predicted_kld": round(chosen.predicted_kld, 6),
            "llama_quantize_argv": argv,
            "allocation": choices,
            "allocation_table": allocation_table(choices, measured.groups),
            "illegal_types": allocate.illegal_choices(measured.groups, types),
            "fallbacks": [{"tensor": t, "wanted": w, "got": g} for t, w, g in fallbacks],
            "sensitivity": {
                "file": run.rel(sensitivity.sensitivity_file(run, with_imatrix)),
                "correlation": measured.correlation,
                "kind_steps": measured.kind_steps,
                "seconds": measured.seconds,
            },
        }

    sens_file = sensitivity.sensitivity_file(run, with_imatrix)
    inputs = [f16, sens_file, *([quant_imatrix] if quant_imatrix else [])]
    # compare's copy has its own record, as compare's standard quants do (compare-quant-<label>).
    name = mix_label(target, imatrix_source)
    record = run.cached(name if under == "gguf" else f"{under}-quant-{name}", inputs, config, produce, outputs=[out])
    if record.skipped:
        log.info("%s is up to date", run.rel(out))
    return record.metrics


def summary(result: dict) -> str:
    """A few lines for the terminal: the file against its budget, the allocation, the proxy's check."""
    correlation = result["sensitivity"]["correlation"]
    lines = [
        f"{result['file']}: {result['size']:,} bytes of a {result['budget']:,}-byte budget "
        f"({result['budget_source']}); predicted mean KLD {result['predicted_kld']:.5f} on calibration text",
        f"sensitivity proxy against {correlation['samples']} measured groups: Spearman "
        f"{correlation['spearman_proxy']} raw, {correlation['spearman_calibrated_loo']} calibrated (leave-one-out)",
    ]
    if correlation.get("kind_steps"):
        lines.append(
            f"measured kind steps (every layer of a kind at one type): {correlation['kind_steps']}; "
            f"the proxy alone ranks them at Spearman {correlation['spearman_proxy_kind_steps']}"
        )
    for qtype, info in result["illegal_types"].items():
        lines.append(
            f"{qtype} is not legal for {info['groups']} groups (rows of {info['columns']}); "
            f"llama.cpp would silently use {info['llama_cpp_falls_back_to']}, so the mix never picks it there"
        )
    lines.append(f"llama-quantize fallbacks in the mix: {len(result['fallbacks'])}")
    for row in result["allocation_table"]:
        lines.append(f"  {row['tensor']:<12} {row['type']:<7} {row['count']:>3} × layers {row['layers']}")
    return "\n".join(lines)
