"""Referrals to partner organisations (store.referrals).

Sending goes through the consent gate: without a valid consent the core raises
:class:`~carecoord.domain.consent.ConsentMissing`, the one refusal a coordinator may override
with a written reason (ui/case_tabs/referrals.py asks for it; any other error is only shown).
"""

from __future__ import annotations

from carecoord.domain.consent import GateDecision
from ui.operations import Changes, Op
from ui.operations.store_access import store_of


def create(
    case_id: int,
    organisation_id: int,
    referral_type: str,
    *,
    urgency: str = "routine",
    reason: str | None = None,
) -> Op[int]:
    return Op(
        lambda v: store_of(v).referrals.create(
            case_id, organisation_id, referral_type, urgency=urgency, reason=reason
        ),
        Changes.REFERRALS,
    )


def send(referral_id: int, *, override_reason: str | None = None) -> Op[GateDecision]:
    # Sending starts the wait for the partner's answer: a deadline task.
    return Op(
        lambda v: store_of(v).referrals.send(referral_id, override_reason=override_reason),
        Changes.REFERRALS | Changes.TASKS,
    )


def set_status(referral_id: int, status: str, *, note: str | None = None) -> Op[None]:
    return Op(
        lambda v: store_of(v).referrals.set_status(referral_id, status, note=note),
        Changes.REFERRALS | Changes.TASKS,
    )
