"""``carecoord audit show``: the access log, whole or for one case or user, oldest first.

Output is one line per entry with references and codes only (no client data beyond the case or
client reference). Showing the log is itself logged.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from carecoord.audit import AccessLog, LogEntry
from carecoord.cli.context import Context
from carecoord.errors import EXIT_OK, UsageError, printable
from carecoord.i18n import _
from carecoord.vault import Vault


def register(commands: Any) -> None:
    audit = commands.add_parser("audit", help="the access log (who accessed which file)")
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=type(audit))
    sub.required = True
    show = sub.add_parser("show", help="list access-log entries, oldest first")
    show.add_argument("--case", dest="case_ref", default=None, help="only this case reference")
    show.add_argument(
        "--client", dest="client_ref", default=None, help="only this client reference"
    )
    # Own dest: the global --user (before the command) names who unlocks; this one filters.
    show.add_argument(
        "--user", dest="filter_user", default=None, metavar="NAME", help="only this user's actions"
    )
    show.add_argument("--since", type=_date, default=None, help="from this date (YYYY-MM-DD, UTC)")
    show.add_argument("--until", type=_date, default=None, help="before this date (YYYY-MM-DD)")
    show.set_defaults(handler=cmd_show)

    ack = sub.add_parser(
        "acknowledge",
        help="accept a reported loss of the newest log entries (after an accidental rollback)",
    )
    ack.add_argument("--confirm", action="store_true", help="required: you investigated the loss")
    ack.set_defaults(handler=cmd_acknowledge)


def _date(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("expected a date as YYYY-MM-DD") from exc


def format_line(entry: LogEntry) -> str:
    parts = [
        f"{entry.seq:>7}",
        entry.at.strftime("%Y-%m-%d %H:%M:%SZ"),
        entry.user,
        entry.workstation,
        entry.action,
        f"case={entry.case_ref}" if entry.case_ref else "case=-",
    ]
    if entry.client_ref:
        parts.append(f"client={entry.client_ref}")
    if entry.on_behalf_of:
        parts.append(f"on-behalf-of={entry.on_behalf_of}")
    # Names and "on behalf of" are text from outside (a workstation, a coordinator's typing): a
    # control character would steer the terminal, a line break would forge a second entry.
    return printable("  ".join(parts))


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    vault = ctx.open_vault()
    log = AccessLog(vault)
    filters: dict[str, Any] = {
        "case_ref": _case_key(vault, args.case_ref),
        "client_ref": args.client_ref,
        "user": args.filter_user,
        "since": args.since,
        "until": args.until,
    }
    try:
        for entry in log.iter_entries(**filters):
            print(format_line(entry))
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    return EXIT_OK


def _case_key(vault: Vault, case_ref: str | None) -> str | None:
    """The log keys cases by the store's opaque id; coordinators know the case reference
    (e.g. 2025-000012). A reference of a case in the store, or of one destroyed under
    retention (the destruction register keeps its id), is mapped to that id; anything else is
    used as given."""
    if case_ref is None:
        return None
    from carecoord.store.retention_repository import case_id_for_reference

    case_id = case_id_for_reference(vault.db, case_ref)
    return case_ref if case_id is None else str(case_id)


def cmd_acknowledge(ctx: Context, args: argparse.Namespace) -> int:
    if not args.confirm:
        raise UsageError(
            _(
                "This accepts that access-log entries were lost (vault verify names the first). "
                "Investigate first, then run again with --confirm."
            )
        )
    seq = AccessLog(ctx.open_vault()).acknowledge_break()
    print(f"Acknowledged: the access log continues after the break at entry {seq}.")
    return EXIT_OK
