"""The pathway state machine: allowed moves, refused moves with both phases named, dating rules,
the closure reason, and the hint for phases removed by issue 15."""

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
    REMOVED_PHASES,
    TransitionRefused,
    check_transition,
    path_exists,
    removed_phase_hint,
)
from carecoord.domain.referral import (
    STATUS_TRANSITIONS,
    ReferralStatusRefused,
    check_status_change,
)
from carecoord.errors import EXIT_REJECTED

TODAY = date(2025, 6, 15)
PHASES = codelist("phase").values


# The care track of DESIGN.md §4 (issue 15), written out so that a change to the table fails here.
EXPECTED = {
    "signalled": {"intake", "shelter", "closed"},
    "intake": {"shelter", "support", "closed"},
    "shelter": {"support", "outflow", "closed"},
    "support": {"shelter", "outflow", "aftercare", "closed"},
    "outflow": {"aftercare", "support", "closed"},
    "aftercare": {"support", "closed"},
    "closed": set(),
}


def move(
    current: str,
    target: str,
    on: date = TODAY,
    last: date | None = None,
    reason=None,
    closure_reason: str | None = None,
):
    if target == "closed" and closure_reason is None:
        closure_reason = "completed"
    check_transition(
        current,
        target,
        on=on,
        today=TODAY,
        last_change_on=last,
        reason=reason,
        closure_reason=closure_reason,
    )


def test_phases_are_the_care_track_only() -> None:
    assert PHASES == ("signalled", "intake", "shelter", "support", "outflow", "aftercare", "closed")


@pytest.mark.parametrize(
    ("current", "target"), [(a, b) for a in EXPECTED for b in PHASES if a != b]
)
def test_every_move_allowed_or_refused_as_the_table_says(current: str, target: str) -> None:
    if target in EXPECTED[current]:
        move(current, target)
        return
    with pytest.raises(TransitionRefused, match="cannot move") as info:
        move(current, target)
    assert f"'{current}'" in info.value.message and f"'{target}'" in info.value.message


def test_closing_needs_a_closure_reason() -> None:
    with pytest.raises(TransitionRefused, match="needs a closure reason"):
        check_transition(
            "support", "closed", on=TODAY, today=TODAY, last_change_on=None, reason=None
        )
    with pytest.raises(TransitionRefused, match="not a closure reason"):
        move("support", "closed", closure_reason="finished")
    # A removed phase code is not a closure reason either.
    with pytest.raises(TransitionRefused, match="not a closure reason"):
        move("support", "closed", closure_reason="reported")
    for reason in codelist("closure_reason").values:
        move("support", "closed", closure_reason=reason)


def test_a_closure_reason_on_any_other_move_is_refused() -> None:
    for current, targets in EXPECTED.items():
        for target in targets - {"closed"}:
            with pytest.raises(TransitionRefused, match="Only closing"):
                move(current, target, closure_reason="completed")


@pytest.mark.parametrize("removed", sorted(REMOVED_PHASES))
def test_removed_phase_codes_say_what_to_record_instead(removed: str) -> None:
    assert removed not in PHASES
    with pytest.raises(TransitionRefused) as info:
        move("intake", removed)
    hint = removed_phase_hint(removed)
    assert hint is not None and info.value.message == hint
    assert f"'{removed}' is no longer a phase" in hint
    # The hint names the phase to record instead, and that phase exists.
    assert f"'{REMOVED_PHASES[removed]}'" in hint and REMOVED_PHASES[removed] in PHASES


def test_an_unknown_code_is_no_phase_and_gets_no_hint() -> None:
    assert removed_phase_hint("waiting") is None
    with pytest.raises(TransitionRefused, match="'waiting' is not a phase"):
        move("intake", "waiting")


def test_table_covers_every_phase() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(PHASES)
    for targets in ALLOWED_TRANSITIONS.values():
        assert targets <= set(PHASES)


def test_every_phase_reachable_and_closable() -> None:
    for phase in PHASES:
        assert path_exists(INITIAL_PHASE, phase)
        assert path_exists(phase, "closed")


def test_typical_non_dutch_pathway() -> None:
    # The bedenktijd and the permit run beside this track (store.legal), not as phases.
    path = ["signalled", "intake", "shelter", "support", "outflow", "aftercare", "closed"]
    for a, b in itertools.pairwise(path):
        move(a, b)


def test_crisis_placement_before_intake_and_shelter_after_support() -> None:
    for a, b in itertools.pairwise(["signalled", "shelter", "support", "shelter", "outflow"]):
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
    with pytest.raises(TransitionRefused, match="already"):
        move("closed", "closed")


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
