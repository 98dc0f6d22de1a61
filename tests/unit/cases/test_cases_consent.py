"""The consent gate: recipient, purpose, validity window, withdrawal, guardians and overrides."""

from __future__ import annotations

from datetime import date

import pytest

from carecoord.domain.consent import (
    MIN_OVERRIDE_REASON,
    Consent,
    ConsentMissing,
    check_giver,
    consent_gate,
)
from carecoord.errors import InputRejected

ORG, OTHER_ORG = 7, 8


def consent(**kw) -> Consent:
    base = dict(
        id=1,
        client_id=1,
        recipient_id=ORG,
        purposes=("shelter", "medical"),
        data_categories=("identity", "health"),
        given_on=date(2025, 1, 10),
        valid_until=date(2025, 12, 31),
    )
    base.update(kw)
    return Consent(**base)


def gate(consents, *, recipient=ORG, purpose="shelter", on=date(2025, 6, 1), override=None):
    return consent_gate(
        consents, recipient_id=recipient, purpose=purpose, on=on, override_reason=override
    )


def test_covering_consent_opens_gate() -> None:
    decision = gate([consent()])
    assert decision.consent_id == 1 and decision.override_reason is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"recipient": OTHER_ORG},
        {"purpose": "housing"},
        {"on": date(2025, 1, 9)},  # before it was given
        {"on": date(2026, 1, 1)},  # expired
    ],
)
def test_gate_closed_when_consent_does_not_cover(kwargs) -> None:
    with pytest.raises(ConsentMissing):
        gate([consent()], **kwargs)


def test_withdrawn_consent_no_longer_covers() -> None:
    withdrawn = consent(withdrawn_on=date(2025, 5, 1))
    assert gate([withdrawn], on=date(2025, 4, 30)).consent_id == 1
    with pytest.raises(ConsentMissing):
        gate([withdrawn], on=date(2025, 5, 1))


def test_override_needs_written_reason() -> None:
    with pytest.raises(ConsentMissing, match="written reason"):
        gate([], override="urgent")
    reason = "Acute danger; client cannot be reached to sign today."
    assert len(reason) >= MIN_OVERRIDE_REASON
    decision = gate([], override=reason)
    assert decision.consent_id is None and decision.override_reason == reason


def test_consent_dates_validated() -> None:
    with pytest.raises(ValueError):
        consent(valid_until=date(2025, 1, 1))
    with pytest.raises(ValueError):
        consent(withdrawn_on=date(2024, 12, 31))


def test_under_16_needs_guardian() -> None:
    birth = date(2009, 6, 2)  # 15 on 2025-01-10
    with pytest.raises(InputRejected, match="guardian"):
        check_giver(consent(given_by="client"), birth)
    check_giver(consent(given_by="guardian"), birth)
    check_giver(consent(given_by="client", given_on=date(2025, 6, 2)), birth)  # 16th birthday
