"""The quantize stage: the F16 GGUF -> one GGUF per llama.cpp type (q4_K_M by default),
optionally guided by a domain importance matrix made from the training split."""

from __future__ import annotations

import logging
from pathlib import Path

from medgguf import atomic
from medgguf.config import Config
from medgguf.errors import InputError
from medgguf.llamacpp import quant_types, tools
from medgguf.progress import tool_progress
from medgguf.run import RunDir
from medgguf.stages import StageOptions, StagePlan

log = logging.getLogger(__name__)

IMATRIX_SOURCE = "train"  # the build's importance matrix is always the training split's


def output_path(run: RunDir, qtype: str, imatrix: bool) -> Path:
    """gguf/<run>-q4_K_M.gguf, or gguf/<run>-q4_K_M-imatrix-train.gguf with the importance matrix
    (the name `medgguf compare` gives the same file)."""
    return run.quant_file(qtype, IMATRIX_SOURCE if imatrix else "none")


def requested_types(cfg: Config) -> list[str]:
    types = [quant_types.normalize(t) for t in cfg.quantize.types]
    if not types:
        raise InputError("quantize.types is empty", "name at least one type, e.g. --quants Q4_K_M")
    missing = [t for t in types if t in quant_types.NEEDS_IMATRIX and not cfg.quantize.imatrix]
    if missing:
        raise InputError(f"{', '.join(missing)} need an importance matrix", "add --imatrix")
    return types


def plan(run: RunDir, cfg: Config) -> StagePlan:
    types = requested_types(cfg)
    f16 = run.gguf_file("f16")
    f16_bytes = f16.stat().st_size if f16.exists() else 0
    inputs = [f16]
    if cfg.quantize.imatrix:
        inputs.append(run.split_file("train"))
    return StagePlan(
        inputs=inputs,
        config={**cfg.section("quantize"), "types": types},
        outputs=[output_path(run, t, cfg.quantize.imatrix) for t in types],
        disk_bytes=int(f16_bytes * 0.6 * len(types)),
    )


def execute(run: RunDir, cfg: Config, options: StageOptions) -> dict:
    f16 = run.gguf_file("f16")
    imatrix = _imatrix(run, cfg, options)
    results = {}
    for qtype in requested_types(cfg):
        target = output_path(run, qtype, imatrix is not None)
        label = quant_types.file_label(qtype)
        with atomic.atomic_path(target) as tmp:
            tools.quantize(
                f16,
                tmp,
                qtype,
                imatrix=imatrix,
                threads=options.threads,
                on_progress=tool_progress(options.notify, f"quantize {label}"),
            )
        size = target.stat().st_size
        results[label] = {
            "file": run.rel(target),
            "size_bytes": size,
            "ratio_to_f16": round(size / f16.stat().st_size, 4),
        }
        log.info("%s: %.1f MB, %.3f x F16", target.name, size / 1e6, size / f16.stat().st_size)
    return {"f16_size_bytes": f16.stat().st_size, "quants": results, "imatrix": run.rel(imatrix) if imatrix else None}


def _imatrix(run: RunDir, cfg: Config, options: StageOptions) -> Path | None:
    if not cfg.quantize.imatrix:
        return None
    from medgguf.eval.calibration import ensure_imatrix

    return ensure_imatrix(
        run,
        source=IMATRIX_SOURCE,
        chunks=cfg.quantize.imatrix_chunks,
        ctx=cfg.quantize.imatrix_ctx,
        threads=options.threads,
        notify=options.notify,
    )
