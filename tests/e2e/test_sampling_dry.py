"""DRY in the chat engine's sampler chain, on the real demo base model: greedy decoding of an answer
that has begun to loop goes on looping without DRY, and stops extending the repeat with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from medgguf import models
from medgguf.chat.engine import Engine
from medgguf.chat.sampling import Sampling
from medgguf.eval.degeneration import SampledAnswer, counts

QUESTION = [{"role": "user", "content": "What should I do every day?"}]
LOOP_BEGUN = "Here are daily tips:\n- Drink water and rest.\n- Drink water and rest.\n- Drink water and rest.\n-"


@pytest.fixture(scope="module")
def engine():
    loaded = Engine(Path(models.demo_gguf()), n_ctx=1024, threads=2)
    yield loaded
    loaded.close()


def _rep_4(engine: Engine, sampling: Sampling) -> float:
    engine.reset_cache()
    reply = engine.generate(engine.prompt(QUESTION) + engine.tokenize_plain(LOOP_BEGUN), sampling.validate())
    repeated, total = counts(SampledAnswer(0, reply.text, reply.finish_reason == "length"))["rep_4"]
    assert total > 0, reply.text
    return repeated / total


def test_dry_breaks_the_repeat_that_plain_greedy_decoding_makes(engine):
    plain = _rep_4(engine, Sampling(temperature=0.0, max_tokens=60))
    dry = _rep_4(engine, Sampling(temperature=0.0, max_tokens=60, dry_multiplier=2.0))
    assert plain > 0.5  # "Drink water and rest." line after line
    assert dry < plain / 4
