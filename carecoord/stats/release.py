"""What an export publishes, as data: the outcome of protection, for preview and for the writers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from carecoord.stats.settings import DisclosureSettings
from carecoord.stats.tables import TableDefinition

Status = Literal["F", "A", "D"]  # SDMX CL_CONF_STATUS: free, primary, secondary
Mode = Literal["suppress", "round5"]


class PublishedCell(BaseModel):
    """One number as it leaves: ``value`` is None when suppressed (rounded in round5 mode)."""

    model_config = ConfigDict(frozen=True)

    table_id: str
    coords: tuple[str, ...]
    value: int | None
    status: Status
    # Why it is suppressed: small, zero, group, changed, secondary, earlier (kept from an export).
    reason: str | None = None


class TableRelease(BaseModel):
    model_config = ConfigDict(frozen=True)

    definition: TableDefinition
    codes: tuple[tuple[str, ...], ...]
    cells: tuple[PublishedCell, ...]
    mostly_hidden: bool = False
    advice: str | None = None

    @property
    def table_id(self) -> str:
        return self.definition.table_id

    @property
    def dimension_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.definition.dimensions)

    def count(self, status: Status) -> int:
        return sum(1 for c in self.cells if c.status == status)


class AuditEntry(BaseModel):
    """The attacker's feasibility interval of one number that is not published exactly."""

    model_config = ConfigDict(frozen=True)

    period_id: str
    table_id: str
    coords: tuple[str, ...]
    status: Literal["A", "D", "unpublished"]
    lower: float
    upper: float | None  # None: unbounded
    required_width: float | None  # set for cells that must be protected
    ok: bool
    # False: lower/upper are values two feasible tables take (the true range is at least this
    # wide); used for numbers this export does not show.
    exact: bool = True


class Release(BaseModel):
    """A protected export, before any file is written (this is also the preview)."""

    model_config = ConfigDict(frozen=True)

    period_id: str
    population: tuple[str, ...]
    settings: DisclosureSettings
    tables: tuple[TableRelease, ...]
    audit: tuple[AuditEntry, ...]
    audit_ok: bool
    linked_exports: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    milp_rounds: int = 0

    def table(self, table_id: str) -> TableRelease:
        for table in self.tables:
            if table.table_id == table_id:
                return table
        raise KeyError(table_id)

    def suppression_counts(self) -> dict[str, dict[str, int]]:
        return {
            t.table_id: {"cells": len(t.cells), "primary": t.count("A"), "secondary": t.count("D")}
            for t in self.tables
        }


class PriorRelease(BaseModel):
    """An earlier export as kept in the register: what the outside world already knows."""

    model_config = ConfigDict(frozen=True)

    export_id: str
    period_id: str
    population: tuple[str, ...]
    mode: Mode
    cells: tuple[PublishedCell, ...]
