"""Talking to a GGUF: the sampling settings, the chat-template renderer, the generation engine, the
conversation (history, transcript, slash commands) and the red-flag triage of what a user types.

    sampling.py   Sampling: the defaults of the published recipe, defined once
    template.py   the GGUF's chat template, rendered in a sandbox (chat, ask, verify, quality)
    engine.py     Engine: one loaded model and the generation loop
    session.py    ChatSession, transcripts, slash commands, one-shot answers
    triage/       the disclaimer and the emergency / urgent / routine triage, before every answer

Nothing here prints; the terminal interface is medgguf/cli/chat.py.
"""
