"""The hook through which the access log (NEN 7513) learns of every read and change of personal data.

Every public :class:`~carecoord.store.case_store.CaseStore` method that reads or changes personal
data calls its sink exactly once with an :class:`AuditEvent`. For writes the sink runs inside the
write's transaction, so a sink that writes to the vault commits or rolls back with the change; for
reads it runs after the data was read. The access log's sink is attached explicitly by
:func:`carecoord.workspace.open_store`; :func:`no_audit` is only for tests that ask for it by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

AuditAction = Literal[
    "read",  # one case file, client or referral opened
    "list",  # a page of the case list or task list was shown
    "search",  # a search over names, references and notes
    "create",
    "update",
    "delete",
    "anonymise",
    "rectify",  # a correction of identifying data (AVG art. 16), previous values kept
    "import",
]


@dataclass(frozen=True)
class AuditEvent:
    """What happened, never the personal data itself (no names, no free text, no query text).

    ``search_terms`` is the one exception, and it never reaches the log as text: the access log's
    sink stores only its keyed hashes (carecoord/audit/search_terms.py), so that "was this person
    searched for?" can be answered (NEN 7513) without the log holding the name."""

    action: AuditAction
    detail: str  # e.g. "case file", "phase intake -> shelter", "referral 12 sent"
    case_id: int | None = None
    client_id: int | None = None
    # For list, search and import: every case whose data was shown or written.
    case_ids: tuple[int, ...] = ()
    # For a search: the query as typed, hashed by the sink (repr hides it from tracebacks).
    search_terms: str | None = field(default=None, repr=False)


AuditSink = Callable[[AuditEvent], None]


def no_audit(_event: AuditEvent) -> None:
    """Nothing is recorded: for tests of the store alone and bulk writes that log themselves."""
