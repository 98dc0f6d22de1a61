"""The fixed periods statistics may cover: a calendar year or one of its quarters.

No free date ranges: overlapping arbitrary populations invite differencing (issue 7).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from carecoord.errors import UsageError
from carecoord.i18n import _

MIN_YEAR = 2000
MAX_YEAR = 2100


class Period(BaseModel):
    model_config = ConfigDict(frozen=True)

    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)
    quarter: int | None = Field(default=None, ge=1, le=4)

    @classmethod
    def parse(cls, year: int, quarter: int | None = None) -> Period:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise UsageError(
                _("The year must lie between %(first)d and %(last)d.")
                % {"first": MIN_YEAR, "last": MAX_YEAR}
            )
        if quarter is not None and not 1 <= quarter <= 4:
            raise UsageError(_("The quarter must be 1, 2, 3 or 4."))
        return cls(year=year, quarter=quarter)

    @classmethod
    def from_id(cls, period_id: str) -> Period:
        if "-Q" in period_id:
            year, quarter = period_id.split("-Q")
            return cls(year=int(year), quarter=int(quarter))
        return cls(year=int(period_id))

    @property
    def id(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}-Q{self.quarter}"

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        """The last day inside the period."""
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        nxt = date(self.year, 3 * self.quarter + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)

    @property
    def year_period(self) -> Period:
        return Period(year=self.year)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def family(self) -> list[Period]:
        """The year and its four quarters: the periods linked by year = sum of quarters."""
        return [Period(year=self.year)] + [Period(year=self.year, quarter=q) for q in range(1, 5)]
