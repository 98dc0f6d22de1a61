"""``carecoord stats …``: anonymised regional statistics (issue 7, DESIGN.md §5)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from carecoord.cli.context import Context
from carecoord.errors import EXIT_OK, UsageError
from carecoord.i18n import _
from carecoord.output_paths import output_folder
from carecoord.stats import source
from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.export import (
    parse_formats,
)
from carecoord.stats.period import Period
from carecoord.stats.release import Release
from carecoord.stats.service import export_period, preview_period
from carecoord.stats.tables import ALL_TABLES, STANDARD_IDS

_CODE = re.compile(r"^GM\d{4}$")


def register(commands: Any) -> None:
    stats = commands.add_parser("stats", help="anonymised regional statistics")
    sub = stats.add_subparsers(dest="stats_command", metavar="ACTION", parser_class=type(stats))
    sub.required = True

    export = sub.add_parser("export", help="export protected statistics for a year or quarter")
    export.add_argument("--year", type=int, required=True)
    export.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), default=None)
    export.add_argument("--out", type=Path, required=False, help="folder to write into")
    export.add_argument("--format", default="csv,xlsx,pdf", help="csv,xlsx,pdf (default all)")
    export.add_argument(
        "--preview", action="store_true", help="show what would leave; write nothing"
    )
    export.add_argument("--k", type=int, default=5, help="minimum persons per cell (3–20)")
    export.add_argument("--mode", choices=("suppress", "round5"), default="suppress")
    export.add_argument("--cost", choices=("persons", "cells"), default="persons")
    export.add_argument("--zeros-unsafe", action="store_true")
    export.add_argument(
        "--no-group-disclosure",
        action="store_true",
        help="refused: group disclosure is always protected",
    )
    export.add_argument(
        "--tables",
        default=None,
        help="comma-separated table ids (default: the standard set); also: "
        + ", ".join(t for t in ALL_TABLES if t not in STANDARD_IDS),
    )
    export.set_defaults(handler=cmd_export)

    region = sub.add_parser("region", help="show or set the region's municipality codes")
    region.add_argument("codes", nargs="*", help="CBS codes GM…; none to show the current ones")
    region.set_defaults(handler=cmd_region)


def _settings(args: argparse.Namespace) -> DisclosureSettings:
    if not 3 <= args.k <= 20:
        raise UsageError(_("--k must lie between 3 and 20."))
    if args.no_group_disclosure:
        raise UsageError(
            _(
                "Group disclosure (everyone in one cell) is always protected; "
                "--no-group-disclosure is no longer accepted."
            )
        )
    return DisclosureSettings(
        k=args.k, mode=args.mode, cost=args.cost, zeros_unsafe=args.zeros_unsafe
    )


def _print_release(release: Release) -> None:
    """Only how many cells are withheld: which are primary would tell the small ones (issue 13)."""
    print(
        f"period {release.period_id}, {len(release.population)} municipalities, "
        f"mode {release.settings.mode}, k {release.settings.k}"
    )
    for table in release.tables:
        print(f"{table.table_id}: {len(table.cells)} cells, {table.withheld} withheld")
        if table.advice:
            print(f"  advice: {table.advice}")
    print(f"withheld: {release.withheld} cells")
    print("audit: " + ("every unsafe number protected" if release.audit_ok else "FAILED"))
    for warning in release.warnings:
        print(f"carecoord: warning: {warning}", file=sys.stderr)


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    period = Period.parse(args.year, args.quarter)
    settings = _settings(args)
    formats = parse_formats(args.format)
    table_ids = STANDARD_IDS
    if args.tables:
        table_ids = tuple(t.strip() for t in args.tables.split(",") if t.strip())
    if not args.preview and args.out is None:
        raise UsageError(_("--out DIR is required (or use --preview)."))
    if not args.preview:
        # Refused before asking for a passphrase; created (0700) when the files are written.
        output_folder(args.out, ctx.folder, create=False)
    vault = ctx.open_vault()
    release = preview_period(vault, period, settings, table_ids)
    if args.preview:
        # The reasons per cell are shown in the app's preview only, never on a terminal.
        _print_release(release)
        return EXIT_OK
    _print_release(release)
    result = export_period(vault, release, args.out, formats)
    print(f"export {result.export_id} written to {result.folder}")
    for name, digest in sorted(result.files.items()):
        print(f"  {name}  sha256:{digest}")
    return EXIT_OK


def cmd_region(ctx: Context, args: argparse.Namespace) -> int:
    vault = ctx.open_vault()
    if not args.codes:
        for code in sorted(source.region_for(vault)):
            print(code)
        return EXIT_OK
    bad = [c for c in args.codes if not _CODE.match(c)]
    if bad:
        raise UsageError(
            _("Municipality codes look like GM0363; not: %(codes)s.") % {"codes": ", ".join(bad)}
        )
    source.set_region(vault, frozenset(args.codes))
    print(f"region set: {len(set(args.codes))} municipalities")
    return EXIT_OK
