"""How much KL-divergence each tensor group costs at each type, on the training split's
calibration text (the importance matrix's text; never the test split).

Measuring every group at every type would take hours on 2 cores, so every kind of tensor is
measured at every type, and the layers of a kind are told apart by a proxy:

1. **Proxy** ``E(g, t)``: the imatrix-weighted squared quantization error of group ``g`` at type
   ``t``, ``sum_rows sum_cols imatrix[col] * (W - Q(W))^2``: the expected squared change of the
   matrix's output on the calibration activations (the imatrix holds their mean squares). Q(W) is
   the real llama-quantize result: one ``--pure`` file per candidate type, read back and
   dequantized with gguf-py.
2. **Measured** sample: for a few layers of every kind (and the token embedding), the KLD
   against F16 on calibration text when only that group moves from Q8_0 down to Q4_0, minus the
   KLD of the all-Q8_0 file.
3. **Calibration**: per kind, the ratio measured / proxy, interpolated in log space between the
   sampled layers (``scale(g)``): how the proxy spreads a kind's sensitivity over its layers.
4. **Kind steps, measured**: every kind (all layers of ``ffn_down``, …, the token embedding)
   moved at once from Q8_0 to each legal candidate type, ``M(kind, t)``. The proxy alone cannot
   compare types: its scale comes from Q8_0 -> Q4_0 rounding noise, and a type whose error is
   structured differently is mispredicted by a large factor (the demo's weights lie on Q4_1
   grids, so the proxy rates Q4_1 almost free everywhere, while on the token embedding its
   measured step is two thirds of Q4_0's).

A group's predicted KLD at type ``t`` is ``M(kind, t)`` times the group's share of its kind's
calibrated proxy at ``t``; Q8_0, the reference, predicts 0.

The report gives the rank correlation (Spearman) of the raw proxy and of the leave-one-out
calibrated prediction against the measured sample, so the proxy's worth is shown, not assumed.
Everything is cached in the run (``run.cached("mix-sensitivity", ...)``).
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from medgguf import atomic
from medgguf.errors import InputError
from medgguf.llamacpp import tools
from medgguf.llamacpp.build import versions
from medgguf.mix import allocate
from medgguf.mix.allocate import Group, Option
from medgguf.progress import Notify
from medgguf.run import RunDir, check_disk

log = logging.getLogger(__name__)

REFERENCE_TYPE = "Q8_0"  # every other group stays here while one is measured
SAMPLE_TYPE = "Q4_0"  # the measured step; legal for every row length that is a multiple of 32
KLD_CTX = 512
KLD_CHUNKS = 2  # 2 chunks of 512: 510 scored tokens; each measurement is paired (the same tokens)
SAMPLE_LAYERS = 3  # first, middle, last layer of each kind
ROWS_PER_SLICE = 8192  # dequantize in slices: a 49K-row embedding at once would take >1 GB


# --------------------------------------------------------------------------------------------
# Reading GGUF tensors


def _reader(path: Path):
    import gguf

    return gguf.GGUFReader(str(path))


def model_groups(f16: Path) -> list[Group]:
    reader = _reader(f16)
    return allocate.make_groups((t.name, [int(d) for d in t.shape]) for t in reader.tensors)


def read_imatrix(path: Path) -> dict[str, np.ndarray]:
    """Per weight matrix, the mean square of each input column on the calibration text.

    llama-imatrix's GGUF format: ``<tensor>.in_sum2`` (sums of squares per column) and
    ``<tensor>.counts`` (how many activations went in).
    """
    reader = _reader(path)
    sums, counts = {}, {}
    for tensor in reader.tensors:
        if tensor.name.endswith(".in_sum2"):
            sums[tensor.name[: -len(".in_sum2")]] = np.asarray(tensor.data, dtype=np.float64).reshape(-1)
        elif tensor.name.endswith(".counts"):
            counts[tensor.name[: -len(".counts")]] = float(np.asarray(tensor.data, dtype=np.float64).reshape(-1)[0])
    if not sums:
        raise InputError(f"{path} holds no importance-matrix sums", "rebuild it: medgguf quantize --imatrix")
    return {name: values / max(counts.get(name, 1.0), 1.0) for name, values in sums.items()}


def _dequantized(tensor, rows: slice) -> np.ndarray:
    import gguf
    from gguf import quants

    data = np.asarray(tensor.data[rows])
    if tensor.tensor_type in (gguf.GGMLQuantizationType.F32, gguf.GGMLQuantizationType.F16):
        return data.astype(np.float32)
    return quants.dequantize(data, tensor.tensor_type).astype(np.float32)


def weighted_errors(
    f16: Path, quant: Path, groups: Sequence[Group], weights: dict[str, np.ndarray], only: str | None = None
) -> dict[str, tuple[str, float]]:
    """Per group: (the type llama-quantize gave it, the imatrix-weighted squared error); with
    ``only``, groups of other types are skipped unread."""
    wanted = {name: g for g in groups for name in g.tensors}
    originals = {t.name: t for t in _reader(f16).tensors if t.name in wanted}
    out: dict[str, list] = {}
    for tensor in _reader(quant).tensors:
        group = wanted.get(tensor.name)
        if group is None or (only is not None and tensor.tensor_type.name != only):
            continue
        original = originals[tensor.name]
        columns = int(tensor.shape[0])
        weight = weights.get(tensor.name)
        column_weight = np.ones(columns) if weight is None or weight.size != columns else weight
        total = 0.0
        for start in range(0, original.data.shape[0], ROWS_PER_SLICE):
            rows = slice(start, start + ROWS_PER_SLICE)
            diff = _dequantized(original, rows) - _dequantized(tensor, rows)
            total += float(np.einsum("rc,c->", diff * diff, column_weight, optimize=True))
        entry = out.setdefault(group.name, [tensor.tensor_type.name, 0.0])
        entry[1] += total
    return {name: (str(t), float(e)) for name, (t, e) in out.items()}


# --------------------------------------------------------------------------------------------
# Rank correlation, calibration


def _cheap_elsewhere(groups: Sequence[Group], qtype: str) -> list[str]:
    """Options that quantize the groups which cannot hold ``qtype`` to Q8_0 instead: their
    fallback's error is measured in its own run, and Q8_0 costs no search (a 256-block type
    would otherwise re-quantize SmolLM2's 576-wide matrices, 80% of the model, for nothing)."""
    if qtype == REFERENCE_TYPE:
        return []
    kinds_all_illegal = {g.kind for g in groups if not g.legal(qtype)} - {g.kind for g in groups if g.legal(qtype)}
    options: list[str] = []
    for kind in sorted(kinds_all_illegal):
        if kind == allocate.EMBEDDING_GROUP:
            options += ["--token-embedding-type", REFERENCE_TYPE.lower()]
        elif kind == allocate.OUTPUT_GROUP:
            options += ["--output-tensor-type", REFERENCE_TYPE.lower()]
        else:
            options += ["--tensor-type", rf"\.{kind}\.weight={REFERENCE_TYPE.lower()}"]
    return options


