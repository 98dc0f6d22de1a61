"""`carecoord audit show` prints one line per entry that cannot steer the terminal or forge a
second entry, whatever text reached the log (a workstation name, a typed "on behalf of")."""

from __future__ import annotations

from datetime import UTC, datetime

from carecoord.audit import LogEntry
from carecoord.cli.audit_commands import format_line


def test_a_log_line_escapes_control_characters() -> None:
    entry = LogEntry(
        seq=7,
        at=datetime(2026, 12, 2, 9, 30, tzinfo=UTC),
        user="anna",
        workstation="ws-1\x1b[2J",
        action="read",
        case_ref="12",
        on_behalf_of="team\n      8  2026-12-02 09:31:00Z  bob  ws  delete  case=12\u202e",
    )
    line = format_line(entry)
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line
    assert "ws-1\\x1b[2J" in line
    assert line.startswith("      7  2026-12-02 09:30:00Z  anna  ws-1")
