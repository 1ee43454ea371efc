"""The chat engine behind ``medgguf chat`` and ``medgguf ask``: one generation loop for both.

Speed: the loop drives llama.cpp through its C API (llama_decode on a one-token batch that is
allocated once, and a llama.cpp sampler chain that samples in C), so per token Python does a
handful of ctypes calls and nothing per vocabulary entry. The KV cache is kept between turns:
each turn decodes only the tokens past the longest prefix it shares with what is cached.
scripts/bench_chat_speed.py compares this loop with llama-bench.

Nothing here prints; the terminal interface lives in medgguf/cli_chat.py.
"""
from __future__ import annotations

import codecs
import contextlib
import ctypes
import json
import logging
import os
import re
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from medgguf import atomic
from medgguf.errors import InputError
from medgguf.gguf_check import GGUFInfo, inspect_gguf

log = logging.getLogger(__name__)

DEFAULT_SYSTEM_PROMPT = (
    "You are a careful, friendly medical assistant. Answer clearly and briefly, in plain "
    "language. Say when something needs a doctor's examination, and tell the user to call "
    "their local emergency number for any sign of an emergency. Do not invent facts; say "
    "when you are not sure."
)
# The published recipe's sampling (temperature 0.7, top-p 0.9, 400 new tokens); top-k 50 is the
# transformers GenerationConfig default that recipe sampled with, and it keeps top-p from sorting
# the whole vocabulary for every token.
DEFAULT_TEMPERATURE = 0.7
DEFAULT_TOP_P = 0.9
DEFAULT_TOP_K = 50
DEFAULT_MAX_TOKENS = 400
DEFAULT_CONTEXT = 4096
PROMPT_BATCH = 512
REPEAT_PENALTY_LAST_N = 64  # llama.cpp common_params_sampling.penalty_last_n default

OnToken = Callable[[str], None]
ShouldStop = Callable[[], bool]


@dataclass
class Sampling:
    temperature: float = DEFAULT_TEMPERATURE
    top_p: float = DEFAULT_TOP_P
    top_k: int = DEFAULT_TOP_K
    max_tokens: int = DEFAULT_MAX_TOKENS
    seed: int | None = None
    repeat_penalty: float = 1.0   # llama.cpp's penalty over the last 64 tokens; 1.0 = off
    logit_bias: dict[int, float] = field(default_factory=dict)   # added to a token's logit before sampling

    def validate(self) -> "Sampling":
        if not 0 < self.repeat_penalty <= 2:
            raise InputError(f"repeat penalty {self.repeat_penalty} is out of range", "use a value in (0, 2]; 1 is off")
        if not 0 <= self.temperature <= 5:
            raise InputError(f"temperature {self.temperature} is out of range", "use a value from 0 (greedy) to 5")
        if not 0 < self.top_p <= 1:
            raise InputError(f"top-p {self.top_p} is out of range", "use a value in (0, 1]")
        if self.top_k < 0:
            raise InputError(f"top-k {self.top_k} is negative", "use 0 (off) or a positive count")
        if self.max_tokens < 1:
            raise InputError(f"max tokens {self.max_tokens} is below 1", "use a positive count, e.g. 400")
        return self


@dataclass(frozen=True)
class Answer:
    text: str
    n_prompt_tokens: int          # the whole prompt, cached part included
    n_completion_tokens: int
    finish_reason: str            # "stop": the model ended its turn; "length": max tokens or context; "interrupted"
    stopped_at_end_of_turn: bool
    ttft_s: float                 # from the call to the first sampled token
    decode_tokens_per_s: float    # generated tokens after the first, per second
    prompt_tokens_per_s: float    # prompt tokens decoded (past the cached prefix), per second
    n_cached_tokens: int = 0      # prompt tokens reused from the previous turn's KV cache
    context_used: int = 0         # tokens in the context after this answer
    context_size: int = 0

    def stats(self) -> dict:
        """Counts and timings, without the text."""
        return {key: value for key, value in asdict(self).items() if key != "text"}


def physical_cores() -> int:
    """Physical cores this process may run on (SMT siblings counted once); llama.cpp's best default."""
    allowed = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set(range(os.cpu_count() or 1))
    cores: set[tuple[str, str]] = set()
    try:
        for cpu in allowed:
            base = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology")
            cores.add(((base / "physical_package_id").read_text().strip(), (base / "core_id").read_text().strip()))
    except OSError:
        return max(1, len(allowed))
    return max(1, len(cores))


# ---------------------------------------------------------------------------------------------
# The engine: one loaded model and its context.

