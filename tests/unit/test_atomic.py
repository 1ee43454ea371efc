import json

import pytest

from medgguf import atomic


def test_file_appears_only_when_complete(tmp_path):
    final = tmp_path / "out.gguf"
    with atomic.atomic_path(final) as tmp:
        tmp.write_bytes(b"GGUF" + b"\0" * 100)
        assert not final.exists()
        assert tmp.name == "out.gguf.partial"
    assert final.read_bytes().startswith(b"GGUF")
    assert not (tmp_path / "out.gguf.partial").exists()


def test_failure_keeps_the_previous_file_and_removes_the_partial(tmp_path):
    final = tmp_path / "model.gguf"
    final.write_text("old and complete")
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(final) as tmp:
            tmp.write_text("half")
            raise RuntimeError("killed mid-write")
    assert final.read_text() == "old and complete"
    assert not atomic.partial_name(final).exists()


def test_directory_replaces_directory(tmp_path):
    final = tmp_path / "merged"
    final.mkdir()
    (final / "stale.bin").write_text("x")
    with atomic.atomic_path(final) as tmp:
        tmp.mkdir()
        (tmp / "model.safetensors").write_text("new")
    assert sorted(p.name for p in final.iterdir()) == ["model.safetensors"]
    assert not (tmp_path / "merged.old").exists()


def test_unwritten_temporary_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        with atomic.atomic_path(tmp_path / "never"):
            pass


def test_describe_file_and_directory(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a").write_text("a")
    (tmp_path / "d" / "b").write_text("bb")
    described = atomic.describe(tmp_path / "d")
    assert described["size"] == 3 and described["files"] == 2 and len(described["sha256"]) == 64
    (tmp_path / "d" / "b").write_text("bc")
    assert atomic.describe(tmp_path / "d")["sha256"] != described["sha256"]
    atomic.write_json(tmp_path / "m.json", {"k": 1})
    assert json.loads((tmp_path / "m.json").read_text()) == {"k": 1}
