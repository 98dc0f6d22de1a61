"""Registration with CoMensha: an event at any phase, on consent or anonymous.

CoMensha keeps the national registration of (presumed) victims. A coordinator registers a client
with the client's consent (purpose ``comensha_registration``), or anonymously with coded facts
only, which needs no consent (issue 15; research/domain.md §1.2). Without a valid consent only
the anonymous registration is offered. Police, KMar or the labour inspectorate may have
registered the person already, which CoMensha asks so that it counts a person once.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from carecoord.domain.client import CODED
from carecoord.domain.codelists import AlreadyRegisteredBy, ComenshaBasis
from carecoord.domain.consent import Consent
from carecoord.errors import InputRejected
from carecoord.i18n import _

CONSENT_PURPOSE = "comensha_registration"


class ComenshaRegistration(BaseModel):
    """``consent_id`` is None for an anonymous registration, and also for one on consent whose
    consent was erased later (anonymisation): the basis stays what it was."""

    model_config = CODED

    id: int | None = None
    registered_on: date
    basis: ComenshaBasis
    consent_id: int | None = None
    already_registered_by: AlreadyRegisteredBy = "unknown"
    migrated: bool = False
    recorded_by: str | None = None
    recorded_at: datetime | None = None


def covering_consents(consents: list[Consent] | tuple[Consent, ...], on: date) -> list[Consent]:
    """The client's consents that allow a registration on ``on`` (the choice the screen offers)."""
    return [c for c in consents if CONSENT_PURPOSE in c.purposes and c.is_valid_on(on)]


def check_registration(
    registration: ComenshaRegistration, consents: list[Consent] | tuple[Consent, ...]
) -> None:
    """Refuse a registration on consent unless its consent is the client's, is for this purpose
    and is valid on the registration date. An anonymous one needs no consent and names none."""
    if registration.basis == "anonymous":
        if registration.consent_id is not None:
            raise InputRejected(_("An anonymous registration does not name a consent."))
        return
    if registration.consent_id is None:
        raise InputRejected(
            _(
                "A registration with CoMensha on consent needs the client's consent for that "
                "purpose. Without it, register anonymously."
            )
        )
    allowed = {c.id for c in covering_consents(consents, registration.registered_on)}
    if registration.consent_id not in allowed:
        raise InputRejected(
            _(
                "The consent chosen does not cover registration with CoMensha on %(on)s "
                "(another purpose, not yet given, expired or withdrawn). Register anonymously, "
                "or record a valid consent first."
            )
            % {"on": registration.registered_on.isoformat()}
        )
