"""The one module that touches llama-cpp-python: its private attributes, the llama.cpp C API
it exposes through ctypes, and the ggml libraries beside it.

The binding is installed with -DLLAMA_BUILD=OFF, so it carries no library of its own: ``load``
points LLAMA_CPP_LIB_PATH at this machine's build (the same llama.cpp source as the tools)
before the first import. On top of it this module gives medgguf typed pieces:

* ``Model``: a GGUF with its context, driven through the C API (decode, sample, KV cache),
  which the chat engine, verify and the quality table use;
* ``Vocabulary``: a GGUF's tokenizer without its weights, for token counts;
* ``SamplerChain``: llama.cpp's sampler chain, built from plain numbers;
* a persistent ggml CPU threadpool, which the binding does not wrap; the one ctypes structure
  it needs is declared here and checked against the vendored ggml.h by
  tests/unit/test_binding.py.
"""

from __future__ import annotations

import ctypes
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from medgguf.errors import InputError, SetupError
from medgguf.llamacpp.build import SETUP_HINT, library_dir, load_pin

log = logging.getLogger(__name__)

REPEAT_PENALTY_LAST_N = 64  # llama.cpp common_params_sampling.penalty_last_n default
# llama.cpp common_params_sampling's DRY defaults: a repeat is looked for across the whole context
# (common passes the context size for its -1; llama_sampler_init_dry itself reads -1 as off), and
# a newline, colon, quote or asterisk breaks a sequence, so list formatting and quoted names may
# repeat.
DRY_SEQUENCE_BREAKERS = (b"\n", b":", b'"', b"*")
GGML_MAX_N_THREADS = 512  # ggml/include/ggml.h


def load() -> ModuleType:
    """Import llama_cpp bound to this build's libllama (the same source as the tools)."""
    os.environ.setdefault("LLAMA_CPP_LIB_PATH", str(library_dir()))
    try:
        import llama_cpp
    except ImportError as exc:
        raise SetupError(f"the llama-cpp-python binding cannot be loaded ({exc})", "run `scripts/setup`") from exc
    except (OSError, RuntimeError) as exc:  # the ctypes load of libllama itself
        raise SetupError(f"libllama could not be loaded ({exc})", SETUP_HINT) from exc
    # The binding relays libllama's log through this logger; unset, it prints every loader line.
    binding_log = logging.getLogger("llama-cpp-python")
    if binding_log.level == logging.NOTSET:
        binding_log.setLevel(
            logging.DEBUG if logging.getLogger("medgguf").isEnabledFor(logging.DEBUG) else logging.ERROR
        )
    pinned = load_pin()["version"]
    if getattr(llama_cpp, "__version__", pinned) != pinned:
        raise SetupError(
            f"llama-cpp-python {llama_cpp.__version__} is installed but the pin is {pinned}",
            "run `scripts/setup` to install the pinned binding",
        )
    return llama_cpp


def system_info() -> tuple[str, str]:
    """The binding's version and libllama's system line (CPU features it was built for)."""
    llama_cpp = load()
    return llama_cpp.__version__, llama_cpp.llama_print_system_info().decode(errors="replace")


# ---------------------------------------------------------------------------------------------
# A model and its context


