"""A table of a release as a person reads it: a labelled 2-D grid with its margins, and bars.

The statistics page and the PDF report both draw from this, so the screen shows what the report
prints. Values are the published ones (``None``: withheld): a chart of true counts would undo the
suppression (research/sdc.md §4).
"""

from __future__ import annotations

from dataclasses import dataclass

from carecoord.domain.codelists import Language
from carecoord.stats.labels import code_label, dimension_title
from carecoord.stats.release import PublishedCell, TableRelease
from carecoord.stats.tables import TOTAL

# A table wider than this many columns is shown the other way round when that makes it narrower.
MAX_COLUMNS = 12


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: withheld


@dataclass(frozen=True)
class Grid:
    """Rows × columns of published cells, totals last in both directions.

    A one-dimensional table has one column, its count. ``cells[r][c]`` is None only where the
    table has no such cell (never for the standard tables).
    """

    row_title: str
    column_title: str | None
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[PublishedCell | None, ...], ...]
    flipped: bool

    def coordinates(self, row: int, column: int) -> str:
        """Where a cell sits, in words: "Gemeente Utrecht, vorm Totaal" style, for details."""
        if self.column_title is None:
            return self.row_labels[row]
        return f"{self.row_labels[row]} × {self.column_labels[column]}"


def grid_of(table: TableRelease, language: Language = "nl", count_title: str = "") -> Grid:
    by_coords = {cell.coords: cell for cell in table.cells}
    names = table.dimension_names
    if len(names) == 1:
        codes = (*table.codes[0], TOTAL)
        return Grid(
            row_title=dimension_title(names[0], language),
            column_title=None,
            row_labels=tuple(code_label(names[0], c, language) for c in codes),
            column_labels=(count_title or ("aantal" if language == "nl" else "number"),),
            cells=tuple((by_coords.get((c,)),) for c in codes),
            flipped=False,
        )
    rows, cols = (*table.codes[0], TOTAL), (*table.codes[1], TOTAL)
    row_dim, col_dim = names[0], names[1]
    flipped = len(cols) > MAX_COLUMNS and len(rows) < len(cols)
    if flipped:  # wide tables read better the other way round
        rows, cols = cols, rows
        row_dim, col_dim = col_dim, row_dim
    cells = tuple(tuple(by_coords.get((c, r) if flipped else (r, c)) for c in cols) for r in rows)
    return Grid(
        row_title=dimension_title(row_dim, language),
        column_title=dimension_title(col_dim, language),
        row_labels=tuple(code_label(row_dim, c, language) for c in rows),
        column_labels=tuple(code_label(col_dim, c, language) for c in cols),
        cells=cells,
        flipped=flipped,
    )


def bars_of(table: TableRelease, language: Language = "nl") -> tuple[str, list[Bar]]:
    """The first dimension's categories with their published totals (the chart's bars).

    Categories that are published as 0 are left out (a list of twenty sectors is mostly empty);
    the table beside the chart still shows them. Withheld ones stay in, marked.
    """
    name = table.dimension_names[0]
    rest = (TOTAL,) * (len(table.codes) - 1)
    by_coords = {cell.coords: cell.value for cell in table.cells}
    bars = [
        Bar(code_label(name, code, language), by_coords.get((code, *rest)))
        for code in table.codes[0]
    ]
    return dimension_title(name, language), [b for b in bars if b.value != 0]
