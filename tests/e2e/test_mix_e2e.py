"""`quantize --mix` on the real demo build, at the least effort that still runs every part: two
candidate types, one measured layer per kind, one KLD chunk (about 2 minutes on 2 cores; the
full-effort numbers are scripts/bench_mix.py's)."""
from __future__ import annotations

import pytest

from medgguf.eval import bench
from medgguf.mix import build, sensitivity
from tests.support.e2e import demo

pytestmark = pytest.mark.slow


def test_mix_fits_its_budget_and_holds_the_chosen_types(request):
    import gguf

    run = demo(request)
    target = build.bpw_target(6.5)  # between all-Q4_0 (~4.6 bpw) and all-Q8_0 (~8.5): a real choice
    effort = {"imatrix_chunks": 2, "imatrix_ctx": 256, "sample_layers": 1, "kld_chunks": 1, "threads": 2}
    result = build.build_mix(run, target, imatrix_source="train", types=["Q4_0", "Q8_0"], **effort)

    out = run.root / result["file"]
    assert out.stat().st_size == result["size"] <= result["budget"]
    assert result["budget"] == int(6.5 * bench.identify(run.gguf_file("f16")).n_params / 8)
    assert set(result["allocation"].values()) == {"Q4_0", "Q8_0"}  # the budget forces both
    assert result["fallbacks"] == []
    argv = result["llama_quantize_argv"]
    assert str(out) in argv and "--tensor-type" in argv and "--imatrix" in argv
    written = {t.name: t.tensor_type.name for t in gguf.GGUFReader(str(out)).tensors}
    for group, qtype in result["allocation"].items():
        assert written[f"{group}.weight"] == qtype, group
    correlation = result["sensitivity"]["correlation"]
    assert correlation["samples"] == 8  # 7 kinds x 1 layer + the token embedding
    assert set(result["sensitivity"]["kind_steps"]) == {g.kind for g in sensitivity.model_groups(run.built_f16())}
    assert all(set(steps) == {"Q4_0"} for steps in result["sensitivity"]["kind_steps"].values())
    manifest = run.load()["stages"]
    assert manifest["mix-6.50bpw+imatrix-train"]["metrics"]["llama_quantize_argv"] == argv
    assert sensitivity.sensitivity_file(run, True).exists()

    again = build.build_mix(run, target, imatrix_source="train", types=["Q4_0", "Q8_0"], **effort)
    assert again == result  # cached: nothing measured or quantized twice