class Model:
    """A GGUF loaded with its context, as llama-bench loads one: memory-mapped, flash attention
    where the model allows it, a persistent threadpool.

    ``llm`` is the binding's ``Llama``; with ``logits_all`` it keeps every position's logits
    (``evaluate``/``logits``), which scoring a continuation needs. ``lora_path`` applies a LoRA
    adapter GGUF to the model (``medgguf export --to lora``).
    """

    def __init__(
        self,
        path: Path,
        *,
        n_ctx: int,
        threads: int,
        n_batch: int = 512,
        flash_attn: bool = True,
        logits_all: bool = False,
        threadpool: bool = True,
        lora_path: Path | None = None,
    ):
        self.lib = load()
        self.path = Path(path)
        self.n_batch = n_batch
        self.lora_path = lora_path
        self.n_ctx = n_ctx
        self.llm = self._open(n_ctx=n_ctx, threads=threads, flash_attn=flash_attn, logits_all=logits_all)
        self.ctx = self.llm._ctx.ctx
        self.vocab = self.llm._model.vocab
        self.memory = self.lib.llama_get_memory(self.ctx)
        self.n_vocab: int = self.lib.llama_vocab_n_tokens(self.vocab)
        self._threadpool = _Threadpool(self.lib, self.ctx, threads) if threadpool else None
        self._one = (self.lib.llama_token * 1)()
        self._one_batch = self.lib.llama_batch_get_one(self._one, 1)
        self._piece_buffer = ctypes.create_string_buffer(256)

    def _open(self, *, n_ctx: int, threads: int, flash_attn: bool, logits_all: bool) -> Any:
        try:
            return self.lib.Llama(
                model_path=str(self.path),
                n_ctx=n_ctx,
                n_batch=self.n_batch,
                n_ubatch=self.n_batch,
                n_threads=threads,
                n_threads_batch=threads,
                use_mmap=True,
                flash_attn=flash_attn,
                logits_all=logits_all,
                verbose=False,
                lora_path=str(self.lora_path) if self.lora_path else None,
            )
        except RuntimeError as exc:  # the binding's "Failed to initialize/set LoRA adapter"
            raise InputError(
                f"llama.cpp could not apply the adapter {self.lora_path} to {self.path.name} ({exc})",
                "pass the base model the adapter was made for",
            ) from None
        except ValueError as exc:  # llama-cpp-python's "Failed to load model from file" / "context"
            if flash_attn and "context" in str(exc):
                return self._open(n_ctx=n_ctx, threads=threads, flash_attn=False, logits_all=logits_all)
            raise InputError(
                f"llama.cpp could not load {self.path} ({exc})",
                "rebuild the GGUF with `medgguf build` or check it with the same llama.cpp pin",
            ) from None

    def close(self) -> None:
        if self._threadpool is not None:
            self._threadpool.free()
            self._threadpool = None
        self.llm.close()

    # -- tokens ----------------------------------------------------------------------------
    def tokenize(self, text: str, *, add_bos: bool, special: bool) -> list[int]:
        return list(self.llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=special))

    def control_texts(self) -> list[str]:
        """The texts of the vocabulary's control tokens ("<|im_start|>", "<|eot_id|>", ...)."""
        return _control_texts(self.lib, self.vocab)

    def token_text(self, token: int | None) -> str:
        # llama_vocab_get_text indexes with .at(): an id outside the vocabulary would throw
        # through the C API and abort the process.
        if token is None or not 0 <= token < self.n_vocab:
            return ""
        return str(self.lib.llama_vocab_get_text(self.vocab, token).decode("utf-8", errors="replace"))

    def piece(self, token: int) -> bytes:
        """The bytes a token stands for (possibly part of a UTF-8 character)."""
        size = self.lib.llama_token_to_piece(self.vocab, token, self._piece_buffer, 256, 0, False)
        if size < 0:  # a piece longer than the buffer: rare, so allocate only then
            buffer = ctypes.create_string_buffer(-size)
            size = self.lib.llama_token_to_piece(self.vocab, token, buffer, -size, 0, False)
            return bytes(buffer.raw[:size])
        return bytes(self._piece_buffer.raw[:size])

    def ends_generation(self, token: int) -> bool:
        """End of generation: EOS, EOT, or another end-of-turn token of the vocabulary."""
        return bool(self.lib.llama_vocab_is_eog(self.vocab, token))

    # -- the KV cache and decoding ---------------------------------------------------------
    def decode(self, tokens: Sequence[int]) -> int:
        """Decode ``tokens`` after what the cache holds, in batches; llama_decode's code (0: done)."""
        if len(tokens) == 1:
            self._one[0] = tokens[0]
            return int(self.lib.llama_decode(self.ctx, self._one_batch))
        for start in range(0, len(tokens), self.n_batch):
            chunk = tokens[start : start + self.n_batch]
            array = (self.lib.llama_token * len(chunk))(*chunk)
            code = int(self.lib.llama_decode(self.ctx, self.lib.llama_batch_get_one(array, len(chunk))))
            if code != 0:
                return code
        return 0

    def forget_from(self, position: int) -> bool:
        """Drop the cache from ``position`` on; False when llama.cpp cannot cut it there."""
        return bool(self.lib.llama_memory_seq_rm(self.memory, 0, position, -1))

    def clear(self) -> None:
        self.lib.llama_memory_clear(self.memory, True)

    def sample(self, chain: SamplerChain) -> int:
        """Sample the next token from the last decoded position's logits."""
        return int(self.lib.llama_sampler_sample(chain.handle, self.ctx, -1))

    # -- whole-sequence scoring (logits_all) -----------------------------------------------
    def evaluate(self, tokens: Sequence[int], *, after: int = 0) -> None:
        """Decode ``tokens`` at positions ``after``... (the cache past ``after`` is dropped),
        keeping every position's logits."""
        self.llm.n_tokens = after
        self.llm.eval(list(tokens))

    def logits(self, positions: int | slice) -> Any:
        """The logits after the token at ``positions`` (a numpy row of n_vocab floats, or rows)."""
        return self.llm.scores[positions]


