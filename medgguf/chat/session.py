"""A conversation with an Engine: its history and how it fits the context, the JSONL transcript,
the slash commands, and one-shot answers (``medgguf ask``, the quickstart).

Nothing here prints; the terminal loop is medgguf/cli/chat.py.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from medgguf import atomic
from medgguf.chat.engine import Answer, Engine, OnToken, ShouldStop
from medgguf.chat.sampling import Sampling
from medgguf.data.format import with_system
from medgguf.errors import InputError
from medgguf.run import now

DEFAULT_SYSTEM_PROMPT = (
    "You are a careful, friendly medical assistant. Answer clearly and briefly, in plain "
    "language. Say when something needs a doctor's examination, and tell the user to call "
    "their local emergency number for any sign of an emergency. Do not invent facts; say "
    "when you are not sure."
)


# ---------------------------------------------------------------------------------------------
# One-shot answers (medgguf ask, the quickstart)


def answer(
    model_path: Path,
    question: str,
    *,
    system_prompt: str | None = None,
    threads: int | None = None,
    n_ctx: int | None = None,
    lora_path: Path | None = None,
    on_token: OnToken | None = None,
    **sampling: Any,
) -> Answer:
    """Answer one question through the code path the chat uses (ChatSession.send); ``sampling``
    holds Sampling fields (temperature, top_p, top_k, max_tokens, seed, repeat_penalty) that
    differ from the chat's defaults."""
    if not question.strip():
        raise InputError("the question is empty", "pass a question, or `-` to read it from stdin")
    settings = Sampling(**sampling).validate()
    engine = Engine(Path(model_path), threads=threads, n_ctx=n_ctx, lora_path=lora_path)
    try:
        session = ChatSession(engine, system_prompt=system_prompt, sampling=settings)
        return session.send(question, on_token=on_token).answer
    finally:
        engine.close()


# ---------------------------------------------------------------------------------------------
# A conversation: history, context fitting, transcript.


@dataclass(frozen=True)
class Turn:
    answer: Answer
    dropped_turns: int  # oldest exchanges dropped to make room
    max_tokens: int  # the generation budget actually used (may be cut to fit the context)


@dataclass
class ChatSession:
    engine: Engine
    system_prompt: str | None = None
    sampling: Sampling = field(default_factory=Sampling)
    transcript: Transcript | None = None
    messages: list[dict] = field(default_factory=list)  # user/assistant only, oldest first
    answers: list[Answer] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.system_prompt is None:
            self.system_prompt = DEFAULT_SYSTEM_PROMPT

    # -- prompt building ---------------------------------------------------------------------
    def prompt_tokens(self, messages: list[dict]) -> list[int]:
        return self.engine.prompt(with_system(self.system_prompt, messages))

    def fit(self, user_text: str) -> tuple[list[int], int, int]:
        """Prompt tokens for history + ``user_text``, dropping the oldest exchanges until the
        prompt and the answer budget fit; returns (tokens, exchanges dropped, answer budget)."""
        n_ctx = self.engine.n_ctx
        history = list(self.messages)
        dropped = 0
        while True:
            tokens = self.prompt_tokens(history + [{"role": "user", "content": user_text}])
            room = n_ctx - len(tokens) - 1
            if room >= min(self.sampling.max_tokens, 64) or not history:
                break
            # Drop the oldest user message and the answers that followed it.
            history.pop(0)
            while history and history[0]["role"] != "user":
                history.pop(0)
            dropped += 1
        if room < 1 or (room < min(self.sampling.max_tokens, 64) and not history):
            alone = self.engine.count_tokens(user_text)
            raise InputError(
                f"your message is {alone} tokens and the context holds {n_ctx} with room for the answer",
                "paste a shorter excerpt, or restart with a larger --ctx "
                f"(the model was trained on up to {self.engine.info.context_length or '?'} tokens)",
            )
        if dropped:
            self.messages = history
            if self.transcript is not None:
                self.transcript.event("context_trimmed", dropped_exchanges=dropped)
        return tokens, dropped, min(self.sampling.max_tokens, room)

    # -- one exchange ------------------------------------------------------------------------
    def send(self, user_text: str, *, on_token: OnToken | None = None, should_stop: ShouldStop | None = None) -> Turn:
        tokens, dropped, budget = self.fit(user_text)
        self.messages.append({"role": "user", "content": user_text})
        if self.transcript is not None:
            self.transcript.message("user", user_text)
        result = self.engine.generate(
            tokens, replace(self.sampling, max_tokens=budget), on_token=on_token, should_stop=should_stop
        )
        self.messages.append({"role": "assistant", "content": result.text})
        self.answers.append(result)
        if self.transcript is not None:
            self.transcript.message("assistant", result.text, stats=result.stats())
        return Turn(answer=result, dropped_turns=dropped, max_tokens=budget)

    def reset(self) -> None:
        self.messages.clear()
        if self.transcript is not None:
            self.transcript.event("reset")

    def set_system(self, text: str) -> None:
        self.system_prompt = text
        if self.transcript is not None:
            self.transcript.event("system", content=text)

    def load(self, path: Path) -> int:
        """Replace the conversation by a saved transcript's; returns the number of messages."""
        system, messages = read_transcript(path)
        self.messages = messages
        if system is not None:
            self.system_prompt = system
        if self.transcript is not None:
            self.transcript.event("loaded", source=str(path), messages=messages, system=self.system_prompt)
        return len(messages)

    def context_used(self) -> int:
        return len(self.prompt_tokens(self.messages)) if self.messages else 0


