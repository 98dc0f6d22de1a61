"""Regiobeeld (issue 18): per period, signals, controls and new cases by location type, sector
and municipality, as the protected tables of the disclosure control (a withheld cell shows x),
exportable as that same release. Tables only: charts come with ui/charts.py (the lead's merge).

The tables are computed and exported on the vault worker (ui/operations/locations.py); nothing
leaves before the user exports to a folder of their choice.
"""

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
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.codelists import codelist
from carecoord.errors import CareCoordError
from carecoord.i18n import _
from carecoord.stats.export import ExportResult
from carecoord.stats.period import Period
from carecoord.stats.release import Release, TableRelease
from carecoord.stats.tables import MUNICIPALITY, TOTAL
from ui.dialogs.location import municipality_name
from ui.operations import locations
from ui.output_choice import choose_output
from ui.session import Session
from ui.widgets import code_label, language

# A dimension's name -> the code list of its labels (the municipality has names instead).
LISTS = {"location_type": "location_type", "sector": "sector", "outcome": "control_outcome"}
WITHHELD = "x"


def code_text(dimension: str, code: str) -> str:
    if code == TOTAL:
        return _("Total")
    if dimension == MUNICIPALITY:
        return municipality_name(code)
    name = LISTS.get(dimension)
    return code_label(name, code) if name is not None and code in codelist(name) else code


def grid(release: TableRelease) -> QTableWidget:
    """A two-way table: the dimension with more codes down, the other across; margins last."""
    names = [d.name for d in release.definition.dimensions]
    values = {cell.coords: cell.value for cell in release.cells}
    down, across = (0, 1) if len(release.codes[0]) >= len(release.codes[1]) else (1, 0)
    rows = [*release.codes[down], TOTAL]
    columns = [*release.codes[across], TOTAL]
    view = QTableWidget(len(rows), len(columns))
    view.setHorizontalHeaderLabels([code_text(names[across], c) for c in columns])
    view.setVerticalHeaderLabels([code_text(names[down], c) for c in rows])
    view.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            coords = [""] * 2
            coords[down], coords[across] = row, column
            value = values.get(tuple(coords))
            item = QTableWidgetItem(WITHHELD if value is None else str(value))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if value is None:
                item.setData(Qt.ItemDataRole.AccessibleTextRole, _("withheld"))
            view.setItem(i, j, item)
    view.resizeColumnsToContents()
    height = view.horizontalHeader().height() + 2 * view.frameWidth()
    height += sum(view.rowHeight(i) for i in range(min(len(rows), 12)))
    view.setFixedHeight(height)
    return view


class RegionPicture(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.release: Release | None = None
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year - 1)
        self.quarter = QComboBox()
        for q in range(1, 5):
            self.quarter.addItem(_("quarter %(q)d") % {"q": q}, q)
        self.quarter.addItem(_("whole year"), None)
        self.preview_button = QPushButton(_("&Preview"))
        self.preview_button.clicked.connect(self.preview)
        self.export_button = QPushButton(_("E&xport…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        row = QHBoxLayout()
        for text, widget in ((_("&Year"), self.year), (_("&Quarter"), self.quarter)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            row.addWidget(label)
            row.addWidget(widget)
        row.addWidget(self.preview_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        self.summary = QLabel(
            _(
                "Signals, controls and new cases of a quarter by location type, sector and "
                "municipality, protected as any statistics release: nothing leaves before you "
                "export."
            )
        )
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Summary"))
        self.tables = QWidget()
        self.tables_layout = QVBoxLayout(self.tables)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.tables)
        scroll.setAccessibleName(_("Regional picture"))
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)

    def period(self) -> Period:
        quarter = self.quarter.currentData()
        return Period(year=self.year.value(), quarter=None if quarter is None else int(quarter))

    def preview(self) -> None:
        period = self.period()
        self.preview_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.summary.setText(_("Computing the tables and their protection…"))
        self.session.run(
            lambda v: locations.region_picture(v, period), self.show_release, self._failed
        )

    def _failed(self, error: CareCoordError) -> None:
        self.preview_button.setEnabled(True)
        self.summary.setText(error.message)

    def show_release(self, release: Release) -> None:
        self.release = release
        self.preview_button.setEnabled(True)
        while self.tables_layout.count():
            item = self.tables_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for table in release.tables:
            d = table.definition
            title = QLabel(d.title_nl if language() == "nl" else d.title_en)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            view = grid(table)
            view.setAccessibleName(title.text())
            self.tables_layout.addWidget(title)
            self.tables_layout.addWidget(view)
        self.tables_layout.addStretch(1)
        hidden = sum(1 for t in release.tables for c in t.cells if c.status != "F")
        self.summary.setText(
            " ".join(
                [
                    _(
                        "%(n)d cells withheld (x): too few signals, controls or persons, or a whole total."
                    )
                    % {"n": hidden},
                    _("The audit passed: no suppressed number can be worked out.")
                    if release.audit_ok
                    else _("The audit failed: this period cannot be exported."),
                ]
            )
        )
        self.export_button.setEnabled(release.audit_ok)

    def ask_folder(self) -> Path | None:
        """Tests replace this."""
        folder = QFileDialog.getExistingDirectory(
            self, _("Export to folder"), "", QFileDialog.Option.DontUseNativeDialog
        )
        return Path(folder) if folder else None

    def export(self) -> None:
        release, vault_folder = self.release, self.session.vault_folder
        if release is None or vault_folder is None:
            return
        folder = choose_output(self.ask_folder, vault_folder, self.summary.setText, folder=True)
        if folder is None:
            return
        self.export_button.setEnabled(False)
        self.session.run(
            lambda v: locations.export_region_picture(v, release, folder),
            self._exported,
            self._failed,
        )

    def _exported(self, result: ExportResult) -> None:
        self.summary.setText(
            _("Exported %(n)d files to the chosen folder (export %(id)s).")
            % {"n": len(result.files), "id": result.export_id}
        )