class SamplerChain:
    """[logit bias] -> [repeat penalty] -> temperature -> top-k -> top-p -> random draw, the order
    transformers applies them in; greedy (argmax) when the temperature is 0."""

    def __init__(
        self,
        model: Model,
        *,
        temperature: float,
        top_k: int,
        top_p: float,
        seed: int | None,
        repeat_penalty: float = 1.0,
        logit_bias: dict[int, float] | None = None,
        dry: tuple[float, float, int] | None = None,
    ):
        lib = self._lib = model.lib
        params = lib.llama_sampler_chain_default_params()
        params.no_perf = True
        self.handle = chain = lib.llama_sampler_chain_init(params)
        if logit_bias:
            biases = (lib.llama_logit_bias * len(logit_bias))(
                *(lib.llama_logit_bias(token, bias) for token, bias in logit_bias.items())
            )
            # llama.cpp copies the array, so it need not outlive this call.
            lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_logit_bias(model.n_vocab, len(biases), biases))
        if repeat_penalty != 1.0:
            lib.llama_sampler_chain_add(
                chain, lib.llama_sampler_init_penalties(model.n_vocab, REPEAT_PENALTY_LAST_N, repeat_penalty, 0.0, 0.0)
            )
        if dry is not None and dry[0] > 0:
            multiplier, base, allowed_length = dry
            breakers = (ctypes.c_char_p * len(DRY_SEQUENCE_BREAKERS))(*DRY_SEQUENCE_BREAKERS)
            lib.llama_sampler_chain_add(
                chain,
                lib.llama_sampler_init_dry(
                    model.vocab, multiplier, base, allowed_length, model.n_ctx, breakers, len(breakers)
                ),
            )
        if temperature <= 0:
            lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_greedy())
            return
        lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_temp(temperature))
        if top_k > 0:
            lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_top_k(top_k))
        if top_p < 1:
            lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_top_p(top_p, 1))
        draw_seed = lib.LLAMA_DEFAULT_SEED if seed is None else seed & 0xFFFFFFFF
        lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_dist(draw_seed))

    def free(self) -> None:
        self._lib.llama_sampler_free(self.handle)


# ---------------------------------------------------------------------------------------------
# A vocabulary without weights


class Vocabulary:
    """A GGUF's tokenizer, loaded without weights; tokenizes as llama-perplexity does.

    Built on the C API rather than ``Llama(vocab_only=True)``: the latter also makes a context,
    which warns about a zero training context and costs more than the vocabulary itself.
    """

    def __init__(self, model: Path):
        self.model = Path(model)
        if not self.model.is_file():
            raise InputError(f"model file {model} does not exist", "check the path to the .gguf file")
        self._lib = load()
        params = self._lib.llama_model_default_params()
        params.vocab_only = True
        self._handle = self._lib.llama_model_load_from_file(str(self.model).encode(), params)
        if not self._handle:
            raise InputError(
                f"llama.cpp could not load the vocabulary of {self.model}",
                "check the file with `medgguf doctor` or rebuild it",
            )
        self._vocab = self._lib.llama_model_get_vocab(self._handle)

    def __del__(self) -> None:
        if getattr(self, "_handle", None):
            self._lib.llama_model_free(self._handle)
            self._handle = None

    def count(self, text: str, add_bos: bool = True) -> int:
        return len(self.encode(text, add_bos))

    def adds_bos(self) -> bool:
        """Whether llama.cpp adds BOS when it tokenizes for this model (tokenizer.ggml.add_bos_token)."""
        return bool(self._lib.llama_vocab_get_add_bos(self._vocab))

    def token_text(self, token: int) -> str:
        return str(self._lib.llama_vocab_get_text(self._vocab, token).decode("utf-8", "replace"))

    def encode(self, text: str, add_bos: bool = True) -> list[int]:
        # add_special adds BOS only where the vocab asks for it; special=False keeps "<|im_end|>"
        # in prose as plain text, as llama-perplexity and llama-imatrix read their files.
        return self.tokenize(text, add_bos=add_bos, special=False)

    def control_texts(self) -> list[str]:
        return _control_texts(self._lib, self._vocab)

    def tokenize(self, text: str, *, add_bos: bool, special: bool) -> list[int]:
        """As Model.tokenize: ``special`` parses control-token text into control tokens."""
        data = text.encode("utf-8")
        capacity = len(data) + 2
        while True:
            buffer = (self._lib.llama_token * capacity)()
            n = self._lib.llama_tokenize(self._vocab, data, len(data), buffer, capacity, add_bos, special)
            if n >= 0:
                return list(buffer[:n])
            capacity = -n


