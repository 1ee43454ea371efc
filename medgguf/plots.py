"""Every figure medgguf writes: the loss curve, the size-against-KLD Pareto plot, and the
token-length histogram. matplotlib is imported only here, headless, and each PNG is written
atomically."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from medgguf import atomic
from medgguf.llamacpp.quant_types import file_label

MIX_TYPE = "MIX"  # compare's type column for a per-tensor mix (eval.compare.MIX_TYPE)
IMATRIX_STYLES = {
    "none": ("o", "tab:blue", "no imatrix"),
    "train": ("s", "tab:green", "domain imatrix (train split)"),
    "generic": ("^", "tab:orange", "generic imatrix"),
}


@contextlib.contextmanager
def figure(out: Path, size: tuple[float, float], dpi: int = 100) -> Iterator[Any]:
    """A fresh figure's axes; on exit the figure is saved to ``out`` as PNG and closed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=size, dpi=dpi)
    try:
        yield ax
        fig.tight_layout()
        with atomic.atomic_path(Path(out)) as tmp:
            fig.savefig(tmp, format="png")
    finally:
        plt.close(fig)


def loss_curve(history: list[dict], out: Path, title: str) -> bool:
    """Training and validation loss by step from the trainer's log; False when it has neither."""
    train = [(h["step"], h["loss"]) for h in history if "loss" in h and "step" in h]
    evals = [(h["step"], h["eval_loss"]) for h in history if "eval_loss" in h and "step" in h]
    if not train and not evals:
        return False
    with figure(out, (7, 4), dpi=110) as ax:
        if train:
            ax.plot(*zip(*train), label="training loss")
        if evals:
            ax.plot(*zip(*evals), marker="o", label="validation loss")
        ax.set_xlabel("step")
        ax.set_ylabel("loss")
        ax.set_title(title)
        ax.legend()
        ax.grid(alpha=0.3)
    return True


def pareto(rows: list[dict], out: Path, title: str) -> None:
    """File size against mean KLD, one marker per imatrix source, the Pareto front marked."""
    quants = [r for r in rows if r["type"] != "F16"]
    standard = [r for r in quants if r["type"] != MIX_TYPE]
    mixes = [r for r in quants if r["type"] == MIX_TYPE]
    with figure(out, (8, 5.5), dpi=120) as ax:
        for source, (marker, color, name) in IMATRIX_STYLES.items():
            points = [r for r in standard if r["imatrix"] == source]
            if points:
                ax.scatter(
                    [r["file_size"] / 2**20 for r in points],
                    [r["kld_mean"] for r in points],
                    marker=marker,
                    color=color,
                    label=name,
                    zorder=3,
                )
        if mixes:
            ax.scatter(
                [r["file_size"] / 2**20 for r in mixes],
                [r["kld_mean"] for r in mixes],
                marker="*",
                s=120,
                color="tab:red",
                label="per-tensor mix (medgguf quantize --mix)",
                zorder=5,
            )
            for row in mixes:
                ax.annotate(
                    row["label"].split("+")[0],
                    (row["file_size"] / 2**20, row["kld_mean"]),
                    fontsize=8,
                    color="tab:red",
                    xytext=(5, -10),
                    textcoords="offset points",
                )
        front = sorted((r for r in quants if r["pareto"]), key=lambda r: r["file_size"])
        if front:
            ax.step(
                [r["file_size"] / 2**20 for r in front],
                [r["kld_mean"] for r in front],
                where="post",
                color="black",
                linewidth=1,
                linestyle="--",
                label="Pareto front",
                zorder=2,
            )
            ax.scatter(
                [r["file_size"] / 2**20 for r in front],
                [r["kld_mean"] for r in front],
                s=140,
                facecolors="none",
                edgecolors="black",
                zorder=4,
            )
        # One label per type, beside its worst variant: the markers already say which imatrix.
        for qtype in dict.fromkeys(r["type"] for r in standard):
            worst = max((r for r in standard if r["type"] == qtype), key=lambda r: r["kld_mean"])
            ax.annotate(
                file_label(qtype),
                (worst["file_size"] / 2**20, worst["kld_mean"]),
                fontsize=8,
                xytext=(5, 3),
                textcoords="offset points",
            )
        ax.set_yscale("log")
        ax.set_xlabel("file size (MiB)")
        ax.set_ylabel("mean KL-divergence vs F16 (log scale)")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)


def token_histogram(tokens: dict, out: Path, title: str = "") -> None:
    """The data stage's token-length histogram (stats.json's ``tokens.histogram``)."""
    histogram = tokens.get("histogram") or {"edges": [0, 1], "counts": [0]}
    edges, counts = histogram["edges"], histogram["counts"]
    with figure(out, (8, 4)) as ax:
        ax.bar(
            edges[:-1],
            counts,
            width=[b - a for a, b in zip(edges, edges[1:])],
            align="edge",
            edgecolor="black",
            color="#4C72B0",
        )
        ax.set_xlabel("tokens per row (chat template applied)")
        ax.set_ylabel("rows")
        ax.set_title(f"Token lengths: {title}" if title else "Token lengths")
