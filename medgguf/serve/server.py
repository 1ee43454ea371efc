"""``medgguf serve``: bind, load, serve, shut down.

The socket is bound before the model loads, so a port in use is a one-line error at once; it is
handed to uvicorn as it is, so nothing else can take the port in between.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import socket
from collections.abc import Callable
from pathlib import Path

from medgguf.errors import InputError

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


def bind(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise InputError(
            f"--host {host} is not an address this machine has ({exc.strerror})",
            "use 127.0.0.1 (the default) or an address of this machine",
        ) from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(
                f"port {port} on {host} is in use",
                "stop the program using it, or pass another --port (0 picks a free one)",
            ) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise InputError(
                f"no permission to listen on port {port} of {host}", "use a port above 1023, e.g. --port 8080"
            ) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise InputError(f"--host {host} is not an address of this machine", "use 127.0.0.1") from None
        raise
    sock.set_inheritable(True)
    return sock


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    model: Path,
    *,
    model_id: str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    api_key: str | None = None,
    threads: int | None = None,
    n_ctx: int | None = None,
    lora_path: Path | None = None,
    sampling=None,
    system_prompt: str | None = None,
    notice_in_content: bool = True,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``model`` until interrupted; ``on_ready`` gets the base URL once it accepts requests."""
    import uvicorn

    from medgguf import hardware
    from medgguf.chat.engine import Engine
    from medgguf.chat.sampling import Sampling
    from medgguf.chat.session import DEFAULT_SYSTEM_PROMPT
    from medgguf.llamacpp.gguf_check import inspect_gguf
    from medgguf.serve.app import ServeSettings, create_app
    from medgguf.serve.worker import GenerationWorker

    if api_key is not None and not api_key.strip():
        raise InputError("--api-key is empty", "pass a non-empty key, or leave --api-key out")
    info = inspect_gguf(Path(model), require_chat_template=True)
    sock = bind(host, port)
    try:
        if not is_loopback(host) and not api_key:
            log.warning("serving on %s without --api-key: anyone who can reach this address can use the model", host)
        engine = Engine(info.path, n_ctx=n_ctx, threads=threads, info=info, lora_path=lora_path)
    except BaseException:
        sock.close()
        raise
    busy = hardware.busy_warning(engine.threads)  # the HTTP loop needs a core too
    if busy:
        log.warning("%s", busy)
    worker = GenerationWorker(engine)
    settings = ServeSettings(
        model_id=model_id,
        sampling=(sampling or Sampling()).validate(),
        system_prompt=DEFAULT_SYSTEM_PROMPT if system_prompt is None else system_prompt,
        api_key=api_key,
        notice_in_content=notice_in_content,
    )
    app = create_app(engine, settings, worker)
    bound_host, bound_port = sock.getsockname()[:2]
    url = f"http://{'[' + bound_host + ']' if ':' in bound_host else bound_host}:{bound_port}"
    config = uvicorn.Config(
        app,
        log_config=None,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_keep_alive=30,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)

    if on_ready is not None:
        original_startup = server.startup

        async def startup(sockets=None):
            await original_startup(sockets=sockets)
            on_ready(url)

        server.startup = startup  # type: ignore[method-assign]
    try:
        server.run(sockets=[sock])
    finally:
        worker.close()
        engine.close()
        sock.close()
