"""The command line's error contract (DESIGN.md section 5), asserted the same way everywhere."""

from __future__ import annotations

from tests.conftest import CliResult


def one_line_error(result: CliResult, code: int) -> str:
    """Assert the exit code and the error contract: one line on stderr, no traceback."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("carecoord: ")
    return lines[0]
