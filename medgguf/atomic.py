"""Write outputs under a temporary name and rename them into place when complete.

A killed process leaves ``*.partial`` leftovers, never a truncated file under a final name.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PARTIAL_SUFFIX = ".partial"


def partial_name(final: Path) -> Path:
    return final.with_name(f"{final.name}{PARTIAL_SUFFIX}")


@contextlib.contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``final`` (file or directory); rename it on success.

    On an exception the temporary is removed and ``final`` is left as it was.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = partial_name(final)
    remove(tmp)
    try:
        yield tmp
    except BaseException:
        remove(tmp)
        raise
    if not tmp.exists():
        raise FileNotFoundError(f"{tmp} was not written")
    if tmp.is_dir() and final.exists():
        # A directory cannot replace a non-empty directory in one rename: move the old one aside.
        old = final.with_name(f"{final.name}.old")
        remove(old)
        os.replace(final, old)
        os.replace(tmp, final)
        remove(old)
    else:
        os.replace(tmp, final)
    _fsync_dir(final.parent)


def write_text(final: Path, text: str, mode: int | None = None) -> None:
    with atomic_path(final) as tmp:
        tmp.write_text(text)
        if mode is not None:
            os.chmod(tmp, mode)


def update_text(final: Path, text: str) -> None:
    """Write ``text`` unless the file already holds it: an unchanged file keeps its timestamp."""
    final = Path(final)
    if not (final.exists() and final.read_text() == text):
        write_text(final, text)


def write_json(final: Path, data: Any) -> None:
    write_text(final, json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(path: Path) -> dict:
    """sha256 and size of a file, or of a directory as the hash of its files' hashes."""
    path = Path(path)
    if path.is_dir():
        listing = []
        total = 0
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            listing.append(f"{child.relative_to(path).as_posix()} {sha256_file(child)}")
            total += child.stat().st_size
        return {"sha256": hashlib.sha256("\n".join(listing).encode()).hexdigest(), "size": total, "files": len(listing)}
    return {"sha256": sha256_file(path), "size": path.stat().st_size}


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
