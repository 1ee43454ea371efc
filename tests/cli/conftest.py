from __future__ import annotations

from pathlib import Path

import pytest


def assert_one_line_error(result, exit_code: int, *fragments: str) -> str:
    """The error contract: the exit code, one line naming the problem and the fix, no traceback."""
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    error_lines = [line for line in lines if line.startswith("error:")]
    assert len(error_lines) == 1, result.stderr
    # Rich may wrap a long line on a narrow terminal; join before matching.
    message = " ".join(lines[lines.index(error_lines[0]):])
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.fixture
def tiny_data(tmp_path) -> Path:
    rows = [{"instruction": "If you are a doctor, please answer.", "input": f"I have a cough, day {i}.",
             "output": f"Rest and drink fluids; see a doctor if it lasts beyond {i + 7} days."} for i in range(40)]
    path = tmp_path / "tiny_chatdoctor.json"
    import json

    path.write_text(json.dumps(rows))
    return path
