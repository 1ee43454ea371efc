"""The OpenAI chat-completions request, checked field by field, and the response objects.

Bad input is an ``ApiError`` with an HTTP status and OpenAI's error shape::

    {"error": {"message": "...", "type": "invalid_request_error", "param": "messages", "code": null}}

Unknown fields are ignored (clients send many); fields medgguf cannot honour (n > 1, tools,
logprobs, non-zero presence/frequency penalties, response formats other than text) are refused
rather than silently dropped. Extensions: ``top_k`` and ``repeat_penalty``.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

MAX_BODY_BYTES = 8 << 20
ROLES = ("system", "developer", "user", "assistant")


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        kind: str = "invalid_request_error",
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.param = param
        self.code = code
        self.kind = kind

    def body(self) -> dict:
        return {"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}}


@dataclass
class ChatRequest:
    messages: list[dict]
    stream: bool = False
    include_usage: bool = False
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    repeat_penalty: float | None = None
    seed: int | None = None
    stop: tuple[str, ...] = ()
    model: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def last_user_message(self) -> str:
        return next(m["content"] for m in reversed(self.messages) if m["role"] == "user")


def _number(body: dict, name: str, low: float, high: float, *, integer: bool = False):
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        kind = "an integer" if integer else "a number"
        raise ApiError(400, f"'{name}' must be {kind}, not {value!r}", param=name, code="invalid_type")
    if not low <= value <= high:
        raise ApiError(
            400, f"'{name}' is {value}; it must be between {low:g} and {high:g}", param=name, code="invalid_value"
        )
    return value


def _content(message: dict, index: int) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text" or not isinstance(part.get("text"), str):
                kind = part.get("type") if isinstance(part, dict) else type(part).__name__
                raise ApiError(
                    400,
                    f"messages[{index}].content has a {kind!r} part; this model reads text only",
                    param=f"messages[{index}].content",
                    code="invalid_value",
                )
            texts.append(part["text"])
        return "".join(texts)
    if content is None and message.get("role") == "assistant":
        return ""
    raise ApiError(
        400,
        f"messages[{index}].content must be a string or a list of text parts",
        param=f"messages[{index}].content",
        code="invalid_type",
    )


def parse_chat_request(body: object) -> ChatRequest:
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a JSON object", code="invalid_type")
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise ApiError(
            400,
            "'messages' must be a non-empty list of {role, content} objects",
            param="messages",
            code="invalid_value" if isinstance(raw, list) else "missing_required_parameter",
        )
    messages = []
    for index, message in enumerate(raw):
        if not isinstance(message, dict):
            raise ApiError(
                400,
                f"messages[{index}] must be an object with 'role' and 'content'",
                param=f"messages[{index}]",
                code="invalid_type",
            )
        role = message.get("role")
        if role not in ROLES:
            raise ApiError(
                400,
                f"messages[{index}].role is {role!r}; use one of {', '.join(ROLES)} (tool messages are not supported)",
                param=f"messages[{index}].role",
                code="invalid_value",
            )
        if message.get("tool_calls"):
            raise ApiError(
                400,
                "tool calls are not supported by this server",
                param=f"messages[{index}].tool_calls",
                code="unsupported_parameter",
            )
        messages.append({"role": "system" if role == "developer" else role, "content": _content(message, index)})
    if messages[-1]["role"] != "user":
        raise ApiError(
            400,
            f"the last message is the {messages[-1]['role']}'s; it must be the user's question",
            param="messages",
            code="invalid_value",
        )
    if not messages[-1]["content"].strip():
        raise ApiError(400, "the last user message is empty", param="messages", code="invalid_value")
    for name in ("tools", "functions", "tool_choice", "function_call"):
        if body.get(name):
            raise ApiError(400, f"'{name}' is not supported by this server", param=name, code="unsupported_parameter")
    if body.get("logprobs") or body.get("top_logprobs"):
        raise ApiError(400, "logprobs are not supported by this server", param="logprobs", code="unsupported_parameter")
    n = _number(body, "n", 1, 128, integer=True)
    if n not in (None, 1):
        raise ApiError(
            400, f"'n' is {n}; this server returns one choice per request", param="n", code="unsupported_parameter"
        )
    for name in ("presence_penalty", "frequency_penalty"):
        value = _number(body, name, -2, 2)
        if value:
            raise ApiError(
                400,
                f"'{name}' is not supported; use 'repeat_penalty' (llama.cpp's, 1 = off)",
                param=name,
                code="unsupported_parameter",
            )
    response_format = body.get("response_format")
    if response_format not in (None, {}) and (
        not isinstance(response_format, dict) or response_format.get("type") != "text"
    ):
        raise ApiError(
            400,
            'only response_format {"type": "text"} is supported',
            param="response_format",
            code="unsupported_parameter",
        )
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise ApiError(400, f"'stream' must be true or false, not {stream!r}", param="stream", code="invalid_type")
    options = body.get("stream_options") or {}
    if not isinstance(options, dict):
        raise ApiError(400, "'stream_options' must be an object", param="stream_options", code="invalid_type")
    stop = body.get("stop")
    if stop is None:
        stops: tuple[str, ...] = ()
    elif isinstance(stop, str):
        stops = (stop,)
    elif isinstance(stop, list) and len(stop) <= 4 and all(isinstance(s, str) for s in stop):
        stops = tuple(stop)
    else:
        raise ApiError(400, "'stop' must be a string or a list of up to 4 strings", param="stop", code="invalid_value")
    max_tokens = _number(body, "max_completion_tokens", 1, 1 << 20, integer=True)
    if max_tokens is None:
        max_tokens = _number(body, "max_tokens", 1, 1 << 20, integer=True)
    model = body.get("model")
    if model is not None and not isinstance(model, str):
        raise ApiError(400, "'model' must be a string", param="model", code="invalid_type")
    return ChatRequest(
        messages=messages,
        stream=stream,
        include_usage=bool(options.get("include_usage")),
        max_tokens=max_tokens,
        temperature=_number(body, "temperature", 0, 2),
        top_p=_number(body, "top_p", 0, 1),
        top_k=_number(body, "top_k", 0, 1 << 20, integer=True),
        repeat_penalty=_number(body, "repeat_penalty", 0.01, 2),
        seed=_number(body, "seed", -(1 << 63), (1 << 63) - 1, integer=True),
        stop=stops,
        model=model,
    )


# ---------------------------------------------------------------------------------------------
# Responses


def completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex[:24]}"


def chunk(cid: str, model: str, created: int, delta: dict, finish_reason: str | None = None, **extra) -> dict:
    return {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
        **extra,
    }


def usage(n_prompt: int, n_completion: int) -> dict:
    return {"prompt_tokens": n_prompt, "completion_tokens": n_completion, "total_tokens": n_prompt + n_completion}


def completion(
    cid: str, model: str, content: str, finish_reason: str, n_prompt: int, n_completion: int, extra: dict
) -> dict:
    return {
        "id": cid,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": usage(n_prompt, n_completion),
        "medgguf": extra,
    }
