"""``carecoord import``, ``carecoord demo`` and ``carecoord referrals list``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from carecoord.cli.context import Context
from carecoord.errors import EXIT_OK, UsageError, printable
from carecoord.i18n import _
from carecoord.workspace import open_store


def register(commands: Any) -> None:
    imp = commands.add_parser("import", help="import cases from CSV or XLSX (all rows or none)")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=cmd_import)

    demo = commands.add_parser("demo", help="fill the vault with realistic synthetic data")
    demo.add_argument("--cases", type=int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="reference date of the data (default: derived from the seed)",
    )
    demo.set_defaults(handler=cmd_demo)

    referrals = commands.add_parser("referrals", help="referrals (no client data)")
    sub = referrals.add_subparsers(
        dest="referrals_command", metavar="ACTION", parser_class=type(referrals)
    )
    sub.required = True
    lst = sub.add_parser("list", help="one line per referral: id, type, status, organisation")
    lst.add_argument("--status", default=None, help="only referrals with this status code")
    lst.set_defaults(handler=cmd_referrals_list)


def _progress(label: str) -> Any:
    if not sys.stderr.isatty():
        return None

    def report(*args: Any) -> None:
        print(f"\r{label}: {' '.join(str(a) for a in args)}", end="", file=sys.stderr, flush=True)

    return report


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.case_import import import_cases

    if not args.file.is_file():
        raise UsageError(_("No such file: %(name)s") % {"name": args.file.name})
    store = open_store(ctx.open_vault())
    ids = import_cases(store, args.file, progress=_progress("import"))
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Imported {len(ids)} cases.")
    return EXIT_OK


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord import demo

    if args.cases < 1 or args.cases > 1_000_000:
        raise UsageError(_("--cases must be between 1 and 1000000."))
    store = open_store(ctx.open_vault())
    result = demo.generate(
        store, args.cases, args.seed, today=args.today, progress=_progress("demo cases")
    )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"Created {result.cases} demo cases and {result.signals_without_person} signals without "
        f"a person (seed {args.seed}, reference date {result.today.isoformat()})."
    )
    print(f"Created {result.locations} risk locations with {result.controls} controls.")
    return EXIT_OK


def cmd_referrals_list(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.domain.codelists import codelist

    if args.status is not None and args.status not in codelist("referral_status"):
        raise UsageError(
            _("Unknown status '%(status)s'; use one of: %(values)s")
            % {"status": args.status, "values": ", ".join(codelist("referral_status").values)}
        )
    store = open_store(ctx.open_vault())
    for line in store.referrals.lines(status=args.status):
        # Tab-separated: organisation names contain spaces; a name is text someone typed, so its
        # control characters are escaped rather than handed to the terminal.
        print(f"{line.id}\t{line.referral_type}\t{line.status}\t{printable(line.organisation)}")
    return EXIT_OK
