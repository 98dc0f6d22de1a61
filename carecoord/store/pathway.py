"""The care phase: moving a case along the pathway (DESIGN.md §4), closing it with a reason.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.pathway``); every
public method reports one audit event, every write runs in one transaction. The legal track
beside the phase (bedenktijd, B8/3 permits) is ``store.legal`` (:mod:`carecoord.store.legal`)."""

from __future__ import annotations

from datetime import date

from carecoord.domain.case import PhaseChange
from carecoord.domain.pathway import check_transition
from carecoord.store import deadline_sync
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import insert_sql, phase_change_row, phase_columns


class PathwayManager(Manager):
    def change_phase(
        self,
        case_id: int,
        to_phase: str,
        *,
        on: date | None = None,
        reason: str | None = None,
        closure_reason: str | None = None,
    ) -> PhaseChange:
        """Move the case to ``to_phase`` (today unless ``on``; back-dating needs a reason).

        Closing needs ``closure_reason`` (a ``closure_reason`` code); no other move takes one."""
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
                closure_reason=closure_reason,
            )
            change = PhaseChange(
                from_phase=current,
                to_phase=to_phase,
                changed_on=on,
                changed_by=self.user,
                reason=reason.strip() if reason else None,
                closure_reason=closure_reason,
                recorded_at=self._clock(),
            )
            self.db.execute(insert_sql("phase_changes"), phase_change_row(case_id, change, None))
            self.db.execute(
                "UPDATE cases SET phase = ?, phase_rank = ?, phase_since = ?, closed_on = ?,"
                " closure_reason = ? WHERE id = ?",
                (*phase_columns(to_phase, on, closure_reason), case_id),
            )
            self._refresh(case_id)
            if to_phase == "closed":
                # The client's consents may now be shown on another open case.
                deadline_sync.refresh_client(self.db, client_id)
            # Codes only: the phase codes and the closure reason's code, never the written reason.
            detail = f"phase {current} -> {to_phase}"
            if closure_reason is not None:
                detail += f" ({closure_reason})"
            self._log(AuditEvent("update", detail, case_id=case_id, client_id=client_id))
            return change
