"""The chat's settings and their defaults, defined once for chat, ask, verify, the quality table and
the CLI: the sampling of the published recipe and the context window."""

from __future__ import annotations

from dataclasses import dataclass, field

from medgguf.errors import InputError

# The published recipe's sampling (temperature 0.7, top-p 0.9, 400 new tokens); top-k 50 is the
# transformers GenerationConfig default that recipe sampled with, and it keeps top-p from sorting
# the whole vocabulary for every token.
DEFAULT_TEMPERATURE = 0.7
DEFAULT_TOP_P = 0.9
DEFAULT_TOP_K = 50
DEFAULT_MAX_TOKENS = 400
# llama.cpp's classic repetition penalty, chosen by the decoding sweep on the demo's validation
# split (scripts/bench_degeneration.py --sweep; README "Answers that end"): with plain sampling 31%
# of sentences repeated an earlier one and 40% of answers ran to the token limit; 1.1 took them to
# 0% and 20% and raised ROUGE-L from 0.111 to 0.140. DRY with it scored within the tie margin,
# and an Ollama Modelfile cannot express DRY, so DRY stays off by default (`--dry 0.8` turns it on).
DEFAULT_REPEAT_PENALTY = 1.1
DEFAULT_CONTEXT = 4096  # tokens, at most the model's own


@dataclass
class Sampling:
    temperature: float = DEFAULT_TEMPERATURE
    top_p: float = DEFAULT_TOP_P
    top_k: int = DEFAULT_TOP_K
    max_tokens: int = DEFAULT_MAX_TOKENS
    seed: int | None = None
    repeat_penalty: float = DEFAULT_REPEAT_PENALTY  # llama.cpp's, over the last 64 tokens; 1.0 = off
    # DRY ("don't repeat yourself", llama.cpp's sampler): a token that would extend a sequence
    # already seen in the answer past dry_allowed_length tokens loses
    # dry_multiplier * dry_base ** (length - dry_allowed_length) of its logit; 0 = off.
    dry_multiplier: float = 0.0
    dry_base: float = 1.75
    dry_allowed_length: int = 2
    logit_bias: dict[int, float] = field(default_factory=dict)  # added to a token's logit before sampling

    def validate(self) -> Sampling:
        check_repeat_penalty(self.repeat_penalty)
        if not 0 <= self.dry_multiplier <= 5:
            raise InputError(f"DRY multiplier {self.dry_multiplier} is out of range", "use 0 (off) to 5, e.g. 0.8")
        if self.dry_multiplier and (self.dry_base <= 1 or self.dry_allowed_length < 1):
            raise InputError(
                f"DRY base {self.dry_base} / allowed length {self.dry_allowed_length} are out of range",
                "use a base above 1 (1.75) and an allowed length of 1 or more (2)",
            )
        if not 0 <= self.temperature <= 5:
            raise InputError(f"temperature {self.temperature} is out of range", "use a value from 0 (greedy) to 5")
        if not 0 < self.top_p <= 1:
            raise InputError(f"top-p {self.top_p} is out of range", "use a value in (0, 1]")
        if self.top_k < 0:
            raise InputError(f"top-k {self.top_k} is negative", "use 0 (off) or a positive count")
        if self.max_tokens < 1:
            raise InputError(f"max tokens {self.max_tokens} is below 1", "use a positive count, e.g. 400")
        return self


def greedy(max_tokens: int, repeat_penalty: float = 1.0, logit_bias: dict[int, float] | None = None) -> Sampling:
    """Argmax decoding (after the repetition penalty): verify's and the quality table's answers."""
    return Sampling(
        temperature=0.0, max_tokens=max_tokens, repeat_penalty=repeat_penalty, logit_bias=dict(logit_bias or {})
    ).validate()


def check_repeat_penalty(value: float) -> None:
    if not 0 < value <= 2:
        raise InputError(f"repeat penalty {value} is out of range", "use a value in (0, 2]; 1 is off")
