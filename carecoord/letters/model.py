"""What a printed document is made of: letterhead, referral, client details, ticks, consent.

These models are the letters' own input; the case store's records are mapped onto them by
:mod:`carecoord.letters.provider`. Fields are deliberately permissive (empty strings allowed)
so that :mod:`carecoord.letters.checks` can name everything that is missing in one clear
message instead of surfacing a pydantic error, whose text would carry the input values.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

# Phase: the status dates a letter may mention are phase start dates.
from carecoord.domain.code_literals import Phase, ReferralType

Language = Literal["nl", "en"]

# DESIGN.md §4 referral_type, in the order of the issue.
REFERRAL_TYPES: tuple[str, ...] = get_args(ReferralType)
Urgency = Literal["routine", "urgent", "emergency"]


class _Model(BaseModel):
    # ValidationError strings would otherwise quote client data (research/security.md §5).
    model_config = ConfigDict(frozen=True, hide_input_in_errors=True, extra="forbid")


class Letterhead(_Model):
    """The sending organisation and coordinator, from the application settings."""

    organisation: str = ""
    department: str = ""
    address_lines: tuple[str, ...] = ()
    logo_png: bytes | None = None
    coordinator_name: str = ""
    coordinator_role: str = ""
    phone: str = ""
    email: str = ""
    # Lines printed under the signature (e.g. "Team Zorg en Veiligheid").
    signature_lines: tuple[str, ...] = ()


class Recipient(_Model):
    organisation: str = ""
    attention: str = ""
    address_lines: tuple[str, ...] = ()


class Referral(_Model):
    id: str
    reference: str
    type_code: ReferralType
    urgency: Urgency = "routine"
    reason: str = ""
    recipient: Recipient = Field(default_factory=Recipient)
    # An administrator may add variants (e.g. "shelter_minor"); default is the type code.
    template: str | None = None

    @property
    def template_name(self) -> str:
        return self.template or self.type_code


class StatusDate(_Model):
    phase: Phase
    on: dt.date


class ClientDetails(_Model):
    """Everything that MAY be printed; what IS printed depends on :class:`Selection`."""

    given_names: str = ""
    family_name: str = ""
    birth_date: dt.date | None = None
    language: str = ""  # as the coordinator writes it, e.g. "Roemeens" / "Romanian"
    interpreter_needed: bool | None = None
    status_dates: tuple[StatusDate, ...] = ()
    safety_notes: str = ""
    shelter_address: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.given_names.strip(), self.family_name.strip()) if part
        )

    @property
    def initials(self) -> str:
        """Dutch style: one letter per given name and the family name's first letter, "M.E.P."."""
        names = self.given_names.split() + self.family_name.split()[-1:]
        letters = []
        for name in names:
            first = next((ch for ch in name if ch.isalpha()), "")
            if first:
                # Keep diacritics off initials so they read the same in every font and system.
                base = unicodedata.normalize("NFKD", first)[0]
                letters.append(base.upper() + ".")
        return "".join(letters)


class Selection(_Model):
    """The items the coordinator ticked. Defaults: initials only (data minimisation)."""

    full_name: bool = False
    birth_date: bool = False
    language: bool = False
    interpreter: bool = False
    status_dates: bool = False
    safety_notes: bool = False
    # The secret shelter address is only printed when this is ticked explicitly.
    shelter_address: bool = False


class Consent(_Model):
    given_on: dt.date
    scope: str
    # The referral types this consent covers; the letter's type must be one of them.
    purposes: tuple[ReferralType, ...]
    recipient: str
    valid_until: dt.date | None = None  # None: until the client withdraws it
    withdrawn_on: dt.date | None = None


class ConsentOverride(_Model):
    """Sharing without consent, recorded with a legal ground (e.g. acute danger)."""

    reason: str
    recorded_by: str
    recorded_on: dt.date


class LetterRequest(_Model):
    """One referral letter, fully described: rendering it twice gives the same bytes."""

    language: Language = "nl"
    letter_date: dt.date
    letterhead: Letterhead | None = None
    referral: Referral
    client: ClientDetails = Field(default_factory=ClientDetails)
    selection: Selection = Field(default_factory=Selection)
    consent: Consent | None = None
    override: ConsentOverride | None = None


class HandoverSummary(_Model):
    """A case summary for a handover to another region: coded facts plus the ticked details."""

    language: Language = "nl"
    summary_date: dt.date
    letterhead: Letterhead | None = None
    reference: str
    to_region: str
    recipient: Recipient = Field(default_factory=Recipient)
    phase: Phase
    exploitation_forms: tuple[str, ...] = ()
    open_referrals: tuple[ReferralType, ...] = ()
    notes: str = ""
    client: ClientDetails = Field(default_factory=ClientDetails)
    selection: Selection = Field(default_factory=Selection)
    consent: Consent | None = None
    override: ConsentOverride | None = None


class RecoverySheet(_Model):
    """The printed recovery key of a new vault. Deliberately has no field for the vault path."""

    language: Language = "nl"
    recovery_key: str
    created_on: dt.date
    organisation: str = ""


class AccessEntry(_Model):
    at: dt.datetime
    user: str
    role: str = ""
    workstation: str = ""
    action: str
    what: str = ""
    emergency: bool = False


class AccessReport(_Model):
    """Who saw a client's file (NEN 7513 display); fed by the access-log area."""

    language: Language = "nl"
    report_date: dt.date
    letterhead: Letterhead | None = None
    client_reference: str
    period_start: dt.date
    period_end: dt.date
    entries: tuple[AccessEntry, ...] = ()
