"""``carecoord subject-export CLIENT_REF --out DIR``: an access request (AVG art. 15) answered."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from carecoord.cli.context import Context
from carecoord.errors import EXIT_OK
from carecoord.output_paths import output_folder


def register(commands: Any) -> None:
    export = commands.add_parser(
        "subject-export",
        help="everything held about one client, as PDF/A and JSON (AVG art. 15)",
        description="Write everything held about one client (records, consents, referrals "
        "with recipients, letters sent, the access log of their files) as a PDF/A and a JSON "
        "file into DIR (created owner-only when missing). File names are generated and contain no name.",
    )
    export.add_argument("client_ref", metavar="CLIENT_REF")
    export.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder to write into"
    )
    export.add_argument("--lang", choices=["nl", "en"], default="nl", help="PDF language")
    export.set_defaults(handler=cmd_subject_export)


def cmd_subject_export(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.retention.subject_export import SubjectExport

    # Refused before asking for a passphrase; a missing folder is created (0700) on writing.
    output_folder(args.out, ctx.folder, create=False)
    files = SubjectExport(ctx.open_vault()).write(args.client_ref, args.out, args.lang)
    print(f"Written {files.pdf.name} and {files.json.name} to {args.out} ({files.cases} cases).")
    return EXIT_OK
