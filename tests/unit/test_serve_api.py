"""medgguf serve's HTTP surface on a stub engine (no model): OpenAI's request and response shapes,
the triage notice on every request, errors in OpenAI's shape, the API key, the queue, the page.

The server is the real FastAPI app under a real uvicorn on a loopback port; the client is the
`openai` package where a client's view matters, plain urllib where the raw bytes do.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from medgguf.chat.sampling import Sampling
from medgguf.chat.session import DEFAULT_SYSTEM_PROMPT
from medgguf.serve.api import ApiError, parse_chat_request
from medgguf.serve.app import ServeSettings, create_app, static_dir, strip_notice
from medgguf.serve.triage import red_flag_notice
from medgguf.serve.worker import StopScanner
from tests.support.serve import StubEngine, app_server, request, sse_events

openai = pytest.importorskip("openai")

EMERGENCY = "My father has crushing chest pain and his left arm is numb"
QUESTION = "What helps with a mild cold?"


def settings(**overrides) -> ServeSettings:
    values = dict(model_id="demo", sampling=Sampling(max_tokens=64), system_prompt=DEFAULT_SYSTEM_PROMPT)
    return ServeSettings(**(values | overrides))


@pytest.fixture(scope="module")
def server():
    engine = StubEngine()
    app = create_app(engine, settings())
    with app_server(app) as url:
        yield url, engine
    app.state.worker.close()


@pytest.fixture(scope="module")
def client(server):
    return openai.OpenAI(base_url=server[0] + "/v1", api_key="unused", max_retries=0, timeout=30)


def test_non_streaming_answer(client):
    completion = client.chat.completions.create(model="demo", messages=[{"role": "user", "content": QUESTION}])
    assert completion.object == "chat.completion"
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].message.content.startswith("Rest, drink **fluids**")
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.completion_tokens == 12 and completion.usage.prompt_tokens > 0
    extra = completion.model_extra["medgguf"]
    assert extra["triage"] == {"emergency": False} and "not a clinician" in extra["disclaimer"]


def test_streaming_answer(client):
    stream = client.chat.completions.create(model="demo", messages=[{"role": "user", "content": QUESTION}],
                                            stream=True, stream_options={"include_usage": True})
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[0].model_extra["medgguf"]["triage"]["emergency"] is False
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == StubEngine.ANSWER + " "
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finishes == ["stop"]
    assert chunks[-1].usage.completion_tokens == 12


def test_emergency_notice_is_a_field_and_the_first_content(client):
    completion = client.chat.completions.create(model="demo", messages=[{"role": "user", "content": EMERGENCY}])
    triage = completion.model_extra["medgguf"]["triage"]
    assert triage["emergency"] is True and "cardiac" in triage["categories"]
    content = completion.choices[0].message.content
    assert content.startswith("> **⚠ POSSIBLE MEDICAL EMERGENCY")
    assert content.index("emergency number") < content.index("Rest, drink")


def test_emergency_notice_is_the_first_chunk_of_a_stream(client):
    chunks = list(client.chat.completions.create(model="demo", stream=True,
                                                 messages=[{"role": "user", "content": EMERGENCY}]))
    first = chunks[0]
    assert first.model_extra["medgguf"]["triage"]["emergency"] is True
    assert "POSSIBLE MEDICAL EMERGENCY" in first.choices[0].delta.content
    assert all("EMERGENCY" not in (c.choices[0].delta.content or "") for c in chunks[1:] if c.choices)


def test_triage_checks_the_message_being_answered(client):
    """An emergency earlier in the conversation is not re-announced on every later answer; the
    latest user message is the one checked."""
    messages = [{"role": "user", "content": EMERGENCY}, {"role": "assistant", "content": "Call 911."},
                {"role": "user", "content": QUESTION}]
    completion = client.chat.completions.create(model="demo", messages=messages)
    assert completion.model_extra["medgguf"]["triage"] == {"emergency": False}


def test_the_notice_is_not_fed_back_to_the_model(server, client):
    url, engine = server
    first = client.chat.completions.create(model="demo", messages=[{"role": "user", "content": EMERGENCY}])
    history = [{"role": "user", "content": EMERGENCY},
               {"role": "assistant", "content": first.choices[0].message.content},
               {"role": "user", "content": QUESTION}]
    client.chat.completions.create(model="demo", messages=history)
    assert "POSSIBLE MEDICAL EMERGENCY" not in engine.prompts[-1]
    assert "<assistant>Rest, drink" in engine.prompts[-1]


def test_default_system_prompt_unless_the_request_has_one(server, client):
    _, engine = server
    client.chat.completions.create(model="demo", messages=[{"role": "user", "content": QUESTION}])
    assert engine.prompts[-1].startswith(f"<system>{DEFAULT_SYSTEM_PROMPT}<user>")
    client.chat.completions.create(model="demo", messages=[{"role": "system", "content": "Be brief."},
                                                           {"role": "user", "content": QUESTION}])
    assert engine.prompts[-1].startswith("<system>Be brief.<user>")


def test_stop_strings_and_max_tokens(client):
    completion = client.chat.completions.create(model="demo", messages=[{"role": "user", "content": QUESTION}],
                                                stop=["doctor"])
    assert completion.choices[0].message.content == "Rest, drink **fluids**, and see a "
    assert completion.choices[0].finish_reason == "stop"
    completion = client.chat.completions.create(model="demo", messages=[{"role": "user", "content": QUESTION}],
                                                max_tokens=3)
    assert completion.choices[0].message.content == "Rest, drink **fluids**, "
    assert completion.choices[0].finish_reason == "length"


def test_models_and_health(server, client):
    url, _ = server
    models = client.models.list()
    assert [m.id for m in models.data] == ["demo"]
    status, body, _ = request(url + "/health")
    assert status == 200 and body["status"] == "ok" and body["model"] == "demo"


@pytest.mark.parametrize(("body", "status", "param", "fragment"), [
    ({}, 400, "messages", "'messages' must be a non-empty list"),
    ({"messages": []}, 400, "messages", "non-empty list"),
    ({"messages": [{"role": "wizard", "content": "hi"}]}, 400, "messages[0].role", "use one of"),
    ({"messages": [{"role": "user", "content": 5}]}, 400, "messages[0].content", "string or a list"),
    ({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]}, 400,
     "messages[0].content", "reads text only"),
    ({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}, 400, "messages",
     "must be the user's"),
    ({"messages": [{"role": "user", "content": "   "}]}, 400, "messages", "is empty"),
    ({"messages": [{"role": "user", "content": "hi"}], "temperature": 7}, 400, "temperature", "between 0 and 2"),
    ({"messages": [{"role": "user", "content": "hi"}], "max_tokens": 0}, 400, "max_tokens", "between 1"),
    ({"messages": [{"role": "user", "content": "hi"}], "max_tokens": "10"}, 400, "max_tokens", "must be an integer"),
    ({"messages": [{"role": "user", "content": "hi"}], "n": 2}, 400, "n", "one choice"),
    ({"messages": [{"role": "user", "content": "hi"}], "tools": [{"type": "function"}]}, 400, "tools", "not supported"),
    ({"messages": [{"role": "user", "content": "hi"}], "stream": "yes"}, 400, "stream", "true or false"),
    ({"messages": [{"role": "user", "content": "hi"}], "stop": [1]}, 400, "stop", "list of up to 4"),
    ({"messages": [{"role": "user", "content": "hi"}], "presence_penalty": 1}, 400, "presence_penalty",
     "repeat_penalty"),
    ([1, 2], 400, None, "JSON object"),
])
def test_bad_requests_get_openai_errors(server, body, status, param, fragment):
    url, _ = server
    code, answer, headers = request(url + "/v1/chat/completions", body)
    assert code == status
    assert headers["content-type"] == "application/json"
    assert set(answer) == {"error"} and set(answer["error"]) == {"message", "type", "param", "code"}
    assert answer["error"]["type"] == "invalid_request_error" and answer["error"]["param"] == param
    assert fragment in answer["error"]["message"]


def test_not_json_and_unknown_routes(server):
    url, _ = server
    code, answer, _ = request(url + "/v1/chat/completions", raw=b"{not json")
    assert code == 400 and answer["error"]["code"] == "invalid_json"
    code, answer, _ = request(url + "/v1/embeddings", {"input": "x"})
    assert code == 404 and answer["error"]["code"] == "not_found"
    code, answer, _ = request(url + "/v1/chat/completions", method="GET")
    assert code == 405 and "error" in answer


def test_a_too_long_prompt_is_a_clear_error_and_the_server_lives_on(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="demo", messages=[{"role": "user", "content": "pain " * 400}])
    error = caught.value.body
    assert error["code"] == "context_length_exceeded" and "context holds 512" in error["message"]
    assert client.chat.completions.create(model="demo", messages=[{"role": "user", "content": QUESTION}]).choices


def test_concurrent_requests_queue_and_all_finish():
    engine = StubEngine(delay=0.01)
    app = create_app(engine, settings())
    with app_server(app) as url:
        client = openai.OpenAI(base_url=url + "/v1", api_key="x", max_retries=0, timeout=60)
        results: dict[int, str] = {}

        def ask(index: int) -> None:
            stream = client.chat.completions.create(model="demo", stream=index % 2 == 0,
                                                    messages=[{"role": "user", "content": f"question {index}"}])
            if index % 2 == 0:
                results[index] = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
            else:
                results[index] = stream.choices[0].message.content

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    app.state.worker.close()
    assert sorted(results) == list(range(8))
    assert all(text == StubEngine.ANSWER + " " for text in results.values())
    assert engine.max_active == 1     # one answer at a time: queued, never concurrent, never dropped


def test_api_key():
    app = create_app(StubEngine(), settings(api_key="s3cret"))
    with app_server(app) as url:
        code, answer, _ = request(url + "/v1/models")
        assert code == 401 and answer["error"]["code"] == "invalid_api_key" and "Bearer" in answer["error"]["message"]
        wrong = openai.OpenAI(base_url=url + "/v1", api_key="wrong", max_retries=0)
        with pytest.raises(openai.AuthenticationError) as caught:
            wrong.chat.completions.create(model="demo", messages=[{"role": "user", "content": QUESTION}])
        assert caught.value.body["code"] == "invalid_api_key"
        right = openai.OpenAI(base_url=url + "/v1", api_key="s3cret", max_retries=0)
        assert right.chat.completions.create(model="demo", messages=[{"role": "user", "content": QUESTION}]).choices
        assert request(url + "/health")[0] == 200          # health and the page need no key
        assert request(url + "/")[0] == 200
    app.state.worker.close()


def test_page_is_served_from_the_package_without_a_cdn(server):
    url, _ = server
    code, text, headers = request(url + "/")
    assert code == 200 and "<textarea" in text
    assert "not a clinician" in text                          # the disclaimer, in the page itself
    assert "default-src 'self'" in headers["content-security-policy"]
    for name in ("app.js", "markdown.js", "style.css"):
        code, body, _ = request(url + f"/static/{name}")
        assert code == 200 and body
    for path in static_dir().iterdir():
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", source), path.name
        assert "cdn" not in source.lower(), path.name


def test_parse_chat_request_accepts_text_parts_and_developer_role():
    chat = parse_chat_request({"messages": [{"role": "developer", "content": "Be brief."},
                                            {"role": "user", "content": [{"type": "text", "text": "Hi "},
                                                                         {"type": "text", "text": "there"}]}],
                               "max_completion_tokens": 5, "stop": "x", "unknown_field": 1})
    assert chat.messages == [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi there"}]
    assert chat.max_tokens == 5 and chat.stop == ("x",)
    with pytest.raises(ApiError):
        parse_chat_request({"messages": [{"role": "user", "content": "hi"}], "response_format": {"type": "json_object"}})


def test_notice_markdown_round_trip():
    notice = red_flag_notice(EMERGENCY)
    assert notice is not None and notice.categories
    assert strip_notice(notice.markdown() + "The answer.\n\nMore.") == "The answer.\n\nMore."
    assert strip_notice("> a quote the model wrote\n\ntext") == "> a quote the model wrote\n\ntext"
    assert red_flag_notice(QUESTION) is None


@pytest.mark.parametrize(("pieces", "stops", "expected"), [
    (["Hello ", "wor", "ld"], (), "Hello world"),
    (["Hel", "lo <|e", "nd|> more"], ("<|end|>",), "Hello "),
    (["abc", "d"], ("cd", "bcx"), "ab"),
    (["a<", "b"], ("<|end|>",), "a<b"),
])
def test_stop_scanner(pieces, stops, expected):
    scanner = StopScanner(stops)
    out = "".join(scanner.feed(p) for p in pieces) + scanner.flush()
    assert out == expected
