"""`medgguf serve --name demo` as a client sees it: the real server process on the demo q4_K_M,
the real `openai` package, loopback only. No mocks."""
from __future__ import annotations

import threading
import time

import pytest

from medgguf import paths
from tests.support import e2e
from tests.support.serve import request, serve_process

openai = pytest.importorskip("openai")

pytestmark = pytest.mark.slow

KEY = "test-key-123"
QUESTION = "What are the common symptoms of the flu?"
EMERGENCY = "My husband suddenly has slurred speech and his face is drooping"


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    run = e2e.demo(request)
    cwd = tmp_path_factory.mktemp("serve")
    with serve_process(["--name", run.name, "--runs-dir", run.root.parent, "--api-key", KEY, "--max-tokens", "48"],
                       cwd=cwd, env={"MEDGGUF_CACHE": str(paths.cache_root())}) as (url, proc):
        yield url, proc


@pytest.fixture(scope="module")
def client(server):
    return openai.OpenAI(base_url=server[0] + "/v1", api_key=KEY, max_retries=0, timeout=300)


def test_non_streaming_and_streaming_give_the_same_greedy_answer(client):
    """Greedy answers are compared from the same cache state: the engine keeps the previous
    prompt's KV cache, and a prompt decoded in one batch or one token later can tip a near-tie, so
    a first request fills the cache and the next two (streamed, then not) both decode the last
    prompt token alone."""
    messages = [{"role": "user", "content": QUESTION}]
    first = client.chat.completions.create(model="demo", messages=messages, temperature=0, max_tokens=32)
    assert first.choices[0].message.content.strip()

    stream = client.chat.completions.create(model="demo", messages=messages, temperature=0, max_tokens=32, stream=True,
                                            stream_options={"include_usage": True})
    chunks = list(stream)
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) >= 2   # it streamed, in pieces

    completion = client.chat.completions.create(model="demo", messages=messages, temperature=0, max_tokens=32)
    text = completion.choices[0].message.content
    assert text.strip() and completion.choices[0].finish_reason in ("stop", "length")
    assert completion.usage.completion_tokens > 0 and completion.usage.prompt_tokens > 20
    assert completion.model == "demo"
    assert streamed == text
    assert chunks[-1].usage.completion_tokens == completion.usage.completion_tokens


def test_four_concurrent_clients_all_get_complete_answers(client):
    results: dict[int, tuple[str, str | None, float]] = {}

    def ask(index: int) -> None:
        started = time.perf_counter()
        messages = [{"role": "user", "content": f"{QUESTION} (question {index})"}]
        if index % 2:
            completion = client.chat.completions.create(model="demo", messages=messages, max_tokens=24, seed=index)
            results[index] = (completion.choices[0].message.content, completion.choices[0].finish_reason,
                              time.perf_counter() - started)
        else:
            pieces, finish = [], None
            for chunk in client.chat.completions.create(model="demo", messages=messages, max_tokens=24, seed=index,
                                                        stream=True):
                if chunk.choices:
                    pieces.append(chunk.choices[0].delta.content or "")
                    finish = chunk.choices[0].finish_reason or finish
            results[index] = ("".join(pieces), finish, time.perf_counter() - started)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    assert sorted(results) == [0, 1, 2, 3]
    for text, finish, _seconds in results.values():
        assert text.strip() and finish in ("stop", "length")


def test_emergency_notice_comes_first(client):
    stream = client.chat.completions.create(model="demo", messages=[{"role": "user", "content": EMERGENCY}],
                                            stream=True, max_tokens=16)
    chunks = list(stream)
    triage = chunks[0].model_extra["medgguf"]["triage"]
    assert triage["emergency"] is True and "stroke" in triage["categories"]
    assert chunks[0].choices[0].delta.content.startswith("> **⚠ POSSIBLE MEDICAL EMERGENCY")
    completion = client.chat.completions.create(model="demo", messages=[{"role": "user", "content": EMERGENCY}],
                                                max_tokens=16)
    assert completion.model_extra["medgguf"]["triage"]["emergency"] is True
    assert completion.choices[0].message.content.startswith("> **⚠ POSSIBLE MEDICAL EMERGENCY")


def test_oversized_prompt_is_a_clear_error(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="demo", messages=[{"role": "user", "content": "chest x-ray " * 6000}])
    assert caught.value.body["code"] == "context_length_exceeded"
    assert "context holds" in caught.value.body["message"]
    assert client.chat.completions.create(model="demo", messages=[{"role": "user", "content": QUESTION}],
                                          max_tokens=4).choices[0].message.content


def test_wrong_api_key_and_open_health(server):
    url, _ = server
    wrong = openai.OpenAI(base_url=url + "/v1", api_key="wrong", max_retries=0, timeout=30)
    with pytest.raises(openai.AuthenticationError):
        wrong.models.list()
    status, body, _ = request(url + "/health")
    assert status == 200 and body["status"] == "ok"


def test_models(client):
    models = client.models.list()
    assert [m.id for m in models.data] == ["demo"]
    assert models.data[0].model_extra["medgguf"]["type"] == "Q4_K_M"


def test_server_stops_cleanly(server):
    _, proc = server
    assert proc.poll() is None
