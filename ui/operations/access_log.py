"""The access log as the screens show it (NEN 7513): newest first, each case by its dossier
number rather than the internal id the log keeps. Runs on the vault worker; reading the log is
itself logged by the core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from carecoord.audit import AccessLog
from carecoord.audit.entries import LogEntry
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.operations.store_access import store_of


@dataclass(frozen=True)
class LogLine:
    """One entry of the log on screen."""

    at: datetime
    user: str
    workstation: str
    action: str
    case: str  # the dossier number, or what became of the case
    on_behalf_of: str | None


def _lines(vault: Vault, entries: list[LogEntry]) -> list[LogLine]:
    ids = [int(e.case_ref) for e in entries if e.case_ref and e.case_ref.isdigit()]
    references = store_of(vault).cases.references(ids)

    def case(ref: str | None) -> str:
        if not ref:
            return ""
        if ref.isdigit() and int(ref) in references:
            return references[int(ref)]
        # Destroyed under the retention rule: the log keeps the entry, the number is gone.
        return _("case no longer held (%(id)s)") % {"id": ref}

    return [
        LogLine(e.at, e.user, e.workstation, e.action, case(e.case_ref), e.on_behalf_of)
        for e in entries
    ]


def recent(vault: Vault, user: str | None, since: datetime, limit: int) -> list[LogLine]:
    """The latest ``limit`` entries since ``since`` (of ``user``, if given), newest first."""
    entries = AccessLog(vault).entries(user=user, since=since, limit=limit, newest_first=True)
    return _lines(vault, entries)


def of_case(vault: Vault, case_id: int, limit: int) -> list[LogLine]:
    """Who accessed this file, newest first."""
    entries = AccessLog(vault).for_case(case_id, limit=limit, newest_first=True)
    return _lines(vault, entries)
