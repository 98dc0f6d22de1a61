"""Disclosure-control parameters (the administrator's choices)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ROUNDING_BASE = 5
# In rounding mode only unsafe cells are withheld, so an attacker who knows the rules knows that
# a withheld cell holds 1..k−1 persons (0..k−1 when zeros are protected). Protection there means
# that nothing narrows it further: the whole class stays possible (width k−2, or k−1).
# Share of a table's inner cells that may be suppressed before we advise a coarser table.
MOSTLY_HIDDEN = 0.5


class DisclosureSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    k: int = Field(default=5, ge=3, le=20)
    zeros_unsafe: bool = False
    # A cell holding every person of a margin, and a table of fewer than k persons, are always
    # protected (issue 13): this cannot be switched off, in either mode.
    group_disclosure: Literal[True] = True
    # Information loss the secondary suppression minimises.
    cost: Literal["persons", "cells"] = "persons"
    # "suppress": primary + optimal secondary suppression; "round5": suppress below k and round
    # every other number (margins independently) to base 5.
    mode: Literal["suppress", "round5"] = "suppress"

    @property
    def required_width(self) -> float:
        if self.mode == "suppress":
            return float(self.k)
        return float(self.k - 1 if self.zeros_unsafe else self.k - 2)
