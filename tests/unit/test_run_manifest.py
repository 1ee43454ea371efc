import sys
import types

import pytest

from medgguf import stages as pipeline
from medgguf.config import Config
from medgguf.errors import DiskSpaceError, InputError
from medgguf.run import RunDir, check_disk


def _fake_stage(calls: list, reads, writes):
    """A stage module of the pipeline's shape that copies its input, upper-cased."""
    module = types.ModuleType("fake_stage")

    def plan(run, cfg):
        return pipeline.StagePlan(inputs=[reads(run)], config={"lr": cfg.train.lr}, outputs=[writes(run)])

    def execute(run, cfg, options):
        calls.append(cfg.train.lr)
        writes(run).write_text(reads(run).read_text().upper())
        return {"chars": len(reads(run).read_text())}

    module.plan, module.execute = plan, execute
    return module


@pytest.fixture
def run_with_fake_stage(tmp_path, monkeypatch):
    run = RunDir(tmp_path / "runs" / "t")
    run.root.mkdir(parents=True)
    (run.root / "in.txt").write_text("hello")
    calls: list = []
    module = _fake_stage(calls, lambda r: r.root / "in.txt", lambda r: r.root / "out.txt")
    monkeypatch.setattr(pipeline, "stage_module", lambda name: module)
    return run, calls


def test_stage_runs_records_and_then_skips(run_with_fake_stage):
    run, calls = run_with_fake_stage
    cfg = Config()
    first = pipeline.run_stage(run, cfg, "train")
    assert not first.skipped and calls == [cfg.train.lr]
    record = run.stage("train")
    assert record["inputs"]["in.txt"]["size"] == 5
    assert record["outputs"]["out.txt"]["sha256"]
    assert record["metrics"] == {"chars": 5}
    assert pipeline.run_stage(run, cfg, "train").skipped
    assert calls == [cfg.train.lr]


def test_changed_input_config_output_or_force_reruns(run_with_fake_stage):
    run, calls = run_with_fake_stage
    cfg = Config()
    pipeline.run_stage(run, cfg, "train")
    (run.root / "in.txt").write_text("hello, world")
    assert not pipeline.run_stage(run, cfg, "train").skipped
    cfg.train.lr = 1e-5
    assert not pipeline.run_stage(run, cfg, "train").skipped
    (run.root / "out.txt").write_text("truncated")
    assert not pipeline.run_stage(run, cfg, "train").skipped
    assert not pipeline.run_stage(run, cfg, "train", force=True).skipped
    assert len(calls) == 5


def test_missing_input_names_the_earlier_stages(run_with_fake_stage):
    run, _ = run_with_fake_stage
    (run.root / "in.txt").unlink()
    with pytest.raises(InputError, match="run the earlier stages first"):
        pipeline.run_stage(run, Config(), "train")


def test_unknown_stage_names_are_listed():
    with pytest.raises(InputError, match="stages are: data, train, merge, convert, quantize, verify"):
        pipeline.check_stage_names(["trian"])


def test_corrupt_manifest_is_a_clear_error(tmp_path):
    run = RunDir(tmp_path)
    run.manifest_path.write_text("{not json")
    with pytest.raises(InputError, match="manifest.json is not valid JSON"):
        run.load()


def test_disk_check_refuses_before_writing(tmp_path):
    check_disk(tmp_path, 1, "a tiny file")
    with pytest.raises(DiskSpaceError, match="not enough free disk for the convert stage"):
        check_disk(tmp_path / "not" / "yet", 1 << 60, "the convert stage")


def test_a_new_build_sweeps_partials_left_by_a_killed_one(tmp_path):
    from medgguf.config import Config

    run = RunDir(tmp_path / "r")
    (run.root / "gguf").mkdir(parents=True)
    (run.root / "gguf" / "r-q4_K_M.gguf").write_text("complete")
    (run.root / "gguf" / "r-q4_K_M.gguf.partial").write_text("half")
    (run.root / "merged.partial").mkdir()
    pipeline.prepare_run(run, Config())
    assert not list(run.root.rglob("*.partial"))
    assert (run.root / "gguf" / "r-q4_K_M.gguf").read_text() == "complete"
