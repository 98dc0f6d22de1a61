"""``carecoord settings letterhead|partners``: what the app's Settings tabs keep in the vault.

For an administrator who prepares a workstation by script. The same core calls as the tabs
(``load_letterhead``/``save_letterhead``, ``store.organisations``), so there is one write path;
like the tabs, these record the session (login, lock) in the access log, not the settings'
content, which is no client's file.
"""

from __future__ import annotations

import argparse
from typing import Any

from carecoord.cli.context import Context
from carecoord.errors import EXIT_OK, InputRejected
from carecoord.workspace import open_store

# Option name -> Letterhead field; the order in which `settings letterhead` shows them.
LETTERHEAD_OPTIONS = (
    ("organisation", "organisation"),
    ("department", "department"),
    ("address", "address_lines"),
    ("coordinator", "coordinator_name"),
    ("role", "coordinator_role"),
    ("phone", "phone"),
    ("email", "email"),
)


def register(commands: Any) -> None:
    settings = commands.add_parser(
        "settings", help="settings kept in the vault: letterhead, partner directory"
    )
    sub = settings.add_subparsers(
        dest="settings_command", metavar="ACTION", parser_class=type(settings)
    )
    sub.required = True

    head = sub.add_parser(
        "letterhead",
        help="show the letterhead (no options) or set it",
        description="Without options, show the letterhead printed on letters. With options, "
        "set those fields; fields not given keep their stored values (also the logo, which is "
        "chosen in the app).",
    )
    head.add_argument("--organisation", metavar="T")
    head.add_argument("--department", metavar="T")
    head.add_argument(
        "--address",
        nargs="+",
        action="extend",
        metavar="LINE",
        help="the postal address, one argument per line (replaces the stored lines)",
    )
    head.add_argument("--coordinator", metavar="N", help="the coordinator's name")
    head.add_argument("--role", metavar="R", help="the coordinator's role")
    head.add_argument("--phone", metavar="P")
    head.add_argument("--email", metavar="E")
    head.set_defaults(handler=cmd_letterhead)

    partners = sub.add_parser("partners", help="the directory of partner organisations")
    partners_sub = partners.add_subparsers(
        dest="partners_command", metavar="ACTION", parser_class=type(partners)
    )
    partners_sub.required = True
    lst = partners_sub.add_parser(
        "list", help="one line per organisation: id, name, services, status, address"
    )
    lst.set_defaults(handler=cmd_partners_list)
    add = partners_sub.add_parser("add", help="add a partner organisation")
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--service",
        nargs="+",
        action="extend",
        required=True,
        metavar="TYPE",
        help="referral_type codes the organisation takes (e.g. shelter legal_aid)",
    )
    add.add_argument("--address", nargs="+", action="extend", metavar="LINE")
    add.add_argument("--contact", metavar="N", help="contact person")
    add.add_argument("--email", metavar="E")
    add.add_argument("--phone", metavar="P")
    add.set_defaults(handler=cmd_partners_add)


def _lines(values: list[str]) -> tuple[str, ...]:
    return tuple(line.strip() for line in values if line.strip())


def cmd_letterhead(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.letters.checks import require_letterhead
    from carecoord.letters.model import Letterhead
    from carecoord.letters.provider import load_letterhead, save_letterhead

    changes: dict[str, Any] = {}
    for option, field in LETTERHEAD_OPTIONS:
        value = getattr(args, option)
        if value is not None:
            changes[field] = _lines(value) if isinstance(value, list) else value.strip()
    store = open_store(ctx.open_vault())
    stored = load_letterhead(store)
    if not changes:
        _show_letterhead(stored)
        return EXIT_OK
    letterhead = (stored or Letterhead()).model_copy(update=changes)
    save_letterhead(store, letterhead)
    print("Letterhead saved.")
    try:
        require_letterhead(letterhead)
    except InputRejected as incomplete:
        # Saved all the same (the app lets a letterhead be filled in over several sessions).
        print("Letters still need: " + "; ".join(incomplete.problems))
    return EXIT_OK


def _show_letterhead(letterhead: Any) -> None:
    if letterhead is None:
        print(
            "No letterhead is stored; set it with 'carecoord settings letterhead --organisation …'."
        )
        return
    for option, field in LETTERHEAD_OPTIONS:
        value = getattr(letterhead, field)
        for line in value if isinstance(value, tuple) else (value,):
            print(f"{option}: {line}")
    for line in letterhead.signature_lines:
        print(f"signature: {line}")
    print(f"logo: {'yes' if letterhead.logo_png else 'no'}")


def cmd_partners_list(ctx: Context, _args: argparse.Namespace) -> int:

    store = open_store(ctx.open_vault())
    for org in store.organisations.all():
        # Tab-separated (names contain spaces); address lines joined on one line.
        address = " / ".join((org.address or "").splitlines())
        status = "active" if org.active else "inactive"
        print(f"{org.id}\t{org.name}\t{','.join(org.services)}\t{status}\t{address}")
    return EXIT_OK


def cmd_partners_add(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.store.organisations import new_partner

    organisation = new_partner(
        name=args.name,
        services=args.service,
        address_lines=args.address or [],
        contact_person=args.contact,
        email=args.email,
        phone=args.phone,
    )
    organisation_id = open_store(ctx.open_vault()).organisations.add(organisation)
    print(f"Added partner organisation {organisation_id}: {organisation.name}")
    return EXIT_OK
