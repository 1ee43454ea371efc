"""The chat engine behind ``medgguf chat``, ``ask``, verify and the quality table: one loaded GGUF
and one generation loop.

Speed: the loop drives llama.cpp through its C API (llama_decode on a one-token batch that is
allocated once, and a llama.cpp sampler chain that samples in C), so per token Python does a
handful of ctypes calls and nothing per vocabulary entry. The KV cache is kept between turns:
each turn decodes only the tokens past the longest prefix it shares with what is cached.
scripts/bench_chat_speed.py compares this loop with llama-bench.
"""

from __future__ import annotations

import codecs
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from medgguf import hardware, interrupts
from medgguf.chat.sampling import DEFAULT_CONTEXT, Sampling
from medgguf.chat.template import ChatTemplate, segments, tokenize_segments
from medgguf.errors import InputError
from medgguf.llamacpp import binding
from medgguf.llamacpp.gguf_check import GGUFInfo, inspect_gguf

log = logging.getLogger(__name__)

PROMPT_BATCH = 512

OnToken = Callable[[str], None]
ShouldStop = Callable[[], bool]


@dataclass(frozen=True)
class Answer:
    text: str
    n_prompt_tokens: int  # the whole prompt, cached part included
    n_completion_tokens: int
    finish_reason: str  # "stop": the model ended its turn; "length": max tokens or context; "interrupted"
    stopped_at_end_of_turn: bool
    ttft_s: float  # from the call to the first sampled token
    decode_tokens_per_s: float  # generated tokens after the first, per second
    prompt_tokens_per_s: float  # prompt tokens decoded (past the cached prefix), per second
    n_cached_tokens: int = 0  # prompt tokens reused from the previous turn's KV cache
    context_used: int = 0  # tokens in the context after this answer
    context_size: int = 0

    def stats(self) -> dict:
        """Counts and timings, without the text."""
        return {key: value for key, value in asdict(self).items() if key != "text"}


