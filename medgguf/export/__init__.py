"""``medgguf export``: a run's GGUFs laid out for the tools people run them with.

    runs/<name>/export/ollama/    Modelfile (FROM, a Go TEMPLATE equal to the GGUF's template, PARAMETER
                                  stop per end-of-turn string, the recipe's sampling, SYSTEM with the
                                  disclaimer) next to the quant it names
    runs/<name>/export/lmstudio/  <publisher>/<name>-GGUF/<file>.gguf, the layout of LM Studio's models folder
    runs/<name>/export/release/   the chosen quants, the importance matrices, SHA256SUMS and a model card
                                  (huggingface_hub.ModelCard); ``--push REPO`` uploads it
    runs/<name>/export/lora/      the LoRA adapter as GGUF next to the unchanged base model's F16 GGUF

Every folder is built as ``<target>.partial`` and renamed when complete; every check that can fail
(the run, the quant, the template family, the hub token) runs before anything is written.

Submodules import nothing heavy at import time; ``medgguf --help`` never imports this package.
"""

from __future__ import annotations

TARGETS = ("ollama", "lmstudio", "release", "lora")
