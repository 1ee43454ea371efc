"""A per-tensor quantization mix (``medgguf quantize --mix``): measure how much each tensor group
costs in KL-divergence at each type (``sensitivity``), choose a type per group under a file-size
budget (``allocate``, pure), and quantize with exactly those choices (``build``).
"""