class Engine:
    """A GGUF loaded through llama-cpp-python, generating through the llama.cpp C API."""

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int | None = None,
        threads: int | None = None,
        info: GGUFInfo | None = None,
        flash_attn: bool = True,
        threadpool: bool = True,
        logits_all: bool = False,
        lora_path: Path | None = None,
    ):
        self.info = info or inspect_gguf(Path(model_path), require_chat_template=True)
        if not self.info.chat_template:
            raise InputError(f"{model_path} has no chat template", "use an instruct model's GGUF")
        self.lora_path = None
        if lora_path is not None:  # a LoRA adapter GGUF applied to this base (medgguf export --to lora)
            from medgguf.export.lora import check_adapter

            self.lora_path = check_adapter(self.info, Path(lora_path)).path
        self.threads = hardware.default_threads(threads)
        if self.threads < 1:
            raise InputError(f"--threads {self.threads} is below 1", "pass a positive thread count")
        trained = self.info.context_length or DEFAULT_CONTEXT
        self.n_ctx = min(n_ctx or DEFAULT_CONTEXT, trained)
        if self.n_ctx < 64:
            raise InputError(f"a context of {self.n_ctx} tokens is too small to chat", "use --ctx 512 or more")
        self.model = binding.Model(
            self.info.path,
            n_ctx=self.n_ctx,
            threads=self.threads,
            n_batch=PROMPT_BATCH,
            flash_attn=flash_attn,
            logits_all=logits_all,
            threadpool=threadpool,
            lora_path=self.lora_path,
        )
        self._cached: list[int] = []  # tokens whose K/V are in the cache, in order
        self._controls: list[str] | None = None
        self.bos_text = self.model.token_text(self.info.bos_token_id)
        self.template = ChatTemplate(
            self.info.chat_template, bos_token=self.bos_text, eos_token=self.model.token_text(self.info.eos_token_id)
        )

    def close(self) -> None:
        self.model.close()

    def reset_cache(self) -> None:
        """Forget the KV cache, so the next prompt is decoded from its first token."""
        self.model.clear()
        self._cached.clear()

    # -- text <-> tokens ---------------------------------------------------------------------
    def render(self, messages: list[dict]) -> str:
        """The prompt text for ``messages`` by the GGUF's own chat template."""
        return self.template.render(messages, add_generation_prompt=True)

    def tokenize(self, text: str) -> list[int]:
        # The template may already begin with BOS; then llama.cpp must not add a second one.
        add_special = not (self.bos_text and text.startswith(self.bos_text))
        return self.model.tokenize(text, add_bos=add_special, special=True)

    def prompt(self, messages: list[dict]) -> list[int]:
        """The prompt ids of ``messages``, rendered by the chat template: its scaffolding with
        control tokens, each message's content as plain text (a typed "<|im_end|>" stays text)."""
        if self._controls is None:  # read from the vocabulary once, on the first prompt
            self._controls = self.model.control_texts()
        return tokenize_segments(segments(self.render, messages, self._controls), self.model.tokenize, self.bos_text)

    def tokenize_plain(self, text: str) -> list[int]:
        """``text`` as plain text: a typed "<|eot_id|>" stays text, never a control token."""
        return self.model.tokenize(text, add_bos=False, special=False)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize_plain(text))

    # -- generation ------------------------------------------------------------------------
    def generate(
        self,
        prompt: list[int],
        sampling: Sampling,
        *,
        on_token: OnToken | None = None,
        should_stop: ShouldStop | None = None,
    ) -> Answer:
        """Decode ``prompt`` (reusing the cached prefix) and sample until end of turn or a limit."""
        model = self.model
        if len(prompt) >= self.n_ctx:
            raise InputError(
                f"the prompt is {len(prompt)} tokens but the context holds {self.n_ctx}", "shorten it or raise --ctx"
            )
        started = time.perf_counter()
        n_cached = self._reuse_prefix(prompt)
        self._decode(prompt[n_cached:])
        prompt_done = time.perf_counter()
        n_new_prompt = len(prompt) - n_cached

        chain = binding.SamplerChain(
            model,
            temperature=sampling.temperature,
            top_k=sampling.top_k,
            top_p=sampling.top_p,
            seed=sampling.seed,
            repeat_penalty=sampling.repeat_penalty,
            logit_bias=sampling.logit_bias,
            dry=(sampling.dry_multiplier, sampling.dry_base, sampling.dry_allowed_length),
        )
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
                token = model.sample(chain)
                if not n_generated:
                    first_token_at = time.perf_counter()
                if model.ends_generation(token):
                    finish = "stop"
                    break
                n_generated += 1
                text = decoder.decode(model.piece(token))
                if text:
                    pieces.append(text)
                    if on_token is not None:
                        on_token(text)
                if n_generated >= sampling.max_tokens or len(self._cached) + 1 >= self.n_ctx:
                    break
                self._decode([token])
        except KeyboardInterrupt:
            finish = "interrupted"
            if should_stop is None:
                raise
            interrupts.handled()
        finally:
            chain.free()
        ended = time.perf_counter()
        tail = decoder.decode(b"", final=True)
        if tail:
            pieces.append(tail)
            if on_token is not None:
                on_token(tail)
        decode_seconds = ended - first_token_at if n_generated > 1 else 0.0
        prompt_seconds = prompt_done - started
        return Answer(
            text="".join(pieces),
            n_prompt_tokens=len(prompt),
            n_completion_tokens=n_generated,
            finish_reason=finish,
            stopped_at_end_of_turn=finish == "stop",
            ttft_s=(first_token_at or ended) - started,
            decode_tokens_per_s=(n_generated - 1) / decode_seconds if decode_seconds > 0 else 0.0,
            prompt_tokens_per_s=n_new_prompt / prompt_seconds if n_new_prompt and prompt_seconds > 0 else 0.0,
            n_cached_tokens=n_cached,
            context_used=len(prompt) + n_generated,
            context_size=self.n_ctx,
        )

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
            if not self.model.forget_from(shared):
                self.model.clear()
                shared = 0
            del self._cached[shared:]
        return shared

    def _decode(self, tokens: list[int]) -> None:
        code = self.model.decode(tokens)
        if code != 0:
            # 1: no KV slot; the cache is in an unknown state, so start the next turn from empty.
            self.reset_cache()
            raise InputError(
                f"llama.cpp could not decode {len(tokens)} token(s) (llama_decode returned {code})",
                "the context is full: /reset the conversation or raise --ctx",
            )
        self._cached.extend(tokens)
