"""What an export publishes, as data: the outcome of protection, for preview and for the writers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.tables import TableDefinition

# Inside the vault (the preview): SDMX CL_CONF_STATUS free, primary, secondary. What leaves the
# vault marks every withheld cell C (confidential), so nobody can tell primary from secondary
# (issue 13); the register keeps the A and D that releases made before that rule published.
Status = Literal["F", "A", "D"]
PublishedStatus = Literal["F", "C"]
RegisteredStatus = Literal["F", "C", "A", "D"]
WITHHELD = "C"
Mode = Literal["suppress", "round5"]


class PublishedCell(BaseModel):
    """One number as it leaves: ``value`` is None when suppressed (rounded in round5 mode)."""

    model_config = ConfigDict(frozen=True)

    table_id: str
    coords: tuple[str, ...]
    value: int | None
    status: Status
    # Why it is suppressed: small, zero, group, whole, changed, secondary, earlier (kept from an
    # export). For the preview only: never written to a file that leaves the vault.
    reason: str | None = None

    @property
    def published_status(self) -> PublishedStatus:
        return "F" if self.value is not None or self.status == "F" else "C"


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

    @property
    def withheld(self) -> int:
        return sum(1 for c in self.cells if c.published_status == WITHHELD)


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
    # Some linked export covered another set of municipalities (its refusals name that).
    other_regions: bool = False
    warnings: tuple[str, ...] = ()
    milp_rounds: int = 0

    def table(self, table_id: str) -> TableRelease:
        for table in self.tables:
            if table.table_id == table_id:
                return table
        raise KeyError(table_id)

    @property
    def withheld(self) -> int:
        """How many cells are withheld in all: the only suppression count that leaves the vault."""
        return sum(t.withheld for t in self.tables)


class RegisteredCell(BaseModel):
    """One number as an earlier export published it (status as it was published)."""

    model_config = ConfigDict(frozen=True)

    table_id: str
    coords: tuple[str, ...]
    value: int | None
    status: RegisteredStatus


class PriorRelease(BaseModel):
    """An earlier export as kept in the register: what the outside world already knows.

    ``k`` and ``zeros_unsafe`` are the rules it was made with: an attacker who knows the rules
    reads more into its statuses than the numbers alone say (a withheld ``A`` held 1..k−1).
    """

    model_config = ConfigDict(frozen=True)

    export_id: str
    period_id: str
    population: tuple[str, ...]
    mode: Mode
    cells: tuple[RegisteredCell, ...]
    k: int = 5
    zeros_unsafe: bool = False

    @field_validator("cells", mode="before")
    @classmethod
    def _as_published(cls, cells: object) -> object:
        """A release's own cells become what it publishes: every withheld one is ``C``."""
        if not isinstance(cells, tuple | list):
            return cells
        return tuple(
            RegisteredCell(
                table_id=c.table_id, coords=c.coords, value=c.value, status=c.published_status
            )
            if isinstance(c, PublishedCell)
            else c
            for c in cells
        )
