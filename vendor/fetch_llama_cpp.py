#!/usr/bin/env python3
"""Fetch the pinned llama-cpp-python sdist, check its sha256, extract its llama.cpp source.

    python vendor/fetch_llama_cpp.py            # -> vendor/llama.cpp/ (git-ignored)
    python vendor/fetch_llama_cpp.py --print-sdist

The sdist is kept in the per-machine cache (~/.cache/medgguf/sdist, or $MEDGGUF_CACHE/sdist),
so a second clone extracts it without downloading. Standard library only: this runs before
the virtual environment has anything in it.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent
# medgguf.paths and medgguf.atomic use the standard library only, so they serve here too,
# before the virtual environment has anything in it.
sys.path.insert(0, str(VENDOR_DIR.parent))
from medgguf.atomic import sha256_file  # noqa: E402
from medgguf.paths import cache_root  # noqa: E402

PIN_FILE = VENDOR_DIR / "llama-cpp-python.json"
SOURCE_DIR = VENDOR_DIR / "llama.cpp"
STAMP_NAME = ".medgguf-pin.json"


def load_pin() -> dict:
    return json.loads(PIN_FILE.read_text())


def cached_sdist(pin: dict) -> Path:
    """Return the verified sdist, downloading it with pip when the cache lacks it."""
    target = cache_root() / "sdist" / pin["sdist"]
    if target.exists() and sha256_file(target) == pin["sha256"]:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
             f"{pin['package']}=={pin['version']}", "--dest", tmp],
            check=True,
        )
        downloaded = Path(tmp) / pin["sdist"]
        actual = sha256_file(downloaded)
        if actual != pin["sha256"]:
            sys.exit(f"error: {pin['sdist']} has sha256 {actual}, the pin says {pin['sha256']}; "
                     f"refusing it (fix {PIN_FILE.name} only if you meant to change the version)")
        os.replace(downloaded, target)
    return target


def extract_llama_cpp(sdist: Path, pin: dict) -> None:
    stamp = SOURCE_DIR / STAMP_NAME
    if stamp.exists() and json.loads(stamp.read_text()).get("sha256") == pin["sha256"]:
        return
    prefix = f"{sdist.name.removesuffix('.tar.gz')}/vendor/llama.cpp/"
    with tempfile.TemporaryDirectory(dir=VENDOR_DIR, prefix=".llama.cpp.") as tmp:
        with tarfile.open(sdist) as archive:
            members = []
            for member in archive.getmembers():
                if member.name.startswith(prefix):
                    member.name = member.name[len(prefix):]
                    members.append(member)
            archive.extractall(tmp, members=members, filter="data")
        (Path(tmp) / STAMP_NAME).write_text(json.dumps(pin, indent=2) + "\n")
        if SOURCE_DIR.exists():
            shutil.rmtree(SOURCE_DIR)
        os.replace(tmp, SOURCE_DIR)
        # TemporaryDirectory's cleanup must not fail on the renamed path.
        Path(tmp).mkdir()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print-sdist", action="store_true", help="print the cached sdist path")
    args = parser.parse_args()
    pin = load_pin()
    sdist = cached_sdist(pin)
    extract_llama_cpp(sdist, pin)
    if args.print_sdist:
        print(sdist)


if __name__ == "__main__":
    main()
