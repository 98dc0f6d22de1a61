"""Consent to share a client's data, and the gate that every referral passes before it is sent.

A consent is specific: named recipients (one for a referral; a case meeting's consent names
each participating organisation), named purposes, named data categories, a date given and
optionally an end. Under 16 a parent or guardian gives it (CoMensha practice; domain.md §1.2).
Without a covering consent a referral can only be sent with a written override reason, which is
recorded with who made it and when (the Primero ``consent_overridden`` pattern, domain.md §3.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from carecoord.domain.client import PERSONAL
from carecoord.domain.codelists import ConsentGiver, ConsentPurpose, DataCategory
from carecoord.domain.dates import CONSENT_AGE, age_on
from carecoord.errors import InputRejected
from carecoord.i18n import _

MIN_OVERRIDE_REASON = 20  # a written reason, not a tick box


class Consent(BaseModel):
    model_config = PERSONAL

    id: int | None = None
    client_id: int
    # The first-named recipient (consents.recipient_id) and any further ones (a case meeting's
    # participants); :attr:`recipient_ids` is all of them, the first one first.
    recipient_id: int
    further_recipient_ids: tuple[int, ...] = ()
    purposes: tuple[ConsentPurpose, ...] = Field(min_length=1)
    data_categories: tuple[DataCategory, ...] = Field(min_length=1)
    given_on: date
    given_by: ConsentGiver = "client"
    valid_until: date | None = None
    withdrawn_on: date | None = None
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("purposes", "data_categories")
    @classmethod
    def _unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(value)))

    @field_validator("further_recipient_ids")
    @classmethod
    def _sorted_ids(cls, value: tuple[int, ...], info: ValidationInfo) -> tuple[int, ...]:
        # Without the first recipient (validated before this field) and without repeats.
        return tuple(sorted(set(value) - {info.data.get("recipient_id")}))

    @property
    def recipient_ids(self) -> tuple[int, ...]:
        """Every recipient, the first-named first. Computed, not stored: a copy that changes
        ``recipient_id`` (model_copy does not validate) still names the right organisations."""
        others = sorted(set(self.further_recipient_ids) - {self.recipient_id})
        return (self.recipient_id, *others)

    @model_validator(mode="after")
    def _dates(self) -> Consent:
        if self.valid_until is not None and self.valid_until < self.given_on:
            raise ValueError("a consent cannot end before it is given")
        if self.withdrawn_on is not None and self.withdrawn_on < self.given_on:
            raise ValueError("a consent cannot be withdrawn before it is given")
        return self

    def is_valid_on(self, day: date) -> bool:
        if day < self.given_on:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        return not (self.withdrawn_on is not None and day >= self.withdrawn_on)

    def covers(self, recipient_id: int, purpose: str, day: date) -> bool:
        return (
            recipient_id in self.recipient_ids
            and purpose in self.purposes
            and self.is_valid_on(day)
        )


class ConsentMissing(InputRejected):
    """A referral was about to be sent without a covering consent and without an override."""


def check_giver(consent: Consent, birth_date: date | None) -> None:
    """Under 16 on the day of consent, only a parent or guardian can give it."""
    if (
        birth_date is not None
        and consent.given_by == "client"
        and age_on(birth_date, consent.given_on) < CONSENT_AGE
    ):
        raise InputRejected(
            _(
                "The client was under 16 when this consent was given: a parent or guardian must give it."
            )
        )


@dataclass(frozen=True)
class GateDecision:
    """Why a referral may be sent: a covering consent, or a recorded override."""

    consent_id: int | None
    override_reason: str | None


def consent_gate(
    consents: list[Consent],
    *,
    recipient_id: int,
    purpose: str,
    on: date,
    override_reason: str | None = None,
) -> GateDecision:
    for consent in consents:
        if consent.covers(recipient_id, purpose, on):
            return GateDecision(consent.id, None)
    if override_reason is not None and len(override_reason.strip()) >= MIN_OVERRIDE_REASON:
        return GateDecision(None, override_reason.strip())
    if override_reason is not None:
        raise ConsentMissing(
            _("An override needs a written reason of at least %(count)d characters.")
            % {"count": MIN_OVERRIDE_REASON}
        )
    raise ConsentMissing(
        _(
            "No valid consent covers sending this referral (purpose '%(purpose)s') to this "
            "organisation. Record the client's consent, or send with an override and a written reason."
        )
        % {"purpose": purpose}
    )
