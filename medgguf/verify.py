"""The verify stage: the shipped GGUF loads in llama-cpp-python, carries its chat template and
end-of-turn token, and a greedy answer to a medical question stops by itself."""
from __future__ import annotations

import logging

from medgguf import atomic, quant_types
from medgguf.config import Config
from medgguf.errors import StageFailed
from medgguf.pipeline import StageOptions, StagePlan
from medgguf.quantize import output_path
from medgguf.run import RunDir

log = logging.getLogger(__name__)

# End-of-turn markers of the chat templates llama.cpp knows (src/llama-chat.cpp), most specific first.
END_OF_TURN_MARKERS = ("<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "</s>")


def target(run: RunDir, cfg: Config):
    return output_path(run, cfg.verify.quant, cfg.quantize.imatrix)


def plan(run: RunDir, cfg: Config) -> StagePlan:
    return StagePlan(inputs=[target(run, cfg)], config={**cfg.section("verify"),
                                                        "system_prompt": cfg.data.system_prompt},
                     outputs=[run.reports_dir / "verify.json"])


def execute(run: RunDir, cfg: Config, options: StageOptions) -> dict:
    from medgguf.chat import answer
    from medgguf.gguf_check import inspect_gguf

    model = target(run, cfg)
    info = inspect_gguf(model, require_chat_template=True)
    marker, marker_ids = _end_of_turn_token(model, info)
    stop_ids = {i for i in (info.eos_token_id, info.eot_token_id) if i is not None}
    reply = answer(model, cfg.verify.question, system_prompt=cfg.data.system_prompt,
                   max_tokens=cfg.verify.max_tokens, temperature=0.0, threads=options.threads,
                   repeat_penalty=cfg.verify.repeat_penalty)
    result = {
        "model": run.rel(model), "quant": quant_types.file_label(cfg.verify.quant),
        "chat_template_chars": len(info.chat_template or ""), "end_of_turn_marker": marker,
        "end_of_turn_token_ids": marker_ids, "eos_token_id": info.eos_token_id,
        "eot_token_id": info.eot_token_id, "question": cfg.verify.question,
        "answer": reply.text, "answer_tokens": reply.n_completion_tokens,
        "max_tokens": cfg.verify.max_tokens, "decoding": "greedy",
        "repeat_penalty": cfg.verify.repeat_penalty, "finish_reason": reply.finish_reason,
        "stopped_at_end_of_turn": reply.stopped_at_end_of_turn,
        "decode_tokens_per_s": reply.decode_tokens_per_s,
    }
    atomic.write_json(run.reports_dir / "verify.json", result)
    if len(marker_ids) != 1 or marker_ids[0] not in stop_ids:
        raise StageFailed(f"{model.name}: the chat template ends turns with {marker} (ids {marker_ids}) but the "
                          f"GGUF's EOS/EOT ids are {sorted(stop_ids)}, so generation would not stop",
                          "fix the tokenizer's eos_token in the base model and rebuild from merge")
    if not reply.stopped_at_end_of_turn:
        raise StageFailed(f"{model.name}: a greedy answer ran to max_tokens={cfg.verify.max_tokens} without "
                          "ending its turn", "train longer, or check the data's end-of-turn labels")
    log.info("verify: %s answered in %d tokens and stopped at %s", model.name, reply.n_completion_tokens, marker)
    return {k: result[k] for k in ("answer_tokens", "finish_reason", "stopped_at_end_of_turn",
                                   "end_of_turn_marker", "eos_token_id", "eot_token_id", "decode_tokens_per_s")}


def _end_of_turn_token(model, info) -> tuple[str, list[int]]:
    from medgguf import llamacpp

    template = info.chat_template or ""
    marker = next((m for m in END_OF_TURN_MARKERS if m in template), None)
    if marker is None:
        raise StageFailed(f"{model.name}: no known end-of-turn marker in the chat template",
                          f"the template should end turns with one of {', '.join(END_OF_TURN_MARKERS)}")
    llama_cpp = llamacpp.load_binding()
    vocab_only = llama_cpp.Llama(str(model), vocab_only=True, verbose=False)
    ids = vocab_only.tokenize(marker.encode(), add_bos=False, special=True)
    return marker, list(ids)
