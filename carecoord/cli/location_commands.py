"""``carecoord locations import FILE`` and ``carecoord controls import FILE`` (issue 18)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from carecoord.cli.context import Context
from carecoord.errors import EXIT_OK, UsageError
from carecoord.i18n import _
from carecoord.workspace import open_store


def register(commands: Any) -> None:
    for name, what, handler in (
        ("locations", "risk locations", cmd_locations_import),
        ("controls", "controls at risk locations", cmd_controls_import),
    ):
        parser = commands.add_parser(name, help=f"{what} (import from a spreadsheet)")
        sub = parser.add_subparsers(
            dest=f"{name}_command", metavar="ACTION", parser_class=type(parser)
        )
        sub.required = True
        imp = sub.add_parser("import", help=f"import {what} from CSV or XLSX (all rows or none)")
        imp.add_argument("file", type=Path)
        imp.set_defaults(handler=handler)


def _file(args: argparse.Namespace) -> Path:
    if not args.file.is_file():
        raise UsageError(_("No such file: %(name)s") % {"name": args.file.name})
    return Path(args.file)


def cmd_locations_import(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.location_import import import_locations

    path = _file(args)
    ids = import_locations(open_store(ctx.open_vault()), path)
    print(f"Imported {len(ids)} risk locations.")
    return EXIT_OK


def cmd_controls_import(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.location_import import import_controls

    path = _file(args)
    ids = import_controls(open_store(ctx.open_vault()), path)
    print(f"Imported {len(ids)} controls.")
    return EXIT_OK
