"""``carecoord retention review|apply|hold|erase|register``: retention and erasure (issue 4).

Output names cases by reference only: never a client's name. See docs/retention.md.
"""

from __future__ import annotations

import argparse
from typing import Any

from carecoord.cli.context import Context
from carecoord.errors import EXIT_OK, UsageError
from carecoord.i18n import _


def register(commands: Any) -> None:
    retention = commands.add_parser(
        "retention", help="retention periods, legal holds, anonymising or destroying old cases"
    )
    sub = retention.add_subparsers(
        dest="retention_command", metavar="ACTION", parser_class=type(retention)
    )
    sub.required = True
    review = sub.add_parser("review", help="list closed cases past their retention period")
    review.set_defaults(handler=cmd_review)

    apply = sub.add_parser(
        "apply", help="anonymise or destroy every due case not under a legal hold, then vacuum"
    )
    apply.add_argument("--confirm", action="store_true", help="required: you reviewed the list")
    apply.set_defaults(handler=cmd_apply)

    hold = sub.add_parser("hold", help="set or lift a legal hold on a case")
    hold_sub = hold.add_subparsers(dest="hold_command", metavar="ACTION", parser_class=type(hold))
    hold_sub.required = True
    set_hold = hold_sub.add_parser("set", help="suspend destruction of a case, with a reason")
    set_hold.add_argument("case_ref", metavar="CASE_REF")
    set_hold.add_argument(
        "--reason", required=True, help="short reason, e.g. 'criminal case pending' (no names)"
    )
    set_hold.set_defaults(handler=cmd_hold_set)
    lift = hold_sub.add_parser("lift", help="lift the legal hold of a case")
    lift.add_argument("case_ref", metavar="CASE_REF")
    lift.set_defaults(handler=cmd_hold_lift)

    erase = sub.add_parser(
        "erase", help="erase one client on request (AVG art. 17), same mechanism as retention"
    )
    erase.add_argument("client_ref", metavar="CLIENT_REF")
    erase.add_argument("--ground", required=True, help="art. 17(1) ground code")
    erase.add_argument(
        "--destroy", action="store_true", help="remove the cases entirely instead of anonymising"
    )
    erase.add_argument("--confirm", action="store_true", help="required")
    erase.set_defaults(handler=cmd_erase)

    rules = sub.add_parser(
        "rules", help="show the retention rules, or change them (see docs/retention.md)"
    )
    rules.add_argument("--support-given-years", type=int, default=None, metavar="N")
    rules.add_argument("--support-given-action", choices=["anonymise", "destroy"], default=None)
    rules.add_argument("--no-support-years", type=int, default=None, metavar="N")
    rules.add_argument("--no-support-action", choices=["anonymise", "destroy"], default=None)
    rules.add_argument("--log-years", type=int, default=None, metavar="N")
    rules.add_argument(
        "--closed-location-years",
        type=int,
        default=None,
        metavar="N",
        help="years a closed risk location is kept after it was last seen",
    )
    rules.set_defaults(handler=cmd_rules)

    reg = sub.add_parser("register", help="the destruction register (what was done, by whom)")
    reg.set_defaults(handler=cmd_register)


def _retention(ctx: Context) -> Any:
    from carecoord.retention import Retention

    return Retention(ctx.open_vault())


def cmd_review(ctx: Context, _args: argparse.Namespace) -> int:
    service = _retention(ctx)
    due = service.review()
    locations = service.due_locations()
    if locations:
        # Ids and dates only: a location's name can identify a one-person business.
        print(f"{len(locations)} closed risk location(s) past their period; destroyed on apply.")
    if not due:
        print("No closed case is past its retention period.")
        return EXIT_OK
    print("reference\tclosed on\tperiod\tdue since\taction\thold")
    for case in due:
        hold = f"held: {case.hold_reason}" if case.hold_reason else "-"
        print(
            f"{case.reference}\t{case.closed_on.isoformat()}\t{case.years} years ({case.reason})"
            f"\t{case.due_on.isoformat()}\t{case.action}\t{hold}"
        )
    return EXIT_OK