def ranks(values: Sequence[float]) -> np.ndarray:
    """Ranks from 1, ties sharing their mean rank (as Spearman's rho needs)."""
    array = np.asarray(values, dtype=float)
    order = np.argsort(array, kind="mergesort")
    ranked = np.empty(len(array))
    ranked[order] = np.arange(1, len(array) + 1)
    for value in np.unique(array):
        same = array == value
        ranked[same] = ranked[same].mean()
    return ranked


def spearman(a: Sequence[float], b: Sequence[float]) -> float | None:
    if len(a) < 3:
        return None
    ra, rb = ranks(a), ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return None
    return float(np.corrcoef(ra, rb)[0, 1])


def sample_groups(groups: Sequence[Group], per_kind: int = SAMPLE_LAYERS) -> list[Group]:
    """The groups whose KLD is measured: ``per_kind`` layers spread over the depth for every kind,
    and every group outside the blocks (the token embedding)."""
    chosen: list[Group] = []
    for members in _kinds(groups).values():
        members = sorted(members, key=lambda g: g.layer or 0)
        if members[0].layer is None or len(members) <= per_kind:
            chosen += members
            continue
        picks = sorted({round(i * (len(members) - 1) / max(per_kind - 1, 1)) for i in range(per_kind)})
        chosen += [members[i] for i in picks]
    return [g for g in chosen if g.legal(SAMPLE_TYPE) and g.legal(REFERENCE_TYPE)]


