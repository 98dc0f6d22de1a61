"""``carecoord letter REFERRAL_ID --out FILE [--lang nl|en]``: a referral letter as PDF/A-2b."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from carecoord.cli.context import Context
from carecoord.errors import EXIT_OK
from carecoord.letters.issue import issue_letter
from carecoord.letters.pdfinfo import page_count
from carecoord.output_paths import output_file
from carecoord.workspace import open_store


def register(commands: Any) -> None:
    letter = commands.add_parser(
        "letter",
        help="render a referral letter as PDF/A",
        description="Render the letter for a referral as PDF/A-2b, save it to FILE and keep a "
        "copy with the referral inside the vault. Refused without a valid consent or a "
        "recorded override.",
    )
    letter.add_argument("referral_id", metavar="REFERRAL_ID")
    letter.add_argument("--out", type=Path, required=True, metavar="FILE", help="PDF file to write")
    letter.add_argument(
        "--lang", choices=["nl", "en"], default=None, help="letter language (default: nl)"
    )
    letter.set_defaults(handler=cmd_letter)


def cmd_letter(ctx: Context, args: argparse.Namespace) -> int:
    out: Path = args.out
    # Refused before asking for a passphrase; the folder is created when the letter is written.
    output_file(out, ctx.folder, create=False)
    vault = ctx.open_vault()
    letter = issue_letter(
        vault, open_store(vault), args.referral_id, language=args.lang, save_to=out
    )
    print(f"Letter {letter.reference} written to {out} ({page_count(letter.pdf)} pages, PDF/A-2b).")
    return EXIT_OK
