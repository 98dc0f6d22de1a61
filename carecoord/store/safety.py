"""The safety assessment of a case (issue 16): risk level, threats, agreed measures, and the
date to review it again.

Every assessment is kept (the history of the risk); the latest is the current one, and its
review date is the case's ``safety_review`` deadline. A review is made by recording a new
assessment. At medium or high risk a review date is required: a risk that matters must come
back on the coordinator's list; at low risk it is optional (nothing may need to be checked
again). The agreed measures identify the client: anonymisation erases them, a letter prints
them only when the coordinator ticks "Safety" (carecoord/letters/provider.py).

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.safety``); every public
method reports one audit event (the risk level code only), every write runs in one transaction.
"""

from __future__ import annotations

from carecoord.domain.case_work import SafetyAssessment, check_assessment
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import insert_sql, safety_row
from carecoord.store.sqlvalues import dt2s


class SafetyManager(Manager):
    def assess(self, case_id: int, assessment: SafetyAssessment) -> int:
        """Record a (new) assessment; it becomes the current one."""
        check_assessment(assessment, self.today())
        made = assessment.model_copy(update={"id": None, "recorded_by": None, "recorded_at": None})
        with self.db.transaction():
            client_id = self._case_client(case_id)
            if made.measures:
                self._not_anonymised(case_id)
            cursor = self.db.execute(
                insert_sql("safety_assessments"),
                safety_row(case_id, made, self.user, dt2s(self._clock())),
            )
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "create",
                    f"safety assessment ({made.risk_level})",
                    case_id=case_id,
                    client_id=client_id,
                )
            )
            return int(cursor.lastrowid)