def _interpolate(points: list[tuple[int, float]], layer: int) -> float:
    """Log-linear interpolation between (layer, ratio) points, constant beyond the ends."""
    points = sorted(points)
    if layer <= points[0][0]:
        return points[0][1]
    if layer >= points[-1][0]:
        return points[-1][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x0 <= layer <= x1:
            fraction = (layer - x0) / (x1 - x0) if x1 > x0 else 0.0
            return math.exp(math.log(y0) + fraction * (math.log(y1) - math.log(y0)))
    return points[-1][1]


def calibrate(groups: Sequence[Group], samples: Sequence[dict]) -> dict[str, float]:
    """Per group, the KLD per unit of weighted error, from the measured samples of its kind."""
    floor = 1e-9  # a measured step can read as <= 0 through noise; a ratio must stay positive
    by_kind: dict[str, list[tuple[int, float]]] = {}
    for sample in samples:
        ratio = max(sample["measured"], floor) / max(sample["proxy"], floor)
        by_kind.setdefault(sample["kind"], []).append((sample["layer"] or 0, ratio))
    every = [r for points in by_kind.values() for _, r in points]
    fallback = float(np.exp(np.mean(np.log(every)))) if every else 1.0
    return {g.name: _interpolate(by_kind[g.kind], g.layer or 0) if g.kind in by_kind else fallback for g in groups}


def _kinds(groups: Sequence[Group]) -> dict[str, list[Group]]:
    by_kind: dict[str, list[Group]] = {}
    for group in groups:
        by_kind.setdefault(group.kind, []).append(group)
    return by_kind


def kind_step_correlation(
    groups: Sequence[Group],
    errors: dict[str, dict[str, float]],
    scales: dict[str, float],
    kind_steps: dict[str, dict[str, float]],
) -> dict:
    """Spearman's rho of the measured kind steps against the calibrated proxy summed over each
    kind: how far the proxy alone could have been trusted to compare types."""
    measured, proxy = [], []
    for kind, members in _kinds(groups).items():
        for qtype, value in kind_steps.get(kind, {}).items():
            measured.append(value)
            legal = [g for g in members if qtype in errors[g.name]]
            proxy.append(sum(scales[g.name] * (errors[g.name][qtype] - errors[g.name][REFERENCE_TYPE]) for g in legal))
    rho = spearman(measured, proxy)
    return {"kind_steps": len(measured), "spearman_proxy_kind_steps": None if rho is None else round(rho, 3)}


def correlation(samples: Sequence[dict]) -> dict:
    """Spearman's rho of measured KLD against the raw proxy and against the prediction calibrated
    on the other samples of the same kind (leave-one-out: a sample never predicts itself)."""
    measured = [s["measured"] for s in samples]
    raw = spearman(measured, [s["proxy"] for s in samples])
    held: list[tuple[float, float]] = []
    for sample in samples:
        others = [o for o in samples if o is not sample and o["kind"] == sample["kind"]]
        if not others:
            continue
        ratio = float(np.exp(np.mean([math.log(max(o["measured"], 1e-9) / max(o["proxy"], 1e-9)) for o in others])))
        held.append((sample["measured"], ratio * sample["proxy"]))
    loo = spearman([m for m, _ in held], [p for _, p in held]) if held else None
    return {
        "samples": len(samples),
        "spearman_proxy": None if raw is None else round(raw, 3),
        "spearman_calibrated_loo": None if loo is None else round(loo, 3),
        "samples_loo": len(held),
    }


# --------------------------------------------------------------------------------------------
# The measurement


@dataclass
class Sensitivity:
    groups: list[Group]
    errors: dict[str, dict[str, float]]  # group -> type -> weighted error
    scales: dict[str, float]  # group -> KLD per unit of weighted error
    kind_steps: dict[str, dict[str, float]]  # kind -> type -> measured ΔKLD, the whole kind moved
    samples: list[dict]
    baseline_kld: float
    correlation: dict
    types: list[str]
    seconds: dict[str, float]

    def options(self, types: Sequence[str] | None = None) -> dict[str, list[Option]]:
        """Per group, every legal candidate type with its bytes and predicted KLD."""
        wanted = list(types or self.types)
        out = {}
        for group in self.groups:
            known = self.errors.get(group.name, {})
            out[group.name] = [
                Option(t, group.nbytes(t), self.predicted(group, t)) for t in wanted if group.legal(t) and t in known
            ]
        return out

    def predicted(self, group: Group, qtype: str) -> float:
        """The group's ΔKLD at ``qtype``: its kind's measured step, shared out by the proxy."""
        if qtype == REFERENCE_TYPE:
            return 0.0
        proxy = self.scales[group.name] * self.errors[group.name][qtype]
        step = self.kind_steps.get(group.kind, {}).get(qtype)
        if step is None:  # a type measured for no group of this kind: the proxy alone
            return proxy
        members = _kinds(self.groups)[group.kind]
        kind_total = sum(self.scales[g.name] * self.errors[g.name].get(qtype, 0.0) for g in members)
        return max(step, 0.0) * (proxy / kind_total if kind_total > 0 else 1.0 / len(members))

    def to_dict(self) -> dict:
        return {
            "groups": [asdict(g) for g in self.groups],
            "errors": self.errors,
            "scales": self.scales,
            "kind_steps": self.kind_steps,
            "samples": self.samples,
            "baseline_kld": self.baseline_kld,
            "correlation": self.correlation,
            "types": self.types,
            "seconds": self.seconds,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Sensitivity:
        groups = [Group(**{**g, "tensors": tuple(g["tensors"])}) for g in data["groups"]]
        return cls(
            groups=groups,
            errors=data["errors"],
            scales=data["scales"],
            kind_steps=data["kind_steps"],
            samples=data["samples"],
            baseline_kld=data["baseline_kld"],
            correlation=data["correlation"],
            types=data["types"],
            seconds=data["seconds"],
        )


def sensitivity_file(run: RunDir, quantize_with_imatrix: bool) -> Path:
    """mix/sensitivity-imatrix.json, or -plain for a mix quantized without the imatrix."""
    return run.path("mix", f"sensitivity-{'imatrix' if quantize_with_imatrix else 'plain'}.json")


def measure(
    run: RunDir,
    *,
    imatrix: Path,
    calibration_text: Path,
    quantize_with_imatrix: bool,
    types: Sequence[str],
    threads: int | None = None,
    chunks: int = KLD_CHUNKS,
    ctx: int = KLD_CTX,
    per_kind: int = SAMPLE_LAYERS,
    notify: Notify | None = None,
) -> Sensitivity:
    """Measure (or reuse) the run's sensitivity; see the module docstring for the method."""
    f16 = run.built_f16()
    out = sensitivity_file(run, quantize_with_imatrix)
    all_types = list(dict.fromkeys([*types, REFERENCE_TYPE, SAMPLE_TYPE]))
    config = {
        "types": all_types,
        "quantize_with_imatrix": quantize_with_imatrix,
        "chunks": chunks,
        "ctx": ctx,
        "per_kind": per_kind,
        "method": "imatrix-weighted error shared out over measured kind steps (Q8_0 -> each type)",
        "tool": versions()["llama_cpp_python"],
    }

    def produce() -> dict:
        result = _measure(
            run,
            f16,
            imatrix=imatrix if quantize_with_imatrix else None,
            weights=read_imatrix(imatrix),
            text=calibration_text,
            types=all_types,
            threads=threads,
            chunks=chunks,
            ctx=ctx,
            per_kind=per_kind,
            notify=notify,
        )
        atomic.write_json(out, result.to_dict())
        return {
            "correlation": result.correlation,
            "kind_steps": result.kind_steps,
            "seconds": result.seconds,
            "baseline_kld": result.baseline_kld,
        }

    cached = run.cached(f"mix-{out.stem}", [f16, imatrix, calibration_text], config, produce, outputs=[out])
    if cached.skipped:
        log.info("tensor sensitivity %s is up to date", run.rel(out))
    return Sensitivity.from_dict(json.loads(out.read_text()))


def _measure(
    run: RunDir,
    f16: Path,
    *,
    imatrix: Path | None,
    weights: dict[str, np.ndarray],
    text: Path,
    types: Sequence[str],
    threads: int | None,
    chunks: int,
    ctx: int,
    per_kind: int,
    notify: Notify | None,
) -> Sensitivity:
    groups = model_groups(f16)
    work = run.cache_dir / "mix"
    work.mkdir(parents=True, exist_ok=True)
    check_disk(work, 2 * f16.stat().st_size, "the mix's scratch quantizations")
    seconds: dict[str, float] = {}
    sampled = sample_groups(groups, per_kind)
    kind_moves = sum(
        1
        for members in _kinds(groups).values()
        for qtype in types
        if qtype != REFERENCE_TYPE and any(g.legal(qtype) for g in members)
    )
    steps = len(types) + 2 + len(sampled) + kind_moves
    done = 0

    def tick(what: str) -> None:
        nonlocal done
        if notify:
            notify(f"mix sensitivity: {what}", done, steps)
        done += 1

    def scratch(name: str, qtype: str, options: Sequence[str]) -> Path:
        path = work / f"{name}.gguf"
        with atomic.atomic_path(path) as tmp:
            tools.quantize(f16, tmp, qtype, imatrix=imatrix, threads=threads, options=options)
        return path

    # 1. The proxy: every group's weighted error at every candidate type.
    started = time.monotonic()
    errors: dict[str, dict[str, float]] = {g.name: {} for g in groups}
    for qtype in types:
        tick(f"error at {qtype}")
        path = scratch(f"pure-{qtype}", qtype, ["--pure", *_cheap_elsewhere(groups, qtype)])
        try:
            # A fallback's error is another type's, measured in that type's own run.
            for name, (_, error) in weighted_errors(f16, path, groups, weights, only=qtype).items():
                errors[name][qtype] = error
        finally:
            path.unlink(missing_ok=True)
    seconds["proxy"] = round(time.monotonic() - started, 1)

    # 2. Measured on calibration text, against F16: single groups at SAMPLE_TYPE, whole kinds at
    #    every type. Each is paired (the same tokens) and reported as the step from all-Q8_0.
    started = time.monotonic()
    logits = work / "f16-calibration-logits.bin"
    tick("F16 logits on calibration text")
    with atomic.atomic_path(logits) as tmp:
        tools.perplexity(f16, text, ctx=ctx, chunks=chunks, threads=threads, extra=["--kl-divergence-base", str(tmp)])

    def kld(name: str, choices: dict[str, str], members: Sequence[Group]) -> float:
        _, options = allocate.quantize_arguments(choices, members) if choices else ("", [])
        path = scratch(name, REFERENCE_TYPE, ["--pure", *options])
        try:
            return tools.kl_divergence(path, logits, ctx=ctx, threads=threads).kld_mean
        finally:
            path.unlink(missing_ok=True)

    try:
        tick("all Q8_0")
        baseline = kld("baseline", {}, [])
        samples = []
        for group in sampled:
            tick(f"{group.name} at {SAMPLE_TYPE}")
            measured = kld(f"sample-{group.name}", {group.name: SAMPLE_TYPE}, [group]) - baseline
            proxy = errors[group.name][SAMPLE_TYPE] - errors[group.name][REFERENCE_TYPE]
            samples.append(
                {"group": group.name, "kind": group.kind, "layer": group.layer, "measured": measured, "proxy": proxy}
            )
            log.info("%s: measured ΔKLD %.6f, proxy %.4g", group.name, measured, proxy)
        kind_steps: dict[str, dict[str, float]] = {}
        for kind, members in _kinds(groups).items():
            for qtype in types:
                legal = [g for g in members if g.legal(qtype)]
                if qtype == REFERENCE_TYPE or not legal:
                    continue
                tick(f"{kind} at {qtype}")
                measured = kld(f"kind-{kind}-{qtype}", {g.name: qtype for g in legal}, legal) - baseline
                kind_steps.setdefault(kind, {})[qtype] = measured
                log.info("%s at %s: measured ΔKLD %.6f", kind, qtype, measured)
    finally:
        logits.unlink(missing_ok=True)
    seconds["measured"] = round(time.monotonic() - started, 1)
    scales = calibrate(groups, samples)
    result = Sensitivity(
        groups=groups,
        errors=errors,
        scales=scales,
        kind_steps=kind_steps,
        samples=samples,
        baseline_kld=baseline,
        correlation={**correlation(samples), **kind_step_correlation(groups, errors, scales, kind_steps)},
        types=list(types),
        seconds=seconds,
    )
    log.info("sensitivity: %s", result.correlation)
    return result