# ---------------------------------------------------------------------------------------------
# Transcripts: JSONL, one event per line, mode 0600, rewritten atomically after each event.

TRANSCRIPT_GLOB = "chat-*.jsonl"


class Transcript:
    def __init__(self, path: Path, events: list[dict] | None = None):
        self.path = Path(path)
        self.events: list[dict] = events or []

    @staticmethod
    def prepare(directory: Path) -> Path:
        """Make the transcripts directory (mode 0700) and prove it takes a file, or InputError:
        the chat checks this before it loads the model, not after the first answer."""
        directory = Path(directory)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            os.chmod(directory, 0o700)
            with tempfile.NamedTemporaryFile(dir=directory, prefix=".probe-"):
                pass
        except OSError as exc:
            raise InputError(
                f"transcripts cannot be written in {directory} ({exc.strerror or exc})",
                "pass a writable --transcripts-dir",
            ) from None
        return directory

    @classmethod
    def create(cls, directory: Path, *, model: Path, system_prompt: str | None, sampling: Sampling) -> Transcript:
        directory = cls.prepare(directory)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = directory / f"chat-{stamp}-{os.getpid()}.jsonl"
        transcript = cls(path)
        transcript.event("session", model=str(model), system=system_prompt, sampling=asdict(sampling))
        return transcript

    @classmethod
    def latest(cls, directory: Path) -> Transcript:
        candidates = sorted(Path(directory).glob(TRANSCRIPT_GLOB), key=lambda p: p.stat().st_mtime)
        if not candidates:
            raise InputError(
                f"no transcript to resume in {directory}",
                "start a new chat without --resume (transcripts are saved automatically)",
            )
        path = candidates[-1]
        return cls(path, _read_events(path))

    def message(self, role: str, content: str, **extra) -> None:
        self.event("message", role=role, content=content, **extra)

    def event(self, kind: str, **fields) -> None:
        self.events.append({"type": kind, "time": now(), **fields})
        self.write(self.path)

    def write(self, path: Path) -> None:
        text = "".join(json.dumps(event, ensure_ascii=False, default=str) + "\n" for event in self.events)
        atomic.write_text(Path(path), text, mode=0o600)


