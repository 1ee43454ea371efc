"""A mix row in compare's outputs: the Pareto plot draws it, the report explains its allocation."""

from medgguf import plots
from medgguf.eval import compare, report


def rows():
    def row(label, qtype, imatrix, size, kld, **extra):
        return {"label": label, "type": qtype, "imatrix": imatrix, "file_size": size, "kld_mean": kld,
                "kld_mean_stderr": kld / 20, "same_top_pct": 90.0, "same_top_pct_stderr": 0.5, **extra}

    mix = {"budget": 105_455_040, "budget_source": "the size of compare/demo-q4_K_M-imatrix-train.gguf",
           "predicted_kld": 0.01, "allocation_table": [
               {"tensor": "token_embd", "type": "Q8_0", "bits": 8.5, "layers": "–", "count": 1},
               {"tensor": "ffn_down", "type": "Q4_1", "bits": 5.0, "layers": "0-29", "count": 30}],
           "illegal_types": {}, "fallbacks": [], "llama_quantize_argv": ["llama-quantize"],
           "correlation": {"samples": 22, "spearman_proxy": 0.5, "spearman_calibrated_loo": 0.56}}
    return [row("f16", "F16", "none", 270_000_000, 0.0),
            row("q4_K_M+imatrix-train", "Q4_K_M", "train", 105_455_040, 0.035),
            row("mix-q4_K_M+imatrix-train", compare.MIX_TYPE, "train", 104_000_000, 0.012, mix=mix)]


def test_mix_rows_on_the_plot_the_front_and_the_report(tmp_path):
    data = rows()
    compare.mark_pareto(data)
    assert data[2]["pareto"] and not data[1]["pareto"]
    assert compare.imatrix_effect(data) == {"q4_K_M": {"kld_none": None, "kld_train": 0.035}}
    plots.pareto(data, tmp_path / "pareto.png", title="demo")
    assert (tmp_path / "pareto.png").stat().st_size > 1000
    [table] = report.mix_tables({"rows": data})
    assert table["label"] == "mix-q4_K_M+imatrix-train" and table["spearman_loo"] == 0.56
    assert "| ffn_down | Q4_1 | 5.0 | 0-29 | 30 |" in table["table"]
