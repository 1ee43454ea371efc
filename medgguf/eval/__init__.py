"""Measuring a build: bench (one GGUF), compare (quant types against the F16), quality (answers and
multiple choice), held-out text, importance-matrix calibration, parity (for verify) and the report.

The defaults that the CLI shows are defined here, so `medgguf --help` reads them without
importing the modules that use them.
"""

from __future__ import annotations

# Held-out text: chunks of DEFAULT_CTX tokens, the second half of each scored; at most
# DEFAULT_CHUNKS of them (which caps the F16 logits cache of a KL-divergence run).
DEFAULT_CTX = 512
DEFAULT_CHUNKS = 16
# medgguf compare: the types and imatrix variants it quantizes by default.
DEFAULT_TYPES = ("Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_K_S", "Q3_K_M", "IQ4_XS")
DEFAULT_IMATRIX = ("none", "train")
# The quality table: its models, answers (greedy, capped) and multiple-choice items per task.
QUALITY_MODELS = ("base", "f16", "q4_K_M", "q4_K_M+imatrix-train")
QUALITY_ANSWERS = 30
QUALITY_MAX_TOKENS = 128
QUALITY_MCQ = 100
# Degeneration: the same test questions sampled at the chat's defaults, once per seed.
QUALITY_SEEDS = 3
