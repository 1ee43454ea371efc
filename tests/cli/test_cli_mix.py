"""`medgguf quantize --mix` and `compare --mix`: bad input is one line and exit 2, before any
native tool runs (a tiny synthetic F16 GGUF stands in for a built run)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from medgguf import paths
from medgguf.cli import main
from tests.cli.conftest import assert_one_line_error


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDGGUF_CACHE", str(paths.cache_root()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def runs(tmp_path) -> Path:
    """runs/demo/gguf/demo-f16.gguf: two layers of SmolLM2's shapes (576-wide rows), F16."""
    import gguf

    f16 = tmp_path / "runs" / "demo" / "gguf" / "demo-f16.gguf"
    f16.parent.mkdir(parents=True)
    writer = gguf.GGUFWriter(str(f16), "llama")
    writer.add_token_list([f"t{i}" for i in range(64)])
    writer.add_tensor("token_embd.weight", np.zeros((64, 576), dtype=np.float16))
    for layer in range(2):
        for kind, rows, cols in [("attn_q", 576, 576), ("ffn_down", 576, 1536)]:
            writer.add_tensor(f"blk.{layer}.{kind}.weight", np.zeros((rows, cols), dtype=np.float16))
        writer.add_tensor(f"blk.{layer}.attn_norm.weight", np.ones(576, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return tmp_path / "runs"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_budget_below_the_smallest_legal_mix(runs):
    result = invoke("quantize", "--runs-dir", runs, "--mix", "--target-bpw", "2")
    assert_one_line_error(result, 2, "below the smallest legal mix", "bpw", "raise --target-size")


def test_unknown_mix_type(runs):
    result = invoke("quantize", "--runs-dir", runs, "--mix", "--mix-types", "q4_0,q9_z")
    assert_one_line_error(result, 2, "unknown quantization type 'q9_z'")


def test_a_recipe_is_not_a_tensor_type(runs):
    result = invoke("quantize", "--runs-dir", runs, "--mix", "--mix-types", "q4_K_M")
    assert_one_line_error(result, 2, "Q4_K_M is not a type one tensor can have")


def test_iq_type_without_an_imatrix(runs):
    result = invoke("quantize", "--runs-dir", runs, "--mix", "--no-imatrix", "--mix-types", "iq4_nl,q8_0")
    assert_one_line_error(result, 2, "IQ4_NL need an importance matrix", "add --imatrix")


def test_budget_options_need_mix(runs):
    result = invoke("quantize", "--runs-dir", runs, "--target-size", "80MB")
    assert_one_line_error(result, 2, "go with --mix")


def test_compare_refuses_a_bad_mix_budget(runs):
    result = invoke("compare", "--runs-dir", runs, "--mix", "q4_K_M,lots")
    assert_one_line_error(result, 2, "unknown quantization type 'lots'")
