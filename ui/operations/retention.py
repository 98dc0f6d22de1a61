"""Retention and erasure (carecoord.retention): rules, legal holds, applying them, erasing a
client on request (AVG art. 17). Erasure and applying change what the case lists show."""

from __future__ import annotations

from collections.abc import Collection

from carecoord.retention import ApplyResult, Retention
from carecoord.store.retention_repository import RetentionAction, RetentionRules
from ui.operations import Changes, Op

_ERASED = Changes.CASES | Changes.CLIENTS | Changes.TASKS | Changes.REFERRALS | Changes.SIGNALS


def set_rules(rules: RetentionRules) -> Op[None]:
    return Op(lambda v: Retention(v).set_rules(rules), Changes.SETTINGS)


def set_hold(case_reference: str, reason: str) -> Op[None]:
    return Op(lambda v: Retention(v).set_hold(case_reference, reason), Changes.CASES)


def lift_hold(case_reference: str) -> Op[None]:
    return Op(lambda v: Retention(v).lift_hold(case_reference), Changes.CASES)


def apply(only: Collection[str], locations: Collection[int] = ()) -> Op[ApplyResult]:
    return Op(lambda v: Retention(v).apply(only=only, locations=locations), _ERASED)


def erase_client(
    client_reference: str, ground: str, action: RetentionAction
) -> Op[tuple[str, ...]]:
    return Op(lambda v: Retention(v).erase_client(client_reference, ground, action=action), _ERASED)
