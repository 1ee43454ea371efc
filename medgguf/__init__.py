"""medgguf: fine-tune a Llama-family chat model on medical conversations and ship it as a GGUF."""

__version__ = "0.1.0"
