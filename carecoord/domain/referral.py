"""Partner organisations and referrals with their status lifecycle."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from carecoord.domain.client import PERSONAL
from carecoord.domain.codelists import ReferralStatus, ReferralType, ReferralUrgency, codelist
from carecoord.errors import InputRejected
from carecoord.i18n import _

STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"sent", "revoked"}),
    "sent": frozenset({"accepted", "rejected", "revoked"}),
    "accepted": frozenset({"done", "revoked"}),
    "rejected": frozenset(),
    "done": frozenset(),
    "revoked": frozenset(),
}

# How long a partner has to answer before the coordinator should chase them.
FEEDBACK_DAYS = {"immediate": 2, "urgent": 7, "routine": 14}


class ReferralStatusRefused(InputRejected):
    pass


def check_status_change(current: str, target: str) -> None:
    if target not in codelist("referral_status"):
        raise ReferralStatusRefused(
            _("'%(target)s' is not a referral status.") % {"target": target}
        )
    if target not in STATUS_TRANSITIONS[current]:
        allowed = ", ".join(sorted(STATUS_TRANSITIONS[current])) or _("none")
        raise ReferralStatusRefused(
            _(
                "A referral cannot go from status '%(current)s' to '%(target)s'. Allowed: %(allowed)s."
            )
            % {"current": current, "target": target, "allowed": allowed}
        )


class Organisation(BaseModel):
    """A partner in the coordinator's directory (not client data)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int | None = None
    name: str = Field(min_length=1, max_length=200)
    services: tuple[ReferralType, ...] = ()
    contact_person: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    address: str | None = Field(default=None, max_length=500)
    active: bool = True


class ReferralEvent(BaseModel):
    model_config = PERSONAL

    status: ReferralStatus
    changed_on: date
    changed_by: str
    note: str | None = None


class Referral(BaseModel):
    model_config = PERSONAL

    id: int | None = None
    case_id: int
    organisation_id: int
    referral_type: ReferralType
    urgency: ReferralUrgency = "routine"
    reason: str | None = Field(default=None, max_length=10_000)
    status: ReferralStatus = "draft"
    created_on: date
    sent_on: date | None = None
    consent_id: int | None = None
    override_reason: str | None = None
    override_by: str | None = None
    override_at: datetime | None = None
    feedback: str | None = None
    feedback_on: date | None = None
    events: tuple[ReferralEvent, ...] = ()

    @property
    def feedback_due(self) -> date | None:
        if self.status != "sent" or self.sent_on is None:
            return None
        return self.sent_on + timedelta(days=FEEDBACK_DAYS[self.urgency])


class ReferralLine(BaseModel):
    """A referral in a list: ``referrals list`` prints the first four fields, no client data."""

    model_config = ConfigDict(frozen=True)

    id: int
    referral_type: str
    status: str
    organisation: str
    # The case's pseudonymous reference (no name), so the app can open the case from the list.
    case_id: int | None = None
    case_reference: str | None = None
    # When it went out: how long the partner has been asked for an answer (the dashboard).
    sent_on: date | None = None
