"""Support: shelter stays and the exit programme (enrolment, milestones, outcome; its plan is
goals of the case plan, written by ``store.plan``: :mod:`carecoord.store.case_plan`).

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.support``); every
public method reports one audit event, every write runs in one transaction."""

from __future__ import annotations

from datetime import date

from carecoord.domain.support import (
    ExitProgramme,
    Milestone,
    ShelterStay,
)
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import (
    insert_sql,
    milestone_row,
    programme_row,
    shelter_stay_row,
)
from carecoord.store.sqlvalues import d2s


class SupportManager(Manager):
    def add_shelter_stay(self, case_id: int, stay: ShelterStay) -> int:
        with self.db.transaction():
            client_id = self._case_client(case_id)
            if stay.provider_id is not None:
                self.organisations.get(stay.provider_id)
            cursor = self.db.execute(insert_sql("shelter_stays"), shelter_stay_row(case_id, stay))
            self._refresh(case_id)
            self._log(
                AuditEvent("update", "shelter stay added", case_id=case_id, client_id=client_id)
            )
            return int(cursor.lastrowid)

    def end_shelter_stay(self, stay_id: int, ended_on: date, end_reason: str) -> None:
        with self.db.transaction():
            case_id = self._owner("shelter_stays", stay_id)
            stay = next(s for s in self.read.shelter_stays(case_id) if s.id == stay_id)
            ended = ShelterStay.model_validate(
                {**stay.model_dump(), "ended_on": ended_on, "end_reason": end_reason}
            )
            self.db.execute(
                "UPDATE shelter_stays SET ended_on = ?, end_reason = ? WHERE id = ?",
                (d2s(ended.ended_on), ended.end_reason, stay_id),
            )
            self._refresh(case_id)
            self._log(AuditEvent("update", "shelter stay ended", case_id=case_id))

    def enrol_exit_programme(
        self, case_id: int, enrolled_on: date, scheme_name: str | None = None
    ) -> int:
        programme = ExitProgramme(
            scheme_name=scheme_name or self.settings.exit_scheme_name(), enrolled_on=enrolled_on
        )
        with self.db.transaction():
            client_id = self._case_client(case_id)
            if self.read.exit_programme(case_id) is not None:
                raise InputRejected(_("This case is already enrolled in an exit programme."))
            cursor = self.db.execute(
                insert_sql("exit_programmes"), programme_row(case_id, programme)
            )
            programme_id = int(cursor.lastrowid)
            registered = Milestone(milestone="registered", reached_on=enrolled_on)
            self.db.execute(insert_sql("exit_milestones"), milestone_row(programme_id, registered))
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "update", "exit programme enrolment", case_id=case_id, client_id=client_id
                )
            )
            return programme_id

    def _programme_date(self, case_id: int, on: date | None, what: str) -> None:
        """A date in the programme lies between its enrolment and today."""
        if on is None:
            return
        programme = self.read.exit_programme(case_id)
        assert programme is not None
        if on < programme.enrolled_on:
            raise InputRejected(_("%(what)s cannot lie before the enrolment.") % {"what": what})
        if on > self.today():
            raise InputRejected(_("%(what)s cannot lie in the future.") % {"what": what})

    def record_milestone(self, programme_id: int, milestone: str, reached_on: date) -> None:
        checked = Milestone(milestone=milestone, reached_on=reached_on)
        with self.db.transaction():
            case_id = self._owner("exit_programmes", programme_id)
            self._programme_date(case_id, checked.reached_on, _("The milestone's date"))
            self.db.execute(insert_sql("exit_milestones"), milestone_row(programme_id, checked))
            self._refresh(case_id)
            self._log(AuditEvent("update", f"exit milestone {milestone}", case_id=case_id))

    def set_exit_outcome(self, programme_id: int, outcome: str, on: date) -> None:
        with self.db.transaction():
            case_id = self._owner("exit_programmes", programme_id)
            current = self.read.exit_programme(case_id)
            assert current is not None
            self._programme_date(case_id, on, _("The outcome's date"))
            ExitProgramme.model_validate(
                {**current.model_dump(), "outcome": outcome, "outcome_on": on}
            )
            self.db.execute(
                "UPDATE exit_programmes SET outcome = ?, outcome_on = ? WHERE id = ?",
                (outcome, d2s(on), programme_id),
            )
            self._refresh(case_id)
            self._log(AuditEvent("update", f"exit outcome {outcome}", case_id=case_id))
