"""Regiobeeld (issue 18): per period, signals, controls and new cases by location type, sector
and municipality, as the protected tables of the disclosure control, each with its chart (ui/pages/statistics_table.py,
as on the Statistics page; a withheld number shows "–"), exportable as that same release.

The tables are computed and exported on the vault worker (ui/operations/locations.py); nothing
leaves before the user exports to a folder of their choice.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import CareCoordError
from carecoord.i18n import _, ngettext
from carecoord.stats.export import ExportResult
from carecoord.stats.period import Period
from carecoord.stats.release import Release
from ui.operations import locations
from ui.output_choice import choose_output, documents_folder
from ui.pages.statistics_table import TableSection
from ui.session import Session


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
        # Each table as the Statistics page shows one: title, what it counts, a chart with the
        # table as its accessible alternative, the grid with totals, "–" and why it is withheld.
        for table in release.tables:
            section = TableSection()
            section.show_table(release, table, None)
            self.tables_layout.addWidget(section)
        self.tables_layout.addStretch(1)
        hidden = sum(1 for t in release.tables for c in t.cells if c.status != "F")
        self.summary.setText(
            " ".join(
                [
                    ngettext(
                        "%(n)d number withheld (–): too few signals, controls or persons, or a "
                        "whole total.",
                        "%(n)d numbers withheld (–): too few signals, controls or persons, or a "
                        "whole total.",
                        hidden,
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
            self, _("Export to folder"), documents_folder(), QFileDialog.Option.DontUseNativeDialog
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
            ngettext(
                "Exported %(n)d file to the chosen folder (export %(id)s).",
                "Exported %(n)d files to the chosen folder (export %(id)s).",
                len(result.files),
            )
            % {"n": len(result.files), "id": result.export_id}
        )