class Engine:
    """A GGUF loaded through llama-cpp-python, generating through the llama.cpp C API."""

    def __init__(self, model_path: Path, *, n_ctx: int | None = None, threads: int | None = None,
                 info: GGUFInfo | None = None, flash_attn: bool = True, threadpool: bool = True,
                 lora_path: Path | None = None):
        from medgguf.llamacpp import load_binding

        self.info = info or inspect_gguf(Path(model_path), require_chat_template=True)
        if not self.info.chat_template:
            raise InputError(f"{model_path} has no chat template", "use an instruct model's GGUF")
        self.lora_path = None
        if lora_path is not None:  # a LoRA adapter GGUF applied to this base (medgguf export --to lora)
            from medgguf.export.lora import check_adapter

            self.lora_path = check_adapter(self.info, Path(lora_path)).path
        self.threads = threads or physical_cores()
        if self.threads < 1:
            raise InputError(f"--threads {self.threads} is below 1", "pass a positive thread count")
        trained = self.info.context_length or DEFAULT_CONTEXT
        self.n_ctx = min(n_ctx or DEFAULT_CONTEXT, trained)
        if self.n_ctx < 64:
            raise InputError(f"a context of {self.n_ctx} tokens is too small to chat", "use --ctx 512 or more")
        llama_cpp = load_binding()
        self._lib = llama_cpp
        self.llm = self._load(llama_cpp, flash_attn=flash_attn)
        self._ctx = self.llm._ctx.ctx
        self._threadpool = _Threadpool(llama_cpp, self._ctx, self.threads) if threadpool else None
        self._vocab = self.llm._model.vocab
        self._memory = llama_cpp.llama_get_memory(self._ctx)
        self._cached: list[int] = []           # tokens whose K/V are in the cache, in order
        self._one = (llama_cpp.llama_token * 1)()
        self._one_batch = llama_cpp.llama_batch_get_one(self._one, 1)
        self._piece_buffer = ctypes.create_string_buffer(256)
        self.bos_text = self._token_text(self.info.bos_token_id)
        self.eos_text = self._token_text(self.info.eos_token_id)
        self._template = _compile_template(self.info.chat_template)

    def _load(self, llama_cpp, *, flash_attn: bool):
        """Llama with llama-bench's settings: memory-mapped, flash attention where it works."""
        try:
            return llama_cpp.Llama(model_path=str(self.info.path), n_ctx=self.n_ctx, n_batch=PROMPT_BATCH,
                                   n_ubatch=PROMPT_BATCH, n_threads=self.threads, n_threads_batch=self.threads,
                                   use_mmap=True, flash_attn=flash_attn, verbose=False,
                                   lora_path=str(self.lora_path) if self.lora_path else None)
        except RuntimeError as exc:  # the binding's "Failed to initialize/set LoRA adapter"
            raise InputError(f"llama.cpp could not apply the adapter {self.lora_path} ({exc})",
                             "pass the base model the adapter was made for") from None
        except ValueError as exc:  # llama-cpp-python's "Failed to load model from file" / "context"
            if flash_attn and "context" in str(exc):
                return self._load(llama_cpp, flash_attn=False)
            raise InputError(f"llama.cpp could not load {self.info.path} ({exc})",
                             "rebuild the GGUF with `medgguf build` or check it with the same llama.cpp pin") from None

    def close(self) -> None:
        if self._threadpool is not None:
            self._threadpool.free()
            self._threadpool = None
        self.llm.close()

    def reset_cache(self) -> None:
        """Forget the KV cache, so the next prompt is decoded from its first token."""
        self._lib.llama_memory_clear(self._memory, True)
        self._cached.clear()

    # -- text <-> tokens ---------------------------------------------------------------------
    def _token_text(self, token: int | None) -> str:
        if token is None or token < 0:
            return ""
        return self._lib.llama_vocab_get_text(self._vocab, token).decode("utf-8", errors="replace")

    def render(self, messages: list[dict]) -> str:
        """The prompt text for ``messages`` by the GGUF's own chat template."""
        return self._template.render(messages=messages, add_generation_prompt=True,
                                     bos_token=self.bos_text, eos_token=self.eos_text)

    def tokenize(self, text: str) -> list[int]:
        # The template may already begin with BOS; then llama.cpp must not add a second one.
        add_special = not (self.bos_text and text.startswith(self.bos_text))
        return self.llm.tokenize(text.encode("utf-8"), add_bos=add_special, special=True)

    def tokenize_plain(self, text: str) -> list[int]:
        """``text`` as plain text: a typed "<|eot_id|>" stays text, never a control token."""
        return self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize_plain(text))

    # -- generation ------------------------------------------------------------------------
    def generate(self, prompt: list[int], sampling: Sampling, *, on_token: OnToken | None = None,
                 should_stop: ShouldStop | None = None) -> Answer:
        """Decode ``prompt`` (reusing the cached prefix) and sample until end of turn or a limit."""
        lib = self._lib
        if len(prompt) >= self.n_ctx:
            raise InputError(f"the prompt is {len(prompt)} tokens but the context holds {self.n_ctx}",
                             "shorten it or raise --ctx")
        started = time.perf_counter()
        n_cached = self._reuse_prefix(prompt)
        self._decode_prompt(prompt[n_cached:])
        prompt_done = time.perf_counter()
        n_new_prompt = len(prompt) - n_cached

        sampler = _sampler_chain(lib, sampling, lib.llama_vocab_n_tokens(self._vocab))
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pieces: list[str] = []
        n_generated = 0
        first_token_at = 0.0
        finish = "length"
        try:
            while True:
                if should_stop is not None and should_stop():
                    finish = "interrupted"
                    break
                token = lib.llama_sampler_sample(sampler, self._ctx, -1)
                if not n_generated:
                    first_token_at = time.perf_counter()
                if lib.llama_vocab_is_eog(self._vocab, token):
                    finish = "stop"
                    break
                n_generated += 1
                text = decoder.decode(self._piece(token))
                if text:
                    pieces.append(text)
                    if on_token is not None:
                        on_token(text)
                if n_generated >= sampling.max_tokens or len(self._cached) + 1 >= self.n_ctx:
                    break
                self._one[0] = token
                self._decode(self._one_batch, 1)
                self._cached.append(token)
        except KeyboardInterrupt:
            finish = "interrupted"
            if should_stop is None:
                raise
        finally:
            lib.llama_sampler_free(sampler)
        ended = time.perf_counter()
        tail = decoder.decode(b"", final=True)
        if tail:
            pieces.append(tail)
            if on_token is not None:
                on_token(tail)
        decode_seconds = ended - first_token_at if n_generated > 1 else 0.0
        prompt_seconds = prompt_done - started
        return Answer(
            text="".join(pieces), n_prompt_tokens=len(prompt), n_completion_tokens=n_generated,
            finish_reason=finish, stopped_at_end_of_turn=finish == "stop",
            ttft_s=(first_token_at or ended) - started,
            decode_tokens_per_s=(n_generated - 1) / decode_seconds if decode_seconds > 0 else 0.0,
            prompt_tokens_per_s=n_new_prompt / prompt_seconds if n_new_prompt and prompt_seconds > 0 else 0.0,
            n_cached_tokens=n_cached, context_used=len(prompt) + n_generated,
            context_size=self.n_ctx,
        )

    def _piece(self, token: int) -> bytes:
        size = self._lib.llama_token_to_piece(self._vocab, token, self._piece_buffer, 256, 0, False)
        if size < 0:  # a piece longer than the buffer: rare, so allocate only then
            buffer = ctypes.create_string_buffer(-size)
            size = self._lib.llama_token_to_piece(self._vocab, token, buffer, -size, 0, False)
            return buffer.raw[:size]
        return self._piece_buffer.raw[:size]

    def _reuse_prefix(self, prompt: list[int]) -> int:
        """Drop cached tokens past the shared prefix; at least one prompt token is decoded anew
        because sampling needs that token's logits."""
        shared = 0
        for cached, wanted in zip(self._cached, prompt):
            if cached != wanted:
                break
            shared += 1
        shared = min(shared, len(prompt) - 1)
        if shared < len(self._cached):
            if not self._lib.llama_memory_seq_rm(self._memory, 0, shared, -1):
                self._lib.llama_memory_clear(self._memory, True)
                shared = 0
            del self._cached[shared:]
        return shared

    def _decode_prompt(self, tokens: list[int]) -> None:
        for start in range(0, len(tokens), PROMPT_BATCH):
            chunk = tokens[start:start + PROMPT_BATCH]
            array = (self._lib.llama_token * len(chunk))(*chunk)
            self._decode(self._lib.llama_batch_get_one(array, len(chunk)), len(chunk))
            self._cached.extend(chunk)

    def _decode(self, batch, n_tokens: int) -> None:
        code = self._lib.llama_decode(self._ctx, batch)
        if code != 0:
            # 1: no KV slot; the cache is in an unknown state, so start the next turn from empty.
            self._lib.llama_memory_clear(self._memory, True)
            self._cached.clear()
            raise InputError(f"llama.cpp could not decode {n_tokens} token(s) (llama_decode returned {code})",
                             "the context is full: /reset the conversation or raise --ctx")


