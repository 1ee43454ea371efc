"""Padding-free packing must not let one example attend to another: the loss of a packed batch
equals the token-weighted loss of its examples run one by one. Real demo model."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_packed_loss_equals_separate_losses(demo_model_dir):
    import torch
    from transformers import AutoModelForCausalLM

    from medgguf import models
    from medgguf.data.format import encode_for_training
    from medgguf.stages.train import make_collator

    tokenizer = models.load_tokenizer(str(demo_model_dir))
    model = AutoModelForCausalLM.from_pretrained(str(demo_model_dir), dtype=torch.float32).eval()
    # As in training (train.load_model): with a KV cache, transformers skips packed-sequence masks.
    model.config.use_cache = False
    conversations = [
        [{"role": "user", "content": "What is anemia?"},
         {"role": "assistant", "content": "Anemia is a lack of healthy red blood cells."}],
        [{"role": "system", "content": "Answer briefly."},
         {"role": "user", "content": "Can stress raise blood pressure?"},
         {"role": "assistant", "content": "Yes, briefly; long-term effects depend on habits."}],
    ]
    features = [encode_for_training(tokenizer, c) for c in conversations]
    packed = make_collator("packed", tokenizer.pad_token_id)(features)
    assert packed["input_ids"].shape[0] == 1 and "position_ids" in packed
    with torch.no_grad():
        packed_loss = float(model(**packed).loss)
        total, count = 0.0, 0
        for feature in features:
            single = make_collator("padded", tokenizer.pad_token_id)([feature])
            n = sum(1 for label in feature["labels"][1:] if label != -100)
            total += float(model(**single).loss) * n
            count += n
    assert packed_loss == pytest.approx(total / count, rel=1e-4)
    # And packing really is the thing being tested: without position_ids the examples leak.
    leaked = {k: v for k, v in packed.items() if k != "position_ids"}
    with torch.no_grad():
        assert float(model(**leaked).loss) != pytest.approx(total / count, rel=1e-4)


def test_end_of_turn_weight_one_is_transformers_loss_and_more_stresses_only_that_token(demo_model_dir):
    import torch
    from transformers import AutoModelForCausalLM

    from medgguf import models
    from medgguf.data.format import encode_for_training, template_facts
    from medgguf.stages.train import end_of_turn_weighted_loss, make_collator

    tokenizer = models.load_tokenizer(str(demo_model_dir))
    model = AutoModelForCausalLM.from_pretrained(str(demo_model_dir), dtype=torch.float32)
    model.config.use_cache = False
    end_of_turn = template_facts(tokenizer).end_of_turn_id
    features = [encode_for_training(tokenizer, [{"role": "user", "content": q}, {"role": "assistant", "content": a}])
                for q, a in (("What is anemia?", "A lack of healthy red blood cells."),
                             ("Is a fever of 38 C high?", "It is a mild fever in an adult."))]
    batch = make_collator("packed", tokenizer.pad_token_id)(features)
    labels = batch.pop("labels")
    with torch.enable_grad():
        outputs = model(**batch)
        own = float(model.loss_function(outputs.logits, labels, vocab_size=model.config.vocab_size))
        plain = float(end_of_turn_weighted_loss(end_of_turn, 1.0)(outputs, labels))
        tripled = float(end_of_turn_weighted_loss(end_of_turn, 3.0)(outputs, labels))
        # The same loss by hand: each end-of-turn target's cross-entropy counted twice more.
        targets = torch.nn.functional.pad(labels, (0, 1), value=-100)[..., 1:].reshape(-1)
        per_token = torch.nn.functional.cross_entropy(outputs.logits.float().reshape(-1, outputs.logits.shape[-1]),
                                                      targets, ignore_index=-100, reduction="none")
        at_end = per_token[targets == end_of_turn]
    assert len(at_end) == 2  # one end of turn per answer
    assert plain == pytest.approx(own, rel=1e-5)
    assert tripled == pytest.approx(plain + 2 * float(at_end.sum()) / int((targets != -100).sum()), rel=1e-5)
    with torch.no_grad():  # evaluation: unweighted, so held-out perplexities stay comparable
        assert float(end_of_turn_weighted_loss(end_of_turn, 3.0)(model(**batch), labels)) == pytest.approx(own, rel=1e-4)
