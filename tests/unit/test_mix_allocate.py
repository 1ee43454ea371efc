"""The mix allocator (pure): exact under the budget, legal types only, and the llama-quantize
arguments that reproduce a choice."""

import itertools
import random
import re

import pytest

from medgguf import paths
from medgguf.errors import InputError
from medgguf.mix import allocate, sensitivity
from medgguf.mix.allocate import Option

# SmolLM2-135M's shapes (ggml order: row length first), two layers of them.
SMOL = (
    [("token_embd.weight", (576, 49152))]
    + [
        (f"blk.{n}.{kind}.weight", shape)
        for n in range(2)
        for kind, shape in [
            ("attn_q", (576, 576)),
            ("attn_k", (576, 192)),
            ("attn_v", (576, 192)),
            ("attn_output", (576, 576)),
            ("ffn_gate", (576, 1536)),
            ("ffn_up", (576, 1536)),
            ("ffn_down", (1536, 576)),
        ]
    ]
    + [("blk.0.attn_norm.weight", (576,)), ("output_norm.weight", (576,))]
)


def brute_force(options, budget):
    best = None
    for combo in itertools.product(*options.values()):
        size = sum(o.nbytes for o in combo)
        kld = sum(o.kld for o in combo)
        if size <= budget and (best is None or kld < best[0] - 1e-12):
            best = (kld, size)
    return best


@pytest.mark.parametrize("seed", range(20))
def test_allocation_is_optimal_and_within_budget(seed):
    rng = random.Random(seed)
    options = {
        f"g{i}": [Option(f"T{j}", rng.randint(10, 500), rng.random()) for j in range(rng.randint(1, 4))]
        for i in range(rng.randint(1, 5))
    }
    floor = allocate.smallest(options)
    budget = floor + rng.randint(0, 800)
    chosen = allocate.allocate(options, budget, grid=10**6)  # a fine grid: exact
    best = brute_force(options, budget)
    assert chosen.nbytes <= budget
    assert chosen.predicted_kld == pytest.approx(best[0])
    assert set(chosen.choices) == set(options)


def test_a_coarse_grid_never_exceeds_the_budget():
    rng = random.Random(7)
    options = {f"g{i}": [Option(f"T{j}", rng.randint(1000, 90_000), rng.random()) for j in range(5)] for i in range(60)}
    for budget in (allocate.smallest(options) + k * 37_001 for k in range(0, 40, 3)):
        chosen = allocate.allocate(options, budget, grid=50)
        assert chosen.nbytes <= budget


def test_more_budget_never_predicts_worse():
    rng = random.Random(3)
    options = {f"g{i}": [Option(f"T{j}", 100 * (j + 1), rng.random() / (j + 1)) for j in range(4)] for i in range(10)}
    previous = float("inf")
    for budget in range(1000, 4001, 250):
        kld = allocate.allocate(options, budget).predicted_kld
        assert kld <= previous + 1e-12
        previous = kld


def test_budget_below_the_smallest_mix_is_an_input_error():
    options = {"a": [Option("Q4_0", 100, 1.0), Option("Q8_0", 200, 0.1)], "b": [Option("Q4_0", 50, 1.0)]}
    with pytest.raises(InputError, match="below the smallest legal mix"):
        allocate.allocate(options, 149)
    assert allocate.allocate(options, 150).nbytes == 150


def test_groups_legal_types_and_reported_fallbacks():
    groups = {g.name: g for g in allocate.make_groups(SMOL)}
    assert "blk.0.attn_norm" not in groups  # 1-D: never quantized
    assert groups["token_embd"].elements == 576 * 49152
    assert not groups["blk.0.attn_q"].legal("Q4_K") and groups["blk.0.attn_q"].legal("IQ4_NL")
    assert groups["blk.1.ffn_down"].legal("Q4_K")  # 1536 = 6 x 256
    assert groups["blk.0.attn_q"].nbytes("Q4_0") == 576 * 576 // 32 * 18
    illegal = allocate.illegal_choices(list(groups.values()), ["Q4_K", "Q8_0"])
    assert illegal == {"Q4_K": {"groups": 13, "columns": [576], "llama_cpp_falls_back_to": "Q5_0"}}


def test_quantize_arguments_name_each_group_exactly():
    groups = allocate.make_groups(SMOL + [("blk.10.attn_q.weight", (576, 576)), ("blk.11.attn_q.weight", (576, 576))])
    choices = {g.name: "Q5_0" for g in groups}
    choices.update({"blk.1.attn_q": "Q8_0", "blk.11.attn_q": "Q8_0", "blk.1.ffn_down": "Q4_K", "token_embd": "Q6_K"})
    base, options = allocate.quantize_arguments(choices, groups)
    assert base == "Q5_0"
    assert options[:2] == ["--token-embedding-type", "q6_k"]
    patterns = [tuple(options[i + 1].rsplit("=", 1)) for i, a in enumerate(options) if a == "--tensor-type"]
    for group in groups:
        for tensor in group.tensors:
            # llama-quantize lowercases the pattern and takes the first that matches (regex_search).
            hits = [t for p, t in patterns if re.search(p.lower(), tensor)]
            if group.kind == "token_embd":
                assert not hits
            else:
                assert hits[0] == choices[group.name].lower(), tensor