class _ThreadpoolParams(ctypes.Structure):
    # struct ggml_threadpool_params in llama.cpp ggml/include/ggml.h (GGML_MAX_N_THREADS = 512)
    _fields_ = [("cpumask", ctypes.c_bool * 512), ("n_threads", ctypes.c_int), ("prio", ctypes.c_int),
                ("poll", ctypes.c_uint32), ("strict_cpu", ctypes.c_bool), ("paused", ctypes.c_bool)]


class _Threadpool:
    """A persistent ggml CPU threadpool attached to the context, as llama-bench attaches one.

    Without it ggml starts and joins its worker threads for every decoded token; the binding
    does not wrap llama_attach_threadpool, so it is bound here from the same libraries.
    """

    def __init__(self, llama_cpp, ctx, n_threads: int):
        from medgguf.llamacpp import library_dir

        directory = library_dir()
        base = ctypes.CDLL(str(_shared_library(directory, "libggml-base")))
        self._cpu = ctypes.CDLL(str(_shared_library(directory, "libggml-cpu")))
        llama = llama_cpp.llama_cpp._lib
        base.ggml_threadpool_params_default.restype = _ThreadpoolParams
        base.ggml_threadpool_params_default.argtypes = [ctypes.c_int]
        self._cpu.ggml_threadpool_new.restype = ctypes.c_void_p
        self._cpu.ggml_threadpool_new.argtypes = [ctypes.POINTER(_ThreadpoolParams)]
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


