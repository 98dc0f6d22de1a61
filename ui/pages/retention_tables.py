"""What the retention page shows and how: the reviewed state of the vault, loaded in one worker
call, and the read-only tables it is shown in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from carecoord.retention import Retention
from carecoord.store.location_retention import DueLocation
from carecoord.store.retention_repository import DueCase, LegalHold, RegisterEntry, RetentionRules
from carecoord.vault import Vault
from ui.screen_fit import fit_columns


@dataclass(frozen=True)
class RetentionState:
    rules: RetentionRules
    due: list[DueCase]
    holds: list[LegalHold]
    register: list[RegisterEntry]
    # Issue 18: closed risk locations past their period (ids and dates only).
    locations: list[DueLocation] = field(default_factory=list)


def load_state(vault: Vault) -> RetentionState:
    service = Retention(vault)
    return RetentionState(
        service.rules(),
        service.review(),
        service.holds(),
        service.register(),
        service.due_locations(),
    )


def read_only_table(name: str, headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            # An empty cell would be a nameless stop for a screen reader.
            table.setItem(r, c, QTableWidgetItem(text or "—"))
    fit_columns(table)  # within the page's width (issue 17)


def selected_reference(table: QTableWidget) -> str | None:
    """The first column of the selected row: the reference of a case or a hold."""
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return None if item is None else item.text()
