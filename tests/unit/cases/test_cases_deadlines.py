"""Deadline computations, including month-end edge cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecoord.domain.consent import Consent
from carecoord.domain.dates import add_months, age_on
from carecoord.domain.deadlines import derive_deadlines, is_due_soon, is_overdue
from carecoord.domain.legal import PermitRenewal, ReflectionPeriod, ResidencePermit
from carecoord.domain.referral import Referral
from carecoord.domain.support import ExitProgramme, Milestone, ShelterStay


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # leap year
        (date(2024, 10, 31), 1, date(2024, 11, 30)),
        (date(2024, 1, 31), 3, date(2024, 4, 30)),
        (date(2024, 12, 15), 3, date(2025, 3, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_age_on_birthday_edges() -> None:
    assert age_on(date(2008, 6, 15), date(2024, 6, 14)) == 15
    assert age_on(date(2008, 6, 15), date(2024, 6, 15)) == 16
    assert age_on(date(2008, 2, 29), date(2024, 2, 28)) == 15
    assert age_on(date(2008, 2, 29), date(2024, 3, 1)) == 16


def derive(**kw):
    args = dict(
        closed=False,
        reflection=None,
        permits=[],
        shelter_stays=[],
        exit_programme=None,
        referrals=[],
        consents=[],
    )
    args.update(kw)
    return [(d.kind, d.due_on) for d in derive_deadlines(**args)]


def test_reflection_end_three_months_while_the_outcome_is_pending() -> None:
    open_period = ReflectionPeriod(id=1, started_on=date(2024, 11, 30))
    assert derive(reflection=open_period) == [("reflection_end", date(2025, 2, 28))]
    # An earlier end (the client chose before three months) is the deadline.
    shorter = ReflectionPeriod(id=1, started_on=date(2024, 11, 30), ends_on=date(2025, 1, 15))
    assert derive(reflection=shorter) == [("reflection_end", date(2025, 1, 15))]
    decided = ReflectionPeriod(
        id=1,
        started_on=date(2024, 11, 30),
        outcome="report_filed",
        outcome_on=date(2025, 1, 2),
    )
    assert derive(reflection=decided) == []


def test_cosm_term_only_for_open_cosm_stays() -> None:
    stays = [
        ShelterStay(id=1, shelter_type="cosm", started_on=date(2025, 1, 31)),
        ShelterStay(id=2, shelter_type="womens_shelter", started_on=date(2025, 1, 1)),
        ShelterStay(
            id=3,
            shelter_type="cosm",
            started_on=date(2024, 1, 1),
            ended_on=date(2024, 3, 1),
            end_reason="moved_on",
        ),
    ]
    assert derive(shelter_stays=stays) == [("cosm_term", date(2025, 4, 30))]


def test_permit_renewal_follows_latest_renewal_and_three_year_mark() -> None:
    permit = ResidencePermit(
        id=1,
        granted_on=date(2024, 2, 29),
        valid_until=date(2025, 2, 28),
        renewals=(PermitRenewal(renewed_on=date(2025, 2, 1), valid_until=date(2026, 2, 28)),),
    )
    assert derive(permits=[permit]) == [
        ("permit_renewal", date(2026, 2, 28)),
        ("permit_three_years", date(2027, 2, 28)),
    ]
    ended = permit.model_copy(update={"ended_on": date(2025, 6, 1)})
    assert derive(permits=[ended]) == []


def test_no_permit_deadline_while_applied_for_or_after_rejection() -> None:
    applied = ResidencePermit(id=1, ground="report_filed", applied_on=date(2025, 1, 10))
    assert derive(permits=[applied]) == []
    rejected = applied.model_copy(update={"rejected_on": date(2025, 3, 1)})
    assert derive(permits=[rejected]) == []


def test_three_year_mark_due_until_continued_residence_is_applied_for() -> None:
    permit = ResidencePermit(
        id=1, ground="report_filed", granted_on=date(2025, 1, 10), valid_until=date(2026, 1, 10)
    )
    assert derive(permits=[permit]) == [
        ("permit_renewal", date(2026, 1, 10)),
        ("permit_three_years", date(2028, 1, 10)),
    ]
    applied = permit.model_copy(update={"continued_applied_on": date(2025, 12, 1)})
    assert derive(permits=[applied]) == [("permit_renewal", date(2026, 1, 10))]
    # Continued residence granted replaces the B8/3 permit: nothing of it is due any more.
    granted = applied.model_copy(
        update={"continued_outcome": "granted", "continued_decided_on": date(2025, 12, 20)}
    )
    assert derive(permits=[granted]) == []
    refused = granted.model_copy(update={"continued_outcome": "rejected"})
    assert derive(permits=[refused]) == [("permit_renewal", date(2026, 1, 10))]


def test_consent_expiry_unless_withdrawn() -> None:
    base = dict(
        client_id=1,
        recipient_id=1,
        purposes=("shelter",),
        data_categories=("identity",),
        given_on=date(2025, 1, 1),
    )
    assert derive(consents=[Consent(id=1, valid_until=date(2025, 12, 31), **base)]) == [
        ("consent_expiry", date(2025, 12, 31))
    ]
    assert derive(consents=[Consent(id=2, **base)]) == []
    withdrawn = Consent(id=3, valid_until=date(2025, 12, 31), withdrawn_on=date(2025, 3, 1), **base)
    assert derive(consents=[withdrawn]) == []


@pytest.mark.parametrize(
    ("urgency", "due"),
    [("immediate", date(2025, 3, 3)), ("urgent", date(2025, 3, 8)), ("routine", date(2025, 3, 15))],
)
def test_referral_feedback_due_by_urgency(urgency: str, due: date) -> None:
    sent = Referral(
        id=1,
        case_id=1,
        organisation_id=1,
        referral_type="medical",
        urgency=urgency,
        status="sent",
        created_on=date(2025, 3, 1),
        sent_on=date(2025, 3, 1),
    )
    assert derive(referrals=[sent]) == [("referral_feedback", due)]
    answered = sent.model_copy(update={"status": "accepted"})
    assert derive(referrals=[answered]) == []


def test_aftercare_follow_ups_one_at_a_time() -> None:
    stopped = Milestone(milestone="stopped_sex_work", reached_on=date(2024, 8, 31))
    programme = ExitProgramme(
        id=1, scheme_name="Uitstap", enrolled_on=date(2024, 1, 1), milestones=(stopped,)
    )
    assert derive(exit_programme=programme) == [("aftercare_follow_up", date(2025, 2, 28))]
    six = Milestone(milestone="sustained_exit_6m", reached_on=date(2025, 3, 1))
    programme = programme.model_copy(update={"milestones": (stopped, six)})
    assert derive(exit_programme=programme) == [("aftercare_follow_up", date(2025, 8, 31))]
    done = programme.model_copy(update={"outcome": "sustained_exit"})
    assert derive(exit_programme=done) == []


def test_closed_case_has_no_deadlines() -> None:
    assert derive(closed=True, reflection=ReflectionPeriod(started_on=date(2025, 1, 1))) == []


def test_due_soon_and_overdue_windows() -> None:
    today = date(2025, 6, 15)
    assert is_overdue(date(2025, 6, 14), today)
    assert not is_overdue(today, today)
    assert is_due_soon(today, today) and is_due_soon(date(2025, 6, 29), today)
    assert not is_due_soon(date(2025, 6, 30), today)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 120))
def test_add_months_properties(start: date, months: int) -> None:
    end = add_months(start, months)
    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day <= start.day
    # Clamped only when the target month is too short.
    assert end.day == start.day or (end + timedelta(days=1)).day == 1