def _sampler_chain(lib, sampling: Sampling, n_vocab: int):
    """[repeat penalty] -> temperature -> top-k -> top-p -> random draw, the order transformers
    applies them in; greedy (argmax) when the temperature is 0."""
    params = lib.llama_sampler_chain_default_params()
    params.no_perf = True
    chain = lib.llama_sampler_chain_init(params)
    if sampling.logit_bias:
        biases = (lib.llama_logit_bias * len(sampling.logit_bias))(
            *(lib.llama_logit_bias(token, bias) for token, bias in sampling.logit_bias.items()))
        # llama.cpp copies the array, so it need not outlive this call.
        lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_logit_bias(n_vocab, len(biases), biases))
    if sampling.repeat_penalty != 1.0:
        lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_penalties(
            n_vocab, REPEAT_PENALTY_LAST_N, sampling.repeat_penalty, 0.0, 0.0))
    if sampling.temperature <= 0:
        lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_greedy())
        return chain
    lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_temp(sampling.temperature))
    if sampling.top_k > 0:
        lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_top_k(sampling.top_k))
    if sampling.top_p < 1:
        lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_top_p(sampling.top_p, 1))
    seed = lib.LLAMA_DEFAULT_SEED if sampling.seed is None else sampling.seed & 0xFFFFFFFF
    lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_dist(seed))
    return chain


