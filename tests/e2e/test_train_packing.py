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
