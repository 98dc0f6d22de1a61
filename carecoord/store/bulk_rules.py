"""The store's rules, applied to a whole case that arrives at once (import, demo data).

The store checks every step as a coordinator takes it; the bulk writer gets the finished history
and checks it here with the same rule functions of the domain (``check_transition``,
``check_status_change``, ``consent_gate``, ``check_giver``, and for case work ``check_goal``,
``check_contact``, ``check_meeting``, ``meeting_gate``, ``check_assessment``) and the store's own
refusals, so that whatever the store would refuse, bulk refuses too, with the same error.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime

from carecoord.domain.case import PhaseChange, Signal
from carecoord.domain.case_work import (
    CaseContact,
    CaseGoal,
    CaseMeeting,
    MeetingGate,
    SafetyAssessment,
    check_assessment,
    check_contact,
    check_goal,
    check_meeting,
    meeting_gate,
)
from carecoord.domain.comensha import ComenshaRegistration, check_registration
from carecoord.domain.consent import Consent, check_giver, consent_gate
from carecoord.domain.legal import ReflectionPeriod, ResidencePermit
from carecoord.domain.pathway import TransitionRefused, check_transition
from carecoord.domain.referral import Referral, check_status_change
from carecoord.errors import InputRejected
from carecoord.i18n import _


def check_history(history: list[PhaseChange], *, now: datetime) -> None:
    """The store's rule for every step of a whole history (:func:`check_transition`, the one
    source of the pathway rules), so that bulk refuses what the store refuses, with its error.

    The first entry starts the case (the store writes it at opening, unchecked). A later entry
    is judged as on the day it was recorded: its own ``recorded_at`` if it has one (a history
    recorded as it happened, as the demo's), else the day of this write; an entry recorded after
    the day it names is back-dated and needs a reason, as in the app.
    """
    if not history or history[0].from_phase is not None:
        raise InputRejected(_("A phase history starts with the case's first phase."))
    first = history[0]
    # The first entry is not a transition (an imported case may start closed), but a closed
    # case says why, as every close does, and only a close takes a reason.
    closes = first.to_phase == "closed"
    if closes and first.closure_reason is None:
        raise TransitionRefused(_("Closing a case needs a closure reason."))
    if not closes and first.closure_reason is not None:
        raise TransitionRefused(_("Only closing a case takes a closure reason."))
    for before, after in itertools.pairwise(history):
        if after.from_phase != before.to_phase:
            raise InputRejected(
                _(
                    "A phase change in the history starts from phase '%(from_phase)s', but the "
                    "change before it ended in phase '%(previous)s'."
                )
                % {"from_phase": after.from_phase, "previous": before.to_phase}
            )
        recorded_on = min((after.recorded_at or now).date(), now.date())
        check_transition(
            before.to_phase,
            after.to_phase,
            on=after.changed_on,
            today=recorded_on,
            last_change_on=before.changed_on,
            reason=after.reason,
            closure_reason=after.closure_reason,
        )


def check_signals(signals: list[Signal], birth_date: date | None, today: date) -> None:
    """The store's refusals for a signal (``CaseStore.add_signal``, ``open_case``)."""
    if not signals:
        raise InputRejected(_("A case needs at least one signal."))
    if birth_date is not None and min(s.signal_date for s in signals) < birth_date:
        raise InputRejected(_("The signal date lies before the client's birth date."))
    if max(s.signal_date for s in signals) > today:
        raise InputRejected(_("A signal cannot be dated in the future."))


def check_consents(consents: list[Consent], birth_date: date | None) -> None:
    """As ``CaseStore.record_consent``: under 16, only a parent or guardian gives consent."""
    for consent in consents:
        check_giver(consent, birth_date)


def check_referral(
    referral: Referral, events: list[tuple[str, date]], consent: Consent | None
) -> None:
    """The referral's events after 'draft', as ``send_referral`` and ``set_referral_status``
    would take them: allowed status steps, later steps not dated before the previous one, and
    sending only through the consent gate (the consent the referral names, or its override)."""
    status, previous = "draft", referral.created_on
    for target, on in events:
        check_status_change(status, target)
        if target == "sent":
            consent_gate(
                [] if consent is None else [consent],
                recipient_id=referral.organisation_id,
                purpose=referral.referral_type,
                on=on,
                override_reason=referral.override_reason,
            )
        elif on < previous:
            raise InputRejected(_("A status change cannot be dated before the previous one."))
        status, previous = target, on


def _not_future(days: list[date | None], today: date) -> None:
    if any(day is not None and day > today for day in days):
        raise InputRejected(
            _("A step of the legal track or a registration cannot lie in the future.")
        )


def check_legal(
    reflection: ReflectionPeriod | None, permits: list[ResidencePermit], today: date
) -> None:
    """What happened on the legal track has happened: offer, start, outcome of the bedenktijd and
    every step of a permit lie on or before today (the end of a bedenktijd or a permit's validity
    lie ahead). The models check the order of the dates themselves."""
    if reflection is not None:
        _not_future(
            [
                reflection.offered_on,
                reflection.ind_informed_on,
                reflection.started_on,
                reflection.outcome_on,
            ],
            today,
        )
    for permit in permits:
        _not_future(
            [
                permit.applied_on,
                permit.granted_on,
                permit.rejected_on,
                permit.ended_on,
                permit.continued_applied_on,
                permit.continued_decided_on,
                *(r.renewed_on for r in permit.renewals),
            ],
            today,
        )


def check_comensha(
    registrations: list[ComenshaRegistration], consents: list[Consent], today: date
) -> None:
    """As ``store.comensha.register``: a registration on consent needs a consent of the client for
    purpose ``comensha_registration`` valid on its date (``check_registration``); none is in the
    future."""
    for registration in registrations:
        _not_future([registration.registered_on], today)
        check_registration(registration, consents)


def check_case_work(
    goals: list[CaseGoal],
    contacts: list[CaseContact],
    meetings: list[CaseMeeting],
    safety: list[SafetyAssessment],
    today: date,
) -> None:
    """As ``store.plan``, ``store.contacts``, ``store.meetings`` and ``store.safety``: a goal
    with its words and a status not dated ahead, a contact that is someone, a meeting that was
    held with actions due after it, an assessment with a review date at medium or high risk."""
    for goal in goals:
        check_goal(goal, today)
    for contact in contacts:
        check_contact(contact, today)
    for meeting in meetings:
        check_meeting(meeting, today)
    for assessment in safety:
        check_assessment(assessment, today)


def check_meeting_consent(meeting: CaseMeeting, consents: list[Consent]) -> MeetingGate:
    """As ``store.meetings.record``: each participating organisation covered by a consent for
    case consultation on the meeting's date, or the meeting's written legal ground."""
    return meeting_gate(
        consents,
        organisation_ids=meeting.organisation_ids,
        on=meeting.held_on,
        legal_ground=meeting.legal_ground,
    )
