"""`medgguf doctor`: exit 0 on a complete installation, and exit 2 with one `problem:` line naming
the fix for each thing the pipeline needs that is missing. Real package metadata, the real
llama.cpp build directory and the real binding; only where things are looked for is moved."""

from __future__ import annotations

import json

import pytest

from medgguf import doctor, paths


def problems(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("problem:")]


def test_a_complete_installation_reports_no_problem(cli):
    result = cli("doctor")
    assert result.exit_code == 0, result.output
    assert "everything the pipeline needs is in place" in result.output
    report = json.loads(cli("doctor", "--json").output)
    assert report["problems"] == [] and report["llama_cpp"]["binding"]["version"]


def test_unbuilt_llama_cpp_tools_are_named_with_the_setup_command(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("MEDGGUF_LLAMA_CPP_BUILD", str(tmp_path / "empty-build"))
    result = cli("doctor")
    assert result.exit_code == 2, result.output
    [line] = problems(result)
    assert "llama.cpp tools not built (llama-quantize, llama-imatrix" in line and "scripts/setup" in line
    assert "not built" in result.output  # the table row, too


def test_missing_vendored_source_and_package_and_pin_each_get_a_line(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "LLAMA_CPP_SOURCE_DIR", tmp_path / "no-llama.cpp")
    monkeypatch.setattr(doctor, "REQUIRED_PACKAGES", (*doctor.REQUIRED_PACKAGES, "medgguf-no-such-package"))
    result = cli("doctor")
    assert result.exit_code == 2, result.output
    lines = problems(result)
    assert any("vendored llama.cpp source is missing" in p and "fetch_llama_cpp.py" in p for p in lines), lines
    assert any(p.startswith("problem: medgguf-no-such-package is not installed: run `scripts/setup`") for p in lines)
    assert len(lines) == 2, lines


def test_a_binding_that_differs_from_the_pin_is_reported(cli, monkeypatch):
    from medgguf.llamacpp import build

    real = build.load_pin()
    monkeypatch.setattr(build, "load_pin", lambda: {**real, "version": "0.0.1"})
    report = json.loads(cli("doctor", "--json").output)
    assert any("but the pin is 0.0.1: run `scripts/setup`" in p for p in report["problems"]), report["problems"]


def test_low_disk_is_reported_with_what_the_demo_needs(cli, monkeypatch):
    monkeypatch.setattr(doctor, "MIN_FREE_DISK", 1 << 62)
    result = cli("doctor", "--json")
    assert result.exit_code == 2
    report = json.loads(result.output)
    assert len(report["problems"]) == 1 and "the demo build needs about 2 GiB" in report["problems"][0]


@pytest.mark.parametrize("as_json", [False, True])
def test_every_problem_ends_in_a_fix(cli, tmp_path, monkeypatch, as_json):
    monkeypatch.setenv("MEDGGUF_LLAMA_CPP_BUILD", str(tmp_path / "empty-build"))
    monkeypatch.setattr(doctor, "MIN_FREE_DISK", 1 << 62)
    result = cli("doctor", *(["--json"] if as_json else []))
    assert result.exit_code == 2 and "Traceback" not in result.output
    found = json.loads(result.output)["problems"] if as_json else problems(result)
    assert len(found) == 2 and all(":" in p.removeprefix("problem:") for p in found), found
