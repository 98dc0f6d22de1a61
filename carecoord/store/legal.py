"""The legal track beside the care phase: the bedenktijd and the B8/3 residence permit.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.legal``); every public
method reports one audit event (codes only), every write runs in one transaction. The rules of
the track are the domain models' (:mod:`carecoord.domain.legal`: at most three months of
bedenktijd, an outcome with its date, a renewal that extends); this manager adds what depends
on the stored history: a permit is granted or rejected only while it is applied for, renewed,
ended or continued only once granted, and a case has one open permit at a time. Every date of
something that happened (not an end date) lies on or before today.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from carecoord.domain.codelists import codelist
from carecoord.domain.legal import PermitRenewal, ReflectionPeriod, ResidencePermit
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import COLUMNS, insert_sql
from carecoord.store.track_rows import permit_row, reflection_row, renewal_row

# A permit's row is rewritten whole from its builder (one write path), by id: the table has no
# other unique key for an upsert.
_UPDATE_PERMIT = (
    "UPDATE residence_permits SET "
    + ", ".join(f"{column} = ?" for column in COLUMNS["residence_permits"])
    + " WHERE id = ?"
)
_RUNNING = ("granted", "renewed")  # permit_state codes of a permit in force
CONTINUED_OUTCOMES = ("granted", "rejected")


class LegalManager(Manager):
    # -- the bedenktijd --------------------------------------------------------------------------
    def save_reflection(self, case_id: int, period: ReflectionPeriod) -> ReflectionPeriod:
        """Record the case's bedenktijd, or replace it (a case has one)."""
        with self.db.transaction():
            client_id = self._case_client(case_id)
            self._not_future(
                period.offered_on, period.ind_informed_on, period.started_on, period.outcome_on
            )
            existed = self.read.reflection(case_id) is not None
            self._write_reflection(case_id, period)
            self._refresh(case_id)
            detail = "reflection period changed" if existed else "reflection period started"
            self._log(AuditEvent("update", detail, case_id=case_id, client_id=client_id))
            saved = self.read.reflection(case_id)
            assert saved is not None
            return saved

    def set_reflection_outcome(self, case_id: int, outcome: str, on: date) -> None:
        """The client's choice after the bedenktijd ("Keuze na bedenktijd") and its date."""
        if outcome == "pending" or outcome not in codelist("reflection_outcome"):
            raise InputRejected(
                _("'%(outcome)s' is not an outcome of the reflection period.")
                % {"outcome": outcome}
            )
        with self.db.transaction():
            client_id = self._case_client(case_id)
            period = self.read.reflection(case_id)
            if period is None:
                raise InputRejected(_("This case has no reflection period."))
            if on < period.started_on:
                raise InputRejected(
                    _("The outcome cannot precede the start of the reflection period.")
                )
            self._not_future(on)
            self._write_reflection(
                case_id, period.model_copy(update={"outcome": outcome, "outcome_on": on})
            )
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "update", f"reflection outcome {outcome}", case_id=case_id, client_id=client_id
                )
            )

    def _write_reflection(self, case_id: int, period: ReflectionPeriod) -> None:
        self.db.execute(
            insert_sql("reflection_periods", upsert_on=("case_id",)),
            reflection_row(case_id, period),
        )

    # -- the permit: application and decision ----------------------------------------------------
    def apply_permit(self, case_id: int, *, ground: str, applied_on: date) -> int:
        """An application for a B8/3 permit on ``ground``; the IND's decision follows."""
        return self._add_permit(case_id, {"ground": ground, "applied_on": applied_on}, "applied")

    def record_granted_permit(
        self,
        case_id: int,
        *,
        ground: str,
        granted_on: date,
        valid_until: date,
        applied_on: date | None = None,
    ) -> int:
        """A permit already granted when it is recorded (the application date may be unknown)."""
        data = {
            "ground": ground,
            "applied_on": applied_on,
            "granted_on": granted_on,
            "valid_until": valid_until,
        }
        return self._add_permit(case_id, data, "granted")

    def _add_permit(self, case_id: int, data: dict[str, Any], step: str) -> int:
        if data["ground"] not in codelist("permit_ground"):
            raise InputRejected(
                _("'%(ground)s' is not a ground for a residence permit.")
                % {"ground": data["ground"]}
            )
        permit = _permit(data)
        with self.db.transaction():
            client_id = self._case_client(case_id)
            self._not_future(permit.applied_on, permit.granted_on)
            if any(p.state == "applied" or p.state in _RUNNING for p in self.read.permits(case_id)):
                raise InputRejected(
                    _(
                        "This case already has a residence permit that is applied for or in "
                        "force: record its decision or its end first."
                    )
                )
            cursor = self.db.execute(insert_sql("residence_permits"), permit_row(case_id, permit))
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "update",
                    f"residence permit {step} ({permit.ground})",
                    case_id=case_id,
                    client_id=client_id,
                )
            )
            return int(cursor.lastrowid)

    def grant_permit(self, permit_id: int, *, granted_on: date, valid_until: date) -> None:
        with self.db.transaction():
            case_id, permit = self._stored(permit_id)
            self._decision_allowed(permit, granted_on)
            granted = _permit(
                {**permit.model_dump(), "granted_on": granted_on, "valid_until": valid_until}
            )
            self._rewrite(case_id, permit_id, granted, "residence permit granted")

    def reject_permit(self, permit_id: int, rejected_on: date) -> None:
        with self.db.transaction():
            case_id, permit = self._stored(permit_id)
            self._decision_allowed(permit, rejected_on)
            rejected = _permit({**permit.model_dump(), "rejected_on": rejected_on})
            self._rewrite(case_id, permit_id, rejected, "residence permit rejected")

    def _decision_allowed(self, permit: ResidencePermit, on: date) -> None:
        if permit.state != "applied":
            raise InputRejected(_("This permit was already decided on."))
        if permit.applied_on is not None and on < permit.applied_on:
            raise InputRejected(_("A decision cannot precede the application."))
        self._not_future(on)

    # -- the permit in force ---------------------------------------------------------------------
    def renew_permit(self, permit_id: int, renewed_on: date, valid_until: date) -> None:
        with self.db.transaction():
            case_id, permit = self._stored(permit_id)
            self._in_force(permit, renewed_on)
            current = permit.current_valid_until
            if current is not None and valid_until <= current:
                raise InputRejected(_("A renewal must extend the permit."))
            renewal = PermitRenewal(renewed_on=renewed_on, valid_until=valid_until)
            _permit({**permit.model_dump(), "renewals": (*permit.renewals, renewal)})
            self.db.execute(insert_sql("permit_renewals"), renewal_row(permit_id, renewal))
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "update",
                    "residence permit renewed",
                    case_id=case_id,
                    client_id=self._case_client(case_id),
                )
            )

    def end_permit(self, permit_id: int, ended_on: date) -> None:
        with self.db.transaction():
            case_id, permit = self._stored(permit_id)
            self._in_force(permit, ended_on)
            ended = _permit({**permit.model_dump(), "ended_on": ended_on})
            self._rewrite(case_id, permit_id, ended, "residence permit ended")

    def apply_continued_residence(self, permit_id: int, applied_on: date) -> None:
        """The application for continued residence (voortgezet verblijf), at the three-year
        mark of a permit in force."""
        with self.db.transaction():
            case_id, permit = self._stored(permit_id)
            self._in_force(permit, applied_on)
            if permit.continued_applied_on is not None:
                raise InputRejected(_("Continued residence was already applied for."))
            applied = _permit({**permit.model_dump(), "continued_applied_on": applied_on})
            self._rewrite(case_id, permit_id, applied, "continued residence applied")

    def decide_continued_residence(self, permit_id: int, outcome: str, on: date) -> None:
        """The IND's decision on continued residence (``granted`` or ``rejected``); a later
        call corrects it."""
        if outcome not in CONTINUED_OUTCOMES:
            raise InputRejected(_("A decision on continued residence is 'granted' or 'rejected'."))
        with self.db.transaction():
            case_id, permit = self._stored(permit_id)
            applied = permit.continued_applied_on
            if applied is None:
                raise InputRejected(_("Continued residence was not applied for."))
            if on < applied:
                raise InputRejected(_("A decision cannot precede the application."))
            self._not_future(on)
            decided = _permit(
                {**permit.model_dump(), "continued_outcome": outcome, "continued_decided_on": on}
            )
            self._rewrite(case_id, permit_id, decided, f"continued residence {outcome}")

    def _in_force(self, permit: ResidencePermit, on: date) -> None:
        if permit.state not in _RUNNING:
            raise InputRejected(
                _("Only a granted permit that has not ended is renewed, ended or continued.")
            )
        assert permit.granted_on is not None  # granted or renewed
        if on < permit.granted_on:
            raise InputRejected(_("This date lies before the permit was granted."))
        self._not_future(on)

    # -- shared ----------------------------------------------------------------------------------
    def _stored(self, permit_id: int) -> tuple[int, ResidencePermit]:
        case_id = self._owner("residence_permits", permit_id)
        return case_id, next(p for p in self.read.permits(case_id) if p.id == permit_id)

    def _rewrite(self, case_id: int, permit_id: int, permit: ResidencePermit, detail: str) -> None:
        self.db.execute(_UPDATE_PERMIT, (*permit_row(case_id, permit), permit_id))
        self._refresh(case_id)
        self._log(
            AuditEvent("update", detail, case_id=case_id, client_id=self._case_client(case_id))
        )

    def _not_future(self, *days: date | None) -> None:
        today = self.today()
        if any(day is not None and day > today for day in days):
            raise InputRejected(_("A date on the legal track cannot lie in the future."))


def _permit(data: dict[str, Any]) -> ResidencePermit:
    """The permit after a step; the model's own checks as a user-facing refusal (its messages
    are not translated and name no values, but the user needs one line in their language)."""
    try:
        return ResidencePermit.model_validate(data)
    except ValidationError:
        raise InputRejected(_("These dates do not fit the permit's earlier steps.")) from None
