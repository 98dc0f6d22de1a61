"""Identification outside criminal law: the route by which victimhood is established.

Most Dutch and EU victims do not report to the police; regional pilots then ask a
multidisciplinary team (MDT) for an advice on whether victimhood is plausible. The codes are
fixed (statistics count them); the labels differ per pilot and are a setting.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, model_validator

from carecoord.domain.client import CODED
from carecoord.domain.codelists import IdentificationRouteCode, MdtAdvice


class IdentificationRoute(BaseModel):
    model_config = CODED

    route: IdentificationRouteCode
    mdt_requested_on: date | None = None
    mdt_meeting_on: date | None = None
    mdt_advice: MdtAdvice | None = None
    mdt_advice_on: date | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None

    @model_validator(mode="after")
    def _mdt(self) -> IdentificationRoute:
        mdt_fields = (
            self.mdt_requested_on,
            self.mdt_meeting_on,
            self.mdt_advice,
            self.mdt_advice_on,
        )
        if self.route != "mdt" and any(v is not None for v in mdt_fields):
            raise ValueError("only the MDT route has a request, a meeting and an advice")
        if (
            self.mdt_requested_on is not None
            and self.mdt_meeting_on is not None
            and self.mdt_meeting_on < self.mdt_requested_on
        ):
            raise ValueError("the MDT meeting cannot precede the request")
        decided = self.mdt_advice not in (None, "pending")
        if decided != (self.mdt_advice_on is not None):
            raise ValueError("a plausible or not plausible advice needs its date, and only it")
        if (
            self.mdt_advice_on is not None
            and self.mdt_meeting_on is not None
            and self.mdt_advice_on < self.mdt_meeting_on
        ):
            raise ValueError("the advice cannot precede the meeting")
        return self