def _compile_template(source: str):
    """The chat template in a sandbox, with the helpers transformers gives templates."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    def raise_exception(message: str):
        raise InputError(f"the model's chat template refused the conversation: {message}",
                         "check the roles: system first, then alternating user and assistant")

    environment = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                                extensions=[jinja2.ext.loopcontrols])
    environment.globals["raise_exception"] = raise_exception
    environment.globals["strftime_now"] = lambda fmt: time.strftime(fmt)
    environment.filters["tojson"] = lambda value, indent=None: json.dumps(value, ensure_ascii=False, indent=indent)
    try:
        return environment.from_string(source)
    except jinja2.TemplateError as exc:
        raise InputError(f"the GGUF's chat template does not compile ({exc})",
                         "convert the model again from a checkpoint with a valid chat_template") from None


# ---------------------------------------------------------------------------------------------
# One-shot answers (medgguf ask, the quickstart)

def answer(model_path: Path, question: str, *, system_prompt: str | None = None, max_tokens: int = 400,
           temperature: float = 0.7, top_p: float = 0.9, seed: int | None = None, threads: int | None = None,
           on_token: OnToken | None = None, top_k: int = DEFAULT_TOP_K, n_ctx: int | None = None,
           repeat_penalty: float = 1.0, lora_path: Path | None = None) -> Answer:
    """Answer one question through the code path the chat uses (ChatSession.send)."""
    if not question.strip():
        raise InputError("the question is empty", "pass a question, or `-` to read it from stdin")
    sampling = Sampling(temperature=temperature, top_p=top_p, top_k=top_k, max_tokens=max_tokens,
                        seed=seed, repeat_penalty=repeat_penalty).validate()
    engine = Engine(Path(model_path), threads=threads, n_ctx=n_ctx, lora_path=lora_path)
    try:
        session = ChatSession(engine, system_prompt=system_prompt, sampling=sampling)
        return session.send(question, on_token=on_token).answer
    finally:
        engine.close()


# ---------------------------------------------------------------------------------------------
# A conversation: history, context fitting, transcript.

@dataclass(frozen=True)
class Turn:
    answer: Answer
    dropped_turns: int          # oldest exchanges dropped to make room
    max_tokens: int             # the generation budget actually used (may be cut to fit the context)


@dataclass
class ChatSession:
    engine: Engine
    system_prompt: str | None = None
    sampling: Sampling = field(default_factory=Sampling)
    transcript: "Transcript | None" = None
    messages: list[dict] = field(default_factory=list)     # user/assistant only, oldest first
    answers: list[Answer] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.system_prompt is None:
            self.system_prompt = DEFAULT_SYSTEM_PROMPT

    # -- prompt building ---------------------------------------------------------------------
    def _conversation(self, messages: list[dict]) -> list[dict]:
        system = [{"role": "system", "content": self.system_prompt}] if self.system_prompt else []
        return system + messages

    def prompt_tokens(self, messages: list[dict]) -> list[int]:
        return self.engine.tokenize(self.engine.render(self._conversation(messages)))

    def fit(self, user_text: str) -> tuple[list[int], int, int]:
        """Prompt tokens for history + ``user_text``, dropping the oldest exchanges until the
        prompt and the answer budget fit; returns (tokens, exchanges dropped, answer budget)."""
        n_ctx = self.engine.n_ctx
        history = list(self.messages)
        dropped = 0
        while True:
            tokens = self.prompt_tokens(history + [{"role": "user", "content": user_text}])
            room = n_ctx - len(tokens) - 1
            if room >= min(self.sampling.max_tokens, 64) or not history:
                break
            # Drop the oldest user message and the answers that followed it.
            history.pop(0)
            while history and history[0]["role"] != "user":
                history.pop(0)
            dropped += 1
        if room < 1 or (room < min(self.sampling.max_tokens, 64) and not history):
            alone = self.engine.count_tokens(user_text)
            raise InputError(
                f"your message is {alone} tokens and the context holds {n_ctx} with room for the answer",
                "paste a shorter excerpt, or restart with a larger --ctx "
                f"(the model was trained on up to {self.engine.info.context_length or '?'} tokens)")
        if dropped:
            self.messages = history
            if self.transcript is not None:
                self.transcript.event("context_trimmed", dropped_exchanges=dropped)
        return tokens, dropped, min(self.sampling.max_tokens, room)

    # -- one exchange ------------------------------------------------------------------------
    def send(self, user_text: str, *, on_token: OnToken | None = None,
             should_stop: ShouldStop | None = None) -> Turn:
        tokens, dropped, budget = self.fit(user_text)
        self.messages.append({"role": "user", "content": user_text})
        if self.transcript is not None:
            self.transcript.message("user", user_text)
        result = self.engine.generate(tokens, replace(self.sampling, max_tokens=budget),
                                      on_token=on_token, should_stop=should_stop)
        self.messages.append({"role": "assistant", "content": result.text})
        self.answers.append(result)
        if self.transcript is not None:
            self.transcript.message("assistant", result.text, stats=result.stats())
        return Turn(answer=result, dropped_turns=dropped, max_tokens=budget)

    def reset(self) -> None:
        self.messages.clear()
        if self.transcript is not None:
            self.transcript.event("reset")

    def set_system(self, text: str) -> None:
        self.system_prompt = text
        if self.transcript is not None:
            self.transcript.event("system", content=text)

    def load(self, path: Path) -> int:
        """Replace the conversation by a saved transcript's; returns the number of messages."""
        system, messages = read_transcript(path)
        self.messages = messages
        if system is not None:
            self.system_prompt = system
        if self.transcript is not None:
            self.transcript.event("loaded", source=str(path), messages=messages, system=self.system_prompt)
        return len(messages)

    def context_used(self) -> int:
        return len(self.prompt_tokens(self.messages)) if self.messages else 0


# ---------------------------------------------------------------------------------------------
# Transcripts: JSONL, one event per line, mode 0600, rewritten atomically after each event.

TRANSCRIPT_GLOB = "chat-*.jsonl"


