"""A table model over paged queries: it never loads all rows.

The row count comes first; pages of ``PAGE_SIZE`` rows are fetched on the vault worker when the
view first asks for a row in them, and shown when they arrive. A generation number drops answers
to a query that has since been replaced (new filter, sort or search).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from carecoord.errors import CareCoordError
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.session import Session

PAGE_SIZE = 100

Index = QModelIndex | QPersistentModelIndex


# A column whose text needs more than one field of the row (the phase with its closure
# reason): its format is given the whole row.
WHOLE_ROW = "*"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort_key: str | None = None  # None: the column cannot be sorted
    format: Callable[[Any], str] = lambda v: "" if v is None else str(v)


# fetch(vault, offset, limit, sort_key, descending) -> (rows, total); rows are objects or dicts;
# a total below 0 means "unchanged" (later pages need not count again).
Fetch = Callable[[Vault, int, int, str | None, bool], tuple[Sequence[Any], int]]


class PagedTableModel(QAbstractTableModel):
    loaded = Signal()  # the first page of the current query is on screen
    failed = Signal(str)

    def __init__(self, session: Session, columns: list[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.columns = columns
        self._fetch: Fetch | None = None
        self._total = 0
        self._pages: dict[int, Sequence[Any]] = {}
        self._requested: set[int] = set()
        self._generation = 0
        self._sort_key: str | None = None
        self._descending = False

    # -- query -----------------------------------------------------------------------------------
    def set_fetch(self, fetch: Fetch | None) -> None:
        self._fetch = fetch
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._generation += 1
        self._pages.clear()
        self._requested.clear()
        self._total = 0
        self.endResetModel()
        if self._fetch is not None:
            self._request(0)

    def _request(self, page: int) -> None:
        if self._fetch is None or page in self._requested:
            return
        self._requested.add(page)
        generation = self._generation
        fetch, sort_key, descending = self._fetch, self._sort_key, self._descending

        def job(vault: Vault) -> tuple[Sequence[Any], int]:
            return fetch(vault, page * PAGE_SIZE, PAGE_SIZE, sort_key, descending)

        self.session.run(
            job,
            lambda result: self._arrived(generation, page, result),
            lambda error: self._error(generation, error),
        )

    def _arrived(self, generation: int, page: int, result: tuple[Sequence[Any], int]) -> None:
        if generation != self._generation:
            return
        rows, total = result
        self._pages[page] = rows
        if total >= 0 and total != self._total:
            self.beginResetModel()
            self._total = total
            self.endResetModel()
        else:
            first = page * PAGE_SIZE
            last = min(self._total, first + len(rows)) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))
        if page == 0:
            self.loaded.emit()

    def _error(self, generation: int, error: CareCoordError) -> None:
        if generation == self._generation:
            self.failed.emit(error.message)

    # -- access ----------------------------------------------------------------------------------
    def row_object(self, row: int) -> Any | None:
        page = self._pages.get(row // PAGE_SIZE)
        if page is None:
            self._request(row // PAGE_SIZE)
            return None
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @staticmethod
    def _value(obj: Any, key: str) -> Any:
        if key == WHOLE_ROW:
            return obj
        return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)

    # -- QAbstractTableModel ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        obj = self.row_object(index.row())
        if obj is None:
            return "…"
        column = self.columns[index.column()]
        text = column.format(self._value(obj, column.key))
        if role == Qt.ItemDataRole.AccessibleTextRole and not str(text).strip():
            # A screen reader says "empty" rather than nothing at all.
            return _("empty")
        return text

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key
        if key is None:
            return
        self._sort_key = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
