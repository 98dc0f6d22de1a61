"""Conversions between Python values and the TEXT/INTEGER columns of the schema."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime


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


def text_forms(text: str) -> tuple[str, ...]:
    return tuple(text.split(";")) if text else ()
