"""The verify stage: the shipped GGUF is the model that was trained, and it stops.

Every build proves, on the quantized file as llama.cpp loads it:
- tokenizer parity: the HF tokenizer and llama.cpp's give the same ids on held-out texts and
  on edge cases (dosages, units, emoji, other scripts, whitespace runs, typed special tokens);
- chat-template parity: a multi-turn conversation with a system message gives the same prompt
  ids through HF's template (as training rendered it) and through the chat engine (the GGUF's
  own template), with exactly one BOS;
- the GGUF's EOS/EOT ids contain the template's end-of-turn token, and generation stops on it
  (the token is forced with a logit bias, so this holds whatever the weights are);
- tied input/output embeddings stayed tied (no output matrix in the file).

A real build must also answer a medical question greedily and stop by itself before
``max_tokens``, and its answers *sampled at the chat's defaults* (a few held-out questions, a
few seeds) must end their turn and not loop: a greedy answer with a repetition penalty says
little about what `medgguf chat` shows a user. A build on a random shaped base (a rehearsal)
cannot answer anything, so it skips only these checks, and says so in ``reports/verify.json``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from medgguf import atomic, models
from medgguf.chat.sampling import greedy
from medgguf.config import Config
from medgguf.data.format import with_system
from medgguf.errors import StageFailed
from medgguf.eval import parity
from medgguf.llamacpp import quant_types
from medgguf.run import RunDir
from medgguf.stages import StageOptions, StagePlan
from medgguf.stages.quantize import output_path

log = logging.getLogger(__name__)

FORCED_BIAS = 1e9
PARITY_CONVERSATION = (
    {"role": "user", "content": "I've had a dry cough for 3 weeks and 37.8°C at night. Should I worry?"},
    {
        "role": "assistant",
        "content": "A cough lasting more than three weeks with fever should be checked by a "
        "doctor, who may order a chest X-ray.",
    },
    {"role": "user", "content": "Can I take 400mg ibuprofen with paracetamol meanwhile?"},
)


def chat_defaults() -> dict:
    import dataclasses

    from medgguf.chat.sampling import Sampling

    return dataclasses.asdict(Sampling())


def target(run: RunDir, cfg: Config):
    return output_path(run, cfg.verify.quant, cfg.quantize.imatrix)


def plan(run: RunDir, cfg: Config) -> StagePlan:
    splits = [run.split_file(split) for split in parity.HELD_OUT_SPLITS]
    return StagePlan(
        inputs=[target(run, cfg), run.merged_dir, *(p for p in splits if p.exists())],
        # The chat's defaults are part of what verify checks: a change to them re-verifies.
        config={**cfg.section("verify"), "system_prompt": cfg.data.system_prompt, "chat_defaults": chat_defaults()},
        outputs=[run.report_file("verify.json")],
    )


def execute(run: RunDir, cfg: Config, options: StageOptions) -> dict:
    from medgguf.chat.engine import Engine
    from medgguf.data.format import template_facts
    from medgguf.llamacpp.gguf_check import inspect_gguf

    model = target(run, cfg)
    info = inspect_gguf(model, require_chat_template=True)
    tokenizer = models.load_tokenizer(str(run.merged_dir))
    end_of_turn = template_facts(tokenizer)
    random_weights = models.is_shaped(models.resolve_base(cfg.model.base))
    texts, splits = parity.held_out_texts(run)
    engine = Engine(model, threads=options.threads)
    try:
        checks = [
            _stops_at_end_of_turn(engine, info, end_of_turn, cfg),
            parity.tokenizer_parity(tokenizer, engine.tokenize_plain, texts),
            _template_parity(engine, tokenizer, cfg),
            _tied_embeddings(run, info),
        ]
        reply = None if random_weights else _answer(engine, cfg)
        behaviour = None if random_weights else _sampled_behaviour(engine, run, cfg)
    finally:
        engine.close()
    result = {
        "model": run.rel(model),
        "quant": quant_types.file_label(cfg.verify.quant),
        "weights": "random weights (rehearsal: structural checks only)" if random_weights else "trained",
        "chat_template_chars": len(info.chat_template or ""),
        "end_of_turn_marker": end_of_turn.end_of_turn_text,
        "end_of_turn_token_id": end_of_turn.end_of_turn_id,
        "eos_token_id": info.eos_token_id,
        "eot_token_id": info.eot_token_id,
        "bos_token_id": info.bos_token_id,
        "parity_texts_from": splits,
        "checks": {check.name: check.as_dict() for check in checks},
        "answer": _answer_record(reply, cfg),
        "sampled_at_defaults": behaviour,
    }
    atomic.write_json(run.report_file("verify.json"), result)
    failed = next((check for check in checks if not check.passed), None)
    if failed is not None:
        raise StageFailed(f"{model.name}: {failed.failure}", f"details in {run.rel(run.report_file('verify.json'))}")
    if reply is not None and not reply.stopped_at_end_of_turn:
        raise StageFailed(
            f"{model.name}: a greedy answer ran to max_tokens={cfg.verify.max_tokens} without ending its turn",
            "train longer, or check the data's end-of-turn labels",
        )
    if behaviour is not None:
        _check_behaviour(model.name, behaviour, cfg, run)
    log.info(
        "verify: %s passed %d checks%s",
        model.name,
        len(checks),
        " (random weights: no answer asked)"
        if reply is None
        else f" and answered in {reply.n_completion_tokens} tokens",
    )
    metrics: dict[str, Any] = {check.name: check.passed for check in checks}
    metrics["tokenizer_parity_texts"] = checks[1].compared
    if reply is not None:
        metrics |= {
            "answer_tokens": reply.n_completion_tokens,
            "stopped_at_end_of_turn": reply.stopped_at_end_of_turn,
            "decode_tokens_per_s": reply.decode_tokens_per_s,
        }
    if behaviour is not None:
        metrics |= {
            "sampled_cut_off": behaviour["cut_off"]["value"],
            "sampled_repeated_sentences": behaviour["repeated_sentences"]["value"],
        }
    return metrics


def _stops_at_end_of_turn(engine, info, end_of_turn, cfg: Config) -> parity.ParityCheck:
    """The template's end-of-turn token is an EOS/EOT of the GGUF, and generation ends on it."""
    token = end_of_turn.end_of_turn_id
    stop_ids = sorted({i for i in (info.eos_token_id, info.eot_token_id) if i is not None})
    details = {"token": token, "text": end_of_turn.end_of_turn_text, "gguf_eos_eot": stop_ids}
    if token not in stop_ids:
        return parity.ParityCheck(
            "end_of_turn",
            1,
            f"the chat template ends turns with {end_of_turn.end_of_turn_text} "
            f"(id {token}) but the GGUF's EOS/EOT ids are {stop_ids}, so generation would "
            "not stop",
            details,
        )
    forced = engine.generate(
        engine.prompt(with_system(cfg.data.system_prompt, [{"role": "user", "content": cfg.verify.question}])),
        greedy(4, logit_bias={token: FORCED_BIAS}),
    )
    engine.reset_cache()
    details |= {"forced_finish_reason": forced.finish_reason, "forced_tokens_before_stop": forced.n_completion_tokens}
    if forced.finish_reason != "stop" or forced.n_completion_tokens:
        return parity.ParityCheck(
            "end_of_turn",
            1,
            f"generation did not stop on a forced {end_of_turn.end_of_turn_text} "
            f"(finish {forced.finish_reason!r} after {forced.n_completion_tokens} tokens)",
            details,
        )
    return parity.ParityCheck("end_of_turn", 1, details=details)


