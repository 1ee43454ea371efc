"""Serve helpers for tests: a stub engine with the chat engine's interface (no model), an
in-process server on a free loopback port, and a real `medgguf serve` process."""
from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator

from medgguf.chat.engine import Answer


class StubEngine:
    """Renders, tokenizes (one token per byte) and 'generates' a fixed answer, word by word, with
    the Engine's generate() contract (on_token, should_stop, max_tokens, finish reasons)."""

    ANSWER = "Rest, drink **fluids**, and see a doctor if it lasts. STOP here"

    def __init__(self, n_ctx: int = 512, delay: float = 0.0):
        self.n_ctx = n_ctx
        self.delay = delay
        self.lora_path = None
        self.info = SimpleNamespace(path=Path("stub.gguf"), file_type="F16", architecture="llama")
        self.prompts: list[str] = []
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0

    def render(self, messages: list[dict]) -> str:
        return "".join(f"<{m['role']}>{m['content']}" for m in messages) + "<assistant>"

    def tokenize(self, text: str) -> list[int]:
        return list(text.encode("utf-8"))

    def prompt(self, messages: list[dict]) -> list[int]:  # Engine.prompt: render, then tokenize
        return self.tokenize(self.render(messages))

    def generate(self, prompt, sampling, *, on_token=None, should_stop=None) -> Answer:
        with self.lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            self.prompts.append(bytes(prompt).decode("utf-8"))
            words = [w + " " for w in self.ANSWER.split(" ")]
            started = time.perf_counter()
            count, finish = 0, "stop"
            for word in words:
                if should_stop and should_stop():
                    finish = "interrupted"
                    break
                if count >= sampling.max_tokens:
                    finish = "length"
                    break
                time.sleep(self.delay)
                count += 1
                if on_token:
                    on_token(word)
            return Answer(text="".join(words[:count]), n_prompt_tokens=len(prompt), n_completion_tokens=count,
                          finish_reason=finish, stopped_at_end_of_turn=finish == "stop",
                          ttft_s=0.01, decode_tokens_per_s=100.0, prompt_tokens_per_s=1000.0,
                          context_used=len(prompt) + count, context_size=self.n_ctx)
        finally:
            with self.lock:
                self.active -= 1


@contextlib.contextmanager
def app_server(app) -> Iterator[str]:
    """Run a FastAPI app with uvicorn in a thread on a free loopback port; yield its base URL."""
    import uvicorn

    from medgguf.serve.server import bind

    sock = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def request(url: str, body: object = None, *, method: str | None = None, headers: dict | None = None,
            raw: bytes | None = None, timeout: float = 60) -> tuple[int, dict | str, dict]:
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method or ("POST" if data is not None else "GET"),
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            text = response.read().decode()
            status, response_headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        status, response_headers = error.code, dict(error.headers)
    try:
        return status, json.loads(text), response_headers
    except json.JSONDecodeError:
        return status, text, response_headers


def sse_events(text: str) -> list:
    events = []
    for block in text.split("\n\n"):
        data = "".join(line[5:].strip() for line in block.splitlines() if line.startswith("data:"))
        if data:
            events.append(data if data == "[DONE]" else json.loads(data))
    return events


@contextlib.contextmanager
def serve_process(args: list, *, env: dict | None = None, cwd: Path | None = None,
                  timeout: float = 300) -> Iterator[tuple[str, subprocess.Popen]]:
    """`python -m medgguf serve ARGS --port 0`; yields (base URL, process) once it prints its URL."""
    log_dir = Path(cwd or ".")
    stderr = open(log_dir / "serve.stderr.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "medgguf", "serve", *map(str, args), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=cwd,
                            env={**os.environ, **(env or {})})
    url = None
    try:
        deadline = time.monotonic() + timeout
        assert proc.stdout is not None
        while url is None:
            line = proc.stdout.readline()
            if not line:
                stderr.flush()
                raise AssertionError(f"serve exited ({proc.wait()}): {(log_dir / 'serve.stderr.log').read_text()[-3000:]}")
            found = re.search(r"at (http://127\.0\.0\.1:\d+)", line)
            if found:
                url = found.group(1)
            assert time.monotonic() < deadline, "serve did not start in time"
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        stderr.close()
