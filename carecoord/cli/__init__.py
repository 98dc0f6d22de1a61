"""Command line: ``carecoord [--vault DIR] [--user NAME] COMMAND …`` (DESIGN.md section 5).

Errors are one line on standard error with the exit code of :mod:`carecoord.errors`; never a
traceback, because a traceback can carry client data from local variables or pydantic inputs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from carecoord import __version__
from carecoord.cli import (
    audit_commands,
    case_commands,
    letter_commands,
    location_commands,
    retention_commands,
    settings_commands,
    stats_commands,
    subject_commands,
    transfer_commands,
    vault_commands,
)
from carecoord.cli.context import Context
from carecoord.errors import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    CareCoordError,
    known_database_error,
    printable,
)
from carecoord.hardening import harden_process, warning_line
from carecoord.store import integrity
from carecoord.workspace import connect_access_log

# Each module adds its sub-commands; main() needs no change when a new one lands.
COMMAND_MODULES = [
    vault_commands,
    case_commands,
    audit_commands,
    letter_commands,
    stats_commands,
    retention_commands,
    subject_commands,
    settings_commands,
    location_commands,
    transfer_commands,
]


_ECHOED_VALUE = re.compile(r"invalid ((?:\w+ )?(?:choice|value)): '.*?'")
_UNRECOGNIZED = re.compile(r"unrecognized arguments: .*", re.DOTALL)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line, like every other error (DESIGN.md §5); the full usage is one --help away.
        # Typed values are not echoed: a passphrase mistakenly given as an argument must not
        # end up on the screen or in a log.
        message = _ECHOED_VALUE.sub(r"invalid \1", message)
        message = _UNRECOGNIZED.sub("unrecognized arguments (not shown)", message)
        print(
            f"carecoord: usage error: {printable(message)} (see '{self.prog} --help')",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="carecoord",
        description="CareCoord: case coordination for victims of human trafficking.",
    )
    parser.add_argument("--version", action="version", version=f"carecoord {__version__}")
    parser.add_argument(
        "--vault",
        type=Path,
        default=None,
        help="vault folder (default: $CARECOORD_VAULT, else the user data folder)",
    )
    parser.add_argument(
        "--user",
        default=None,
        help="user name whose passphrase is given (default: $CARECOORD_USER; "
        "for unlocking, every user is tried)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    context = Context.from_args(args)
    connect_access_log()
    integrity.install()  # the case records' check in `vault verify`
    try:
        result: int = args.handler(context, args)
        sys.stdout.flush()  # here, so that a closed pipe is seen below and not at exit
        return result
    except BrokenPipeError:
        # The reader stopped early (`carecoord referrals list | head`): not an error. Point
        # stdout at the null device so that the interpreter's last flush does not fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except CareCoordError as exc:
        return _report(exc)
    except KeyboardInterrupt:
        print("carecoord: interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:
        known = known_database_error(exc)
        if known is not None:
            return _report(known)
        if os.environ.get("CARECOORD_DEBUG") == "1":
            raise
        print(
            f"carecoord: unexpected internal error ({type(exc).__name__}); details are not shown "
            "because they may contain client data.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        context.close()


def _report(error: CareCoordError) -> int:
    """The one place where the command line prints an error: a message can carry a file name
    or a column name from the user's file, so control characters are escaped here."""
    print(f"carecoord: {printable(error.message)}", file=sys.stderr)
    # InputRejected carries one line per problem (row, column, reason), never personal data.
    for problem in getattr(error, "problems", []):
        print(f"  {printable(problem)}", file=sys.stderr)
    return error.exit_code


def run() -> None:
    warning = warning_line(harden_process())
    if warning:
        print(f"carecoord: warning: {warning}", file=sys.stderr)
    sys.exit(main())