def _read_events(path: Path) -> list[dict]:
    path = Path(path).expanduser()
    if not path.is_file():
        raise InputError(f"transcript {path} does not exist", "pass a file written by /save or the auto-transcript")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not a text file", "pass a transcript written by medgguf chat (JSONL)") from None
    events = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path} line {number} is not JSON ({exc.msg})", "pass a transcript written by medgguf chat (JSONL)"
            ) from None
        if not isinstance(event, dict):
            raise InputError(f"{path} line {number} is not a JSON object", "pass a medgguf chat transcript")
        events.append(event)
    # Any other JSONL (training rows, say) would load as an empty conversation without a word.
    if not any(event.get("type") in _TRANSCRIPT_EVENTS for event in events):
        raise InputError(
            f"{path} is not a medgguf chat transcript (no session or message events)",
            "pass a file written by /save or the auto-transcript",
        )
    for number, event in enumerate(events, 1):
        if event.get("type") == "loaded" and not all(
            isinstance(m, dict) and m.get("role") in ("user", "assistant") for m in event.get("messages", [])
        ):
            raise InputError(f"{path} event {number} holds malformed messages", "pass a medgguf chat transcript")
    return events


_TRANSCRIPT_EVENTS = frozenset({"session", "message", "system", "reset", "loaded", "resumed", "settings"})


def replay(events: Iterable[dict]) -> tuple[str | None, list[dict]]:
    """The system prompt and user/assistant messages a transcript's events leave behind."""
    system: str | None = None
    messages: list[dict] = []
    for event in events:
        kind = event.get("type")
        if kind == "session":
            system = event.get("system", system)
        elif kind == "system":
            system = event.get("content")
        elif kind == "reset":
            messages = []
        elif kind == "loaded":
            messages = [dict(m) for m in event.get("messages", [])]
            system = event.get("system", system)
        elif kind == "message" and event.get("role") in ("user", "assistant"):
            messages.append({"role": event["role"], "content": str(event.get("content", ""))})
    # A transcript cut off after a question (Ctrl-D mid-answer) resumes at the question's answer.
    if messages and messages[-1]["role"] == "user":
        messages.pop()
    return system, messages


def read_transcript(path: Path) -> tuple[str | None, list[dict]]:
    return replay(_read_events(path))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")


def sanitize(text: str) -> str:
    """Model text with terminal control characters removed (escape sequences could redraw the
    screen over the emergency notice)."""
    return _CONTROL.sub("", text)


