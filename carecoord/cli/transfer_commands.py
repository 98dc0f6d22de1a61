"""``carecoord transfer key|send|summary|receive|regions|add-region``: a case handed over,
sealed, to the care coordinator of another region (issue 19, DESIGN.md section 5)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carecoord.cli.context import Context
from carecoord.errors import EXIT_OK, printable
from carecoord.output_paths import output_file
from carecoord.workspace import open_store

if TYPE_CHECKING:
    from carecoord.store.case_store import CaseStore
    from carecoord.vault import Vault


def register(commands: Any) -> None:
    transfer = commands.add_parser(
        "transfer",
        help="hand a case over, sealed, to another region's coordinator",
        description="Hand a case over to the care coordinator of another region: sealed to "
        "that vault's key, signed with this vault's key. Confirm each other's fingerprint by "
        "phone first.",
    )
    sub = transfer.add_subparsers(
        dest="transfer_command", metavar="ACTION", parser_class=type(transfer)
    )
    sub.required = True

    key = sub.add_parser("key", help="print this vault's transfer keys and fingerprint")
    key.set_defaults(handler=cmd_key)

    send = sub.add_parser(
        "send",
        help="seal a case for another region and close it here",
        description="Seal the case for a known region into FILE and close it here with "
        "closure reason 'transferred_region'. Needs the client's consent for purpose "
        "'transfer' naming that region, or --override-reason (recorded).",
    )
    send.add_argument("reference", metavar="REF", help="case reference (or client reference)")
    send.add_argument("--to", required=True, metavar="AGE_RECIPIENT", help="the region's age1… key")
    send.add_argument("--out", type=Path, required=True, metavar="FILE", help="package to write")
    send.add_argument("--override-reason", default=None, metavar="TEXT")
    send.set_defaults(handler=cmd_send)

    summary = sub.add_parser("summary", help="the printed handover summary (PDF/A)")
    summary.add_argument("reference", metavar="REF")
    summary.add_argument("--out", type=Path, required=True, metavar="FILE", help="PDF to write")
    summary.add_argument(
        "--to",
        default=None,
        metavar="AGE_RECIPIENT",
        help="the receiving region (default: the one the case was handed over to)",
    )
    summary.add_argument("--lang", choices=["nl", "en"], default="nl")
    summary.set_defaults(handler=cmd_summary)

    receive = sub.add_parser(
        "receive",
        help="open a package sealed to this vault as a new case",
        description="Open a package sealed to this vault as a new case. From a sender not yet "
        "known, --from must give the fingerprint its coordinator read to you (on a terminal "
        "you are asked instead).",
    )
    receive.add_argument("file", type=Path, metavar="FILE")
    receive.add_argument("--from", dest="fingerprint", default=None, metavar="FINGERPRINT")
    receive.set_defaults(handler=cmd_receive)

    regions = sub.add_parser("regions", help="the known regions, one per line")
    regions.set_defaults(handler=cmd_regions)

    add = sub.add_parser(
        "add-region",
        help="add another region's keys after confirming its fingerprint by phone",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--recipient", required=True, metavar="AGE_RECIPIENT")
    add.add_argument("--signing", required=True, metavar="KEY")
    add.add_argument("--fingerprint", required=True, metavar="FINGERPRINT")
    add.set_defaults(handler=cmd_add_region)


def cmd_key(ctx: Context, _args: argparse.Namespace) -> int:
    from carecoord.transfer.identity import public_keys

    keys = public_keys(ctx.open_vault().db)
    print(f"recipient: {keys.recipient}")
    print(f"signing: {keys.signing}")
    print(f"fingerprint: {keys.fingerprint}")
    return EXIT_OK


def _write_out(ctx: Context, out: Path, write: Callable[[Vault, CaseStore], str]) -> int:
    """``send`` and ``summary``: the output path is refused before the passphrase is asked for
    (its folder is created only when the file is written); then ``write`` runs on the unlocked
    vault and its store, and what it returns is printed."""
    output_file(out, ctx.folder, create=False)
    vault = ctx.open_vault()
    print(write(vault, open_store(vault)))
    return EXIT_OK


def cmd_send(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.transfer.sending import send_case

    def send(vault: Vault, store: CaseStore) -> str:
        sent = send_case(
            vault,
            store,
            args.reference,
            recipient=args.to,
            out=args.out,
            override_reason=args.override_reason,
        )
        ground = "on a recorded override" if sent.on_override else "on the client's consent"
        return (
            f"Case {sent.case_reference} sealed for {printable(sent.region)} {ground} in "
            f"{args.out} ({sent.size} bytes); it is closed here (transferred_region)."
        )

    return _write_out(ctx, args.out, send)


def cmd_summary(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.letters.pdfinfo import page_count
    from carecoord.transfer.summary import issue_summary

    def summarise(vault: Vault, store: CaseStore) -> str:
        printed = issue_summary(
            vault,
            store,
            args.reference,
            recipient=args.to,
            language=args.lang,
            save_to=args.out,
        )
        return (
            f"Handover summary {printed.reference} for {printable(printed.region)} written to "
            f"{args.out} ({page_count(printed.pdf)} pages, PDF/A-2b)."
        )

    return _write_out(ctx, args.out, summarise)


def _ask_on_terminal(sender: Any) -> bool:
    """On a terminal the coordinator compares the fingerprint with the one heard by phone."""
    print(f"Sender: {printable(sender.region)}", file=sys.stderr)
    print(f"Fingerprint: {sender.fingerprint}", file=sys.stderr)
    print(
        "Is this the fingerprint the sender's coordinator read to you by phone? [y/N] ",
        end="",
        file=sys.stderr,
        flush=True,
    )
    answer = sys.stdin.readline().strip().lower()
    return answer in {"y", "yes", "j", "ja"}


def cmd_receive(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.transfer.receiving import read_package, receive_package

    data = read_package(args.file)
    interactive = sys.stdin is not None and sys.stdin.isatty()
    vault = ctx.open_vault()
    received = receive_package(
        vault,
        open_store(vault),
        data,
        expected_fingerprint=args.fingerprint,
        confirm=_ask_on_terminal if interactive else None,
    )
    known = " (now a known region)" if received.new_region else ""
    print(
        f"Received case {received.reference} from {printable(received.region)}{known}; "
        f"its reference there: {printable(received.sender_reference)}."
    )
    return EXIT_OK


def cmd_regions(ctx: Context, _args: argparse.Namespace) -> int:
    from carecoord.transfer.regions import all_regions

    for region in all_regions(ctx.open_vault().db):
        # Tab-separated: names contain spaces; a name is typed text, so it is escaped.
        print(
            f"{printable(region.name)}\t{region.recipient}\t{region.fingerprint}\t"
            f"{region.confirmed_on.isoformat()}\t{region.confirmed_by}"
        )
    return EXIT_OK


def cmd_add_region(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.transfer.keys import signing_from_text
    from carecoord.transfer.regions import add_region

    signing = signing_from_text(args.signing)  # refused before asking for a passphrase
    vault = ctx.open_vault()
    region = add_region(
        open_store(vault),
        args.name,
        recipient=args.recipient,
        signing_public=signing,
        confirmed_fingerprint=args.fingerprint,
    )
    print(f"Added region {printable(region.name)} ({region.fingerprint}).")
    return EXIT_OK
