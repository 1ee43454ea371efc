import pytest

from medgguf.llamacpp import build as llamacpp
from medgguf.errors import SetupError


def test_build_key_depends_on_flags(monkeypatch):
    monkeypatch.delenv("MEDGGUF_CMAKE_ARGS", raising=False)
    plain = llamacpp.build_key()
    monkeypatch.setenv("MEDGGUF_CMAKE_ARGS", "-DGGML_CUDA=ON")
    assert llamacpp.build_key() != plain
    assert plain.startswith(llamacpp.load_pin()["version"] + "-")


def test_cache_lives_outside_the_clone(monkeypatch, tmp_path):
    monkeypatch.delenv("MEDGGUF_LLAMA_CPP_BUILD", raising=False)
    monkeypatch.setenv("MEDGGUF_CACHE", str(tmp_path))
    assert llamacpp.build_dir().parent == tmp_path / "llama.cpp"


def test_missing_tools_say_how_to_build_them(monkeypatch, tmp_path):
    monkeypatch.setenv("MEDGGUF_LLAMA_CPP_BUILD", str(tmp_path / "nothing-built"))
    with pytest.raises(SetupError) as err:
        llamacpp.tool_path("llama-quantize")
    assert "llama-quantize" in str(err.value) and "scripts/setup" in str(err.value)


def test_pin_is_a_version_and_a_sha256():
    pin = llamacpp.load_pin()
    assert pin["package"] == "llama-cpp-python"
    assert len(pin["sha256"]) == 64 and pin["sdist"] == f"llama_cpp_python-{pin['version']}.tar.gz"