class Transcript:
    def __init__(self, path: Path, events: list[dict] | None = None):
        self.path = Path(path)
        self.events: list[dict] = events or []

    @classmethod
    def create(cls, directory: Path, *, model: Path, system_prompt: str | None, sampling: Sampling) -> "Transcript":
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        os.chmod(directory, 0o700)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = directory / f"chat-{stamp}-{os.getpid()}.jsonl"
        transcript = cls(path)
        transcript.event("session", model=str(model), system=system_prompt, sampling=asdict(sampling))
        return transcript

    @classmethod
    def latest(cls, directory: Path) -> "Transcript":
        candidates = sorted(Path(directory).glob(TRANSCRIPT_GLOB), key=lambda p: p.stat().st_mtime)
        if not candidates:
            raise InputError(f"no transcript to resume in {directory}",
                             "start a new chat without --resume (transcripts are saved automatically)")
        path = candidates[-1]
        return cls(path, _read_events(path))

    def message(self, role: str, content: str, **extra) -> None:
        self.event("message", role=role, content=content, **extra)

    def event(self, kind: str, **fields) -> None:
        self.events.append({"type": kind, "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **fields})
        self.write(self.path)

    def write(self, path: Path) -> None:
        text = "".join(json.dumps(event, ensure_ascii=False, default=str) + "\n" for event in self.events)
        atomic.write_text(Path(path), text, mode=0o600)


def _read_events(path: Path) -> list[dict]:
    path = Path(path).expanduser()
    if not path.is_file():
        raise InputError(f"transcript {path} does not exist", "pass a file written by /save or the auto-transcript")
    events = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path} line {number} is not JSON ({exc.msg})",
                             "pass a transcript written by medgguf chat (JSONL)") from None
        if not isinstance(event, dict):
            raise InputError(f"{path} line {number} is not a JSON object", "pass a medgguf chat transcript")
        events.append(event)
    return events


def replay(events: Iterable[dict]) -> tuple[str | None, list[dict]]:
    """The system prompt and user/assistant messages a transcript's events leave behind."""
    system: str | None = None
    messages: list[dict] = []
    for event in events:
        kind = event.get("type")
        if kind == "session":
            system = event.get("system", system)
        elif kind == "system":
            system = event.get("content")
        elif kind == "reset":
            messages = []
        elif kind == "loaded":
            messages = [dict(m) for m in event.get("messages", [])]
            system = event.get("system", system)
        elif kind == "message" and event.get("role") in ("user", "assistant"):
            messages.append({"role": event["role"], "content": str(event.get("content", ""))})
    # A transcript cut off after a question (Ctrl-D mid-answer) resumes at the question's answer.
    if messages and messages[-1]["role"] == "user":
        messages.pop()
    return system, messages


def read_transcript(path: Path) -> tuple[str | None, list[dict]]:
    return replay(_read_events(path))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")


def sanitize(text: str) -> str:
    """Model text with terminal control characters removed (escape sequences could redraw the
    screen over the emergency notice)."""
    return _CONTROL.sub("", text)


