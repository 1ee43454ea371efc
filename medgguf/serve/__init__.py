"""``medgguf serve``: the chat engine behind an OpenAI-compatible API and a chat page.

One generation thread answers requests in order (worker.py); FastAPI/uvicorn carry HTTP
(app.py, server.py); the red-flag check runs on every request (triage.py); the page lives in
static/. Nothing here is imported until the command runs.
"""
