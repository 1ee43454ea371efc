"""`medgguf chat` and `medgguf ask` as a person uses them: the real CLI on the demo q4_K_M, in a
pseudo-terminal (pexpect), with the real llama.cpp. No mocks.

The model is the demo build's q4_K_M (the session `demo_run` fixture); set
MEDGGUF_TEST_CHAT_MODEL=/path/to/model.gguf to run these against an existing GGUF instead.
"""
from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from medgguf import paths
from tests.cli.conftest import assert_one_line_error

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

PROMPT = "you>"
STATUS = re.compile(r"\d+ tokens · [\d.]+ tok/s · first token [\d.]+ s · context \d+/\d+")
# Generous: the shared CI machine may be busy.
TIMEOUT = 150


@pytest.fixture(scope="module")
def chat_model(request) -> Path:
    explicit = os.environ.get("MEDGGUF_TEST_CHAT_MODEL")
    if explicit:
        return Path(explicit)
    return request.getfixturevalue("demo_run").gguf_file("q4_K_M")


@pytest.fixture
def user_env(tmp_path) -> dict:
    home = tmp_path / "home"
    home.mkdir()
    return {**os.environ, "HOME": str(home), "MEDGGUF_CACHE": str(paths.cache_root()), "TERM": "xterm-256color",
            "COLUMNS": "110", "LINES": "40", "XDG_DATA_HOME": str(tmp_path / "data")}