def test_parse_types_refuses_unknown_recipes_and_iq_without_imatrix():
    assert allocate.parse_types("q4_0, iq4_nl,Q8_0", imatrix=True) == ["Q4_0", "IQ4_NL", "Q8_0"]
    with pytest.raises(InputError, match="unknown quantization type"):
        allocate.parse_types("q4_0,q9_z", imatrix=True)
    with pytest.raises(InputError, match="whole-file recipe"):
        allocate.parse_types("Q4_K_M", imatrix=True)
    with pytest.raises(InputError, match="IQ4_NL need an importance matrix"):
        allocate.parse_types("q4_0,iq4_nl", imatrix=False)
    assert not set(allocate.default_types(imatrix=False)) & allocate.IQ_TYPES


def test_block_sizes_mirror_gguf_py():
    constants = paths.LLAMA_CPP_SOURCE_DIR / "gguf-py" / "gguf" / "constants.py"
    if not constants.exists():
        pytest.skip("vendored llama.cpp not extracted")
    import gguf

    for name, (block, size) in allocate.TENSOR_TYPES.items():
        assert gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType[name]] == (block, size), name


@pytest.mark.parametrize("text,expected", [("80MB", 80_000_000), ("76.5MiB", int(76.5 * 2**20)), ("1234", 1234)])
def test_parse_size(text, expected):
    assert allocate.parse_size(text) == expected


def test_parse_size_refuses_nonsense():
    with pytest.raises(InputError):
        allocate.parse_size("big")


def test_spearman_and_calibration():
    assert sensitivity.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert sensitivity.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert list(sensitivity.ranks([5, 1, 5])) == [2.5, 1.0, 2.5]
    groups = allocate.make_groups([(f"blk.{n}.attn_v.weight", (576, 192)) for n in range(5)])
    samples = [
        {"group": "blk.0.attn_v", "kind": "attn_v", "layer": 0, "measured": 1.0, "proxy": 1.0},
        {"group": "blk.4.attn_v", "kind": "attn_v", "layer": 4, "measured": 4.0, "proxy": 1.0},
    ]
    scales = sensitivity.calibrate(groups, samples)
    assert scales["blk.0.attn_v"] == pytest.approx(1.0)
    assert scales["blk.2.attn_v"] == pytest.approx(2.0)  # log-linear between the sampled layers
    assert scales["blk.4.attn_v"] == pytest.approx(4.0)


def test_a_kinds_measured_step_is_shared_out_by_the_calibrated_proxy():
    groups = allocate.make_groups([(f"blk.{n}.attn_v.weight", (576, 192)) for n in range(2)])
    errors = {
        "blk.0.attn_v": {"Q8_0": 0.0, "Q4_1": 1.0, "Q4_0": 5.0},
        "blk.1.attn_v": {"Q8_0": 0.0, "Q4_1": 3.0, "Q4_0": 5.0},
    }
    measured = sensitivity.Sensitivity(
        groups=groups,
        errors=errors,
        scales={"blk.0.attn_v": 1.0, "blk.1.attn_v": 1.0},
        # the proxy rates Q4_1 five times cheaper than Q4_0; measured, it is only half
        kind_steps={"attn_v": {"Q4_1": 0.02, "Q4_0": 0.04}},
        samples=[],
        baseline_kld=0.0,
        correlation={},
        types=["Q8_0", "Q4_1", "Q4_0"],
        seconds={},
    )
    options = {g: {o.qtype: o.kld for o in opts} for g, opts in measured.options().items()}
    assert options["blk.0.attn_v"] == pytest.approx({"Q8_0": 0.0, "Q4_1": 0.005, "Q4_0": 0.02})
    assert options["blk.1.attn_v"] == pytest.approx({"Q8_0": 0.0, "Q4_1": 0.015, "Q4_0": 0.02})
    # a noisy step below the reference is no gain
    measured.kind_steps["attn_v"]["Q4_1"] = -0.001
    assert measured.predicted(groups[0], "Q4_1") == 0.0
    assert sensitivity.kind_step_correlation(groups, errors, measured.scales, {"attn_v": {"Q4_1": 1, "Q4_0": 2}}) == {
        "kind_steps": 2,
        "spearman_proxy_kind_steps": None,  # fewer than 3 points
    }