def _template_parity(engine, tokenizer, cfg: Config) -> parity.ParityCheck:
    from medgguf.data.format import encode

    conversation = with_system(cfg.data.system_prompt or "You are a helpful medical assistant.", PARITY_CONVERSATION)
    # Both sides as they really tokenize: training rows (scaffolding with control tokens, content
    # as text) against the prompt chat/ask/serve send.
    hf_ids = encode(tokenizer, conversation, add_generation_prompt=True)[1]["input_ids"]
    text = engine.render(conversation)
    # What a runtime that always adds BOS would feed: the one the engine guards against.
    adds_bos = bool(engine.info.metadata.get("tokenizer.ggml.add_bos_token", False))
    naive = [engine.info.bos_token_id] * adds_bos + engine.model.tokenize(text, add_bos=False, special=True)
    return parity.template_parity(
        hf_ids, engine.prompt(conversation), tokenizer, bos_id=engine.info.bos_token_id, naive_ids=naive
    )


def _tied_embeddings(run: RunDir, info) -> parity.ParityCheck:
    config = json.loads((run.merged_dir / "config.json").read_text())
    tied = bool(config.get("tie_word_embeddings"))
    has_output = "output.weight" in info.tensor_names
    details = {"tie_word_embeddings": tied, "gguf_has_output_matrix": has_output}
    if tied and has_output:
        return parity.ParityCheck(
            "tied_embeddings",
            1,
            "the embeddings are tied but the GGUF carries a separate output.weight (a duplicated output matrix)",
            details,
        )
    return parity.ParityCheck("tied_embeddings", 1, details=details)


