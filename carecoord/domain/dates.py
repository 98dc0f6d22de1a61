"""Calendar arithmetic for legal terms ("three months") and ages."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; a day past the month's end becomes its last day.

    30 November + 3 months is 28 (or 29) February: a term never ends in the month after.
    """
    index = day.month - 1 + months
    year = day.year + index // 12
    month = index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def age_on(birth_date: date, day: date) -> int:
    """Completed years on ``day`` (someone born on 29 February turns a year older on 1 March)."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


ADULT_AGE = 18
CONSENT_AGE = 16  # under 16 a parent or guardian consents (CoMensha practice, domain.md §1.2)


def is_minor(age: int | None) -> bool | None:
    return None if age is None else age < ADULT_AGE
