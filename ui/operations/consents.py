"""Consents to share a client's data (store.consents). Referrals are sent through them."""

from __future__ import annotations

from datetime import date

from carecoord.domain.consent import Consent
from ui.operations import Changes, Op
from ui.operations.store_access import store_of


def record(consent: Consent) -> Op[int]:
    return Op(lambda v: store_of(v).consents.record(consent), Changes.CONSENTS)


def withdraw(consent_id: int, withdrawn_on: date) -> Op[None]:
    return Op(lambda v: store_of(v).consents.withdraw(consent_id, withdrawn_on), Changes.CONSENTS)
