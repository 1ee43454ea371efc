"""Uploading the release folder to the Hugging Face hub (``--push REPO``), or listing what would
be uploaded (``--dry-run``). Every check that can fail without the network runs before the folder
is built, so an offline machine or a missing token costs nothing."""

from __future__ import annotations

import os
import re
from pathlib import Path

from medgguf.errors import InputError, StageFailed
from medgguf.run import human_bytes

_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")


def check_repo_id(repo_id: str) -> None:
    if not _REPO_ID.match(repo_id or "") or ".." in repo_id:
        raise InputError(f"--push {repo_id!r} is not a hub repository id", "use OWNER/NAME, e.g. me/demo-GGUF")


def check_can_push(repo_id: str) -> None:
    """Refuse before anything is built: a bad id, offline mode, no token."""
    check_repo_id(repo_id)
    from huggingface_hub import get_token

    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        raise InputError(
            f"cannot push to {repo_id}: HF_HUB_OFFLINE is set",
            "unset it when online, or use --dry-run to see what would be uploaded",
        )
    if not get_token():
        raise InputError(
            f"cannot push to {repo_id}: no Hugging Face token", "run `hf auth login` or set HF_TOKEN, or use --dry-run"
        )


def dry_run_listing(folder: Path, repo_id: str) -> str:
    check_repo_id(repo_id)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in files)
    lines = [f"dry run: would upload {len(files)} files ({human_bytes(total)}) to https://huggingface.co/{repo_id}:"]
    lines += [f"  {p.relative_to(folder).as_posix()}  {human_bytes(p.stat().st_size)}" for p in files]
    return "\n".join(lines)


def push_folder(folder: Path, repo_id: str, *, private: bool = False) -> str:
    from huggingface_hub import HfApi

    api = HfApi()
    try:
        api.create_repo(repo_id, repo_type="model", private=private, exist_ok=True)
        api.upload_folder(
            folder_path=str(folder), repo_id=repo_id, repo_type="model", commit_message="medgguf export --to release"
        )
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StageFailed(
            f"uploading to {repo_id} failed ({first})",
            f"the release is complete in {folder}; check the token's write access and the network, "
            "then run the export again with --push",
        ) from None
    return f"https://huggingface.co/{repo_id}"
