"""``carecoord letter REFERRAL_ID --out FILE [--lang nl|en]``: a referral letter as PDF/A-2b."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from carecoord.cli.context import Context
from carecoord.errors import EXIT_OK, UsageError
from carecoord.letters import provider
from carecoord.letters.archive import DocumentArchive
from carecoord.letters.events import DocumentEvent, record_document_event
from carecoord.letters.pdfinfo import page_count
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.saving import save_document


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
    # Say so before asking for a passphrase.
    if not (out.parent if str(out.parent) else Path(".")).is_dir():
        raise UsageError(f"The folder to save in does not exist: {out.parent}")
    vault = ctx.open_vault()
    request = provider.letter_request_for(vault, args.referral_id, args.lang)
    if args.lang is not None and request.language != args.lang:
        request = request.model_copy(update={"language": args.lang})
    pdf = render_referral_letter(request, templates_dir=provider.templates_dir_for(vault))
    reference = request.referral.reference
    archive = DocumentArchive(vault.db)
    # Kept in the vault and written out together: if writing the file fails, nothing is kept.
    with vault.db.transaction():
        archive.add(
            pdf,
            kind="referral_letter",
            language=request.language,
            reference=reference,
            created_by=vault.user,
            referral_id=request.referral.id,
        )
        save_document(pdf, out)
        for action in ("archive", "save"):
            record_document_event(
                vault,
                DocumentEvent(
                    action=action,
                    kind="referral_letter",
                    reference=reference,
                    referral_id=request.referral.id,
                    case_ref=provider.case_ref_for(vault, args.referral_id),
                    language=request.language,
                ),
            )
    print(f"Letter {reference} written to {out} ({page_count(pdf)} pages, PDF/A-2b).")
    return EXIT_OK
