"""The vendored llama.cpp: its build, its tools, the Python binding, GGUF checks and quant types."""