def default_transcripts_dir() -> Path:
    """Where chats with a GGUF outside a run directory keep their transcripts."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "medgguf" / "transcripts"


# ---------------------------------------------------------------------------------------------
# Slash commands

HELP = """\
/help             this list
/reset            forget the conversation (the system prompt stays)
/system [TEXT]    show or set the system prompt
/temp X           sampling temperature (0 = greedy)
/top_p X          nucleus sampling threshold, 0 < X <= 1
/top_k N          sample from the N likeliest tokens (0 = off)
/max N            new tokens per answer
/seed N|random    random seed for sampling
/save [FILE]      save the conversation as JSONL (default ./medgguf-chat-<time>.jsonl)
/load FILE        continue a saved conversation
/stats            speed and context of the last answer, and the settings
/exit             leave (Ctrl-D does too); Ctrl-C stops an answer"""


@dataclass(frozen=True)
class CommandResult:
    message: str
    exit: bool = False
    style: str = "cyan"


def handle_command(session: ChatSession, line: str) -> CommandResult:
    """Run one slash command against ``session``; InputError for bad arguments."""
    name, _, argument = line.strip().partition(" ")
    name, argument = name.lower(), argument.strip()
    if name in ("/exit", "/quit", "/bye"):
        return CommandResult("", exit=True)
    if name in ("/help", "/?"):
        return CommandResult(HELP)
    if name == "/reset":
        session.reset()
        return CommandResult("conversation cleared; the system prompt is kept")
    if name == "/system":
        if not argument:
            return CommandResult(f"system prompt: {session.system_prompt}")
        session.set_system(argument)
        return CommandResult("system prompt set")
    if name in ("/temp", "/temperature", "/top_p", "/top-p", "/top_k", "/top-k", "/max", "/seed"):
        return CommandResult(_set_sampling(session, name, argument))
    if name == "/save":
        target = Path(argument).expanduser() if argument else Path(f"medgguf-chat-{time.strftime('%Y%m%d-%H%M%S')}.jsonl")
        events = session.transcript.events if session.transcript is not None else []
        saved = Transcript(target, list(events) or _events_from(session))
        saved.write(target)
        return CommandResult(f"saved {len(session.messages)} messages to {target}")
    if name == "/load":
        if not argument:
            raise InputError("/load needs a file", "type /load FILE with a file written by /save")
        count = session.load(Path(argument))
        return CommandResult(f"loaded {count} messages from {argument}")
    if name == "/stats":
        return CommandResult(stats_text(session))
    raise InputError(f"unknown command {name}", "type /help for the list")


def _events_from(session: ChatSession) -> list[dict]:
    return [{"type": "session", "system": session.system_prompt, "sampling": asdict(session.sampling)}] + [
        {"type": "message", **message} for message in session.messages]


def _set_sampling(session: ChatSession, name: str, argument: str) -> str:
    key = {"/temp": "temperature", "/temperature": "temperature", "/top_p": "top_p", "/top-p": "top_p",
           "/top_k": "top_k", "/top-k": "top_k", "/max": "max_tokens", "/seed": "seed"}[name]
    if not argument:
        return f"{key} = {getattr(session.sampling, key)}"
    try:
        if key == "seed":
            value = None if argument.lower() in ("random", "none") else int(argument)
        elif key in ("top_k", "max_tokens"):
            value = int(argument)
        else:
            value = float(argument)
    except ValueError:
        raise InputError(f"{name} needs a number, not {argument!r}", f"e.g. {name} {getattr(session.sampling, key)}") from None
    session.sampling = replace(session.sampling, **{key: value}).validate()
    if session.transcript is not None:
        session.transcript.event("settings", sampling=asdict(session.sampling))
    return f"{key} = {value}"


def status_line(result: Answer) -> str:
    """The line under each answer: speed, first-token latency, context used."""
    used = result.context_used
    percent = 100 * used / result.context_size if result.context_size else 0
    ending = {"stop": "", "length": " · stopped at the token limit", "interrupted": " · stopped"}[result.finish_reason]
    return (f"{result.n_completion_tokens} tokens · {result.decode_tokens_per_s:.1f} tok/s · "
            f"first token {result.ttft_s:.2f} s · context {used}/{result.context_size} ({percent:.0f}%){ending}")


def stats_text(session: ChatSession) -> str:
    engine = session.engine
    lines = [f"model: {engine.info.summary()}", f"threads: {engine.threads} · context: {engine.n_ctx} tokens",
             f"sampling: temperature {session.sampling.temperature}, top-p {session.sampling.top_p}, "
             f"top-k {session.sampling.top_k}, max {session.sampling.max_tokens} tokens, "
             f"seed {session.sampling.seed if session.sampling.seed is not None else 'random'}",
             f"conversation: {len(session.messages)} messages, {session.context_used()} prompt tokens"]
    if session.answers:
        last = session.answers[-1]
        lines.append(f"last answer: {status_line(last)} · prompt {last.n_prompt_tokens} tokens "
                     f"({last.n_cached_tokens} cached) at {last.prompt_tokens_per_s:.1f} tok/s")
        total = sum(a.n_completion_tokens for a in session.answers)
        lines.append(f"session: {len(session.answers)} answers, {total} tokens generated")
    if session.transcript is not None:
        lines.append(f"transcript: {session.transcript.path}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The interactive loop

def run_chat(model_path: Path, *, console, system_prompt: str | None = None, sampling: Sampling | None = None,
             threads: int | None = None, n_ctx: int | None = None, transcripts_dir: Path,
             resume: bool = False, lora_path: Path | None = None) -> Path:
    """The terminal chat on ``console`` (a Rich Console); returns the transcript's path."""
    import signal

    from rich.live import Live
    from rich.markdown import Markdown
    from rich.panel import Panel
    from rich.text import Text

    from medgguf import triage

    sampling = (sampling or Sampling()).validate()
    info = inspect_gguf(Path(model_path), require_chat_template=True)
    # Resolve --resume before loading the model, so a missing transcript fails at once.
    transcript = Transcript.latest(transcripts_dir) if resume else None
    console.print(Panel(Text(triage.DISCLAIMER), title="medical disclaimer", border_style="yellow"))
    with console.status(f"loading {info.path.name} …"):
        engine = Engine(info.path, n_ctx=n_ctx, threads=threads, info=info, lora_path=lora_path)
    try:
        session = ChatSession(engine, system_prompt=system_prompt, sampling=sampling)
        if transcript is not None:
            saved_system, session.messages = replay(transcript.events)
            if system_prompt is None and saved_system:
                session.system_prompt = saved_system
            transcript.event("resumed", model=str(info.path))
            console.print(f"[cyan]resumed {len(session.messages)} messages from {transcript.path}[/]", highlight=False)
        else:
            transcript = Transcript.create(transcripts_dir, model=info.path, system_prompt=session.system_prompt,
                                           sampling=sampling)
        session.transcript = transcript
        adapter = f" + LoRA {engine.lora_path.name}" if engine.lora_path else ""
        console.print(f"[dim]{info.summary()}{adapter} · {engine.threads} threads · context {engine.n_ctx} · "
                      f"/help for commands, Ctrl-C stops an answer, Ctrl-D exits[/]", highlight=False)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        if engine.threads > 1 and load > physical_cores():
            # llama.cpp's threads wait for each other at every layer; on a busy CPU one thread
            # that keeps its core beats two that keep losing theirs (measured: 50 vs 2 tok/s).
            console.print(f"[yellow]the CPU is busy (load {load:.1f} on {physical_cores()} cores): "
                          f"if answers are slow, restart with --threads 1[/]")
        _loop(session, console, Live, Markdown, Panel, Text, signal, triage)
    finally:
        engine.close()
    console.print(f"[dim]transcript: {transcript.path}[/]", highlight=False)
    return transcript.path


