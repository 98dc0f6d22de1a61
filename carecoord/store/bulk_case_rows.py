"""The rows of one whole case for the bulk writer: its signals and phases, legal status and
support, consents, referrals, tracks, tasks, notes and the case row itself.

:class:`~carecoord.store.bulk.BulkWriter` owns the transaction, the batches, the ids and the
client; this builds everything that hangs under one case into its pending batches, after the
store's rules for the whole case (:mod:`carecoord.store.bulk_rules`), as
:mod:`carecoord.store.bulk_case_work` does for the case plan, contacts and meetings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from carecoord.domain.consent import Consent
from carecoord.domain.deadlines import derive_deadlines
from carecoord.domain.legal import ReflectionPeriod, ResidencePermit
from carecoord.domain.referral import Referral
from carecoord.domain.support import ExitProgramme, ShelterStay
from carecoord.store import rows
from carecoord.store.bulk_case_work import CaseWorkRows, PendingRows, route_after_meetings
from carecoord.store.bulk_cases import NewCase
from carecoord.store.bulk_rules import check_comensha, check_consents, check_referral


class CaseRows(PendingRows):
    """Builds the rows of one case (not its client) into the writer's pending batches."""

    def write(
        self,
        case: NewCase,
        case_id: int,
        client_id: int,
        birth: date | None,
        reference: Callable[[date], str],
    ) -> None:
        """``reference`` hands out the case reference of a case opened on a day (the writer
        numbers them per year, after the rules of the case have passed)."""
        opened = case.opened_on
        last = case.phase_history[-1]
        self._signals_and_history(case, case_id)
        reflection, permits, stays = self._support(case, case_id)
        programme = self._programme(case, case_id)
        consents = [
            c.model_copy(update={"id": self.take("consents"), "client_id": client_id})
            for c in case.consents
        ]
        check_consents(consents, birth)
        for c in consents:
            assert c.id is not None
            self.pending["consents"].append((c.id, *rows.consent_row(c, self.user, self.now)))
            self.pending["consent_recipients"] += rows.consent_recipient_rows(c.id, c)
        referrals = self._referrals(case, case_id, consents)
        self._tracks(case, case_id, consents)
        # Manual tasks before the derived deadlines: a goal may name one by its id.
        task_ids = [self.take("tasks") for _task in case.tasks]
        self.pending["tasks"] += [
            (task_id, *rows.manual_task_row(case_id, t, self.user, self.now))
            for task_id, t in zip(task_ids, case.tasks, strict=True)
        ]
        work = CaseWorkRows(
            self.pending, self.take, user=self.user, now=self.now, today=self.today
        ).write(
            case_id,
            case.work,
            consents=consents,
            referrals=referrals,
            task_ids=task_ids,
            programme=programme,
        )
        deadlines = derive_deadlines(
            closed=last.to_phase == "closed",
            reflection=reflection,
            permits=permits,
            shelter_stays=stays,
            exit_programme=programme,
            referrals=referrals,
            # A new client's consents show on this case while it is open.
            consents=consents,
            goals=work.goals,
            meeting_actions=work.actions,
            safety=work.safety,
        )
        self.pending["tasks"] += [
            (self.take("tasks"), *rows.deadline_row(case_id, d)) for d in deadlines
        ]
        self.pending["notes"] += [
            (self.take("notes"), *rows.note_row(case_id, n)) for n in case.notes
        ]
        due_dates = [d.due_on for d in deadlines] + [
            t.due_on for t in case.tasks if t.done_on is None
        ]
        case_row = rows.case_row(
            reference(opened),
            client_id,
            case.facts,
            opened_on=opened,
            phase=last.to_phase,
            phase_since=last.changed_on,
            birth_date=birth,
            next_deadline=min(due_dates) if due_dates else None,
            created_at=self.now,
            closure_reason=last.closure_reason,
            received=case.received,
        )
        self.pending["cases"].append((case_id, *case_row))
        self.pending["case_forms"] += rows.case_form_rows(case_id, case.facts)

    def _signals_and_history(self, case: NewCase, case_id: int) -> None:
        self.pending["signals"] += [
            (self.take("signals"), *rows.signal_record(case_id, s, self.user, self.now))
            for s in case.signals
        ]
        self.pending["phase_changes"] += [
            (self.take("phase_changes"), *rows.phase_change_row(case_id, c, self.now))
            for c in case.phase_history
        ]

    def _support(
        self, case: NewCase, case_id: int
    ) -> tuple[ReflectionPeriod | None, list[ResidencePermit], list[ShelterStay]]:
        reflection = case.reflection
        if reflection is not None:
            reflection = reflection.model_copy(update={"id": self.take("reflection_periods")})
            self.pending["reflection_periods"].append(
                (reflection.id, *rows.reflection_row(case_id, reflection))
            )
        permits = [
            p.model_copy(update={"id": self.take("residence_permits")}) for p in case.permits
        ]
        for p in permits:
            assert p.id is not None
            self.pending["residence_permits"].append((p.id, *rows.permit_row(case_id, p)))
            self.pending["permit_renewals"] += [
                (self.take("permit_renewals"), *rows.renewal_row(p.id, r)) for r in p.renewals
            ]
        stays = [
            s.model_copy(update={"id": self.take("shelter_stays")}) for s in case.shelter_stays
        ]
        self.pending["shelter_stays"] += [(s.id, *rows.shelter_stay_row(case_id, s)) for s in stays]
        return reflection, permits, stays

    def _tracks(
        self,
        case: NewCase,
        case_id: int,
        consents: list[Consent],
    ) -> None:
        """The CoMensha registrations (on one of the case's consents, or anonymous) and the
        identification route: tracks beside the phase, with no deadlines of their own."""
        registrations = []
        for new in case.comensha:
            consent = consents[new.consent_index] if new.consent_index is not None else None
            registrations.append(
                new.registration.model_copy(
                    update={
                        "id": self.take("comensha_registrations"),
                        "consent_id": None if consent is None else consent.id,
                    }
                )
            )
        check_comensha(registrations, consents, self.today)
        self.pending["comensha_registrations"] += [
            (reg.id, *rows.comensha_row(case_id, reg, self.user, self.now)) for reg in registrations
        ]
        # An MDT meeting of the case moves the route as store.meetings.record does.
        route = route_after_meetings(case.identification, case.work)
        if route is not None:
            self.pending["identification_routes"].append(
                rows.identification_row(case_id, route, self.user, self.now)
            )

    def _programme(self, case: NewCase, case_id: int) -> ExitProgramme | None:
        if case.exit_programme is None:
            return None
        programme_id = self.take("exit_programmes")
        programme = case.exit_programme.model_copy(update={"id": programme_id})
        self.pending["exit_programmes"].append(
            (programme_id, *rows.programme_row(case_id, programme))
        )
        self.pending["exit_milestones"] += [
            (self.take("exit_milestones"), *rows.milestone_row(programme_id, m))
            for m in programme.milestones
        ]
        return programme

    def _referrals(
        self,
        case: NewCase,
        case_id: int,
        consents: list[Consent],
    ) -> list[Referral]:
        referrals = []
        for new in case.referrals:
            consent = consents[new.consent_index] if new.consent_index is not None else None
            check_referral(new.referral, new.events, consent)
            consent_id = consent.id if consent is not None else None
            referral_id = self.take("referrals")
            r = new.referral.model_copy(
                update={"id": referral_id, "case_id": case_id, "consent_id": consent_id}
            )
            referrals.append(r)
            self.pending["referrals"].append((referral_id, *rows.referral_row(r)))
            steps = [("draft", r.created_on), *new.events]
            users = new.changed_by or [self.user] * len(steps)
            if len(users) != len(steps):
                raise ValueError("changed_by names one user per step, 'draft' first")
            self.pending["referral_events"] += [
                (
                    self.take("referral_events"),
                    *rows.referral_event_row(
                        referral_id,
                        status,
                        on,
                        user,
                        rows.sent_event_note(r.override_reason) if status == "sent" else None,
                    ),
                )
                for (status, on), user in zip(steps, users, strict=True)
            ]
        return referrals