def spawn(args: list, env: dict, cwd: Path):
    child = pexpect.spawn(sys.executable, ["-m", "medgguf", *map(str, args)], env=env, cwd=str(cwd),
                          encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 110))
    child.logfile_read = open(cwd / "screen.log", "a", encoding="utf-8")  # noqa: SIM115
    return child


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_chat_session_in_a_terminal(chat_model, user_env, tmp_path):
    transcripts = tmp_path / "transcripts"
    child = spawn(["chat", chat_model, "--threads", "1", "--seed", "7", "--max-tokens", "48",
                   "--transcripts-dir", transcripts], user_env, tmp_path)
    child.expect("medical disclaimer")
    child.expect("not a clinician")
    child.expect(PROMPT)

    # A question: the answer streams under "assistant" and a status line follows.
    child.sendline("What are common symptoms of the flu?")
    child.expect("assistant")
    child.expect(STATUS)
    answer_screen = child.before
    assert len(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", answer_screen).strip()) > 20
    child.expect(PROMPT)

    child.sendline("/reset")
    child.expect("conversation cleared")
    child.expect(PROMPT)

    # Ctrl-C in the middle of a long answer stops it and keeps the session.
    child.sendline("/max 400")
    child.expect("max_tokens = 400")
    child.expect(PROMPT)
    child.sendline("Write a long, detailed essay on the history of vaccination, with many sections.")
    child.expect("assistant")
    child.expect(r"\w{4,}")       # some answer text has been drawn
    child.sendintr()
    child.expect(r"answer stopped \(Ctrl-C\)")
    child.expect(STATUS)
    child.expect(PROMPT)

    # The session goes on: a red-flag question shows the emergency notice before any answer.
    child.sendline("/max 24")
    child.expect(PROMPT)
    child.sendline("I have crushing chest pain and my left arm is numb")
    child.expect("POSSIBLE MEDICAL EMERGENCY")
    child.expect("call your local emergency number")
    child.expect("assistant")
    child.expect(STATUS)
    child.expect(PROMPT)

    child.sendline("/stats")
    child.expect("last answer")
    child.expect(PROMPT)

    saved = tmp_path / "saved.jsonl"
    child.sendline(f"/save {saved}")
    child.expect("saved 4 messages")
    child.expect(PROMPT)
    rss_mb = peak_rss_mb(child.pid)

    child.sendline("/exit")
    child.expect("transcript: ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    print(f"peak RSS of the chat process: {rss_mb:.0f} MB")
    assert 0 < rss_mb < 2048

    # One auto-transcript, private, holding the conversation as it happened.
    files = list(transcripts.glob("chat-*.jsonl"))
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    events = [json.loads(line) for line in files[0].read_text().splitlines()]
    kinds = [event["type"] for event in events]
    assert kinds[0] == "session" and "reset" in kinds
    messages = [event for event in events if event["type"] == "message"]
    assert [m["role"] for m in messages] == ["user", "assistant"] * 3
    assert messages[0]["content"] == "What are common symptoms of the flu?"
    assert messages[1]["content"].strip()
    assert messages[3]["stats"]["finish_reason"] == "interrupted"
    assert messages[5]["stats"]["n_completion_tokens"] <= 24
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "history of vaccination" in saved.read_text()

    # --resume continues the same transcript with the messages left after /reset.
    child = spawn(["chat", chat_model, "--threads", "1", "--resume", "--transcripts-dir", transcripts],
                  user_env, tmp_path)
    child.expect(r"resumed 4 messages from .*chat-")
    child.expect(PROMPT)
    time.sleep(1)                  # let input() take the terminal, as a person typing would
    child.sendeof()                # Ctrl-D exits
    child.expect("transcript: ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert list(transcripts.glob("chat-*.jsonl")) == files
    assert '"type": "resumed"' in files[0].read_text()


def test_long_paste_gets_a_message_not_a_crash(chat_model, user_env, tmp_path):
    child = spawn(["chat", chat_model, "--threads", "1", "--ctx", "256", "--max-tokens", "16",
                   "--transcripts-dir", tmp_path / "t"], user_env, tmp_path)
    child.expect(PROMPT)
    child.sendline("Please summarize: " + "the patient reports a persistent dry cough " * 60)
    child.expect(r"your message is \d+ tokens and the context holds 256")
    child.expect(PROMPT)
    child.sendline("Hi")
    child.expect(STATUS)
    child.expect(PROMPT)
    child.sendline("/exit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_old_turns_are_dropped_with_a_notice(chat_model, user_env, tmp_path):
    child = spawn(["chat", chat_model, "--threads", "1", "--ctx", "256", "--max-tokens", "40", "--seed", "3",
                   "--transcripts-dir", tmp_path / "t"], user_env, tmp_path)
    child.expect(PROMPT)
    question = "Tell me about the common cold, its causes, symptoms and treatment in detail."
    for _ in range(4):
        child.sendline(question)
        index = child.expect([r"context full: dropped the oldest \d+ exchange", STATUS])
        if index == 0:
            child.expect(STATUS)
            child.expect(PROMPT)
            break
        child.expect(PROMPT)
    else:
        pytest.fail("four exchanges in a 256-token context never dropped an old one")
    child.sendline("/exit")
    child.expect(pexpect.EOF)


def test_ask_pipes_only_the_answer(chat_model, user_env, tmp_path):
    command = [sys.executable, "-m", "medgguf", "ask", "--model", str(chat_model), "--threads", "1",
               "--seed", "1", "--max-tokens", "32"]
    plain = subprocess.run([*command, "What is a normal body temperature?"], capture_output=True, text=True,
                           env=user_env, cwd=tmp_path, timeout=TIMEOUT, check=False)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.strip()
    assert "tok/s" not in plain.stdout and "{" not in plain.stdout[:1]

    as_json = subprocess.run([*command, "--json", "-"], input="I think my son swallowed bleach",
                             capture_output=True, text=True, env=user_env, cwd=tmp_path, timeout=TIMEOUT,
                             check=False)
    assert as_json.returncode == 0, as_json.stderr
    record = json.loads(as_json.stdout)
    assert record["text"].strip()
    assert record["finish_reason"] in ("stop", "length")
    assert record["n_completion_tokens"] <= 32 and record["n_prompt_tokens"] > 10
    assert record["ttft_s"] > 0 and record["prompt_tokens_per_s"] > 0
    assert record["red_flags"] == ["poisoning"]
    assert "POSSIBLE MEDICAL EMERGENCY" in as_json.stderr


def test_answer_api_matches_the_contract(chat_model):
    from medgguf.chat.session import answer

    streamed: list[str] = []
    result = answer(chat_model, "Name one symptom of dehydration.", max_tokens=24, seed=5, threads=1,
                    on_token=streamed.append)
    assert "".join(streamed) == result.text
    assert result.n_completion_tokens <= 24
    assert result.finish_reason in ("stop", "length")
    assert result.stopped_at_end_of_turn == (result.finish_reason == "stop")
    if result.finish_reason == "length":
        assert result.n_completion_tokens == 24
    assert result.ttft_s > 0 and result.decode_tokens_per_s > 0


def test_greedy_answers_are_reproducible(chat_model):
    from medgguf.chat.session import answer

    first = answer(chat_model, "What is anemia?", max_tokens=16, temperature=0, threads=1)
    second = answer(chat_model, "What is anemia?", max_tokens=16, temperature=0, threads=1)
    assert first.text == second.text


def test_truncated_real_model_is_refused(cli, chat_model, tmp_path):
    cut = tmp_path / "half.gguf"
    with chat_model.open("rb") as source, cut.open("wb") as target:
        target.write(source.read(chat_model.stat().st_size // 2))
    result = cli("ask", "--model", cut, "hello")
    assert_one_line_error(result, 2, "half.gguf is truncated", "missing)", "medgguf build")


def test_resume_without_transcript(cli, chat_model, tmp_path):
    result = cli("chat", chat_model, "--resume", "--transcripts-dir", tmp_path / "none")
    assert_one_line_error(result, 2, "no transcript to resume", "without --resume")