def _loop(session: ChatSession, console, Live, Markdown, Panel, Text, signal, triage) -> None:  # noqa: N803
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input())
    while True:
        try:
            line = console.input("[bold cyan]you>[/] ")
        except EOFError:
            console.print()
            return
        except KeyboardInterrupt:
            console.print("\n[dim](Ctrl-D or /exit to leave)[/]", highlight=False)
            continue
        if not line.strip():
            continue
        if line.lstrip().startswith("/"):
            try:
                result = handle_command(session, line)
            except InputError as exc:
                console.print(f"[red]{exc}[/]", highlight=False)
                continue
            if result.exit:
                return
            console.print(Text(result.message, style=result.style))
            continue

        result = triage.triage(line)
        # Printed before the model runs, in a style no model text can take: answers are
        # rendered as Markdown with control characters stripped.
        show_triage_notice(console, result, Panel, Text, triage)
        try:
            _, dropped, budget = session.fit(line)
        except InputError as exc:
            console.print(f"[red]{exc}[/]", highlight=False)
            continue
        if dropped:
            console.print(f"[yellow]context full: dropped the oldest {dropped} exchange(s) to make room "
                          f"(the model no longer sees them)[/]", highlight=False)
        if budget < session.sampling.max_tokens:
            console.print(f"[yellow]only {budget} tokens of context are left for this answer[/]", highlight=False)
        stop = {"requested": False}

        def on_sigint(_signum, _frame):
            stop["requested"] = True

        parts: list[str] = []
        previous = signal.signal(signal.SIGINT, on_sigint)
        try:
            console.print("[bold green]assistant[/]")
            # The refresh thread renders the Markdown; the token loop only appends text.
            with Live(get_renderable=lambda: Markdown("".join(parts) or "…"), console=console,
                      refresh_per_second=8, transient=False):
                turn = session.send(line, on_token=lambda piece: parts.append(sanitize(piece)),
                                    should_stop=lambda: stop["requested"])
        except InputError as exc:
            console.print(f"[red]{exc}[/]", highlight=False)
            continue
        finally:
            signal.signal(signal.SIGINT, previous)
        if turn.answer.finish_reason == "interrupted":
            console.print("[yellow]answer stopped (Ctrl-C); ask again or /exit[/]", highlight=False)
        console.print(f"[dim]{status_line(turn.answer)}[/]", highlight=False)
        if result.is_emergency:
            console.print(Text(f"⚠ {triage.CALL_NOW}", style="bold white on red"))


def show_triage_notice(console, result, Panel, Text, triage) -> None:  # noqa: N803
    """The emergency (red) or see-a-clinician-today (yellow) panel for a triage result; nothing
    for a routine message."""
    if result.level == "emergency":
        console.print(Panel(Text(triage.notice(result), style="bold white"),
                            title=f"[bold]{triage.EMERGENCY_HEADLINE}[/]", style="on red", border_style="bold white"))
    elif result.level == "urgent":
        console.print(Panel(Text(triage.notice(result), style="bold black"),
                            title=f"[bold]{triage.URGENT_HEADLINE}[/]", style="on yellow", border_style="bold black"))
