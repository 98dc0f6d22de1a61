"""Conversions between Python values and the TEXT/INTEGER columns of the schema."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime

from carecoord.domain.codelists import codelist

FORM_BITS = {code: 1 << i for i, code in enumerate(codelist("exploitation_form").values)}


def d2s(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def s2d(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def s2d_required(value: str) -> date:
    return date.fromisoformat(value)


def dt2s(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def s2dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def codes_json(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def json_codes(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def forms_text(forms: Iterable[str]) -> str:
    return ";".join(forms)


def form_mask(forms: Iterable[str]) -> int:
    """One bit per exploitation_form code (its position in the code list); fixed by the list's
    order, which is the data standard and never reordered."""
    return sum(FORM_BITS[f] for f in set(forms))


def text_forms(text: str) -> tuple[str, ...]:
    return tuple(text.split(";")) if text else ()
