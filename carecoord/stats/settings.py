"""Disclosure-control parameters (the administrator's choices)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ROUNDING_BASE = 5
# In rounding mode the suppressed cells are protected by the rounding of everything around them:
# the audit asks that each can still take at least ROUNDING_BASE values (width ≥ base − 1).
ROUNDING_MIN_WIDTH = ROUNDING_BASE - 1
# Share of a table's inner cells that may be suppressed before we advise a coarser table.
MOSTLY_HIDDEN = 0.5


class DisclosureSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    k: int = Field(default=5, ge=3, le=20)
    zeros_unsafe: bool = False
    group_disclosure: bool = True
    # Information loss the secondary suppression minimises.
    cost: Literal["persons", "cells"] = "persons"
    # "suppress": primary + optimal secondary suppression; "round5": suppress below k and round
    # every other number (margins independently) to base 5.
    mode: Literal["suppress", "round5"] = "suppress"

    @property
    def required_width(self) -> float:
        return float(self.k if self.mode == "suppress" else ROUNDING_MIN_WIDTH)
