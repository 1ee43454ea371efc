"""The FastAPI application: OpenAI's chat-completions routes, health, and the chat page.

    GET  /                      the chat page (medgguf/serve/static/, no CDN)
    GET  /health                {"status": "ok", ...}; never needs the API key
    GET  /v1/models             the one model served
    POST /v1/chat/completions   streaming (SSE) and non-streaming

Every request's last user message goes through the red-flag check (medgguf.serve.triage) before
it is queued. When the check fires, the notice goes out before any model token: in the
``medgguf.triage`` field of the response, in the first chunk of a stream (sent at once, even
while the request waits in the queue), and, unless the server runs with --no-notice-in-content,
also as a Markdown block at the start of the message content, so a client that shows only the
content still shows it. That block is removed again from assistant messages sent back as history.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import json
import logging
import time
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from medgguf.chat.sampling import Sampling
from medgguf.errors import InputError
from medgguf.serve import api, triage
from medgguf.serve.worker import GenerationWorker, Job

log = logging.getLogger(__name__)

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@dataclass
class ServeSettings:
    model_id: str
    sampling: Sampling  # the defaults a request may override
    system_prompt: str | None  # used when a request has no system message
    api_key: str | None = None
    notice_in_content: bool = True


def static_dir() -> Path:
    return Path(str(resources.files("medgguf.serve") / "static"))


def strip_notice(content: str) -> str:
    """An assistant message without the emergency block this server put at its start."""
    if not content.startswith("> **⚠ "):
        return content
    lines = content.split("\n")
    index = 0
    while index < len(lines) and lines[index].startswith(">"):
        index += 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    return "\n".join(lines[index:])


def create_app(engine, settings: ServeSettings, worker: GenerationWorker | None = None) -> FastAPI:
    worker = worker or GenerationWorker(engine)
    app = FastAPI(title="medgguf serve", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.worker = worker
    app.state.engine = engine
    app.state.settings = settings
    created = int(time.time())

    @app.exception_handler(api.ApiError)
    async def api_error(_request: Request, exc: api.ApiError):
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code)
        return JSONResponse(
            api.ApiError(exc.status_code, str(exc.detail), code=code).body(), status_code=exc.status_code
        )

    def check_key(request: Request) -> None:
        if not settings.api_key:
            return
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if not header:
            raise api.ApiError(
                401,
                "no API key: send it as 'Authorization: Bearer KEY' (this server was started with --api-key)",
                code="invalid_api_key",
                kind="authentication_error",
            )
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.api_key.encode()):
            raise api.ApiError(401, "incorrect API key", code="invalid_api_key", kind="authentication_error")

    @app.get("/health")
    async def health():
        return {"status": "ok", "model": settings.model_id, "busy": worker.busy, "waiting": worker.waiting}

    @app.get("/v1/models")
    async def models(request: Request):
        check_key(request)
        return {"object": "list", "data": [_model_card(engine, settings, created)]}

    @app.get("/v1/models/{model_id}")
    async def model(model_id: str, request: Request):
        check_key(request)
        if model_id != settings.model_id:
            raise api.ApiError(
                404,
                f"model {model_id!r} is not served here; this server serves {settings.model_id!r}",
                param="model",
                code="model_not_found",
            )
        return _model_card(engine, settings, created)

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request):
        check_key(request)
        body = await _json_body(request)
        chat = api.parse_chat_request(body)
        notice = triage.red_flag_notice(chat.last_user_message)
        prompt, sampling = await run_in_threadpool(_prepare, engine, settings, chat)
        job = worker.submit(Job(prompt=prompt, sampling=sampling, loop=asyncio.get_running_loop(), stops=chat.stop))
        cid = api.completion_id()
        meta = {"triage": notice.as_dict() if notice else {"emergency": False}, "disclaimer": triage.disclaimer()}
        prefix = notice.markdown() if notice and settings.notice_in_content else ""
        if chat.stream:
            return StreamingResponse(
                _stream(job, cid, settings.model_id, prefix, meta, len(prompt), chat.include_usage),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
            )
        try:
            finished = await _wait(job)
        finally:
            job.cancelled.set()
        return api.completion(
            cid,
            settings.model_id,
            prefix + finished.text,
            finished.finish_reason,
            len(prompt),
            finished.answer.n_completion_tokens,
            meta | {"stats": _stats(finished)},
        )

    @app.get("/", response_class=HTMLResponse)
    async def page():
        text = (static_dir() / "index.html").read_text(encoding="utf-8")
        text = text.replace("{{DISCLAIMER}}", html.escape(triage.disclaimer())).replace(
            "{{MODEL}}", html.escape(settings.model_id)
        )
        return HTMLResponse(text, headers={"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-store"})

    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    return app


async def _json_body(request: Request):
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > api.MAX_BODY_BYTES:
        raise api.ApiError(
            413,
            f"the request body is {int(declared):,} bytes; the limit is {api.MAX_BODY_BYTES:,}",
            code="request_too_large",
        )
    raw = await request.body()
    if len(raw) > api.MAX_BODY_BYTES:
        raise api.ApiError(
            413,
            f"the request body is {len(raw):,} bytes; the limit is {api.MAX_BODY_BYTES:,}",
            code="request_too_large",
        )
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise api.ApiError(400, f"the request body is not valid JSON ({exc})", code="invalid_json") from None


def _prepare(engine, settings: ServeSettings, chat: api.ChatRequest):
    """Prompt tokens and sampling for ``chat``; an ApiError when they cannot be made (runs in a
    worker thread of the HTTP server: tokenizing reads the vocabulary only)."""
    messages = [dict(m, content=strip_notice(m["content"])) if m["role"] == "assistant" else m for m in chat.messages]
    if messages[0]["role"] != "system" and settings.system_prompt:
        messages = [{"role": "system", "content": settings.system_prompt}, *messages]
    try:
        tokens = engine.prompt(messages)
    except InputError as exc:  # the template's raise_exception: roles out of order, ...
        raise api.ApiError(400, exc.problem, param="messages", code="invalid_value") from None
    room = engine.n_ctx - len(tokens) - 1
    if room < 1:
        raise api.ApiError(
            400,
            f"the prompt is {len(tokens):,} tokens but this server's context holds "
            f"{engine.n_ctx:,}, with room needed for the answer; send fewer or shorter messages, "
            "or restart the server with a larger --ctx",
            param="messages",
            code="context_length_exceeded",
        )
    defaults = settings.sampling
    pick = lambda value, default: default if value is None else value  # noqa: E731
    sampling = replace(
        defaults,
        temperature=pick(chat.temperature, defaults.temperature),
        top_p=pick(chat.top_p, defaults.top_p),
        top_k=pick(chat.top_k, defaults.top_k),
        repeat_penalty=pick(chat.repeat_penalty, defaults.repeat_penalty),
        seed=pick(chat.seed, defaults.seed),
        max_tokens=min(pick(chat.max_tokens, defaults.max_tokens), room),
    )
    try:
        sampling.validate()
    except InputError as exc:
        raise api.ApiError(400, exc.problem, code="invalid_value") from None
    return tokens, sampling


def _model_card(engine, settings: ServeSettings, created: int) -> dict:
    info = engine.info
    return {
        "id": settings.model_id,
        "object": "model",
        "created": created,
        "owned_by": "medgguf",
        "medgguf": {
            "file": info.path.name,
            "type": info.file_type,
            "context": engine.n_ctx,
            "architecture": info.architecture,
            "lora": engine.lora_path.name if getattr(engine, "lora_path", None) else None,
        },
    }


def _stats(finished) -> dict:
    answer = finished.answer
    return {
        "ttft_s": round(answer.ttft_s + finished.queue_seconds, 4),
        "queue_s": round(finished.queue_seconds, 4),
        "decode_tokens_per_s": round(answer.decode_tokens_per_s, 2),
        "prompt_tokens_per_s": round(answer.prompt_tokens_per_s, 2),
        "cached_prompt_tokens": answer.n_cached_tokens,
    }


async def _wait(job: Job):
    while True:
        kind, value = await job.events.get()
        if kind == "done":
            return value
        if kind == "error":
            raise _as_api_error(value)


def _as_api_error(exc: BaseException) -> api.ApiError:
    if isinstance(exc, InputError):
        return api.ApiError(400, str(exc), code="invalid_value")
    log.error("generation failed: %s", exc)
    return api.ApiError(500, f"generation failed ({type(exc).__name__}: {exc})", kind="server_error", code="internal")


def _sse(data: dict | str) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return f"data: {text}\n\n".encode()


async def _stream(job: Job, cid: str, model: str, prefix: str, meta: dict, n_prompt: int, include_usage: bool):
    created = int(time.time())
    try:
        # Sent before the job leaves the queue: the notice never waits for the model.
        yield _sse(api.chunk(cid, model, created, {"role": "assistant", "content": prefix}, medgguf=meta))
        while True:
            kind, value = await job.events.get()
            if kind == "token":
                yield _sse(api.chunk(cid, model, created, {"content": value}))
            elif kind == "error":
                yield _sse(_as_api_error(value).body())
                return
            elif kind == "done":
                yield _sse(api.chunk(cid, model, created, {}, value.finish_reason, medgguf={"stats": _stats(value)}))
                if include_usage:
                    yield _sse(
                        {
                            "id": cid,
                            "object": "chat.completion.chunk",
                            "created": created,
                            "model": model,
                            "choices": [],
                            "usage": api.usage(n_prompt, value.answer.n_completion_tokens),
                        }
                    )
                yield _sse("[DONE]")
                return
    finally:
        job.cancelled.set()  # the client went away, or the answer is complete: either way, stop