def default_transcripts_dir() -> Path:
    """Where chats with a GGUF outside a run directory keep their transcripts."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "medgguf" / "transcripts"


# ---------------------------------------------------------------------------------------------
# Slash commands

HELP = """\
/help             this list
/reset            forget the conversation (the system prompt stays)
/system [TEXT]    show or set the system prompt
/temp X           sampling temperature (0 = greedy)
/top_p X          nucleus sampling threshold, 0 < X <= 1
/top_k N          sample from the N likeliest tokens (0 = off)
/max N            new tokens per answer
/seed N|random    random seed for sampling
/save [FILE]      save the conversation as JSONL (default ./medgguf-chat-<time>.jsonl)
/load FILE        continue a saved conversation
/stats            speed and context of the last answer, and the settings
/exit             leave (Ctrl-D does too); Ctrl-C stops an answer"""


@dataclass(frozen=True)
class CommandResult:
    message: str
    exit: bool = False
    style: str = "cyan"


def handle_command(session: ChatSession, line: str) -> CommandResult:
    """Run one slash command against ``session``; InputError for bad arguments."""
    name, _, argument = line.strip().partition(" ")
    name, argument = name.lower(), argument.strip()
    if name in ("/exit", "/quit", "/bye"):
        return CommandResult("", exit=True)
    if name in ("/help", "/?"):
        return CommandResult(HELP)
    if name == "/reset":
        session.reset()
        return CommandResult("conversation cleared; the system prompt is kept")
    if name == "/system":
        if not argument:
            return CommandResult(f"system prompt: {session.system_prompt}")
        session.set_system(argument)
        return CommandResult("system prompt set")
    if name in ("/temp", "/temperature", "/top_p", "/top-p", "/top_k", "/top-k", "/max", "/seed"):
        return CommandResult(_set_sampling(session, name, argument))
    if name == "/save":
        target = (
            Path(argument).expanduser() if argument else Path(f"medgguf-chat-{time.strftime('%Y%m%d-%H%M%S')}.jsonl")
        )
        events = session.transcript.events if session.transcript is not None else []
        saved = Transcript(target, list(events) or _events_from(session))
        saved.write(target)
        return CommandResult(f"saved {len(session.messages)} messages to {target}")
    if name == "/load":
        if not argument:
            raise InputError("/load needs a file", "type /load FILE with a file written by /save")
        count = session.load(Path(argument))
        return CommandResult(f"loaded {count} messages from {argument}")
    if name == "/stats":
        return CommandResult(stats_text(session))
    raise InputError(f"unknown command {name}", "type /help for the list")


def _events_from(session: ChatSession) -> list[dict]:
    return [{"type": "session", "system": session.system_prompt, "sampling": asdict(session.sampling)}] + [
        {"type": "message", **message} for message in session.messages
    ]


def _set_sampling(session: ChatSession, name: str, argument: str) -> str:
    key = {
        "/temp": "temperature",
        "/temperature": "temperature",
        "/top_p": "top_p",
        "/top-p": "top_p",
        "/top_k": "top_k",
        "/top-k": "top_k",
        "/max": "max_tokens",
        "/seed": "seed",
    }[name]
    if not argument:
        return f"{key} = {getattr(session.sampling, key)}"
    value: Any
    try:
        if key == "seed":
            value = None if argument.lower() in ("random", "none") else int(argument)
        elif key in ("top_k", "max_tokens"):
            value = int(argument)
        else:
            value = float(argument)
    except ValueError:
        raise InputError(
            f"{name} needs a number, not {argument!r}", f"e.g. {name} {getattr(session.sampling, key)}"
        ) from None
    session.sampling = replace(session.sampling, **{key: value}).validate()
    if session.transcript is not None:
        session.transcript.event("settings", sampling=asdict(session.sampling))
    return f"{key} = {value}"


def status_line(result: Answer) -> str:
    """The line under each answer: speed, first-token latency, context used."""
    used = result.context_used
    percent = 100 * used / result.context_size if result.context_size else 0
    ending = {"stop": "", "length": " · stopped at the token limit", "interrupted": " · stopped"}[result.finish_reason]
    return (
        f"{result.n_completion_tokens} tokens · {result.decode_tokens_per_s:.1f} tok/s · "
        f"first token {result.ttft_s:.2f} s · context {used}/{result.context_size} ({percent:.0f}%){ending}"
    )


def stats_text(session: ChatSession) -> str:
    engine = session.engine
    lines = [
        f"model: {engine.info.summary()}",
        f"threads: {engine.threads} · context: {engine.n_ctx} tokens",
        f"sampling: temperature {session.sampling.temperature}, top-p {session.sampling.top_p}, "
        f"top-k {session.sampling.top_k}, repeat penalty {session.sampling.repeat_penalty}, "
        f"DRY {session.sampling.dry_multiplier}, max {session.sampling.max_tokens} tokens, "
        f"seed {session.sampling.seed if session.sampling.seed is not None else 'random'}",
        f"conversation: {len(session.messages)} messages, {session.context_used()} prompt tokens",
    ]
    if session.answers:
        last = session.answers[-1]
        lines.append(
            f"last answer: {status_line(last)} · prompt {last.n_prompt_tokens} tokens "
            f"({last.n_cached_tokens} cached) at {last.prompt_tokens_per_s:.1f} tok/s"
        )
        total = sum(a.n_completion_tokens for a in session.answers)
        lines.append(f"session: {len(session.answers)} answers, {total} tokens generated")
    if session.transcript is not None:
        lines.append(f"transcript: {session.transcript.path}")
    return "\n".join(lines)
