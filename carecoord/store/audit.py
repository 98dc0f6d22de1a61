"""The hook through which the access log (NEN 7513) learns of every read and change of personal data.

Every public :class:`~carecoord.store.case_store.CaseStore` method that reads or changes personal
data calls its sink exactly once with an :class:`AuditEvent`. For writes the sink runs inside the
write's transaction, so a sink that writes to the vault commits or rolls back with the change; for
reads it runs after the data was read. The default sink does nothing; the access log registers a
factory in :data:`AUDIT_SINK_FACTORIES`, which :meth:`CaseStore.for_vault` uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from carecoord.vault import Vault

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
    """What happened, never the personal data itself (no names, no free text, no query text)."""

    action: AuditAction
    detail: str  # e.g. "case file", "phase intake -> shelter", "referral 12 sent"
    case_id: int | None = None
    client_id: int | None = None
    # For list, search and import: every case whose data was shown or written.
    case_ids: tuple[int, ...] = ()


AuditSink = Callable[[AuditEvent], None]


def no_audit(_event: AuditEvent) -> None:
    """The default: nothing is recorded (until the access log registers itself)."""


# Callables Vault -> AuditSink; CaseStore.for_vault(vault) calls each and fans events out to all.
AUDIT_SINK_FACTORIES: list[Callable[[Vault], AuditSink]] = []


def sink_for_vault(vault: Vault) -> AuditSink:
    sinks = [factory(vault) for factory in AUDIT_SINK_FACTORIES]
    if not sinks:
        return no_audit
    if len(sinks) == 1:
        return sinks[0]

    def fan_out(event: AuditEvent) -> None:
        for sink in sinks:
            sink(event)

    return fan_out