def _answer(engine, cfg: Config):
    from medgguf.chat.session import ChatSession

    session = ChatSession(
        engine, system_prompt=cfg.data.system_prompt, sampling=greedy(cfg.verify.max_tokens, cfg.verify.repeat_penalty)
    )
    return session.send(cfg.verify.question).answer


def _sampled_behaviour(engine, run: RunDir, cfg: Config) -> dict | None:
    """Held-out questions answered by sampling at the chat's defaults, a few seeds each."""
    from medgguf.chat.sampling import Sampling
    from medgguf.eval import degeneration
    from medgguf.eval.heldout import QARow, read_split

    if cfg.verify.sampled_questions <= 0 or cfg.verify.sampled_seeds <= 0:
        return None
    test = run.split_file("test")
    rows = read_split(test)[: cfg.verify.sampled_questions] if test.exists() else []
    if not rows:
        rows = [QARow(with_system(cfg.data.system_prompt, [{"role": "user", "content": cfg.verify.question}]), "")]
    engine.reset_cache()
    measured = degeneration.measure(engine, rows, range(cfg.verify.sampled_seeds), Sampling().validate())
    return {**measured, "questions_from": "test split" if test.exists() else "verify.question"}


def _check_behaviour(model_name: str, behaviour: dict, cfg: Config, run: RunDir) -> None:
    cut, repeated = behaviour["cut_off"], behaviour["repeated_sentences"]
    details = f"answers and settings in {run.rel(run.report_file('verify.json'))}"
    if (cut["value"] or 0) > cfg.verify.max_cut_off:
        raise StageFailed(
            f"{model_name}: {cut['numerator']:.0f} of {cut['denominator']:.0f} answers sampled at the chat's defaults "
            f"ran to max tokens without ending their turn (verify.max_cut_off={cfg.verify.max_cut_off:g})",
            details,
        )
    if (repeated["value"] or 0) > cfg.verify.max_repeated_sentences:
        raise StageFailed(
            f"{model_name}: {100 * repeated['value']:.0f}% of the sentences of answers sampled at the chat's defaults "
            f"repeat an earlier one (verify.max_repeated_sentences={cfg.verify.max_repeated_sentences:g})",
            details,
        )


def _answer_record(reply, cfg: Config) -> dict:
    if reply is None:
        return {"asked": False, "why": "random weights cannot answer; the forced end-of-turn check stands in"}
    return {
        "asked": True,
        "question": cfg.verify.question,
        "text": reply.text,
        "tokens": reply.n_completion_tokens,
        "max_tokens": cfg.verify.max_tokens,
        "decoding": "greedy",
        "repeat_penalty": cfg.verify.repeat_penalty,
        "finish_reason": reply.finish_reason,
        "stopped_at_end_of_turn": reply.stopped_at_end_of_turn,
        "decode_tokens_per_s": reply.decode_tokens_per_s,
    }
