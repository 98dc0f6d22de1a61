"""What every store manager shares: the connection, the user, the clock and the audit sink.

:class:`StoreCore` is the small state the facade (:class:`~carecoord.store.case_store.CaseStore`)
holds; each manager (``store.clients``, ``store.referrals``, …) is a :class:`Manager` over the same
core, so a manager's methods read ``self.db``, ``self.user`` and ``self._log`` as the one-class
store did, and every event still reaches the one audit sink.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store import deadline_sync
from carecoord.store.audit import AuditEvent, AuditSink
from carecoord.store.case_reader import CaseReader
from carecoord.store.organisations import OrganisationRepository
from carecoord.store.settings_repository import SettingsRepository
from carecoord.vault.database import Database


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class StoreCore:
    """The shared state and helpers; the audit sink is required (see ``CaseStore``)."""

    def __init__(
        self,
        db: Database,
        *,
        user: str,
        audit: AuditSink,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.db = db
        self.user = user
        self._audit = audit
        self._clock = clock
        self.read = CaseReader(db)
        self.settings = SettingsRepository(db)
        self.organisations = OrganisationRepository(db)

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return self._clock().date()

    @property
    def audit_sink(self) -> AuditSink:
        return self._audit

    def _log(self, event: AuditEvent) -> None:
        self._audit(event)

    def _case_client(self, case_id: int) -> int:
        value = self.db.scalar("SELECT client_id FROM cases WHERE id = ?", (case_id,))
        if value is None:
            raise InputRejected(_("There is no case with id %(case_id)s.") % {"case_id": case_id})
        return int(value)

    def _refresh(self, case_id: int) -> None:
        deadline_sync.refresh_case(self.db, case_id)

    def _owner(self, table: str, row_id: int) -> int:
        value = self.db.scalar(f"SELECT case_id FROM {table} WHERE id = ?", (row_id,))
        if value is None:
            raise InputRejected(_("There is no such record (id %(row_id)s).") % {"row_id": row_id})
        return int(value)


class Manager:
    """One job of the store, over the facade's core: the same connection, user, clock and sink.

    The clock and the sink are looked up on the core at each use, so a test that sets the store's
    clock sets every manager's."""

    def __init__(self, core: StoreCore) -> None:
        self._core = core
        self.db = core.db
        self.user = core.user
        self.read = core.read
        self.settings = core.settings
        self.organisations = core.organisations

    def _clock(self) -> datetime:
        return self._core._clock()

    def now(self) -> datetime:
        return self._core.now()

    def today(self) -> date:
        return self._core.today()

    def _log(self, event: AuditEvent) -> None:
        self._core._log(event)

    def _case_client(self, case_id: int) -> int:
        return self._core._case_client(case_id)

    def _refresh(self, case_id: int) -> None:
        self._core._refresh(case_id)

    def _not_anonymised(self, case_id: int) -> None:
        """Free text and personal details are not written into an anonymised case."""
        if self.db.scalar("SELECT anonymised_on FROM cases WHERE id = ?", (case_id,)):
            raise InputRejected(_("This case is anonymised: no personal details can be added."))

    def _owner(self, table: str, row_id: int) -> int:
        return self._core._owner(table, row_id)
