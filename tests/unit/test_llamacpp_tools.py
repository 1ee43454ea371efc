"""How a failing native tool's output is turned into one domain error."""
from __future__ import annotations

import sys

import pytest

from medgguf.errors import DiskSpaceError, StageFailed
from medgguf.llamacpp import tools


def _failing_tool(last_line: str) -> list[str]:
    return [sys.executable, "-c", f"import sys; print('Writing:   0%'); print({last_line!r}); sys.exit(1)"]


@pytest.mark.parametrize(
    "last_line",
    [
        "OSError: [Errno 28] No space left on device",
        # numpy's ndarray.tofile fallocates first and says this instead, with no errno text
        "OSError: Not enough free space to write 56623104 bytes after offset 1786304",
    ],
)
def test_a_tool_that_ran_out_of_disk_is_a_disk_space_error(last_line, tmp_path):
    with pytest.raises(DiskSpaceError, match="the disk filled up while fake-convert was writing"):
        tools._run_tool(_failing_tool(last_line), what="fake-convert", writes=tmp_path / "out.gguf")


def test_any_other_failure_is_a_stage_failure_with_the_last_lines(tmp_path):
    with pytest.raises(StageFailed, match="fake-convert failed") as caught:
        tools._run_tool(_failing_tool("KeyError: 'model.embed_tokens.weight'"), what="fake-convert",
                        writes=tmp_path / "out.gguf")
    assert "KeyError" in (caught.value.fix or "")