def cmd_apply(ctx: Context, args: argparse.Namespace) -> int:
    if not args.confirm:
        raise UsageError(
            _(
                "This anonymises or destroys every case past its retention period. "
                "Review them with 'carecoord retention review', then run again with --confirm."
            )
        )
    result = _retention(ctx).apply()
    for reference in result.anonymised:
        print(f"anonymised\t{reference}")
    for reference in result.destroyed:
        print(f"destroyed\t{reference}")
    for reference in result.held:
        print(f"held\t{reference}")
    print(
        f"Anonymised {len(result.anonymised)}, destroyed {len(result.destroyed)}, "
        f"kept under legal hold {len(result.held)}; destroyed "
        f"{len(result.locations_destroyed)} closed risk locations; removed {result.log_entries_pruned} "
        "access-log entries past their period. The vault was vacuumed."
    )
    return EXIT_OK


def cmd_hold_set(ctx: Context, args: argparse.Namespace) -> int:
    _retention(ctx).set_hold(args.case_ref, args.reason)
    print(f"Legal hold set on case {args.case_ref}.")
    return EXIT_OK


def cmd_hold_lift(ctx: Context, args: argparse.Namespace) -> int:
    _retention(ctx).lift_hold(args.case_ref)
    print(f"Legal hold lifted from case {args.case_ref}.")
    return EXIT_OK


def cmd_erase(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.retention import ERASURE_GROUNDS

    if args.ground not in ERASURE_GROUNDS:
        raise UsageError(
            _("--ground must be one of: %(grounds)s") % {"grounds": ", ".join(ERASURE_GROUNDS)}
        )
    if not args.confirm:
        raise UsageError(
            _("This erases everything identifying about the client. Run again with --confirm.")
        )
    action = "destroy" if args.destroy else "anonymise"
    cases = _retention(ctx).erase_client(args.client_ref, args.ground, action=action)
    done = "destroyed" if args.destroy else "anonymised"
    print(f"Client {args.client_ref} {done} ({len(cases)} cases). The vault was vacuumed.")
    return EXIT_OK


def cmd_rules(ctx: Context, args: argparse.Namespace) -> int:
    from carecoord.store.retention_repository import RetentionRule, RetentionRules

    for years in (
        args.support_given_years,
        args.no_support_years,
        args.log_years,
        args.closed_location_years,
    ):
        if years is not None and not 1 <= years <= 100:
            raise UsageError(_("A retention period is 1 to 100 years."))
    service = _retention(ctx)
    current: RetentionRules = service.rules()
    changes = (
        args.support_given_years,
        args.support_given_action,
        args.no_support_years,
        args.no_support_action,
        args.log_years,
        args.closed_location_years,
    )
    if any(value is not None for value in changes):
        current = RetentionRules(
            support_given=RetentionRule(
                years=args.support_given_years or current.support_given.years,
                action=args.support_given_action or current.support_given.action,
            ),
            no_support=RetentionRule(
                years=args.no_support_years or current.no_support.years,
                action=args.no_support_action or current.no_support.action,
            ),
            access_log_years=args.log_years or current.access_log_years,
            closed_location_years=args.closed_location_years or current.closed_location_years,
        )
        service.set_rules(current)
        print("Retention rules changed.")
    print(
        f"support given: {current.support_given.years} years, then "
        f"{current.support_given.action}\n"
        f"no support given: {current.no_support.years} years, then {current.no_support.action}\n"
        f"access-log entries: {current.access_log_years} years\n"
        f"closed risk locations: {current.closed_location_years} years after last seen, then "
        "destroy"
    )
    return EXIT_OK


def cmd_register(ctx: Context, _args: argparse.Namespace) -> int:
    print("done at\tby\tcase\taction\trule\tclosed on\tdue on")
    for line in _retention(ctx).register():
        print(
            f"{line.done_at.isoformat()}\t{line.done_by}\t{line.case_ref}\t{line.action}"
            f"\t{line.rule}\t{line.closed_on or '-'}\t{line.due_on or '-'}"
        )
    return EXIT_OK
