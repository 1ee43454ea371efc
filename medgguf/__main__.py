"""``python -m medgguf`` (also what ``accelerate launch -m medgguf train ...`` runs)."""

from medgguf.cli import main

main()