def _control_texts(lib: ModuleType, vocab: Any) -> list[str]:
    control = lib.LLAMA_TOKEN_ATTR_CONTROL
    return [
        lib.llama_vocab_get_text(vocab, token).decode("utf-8", errors="replace")
        for token in range(lib.llama_vocab_n_tokens(vocab))
        if lib.llama_vocab_get_attr(vocab, token) & control
    ]


# ---------------------------------------------------------------------------------------------
# The persistent CPU threadpool


class ThreadpoolParams(ctypes.Structure):
    """struct ggml_threadpool_params (ggml/include/ggml.h)."""

    c_header = "ggml/include/ggml.h"
    c_name = "ggml_threadpool_params"
    _fields_ = [
        ("cpumask", ctypes.c_bool * GGML_MAX_N_THREADS),
        ("n_threads", ctypes.c_int),
        ("prio", ctypes.c_int),
        ("poll", ctypes.c_uint32),
        ("strict_cpu", ctypes.c_bool),
        ("paused", ctypes.c_bool),
    ]


class _Threadpool:
    """A persistent ggml CPU threadpool attached to the context, as llama-bench attaches one.

    Without it ggml starts and joins its worker threads for every decoded token; the binding
    does not wrap llama_attach_threadpool, so it is bound here from the same libraries.
    """

    def __init__(self, llama_cpp: ModuleType, ctx: Any, n_threads: int):
        directory = library_dir()
        base = ctypes.CDLL(str(_shared_library(directory, "libggml-base")))
        self._cpu = ctypes.CDLL(str(_shared_library(directory, "libggml-cpu")))
        llama = llama_cpp.llama_cpp._lib
        base.ggml_threadpool_params_default.restype = ThreadpoolParams
        base.ggml_threadpool_params_default.argtypes = [ctypes.c_int]
        self._cpu.ggml_threadpool_new.restype = ctypes.c_void_p
        self._cpu.ggml_threadpool_new.argtypes = [ctypes.POINTER(ThreadpoolParams)]
        self._cpu.ggml_threadpool_free.argtypes = [ctypes.c_void_p]
        llama.llama_attach_threadpool.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        llama.llama_detach_threadpool.argtypes = [ctypes.c_void_p]
        self._llama = llama
        self._ctx = ctx
        params = base.ggml_threadpool_params_default(n_threads)
        self._pool = self._cpu.ggml_threadpool_new(ctypes.byref(params))
        if not self._pool:
            raise InputError(f"llama.cpp could not start {n_threads} threads", "pass a smaller --threads")
        llama.llama_attach_threadpool(ctx, self._pool, self._pool)

    def free(self) -> None:
        self._llama.llama_detach_threadpool(self._ctx)
        self._cpu.ggml_threadpool_free(self._pool)


def _shared_library(directory: Path, stem: str) -> Path:
    for suffix in (".so", ".dylib", ".dll"):
        if (directory / f"{stem}{suffix}").exists():
            return directory / f"{stem}{suffix}"
    raise InputError(f"{stem} is not in {directory}", "rebuild llama.cpp with `scripts/setup`")


STRUCTS: tuple[type[ctypes.Structure], ...] = (ThreadpoolParams,)
"""Every C structure this module declares itself, for the header check."""
