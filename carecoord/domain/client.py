"""A client: the identifying part and the coded facts, kept in separate models (and tables).

Anonymisation erases :class:`ClientIdentity` and keeps :class:`ClientFacts`, which statistics use.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from carecoord.domain.codelists import Custody, Gender, ResidenceRegistration, YesNoUnknown
from carecoord.domain.nationality import Nationality, nationality_group
from carecoord.i18n import _

# Personal data must never surface in a ValidationError text (see carecoord.errors).
PERSONAL = ConfigDict(hide_input_in_errors=True, frozen=True, extra="forbid")
CODED = ConfigDict(frozen=True, extra="forbid")

REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$"


class ClientIdentity(BaseModel):
    """Everything that identifies a person. Never logged, never exported to statistics."""

    model_config = PERSONAL

    given_name: str | None = Field(default=None, max_length=100)
    family_name: str | None = Field(default=None, max_length=100)
    aliases: tuple[str, ...] = ()
    birth_date: date | None = None
    phone: str | None = Field(default=None, max_length=50)
    email: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    # A secret shelter address must not appear in letters or on screen without a deliberate step.
    address_is_secret: bool = False
    language: str | None = Field(default=None, max_length=50)
    interpreter_needed: bool = False

    @field_validator("given_name", "family_name", "phone", "email", "address", "language")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        return value or None

    @field_validator("aliases")
    @classmethod
    def _clean_aliases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(a.strip() for a in value if a.strip())
        if any(len(a) > 100 for a in cleaned):
            raise ValueError("an alias is longer than 100 characters")
        return cleaned

    @property
    def display_name(self) -> str:
        parts = [p for p in (self.given_name, self.family_name) if p]
        # In the user's language: the case header shows it (issue 15, no English on a Dutch screen).
        return " ".join(parts) if parts else _("(no name)")


class ClientFacts(BaseModel):
    """Coded facts about a client that survive anonymisation."""

    model_config = CODED

    reference: str = Field(pattern=REFERENCE_PATTERN)
    gender: Gender = "unknown"
    nationality: Nationality | None = None

    @property
    def nationality_group(self) -> str:
        return nationality_group(self.nationality)


class ClientCircumstances(BaseModel):
    """Who the client is, for the care they need (issue 15): custody for a minor, and for a
    labour migrant the ties to the employer. Coded facts, except ``employer`` (the employer's or
    agency's name), which identifies the client: it is kept with the identity and erased on
    anonymisation."""

    model_config = PERSONAL

    custody: Custody | None = None
    labour_migrant: bool | None = None
    housing_tied_to_employer: YesNoUnknown | None = None
    residence_registration: ResidenceRegistration | None = None
    employer: str | None = Field(default=None, max_length=200)

    @field_validator("employer")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        value = value.strip() if value else None
        return value or None


class Client(BaseModel):
    model_config = PERSONAL

    id: int
    facts: ClientFacts
    identity: ClientIdentity | None  # None once anonymised
    circumstances: ClientCircumstances = ClientCircumstances()
