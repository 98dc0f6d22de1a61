"""The pathway and the legal track: phase changes, the reflection period, residence permits.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.pathway``); every
public method reports one audit event, every write runs in one transaction."""

from __future__ import annotations

from datetime import date

from carecoord.domain.case import PhaseChange
from carecoord.domain.legal import PermitRenewal, ReflectionPeriod, ResidencePermit
from carecoord.domain.pathway import check_transition
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store import deadline_sync
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import (
    insert_sql,
    permit_row,
    phase_change_row,
    phase_columns,
    reflection_row,
    renewal_row,
)
from carecoord.store.sqlvalues import d2s


class PathwayManager(Manager):
    def change_phase(
        self, case_id: int, to_phase: str, *, on: date | None = None, reason: str | None = None
    ) -> PhaseChange:
        """Move the case to ``to_phase`` (today unless ``on``; back-dating needs a reason)."""
        on = on or self.today()
        with self.db.transaction():
            client_id = self._case_client(case_id)
            current = str(self.db.scalar("SELECT phase FROM cases WHERE id = ?", (case_id,)))
            last = self.db.scalar(
                "SELECT max(changed_on) FROM phase_changes WHERE case_id = ?", (case_id,)
            )
            check_transition(
                current,
                to_phase,
                on=on,
                today=self.today(),
                last_change_on=None if last is None else date.fromisoformat(last),
                reason=reason,
            )
            change = PhaseChange(
                from_phase=current,
                to_phase=to_phase,
                changed_on=on,
                changed_by=self.user,
                reason=reason.strip() if reason else None,
                recorded_at=self._clock(),
            )
            self.db.execute(insert_sql("phase_changes"), phase_change_row(case_id, change, None))
            self.db.execute(
                "UPDATE cases SET phase = ?, phase_rank = ?, phase_since = ?, closed_on = ?"
                " WHERE id = ?",
                (*phase_columns(to_phase, on), case_id),
            )
            self._refresh(case_id)
            if to_phase == "closed":
                # The client's consents may now be shown on another open case.
                deadline_sync.refresh_client(self.db, client_id)
            self._log(
                AuditEvent(
                    "update", f"phase {current} -> {to_phase}", case_id=case_id, client_id=client_id
                )
            )
            return change

    def start_reflection(self, case_id: int, started_on: date) -> ReflectionPeriod:
        period = ReflectionPeriod(started_on=started_on)
        with self.db.transaction():
            client_id = self._case_client(case_id)
            if self.read.reflection(case_id) is not None:
                raise InputRejected(_("This case already has a reflection period."))
            self.db.execute(insert_sql("reflection_periods"), reflection_row(case_id, period))
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "update", "reflection period started", case_id=case_id, client_id=client_id
                )
            )
        result = self.read.reflection(case_id)
        assert result is not None
        return result

    def decide_reflection(self, case_id: int, decision: str, decided_on: date) -> None:
        with self.db.transaction():
            client_id = self._case_client(case_id)
            period = self.read.reflection(case_id)
            if period is None:
                raise InputRejected(_("This case has no reflection period."))
            decided = ReflectionPeriod(
                started_on=period.started_on, decision=decision, decided_on=decided_on
            )
            self.db.execute(
                "UPDATE reflection_periods SET decision = ?, decided_on = ? WHERE case_id = ?",
                (decided.decision, d2s(decided.decided_on), case_id),
            )
            self._refresh(case_id)
            self._log(
                AuditEvent("update", "reflection decision", case_id=case_id, client_id=client_id)
            )

    def record_permit(self, case_id: int, granted_on: date, valid_until: date) -> int:
        permit = ResidencePermit(granted_on=granted_on, valid_until=valid_until)
        with self.db.transaction():
            client_id = self._case_client(case_id)
            cursor = self.db.execute(insert_sql("residence_permits"), permit_row(case_id, permit))
            self._refresh(case_id)
            self._log(
                AuditEvent("update", "residence permit", case_id=case_id, client_id=client_id)
            )
            return int(cursor.lastrowid)

    def renew_permit(self, permit_id: int, renewed_on: date, valid_until: date) -> None:
        with self.db.transaction():
            case_id = self._owner("residence_permits", permit_id)
            permit = next(p for p in self.read.permits(case_id) if p.id == permit_id)
            renewal = PermitRenewal(renewed_on=renewed_on, valid_until=valid_until)
            ResidencePermit.model_validate(
                {**permit.model_dump(), "renewals": (*permit.renewals, renewal)}
            )
            self.db.execute(insert_sql("permit_renewals"), renewal_row(permit_id, renewal))
            self._refresh(case_id)
            self._log(AuditEvent("update", "residence permit renewed", case_id=case_id))

    def end_permit(self, permit_id: int, ended_on: date) -> None:
        with self.db.transaction():
            case_id = self._owner("residence_permits", permit_id)
            self.db.execute(
                "UPDATE residence_permits SET ended_on = ? WHERE id = ?", (d2s(ended_on), permit_id)
            )
            self._refresh(case_id)
            self._log(AuditEvent("update", "residence permit ended", case_id=case_id))
