"""One generation thread in front of the chat engine, with a FIFO queue of jobs.

The engine holds one llama.cpp context, so answers are generated one at a time; requests that
arrive meanwhile wait in the queue, in order, and every one of them is answered: the queue has no
bound and nothing is dropped. A job whose client went away is skipped (or stopped mid-answer).
The KV cache is kept between jobs, so requests that share a prefix (the system prompt, an earlier
part of the same conversation) decode only what is new.

Events reach the asyncio side through ``loop.call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import queue
import threading
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from medgguf.chat.engine import Answer
    from medgguf.chat.sampling import Sampling

log = logging.getLogger(__name__)

STREAM_INTERVAL = 0.03  # seconds between two deliveries of streamed text after the first token


class StopScanner:
    """Cuts generated text at the first of the request's stop strings, holding back only the
    tail that could still become one."""

    def __init__(self, stops: tuple[str, ...]):
        self.stops = tuple(s for s in stops if s)
        self.pending = ""
        self.stopped = False

    def feed(self, piece: str) -> str:
        if self.stopped:
            return ""
        if not self.stops:
            return piece
        self.pending += piece
        cut = min((i for i in (self.pending.find(s) for s in self.stops) if i >= 0), default=-1)
        if cut >= 0:
            self.stopped = True
            out, self.pending = self.pending[:cut], ""
            return out
        hold = 0
        for stop in self.stops:
            for size in range(min(len(stop) - 1, len(self.pending)), 0, -1):
                if self.pending.endswith(stop[:size]):
                    hold = max(hold, size)
                    break
        out = self.pending[: len(self.pending) - hold]
        self.pending = self.pending[len(self.pending) - hold :]
        return out

    def flush(self) -> str:
        out, self.pending = ("" if self.stopped else self.pending), ""
        return out


@dataclass
class Job:
    prompt: list[int]
    sampling: Sampling
    loop: asyncio.AbstractEventLoop
    stops: tuple[str, ...] = ()
    events: asyncio.Queue = field(default_factory=asyncio.Queue)
    cancelled: threading.Event = field(default_factory=threading.Event)
    id: int = 0
    queued_at: float = field(default_factory=time.perf_counter)
    started_at: float = 0.0
    _pending: list = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _wakeup_scheduled: bool = False
    _delivered_any: bool = False

    def emit(self, kind: str, value=None) -> None:
        """Hand an event to the request's coroutine. Tokens are batched: after the first one, the
        event loop is woken at most every STREAM_INTERVAL seconds for whatever text arrived since,
        not once per token, so serving costs the generation thread next to nothing (each wake-up
        of the loop competes with it for the GIL and a core). Other events go at once."""
        with self._lock:
            first = not self._delivered_any
            self._pending.append((kind, value))
            if self._wakeup_scheduled:
                return
            self._wakeup_scheduled = True
            self._delivered_any = self._delivered_any or kind == "token"
        delay = STREAM_INTERVAL if kind == "token" and not first else 0.0
        try:
            self.loop.call_soon_threadsafe(self._deliver if not delay else self._deliver_later, delay)
        except RuntimeError:  # the event loop is closed: the server is shutting down
            self.cancelled.set()

    def _deliver_later(self, delay: float) -> None:
        self.loop.call_later(delay, self._deliver)

    def _deliver(self, _delay: float = 0.0) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
            self._wakeup_scheduled = False
        text: list[str] = []
        for kind, value in pending:
            if kind == "token":
                text.append(value)
                continue
            if text:
                self.events.put_nowait(("token", "".join(text)))
                text = []
            self.events.put_nowait((kind, value))
        if text:
            self.events.put_nowait(("token", "".join(text)))


@dataclass(frozen=True)
class Finished:
    answer: Answer
    text: str  # what was sent, cut at a stop string
    finish_reason: str  # "stop" | "length"
    queue_seconds: float


class GenerationWorker:
    """Runs jobs on ``engine`` in a single thread, first come first served."""

    def __init__(self, engine):
        self.engine = engine
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._ids = itertools.count(1)
        self._busy = threading.Event()
        self._thread = threading.Thread(target=self._run, name="medgguf-generate", daemon=True)
        self._thread.start()

    @property
    def waiting(self) -> int:
        return self._queue.qsize()

    @property
    def busy(self) -> bool:
        return self._busy.is_set()

    def submit(self, job: Job) -> Job:
        job.id = next(self._ids)
        self._queue.put(job)
        return job

    def close(self, timeout: float = 10.0) -> None:
        while True:  # the server is stopping: nobody waits for queued answers any more
            try:
                pending = self._queue.get_nowait()
            except queue.Empty:
                break
            if pending is not None:
                pending.cancelled.set()
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            if job.cancelled.is_set():
                continue
            self._busy.set()
            try:
                job.emit("started", None)
                job.emit("done", self._generate(job))
            except Exception as exc:
                log.debug("job %d failed", job.id, exc_info=True)
                job.emit("error", exc)
            finally:
                self._busy.clear()

    def _generate(self, job: Job) -> Finished:
        job.started_at = time.perf_counter()
        scanner = StopScanner(job.stops)
        sent: list[str] = []

        def send(text: str) -> None:
            if text:
                sent.append(text)
                job.emit("token", text)

        answer = self.engine.generate(
            job.prompt,
            replace(job.sampling),
            on_token=lambda piece: send(scanner.feed(piece)),
            should_stop=lambda: scanner.stopped or job.cancelled.is_set(),
        )
        send(scanner.flush())
        reason = "stop" if scanner.stopped or answer.finish_reason == "stop" else "length"
        return Finished(
            answer=answer, text="".join(sent), finish_reason=reason, queue_seconds=job.started_at - job.queued_at
        )
