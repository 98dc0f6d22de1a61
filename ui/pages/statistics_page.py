"""Statistics: preview what would leave (every cell, suppressed or not, and why), then export to a
folder the user chooses. Computation and writing run on the vault worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import CareCoordError
from carecoord.i18n import _
from carecoord.stats.export import ExportResult
from carecoord.stats.period import Period
from carecoord.stats.release import Release
from carecoord.stats.service import export_period, preview_period
from ui.output_choice import choose_output
from ui.session import Session

STATUS_TEXT = {"F": "", "A": "A", "D": "D"}


class StatisticsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.release: Release | None = None
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year - 1)
        self.year.setAccessibleName(_("Year"))
        self.quarter = QComboBox()
        self.quarter.addItem(_("whole year"), None)
        for q in range(1, 5):
            self.quarter.addItem(_("quarter %(q)d") % {"q": q}, q)
        self.quarter.setAccessibleName(_("Quarter"))
        self.preview_button = QPushButton(_("&Preview"))
        self.preview_button.clicked.connect(self.preview)
        self.export_button = QPushButton(_("&Export…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        self.summary = QLabel(_("Choose a period and preview: nothing leaves before you export."))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Summary"))
        self.cells = QTableWidget(0, 5)
        self.cells.setHorizontalHeaderLabels(
            [_("Table"), _("Cell"), _("Value"), _("Status"), _("Reason")]
        )
        self.cells.setAccessibleName(_("Cells that would be published"))
        self.cells.horizontalHeader().setStretchLastSection(True)
        self.cells.verticalHeader().hide()
        self.cells.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        row = QHBoxLayout()
        for text, widget in ((_("&Year"), self.year), (_("&Quarter"), self.quarter)):
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        row.addWidget(self.preview_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.cells, 1)

    def period(self) -> Period:
        quarter = self.quarter.currentData()
        return Period(year=self.year.value(), quarter=None if quarter is None else int(quarter))

    def preview(self) -> None:
        period = self.period()
        self.preview_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.summary.setText(_("Computing the tables and their protection…"))
        self.session.run(lambda v: preview_period(v, period), self._show, self._failed)

    def _failed(self, error: CareCoordError) -> None:
        self.preview_button.setEnabled(True)
        self.summary.setText(error.message)

    def _show(self, release: Release) -> None:
        self.release = release
        self.preview_button.setEnabled(True)
        rows = [(t.definition.table_id, c) for t in release.tables for c in t.cells]
        self.cells.setRowCount(len(rows))
        for i, (table_id, cell) in enumerate(rows):
            values = [
                table_id,
                " × ".join(cell.coords),
                "x" if cell.value is None else str(cell.value),
                STATUS_TEXT.get(cell.status, cell.status),
                cell.reason or "",
            ]
            for j, text in enumerate(values):
                item = QTableWidgetItem(text)
                if not text:
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, _("empty"))
                self.cells.setItem(i, j, item)
        hidden = sum(1 for _t, c in rows if c.status != "F")
        advice = [t.advice for t in release.tables if t.advice]
        parts = [
            _(
                "%(n)d cells, %(h)d suppressed (A: too few persons or a whole total; D: to protect them)."
            )
            % {"n": len(rows), "h": hidden},
            _("The audit passed: no suppressed number can be worked out.")
            if release.audit_ok
            else _("The audit failed: this period cannot be exported."),
            *release.warnings,
            *advice,
        ]
        self.summary.setText(" ".join(parts))
        self.export_button.setEnabled(release.audit_ok)

    def ask_folder(self) -> Path | None:
        """Tests replace this."""
        folder = QFileDialog.getExistingDirectory(
            self, _("Export to folder"), "", QFileDialog.Option.DontUseNativeDialog
        )
        return Path(folder) if folder else None

    def export(self) -> None:
        release = self.release
        if release is None:
            return
        vault_folder = self.session.vault_folder
        if vault_folder is None:
            return
        folder = choose_output(self.ask_folder, vault_folder, self.summary.setText, folder=True)
        if folder is None:
            return
        self.export_button.setEnabled(False)
        self.session.run(lambda v: export_period(v, release, folder), self._exported, self._failed)

    def _exported(self, result: ExportResult) -> None:
        self.summary.setText(
            _("Exported %(n)d files to the chosen folder (export %(id)s).")
            % {"n": len(result.files), "id": result.export_id}
        )
