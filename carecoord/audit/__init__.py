"""The access log (NEN 7513 model): who did what to which file, when, where and for whom.

Public API (runs on the vault worker, like the vault):

- ``AccessLog(vault).record(Action.READ, case_ref=..., client_ref=..., on_behalf_of=...,
  detail={...}, search_terms=...)`` joins the caller's transaction when there is one;
- ``AccessLog(vault).for_case(ref)`` / ``for_user`` / ``in_period`` /
  ``entries(...)`` page through entries chronologically (each read is itself logged);
- ``AccessLog(vault).searched_for(term)``, ``AccessLog(vault).verify()``;
- ``failed_attempts_since_last_session(vault)``, ``pending.failed_attempts_waiting(folder)``.

Importing this package connects nothing: :func:`connect` (called by ``carecoord.workspace``, the
one place the app, the command line and the tests wire the vault to its log) registers the log
with the vault's hooks (login, lock, key-slot changes, backup, restore, failed unlocks,
``vault verify``) and with document events; a vault refuses to open while it is not connected.
"""

from carecoord.audit import integrations
from carecoord.audit.actions import Action
from carecoord.audit.chain_state import failed_attempts_since_last_session
from carecoord.audit.entries import FailedAttempt, LogEntry
from carecoord.audit.hooks import install
from carecoord.audit.log import AccessLog
from carecoord.audit.verification import LogVerification


def connect() -> None:
    """Attach the access log to the vault's and the documents' hooks (idempotent)."""
    install()
    integrations.install()


__all__ = [
    "AccessLog",
    "Action",
    "FailedAttempt",
    "LogEntry",
    "LogVerification",
    "connect",
    "failed_attempts_since_last_session",
    "install",
]
