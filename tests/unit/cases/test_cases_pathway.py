"""The pathway state machine: allowed moves, refused moves with both phases named, dating rules."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecoord.domain.codelists import codelist
from carecoord.domain.pathway import (
    ALLOWED_TRANSITIONS,
    INITIAL_PHASE,
    TransitionRefused,
    check_transition,
    path_exists,
)
from carecoord.domain.referral import (
    STATUS_TRANSITIONS,
    ReferralStatusRefused,
    check_status_change,
)
from carecoord.errors import EXIT_REJECTED

TODAY = date(2025, 6, 15)
PHASES = codelist("phase").values


def move(current: str, target: str, on: date = TODAY, last: date | None = None, reason=None):
    check_transition(current, target, on=on, today=TODAY, last_change_on=last, reason=reason)


def test_table_covers_every_phase() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(PHASES)
    for targets in ALLOWED_TRANSITIONS.values():
        assert targets <= set(PHASES)


def test_every_phase_reachable_and_closable() -> None:
    for phase in PHASES:
        assert path_exists(INITIAL_PHASE, phase)
        assert path_exists(phase, "closed")


def test_typical_non_dutch_pathway() -> None:
    path = [
        "signalled",
        "reported",
        "intake",
        "reflection_period",
        "residence_permit",
        "shelter",
        "support",
        "outflow",
        "aftercare",
        "closed",
    ]
    for a, b in itertools.pairwise(path):
        move(a, b)


def test_refusal_names_both_phases() -> None:
    with pytest.raises(TransitionRefused) as info:
        move("shelter", "signalled")
    message = info.value.message
    assert "'shelter'" in message and "'signalled'" in message
    assert info.value.exit_code == EXIT_REJECTED


def test_closed_is_final() -> None:
    with pytest.raises(TransitionRefused, match="closed"):
        move("closed", "support")


def test_same_phase_refused() -> None:
    with pytest.raises(TransitionRefused, match="already"):
        move("intake", "intake")


def test_back_dating_needs_reason() -> None:
    earlier = TODAY - timedelta(days=10)
    with pytest.raises(TransitionRefused, match="back-dated"):
        move("intake", "shelter", on=earlier)
    with pytest.raises(TransitionRefused, match="back-dated"):
        move("intake", "shelter", on=earlier, reason="   ")
    move("intake", "shelter", on=earlier, reason="entered after holiday leave")


def test_future_and_out_of_order_dates_refused() -> None:
    with pytest.raises(TransitionRefused, match="future"):
        move("intake", "shelter", on=TODAY + timedelta(days=1))
    with pytest.raises(TransitionRefused, match="previous phase change"):
        move(
            "intake",
            "shelter",
            on=TODAY - timedelta(days=5),
            last=TODAY - timedelta(days=2),
            reason="late entry",
        )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PHASES), max_size=30))
def test_random_sequences_keep_history_valid(targets: list[str]) -> None:
    """Whatever is attempted, the accepted history only ever contains allowed steps."""
    current = INITIAL_PHASE
    history = [current]
    for target in targets:
        allowed = target in ALLOWED_TRANSITIONS[current]
        try:
            move(current, target)
        except TransitionRefused:
            assert not allowed
            continue
        assert allowed
        current = target
        history.append(current)
    for a, b in itertools.pairwise(history):
        assert b in ALLOWED_TRANSITIONS[a]
    if "closed" in history:
        assert history[-1] == "closed"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(codelist("referral_status").values), max_size=12))
def test_referral_status_sequences(targets: list[str]) -> None:
    """Terminal statuses stay terminal; 'sent' always precedes an answer."""
    current = "draft"
    history = [current]
    for target in targets:
        try:
            check_status_change(current, target)
        except ReferralStatusRefused:
            assert target not in STATUS_TRANSITIONS[current]
            continue
        current = target
        history.append(current)
    for terminal in ("rejected", "done", "revoked"):
        if terminal in history:
            assert history[-1] == terminal
    for answer in ("accepted", "rejected", "done"):
        if answer in history:
            assert history.index("sent") < history.index(answer)
