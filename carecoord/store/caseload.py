"""The caseload at a glance (issue 17's dashboard): counts only, no names, so nothing is logged.

This is the coordinator's own vault, not a published release: no disclosure control applies.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from carecoord.domain.codelists import codelist
from carecoord.vault.database import Database

MONTHS = 12


class Caseload(BaseModel):
    model_config = ConfigDict(frozen=True)

    # Open cases per phase, in pathway order, every open phase present (0 included).
    by_phase: tuple[tuple[str, int], ...]
    # Cases whose first signal fell in each of the last twelve months, oldest first
    # (the first day of each month; the last is this month).
    by_month: tuple[tuple[date, int], ...]


def _months(today: date) -> list[date]:
    first = today.replace(day=1)
    out = []
    for back in range(MONTHS - 1, -1, -1):
        index = first.year * 12 + first.month - 1 - back
        out.append(date(index // 12, index % 12 + 1, 1))
    return out


def caseload(db: Database, today: date) -> Caseload:
    counts = {
        str(phase): int(n)
        for phase, n in db.all("SELECT phase, count(*) FROM cases GROUP BY phase", ())
    }
    phases = tuple((p, counts.get(p, 0)) for p in codelist("phase").values if p != "closed")
    months = _months(today)
    # opened_on is an ISO date: its first seven characters are the month (cases_list_by_opened
    # covers the range).
    by_month = {
        str(month): int(n)
        for month, n in db.all(
            "SELECT substr(opened_on, 1, 7), count(*) FROM cases"
            " WHERE opened_on >= ? AND opened_on <= ? GROUP BY 1",
            (months[0].isoformat(), today.isoformat()),
        )
    }
    return Caseload(
        by_phase=phases,
        by_month=tuple((m, by_month.get(m.isoformat()[:7], 0)) for m in months),
    )
