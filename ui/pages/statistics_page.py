"""Statistics: preview what would leave, table by table in words, numbers and a chart (withheld
numbers marked, and why under "Details"), then export to a folder the user chooses. Computation
and writing run on the vault worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import CareCoordError
from carecoord.i18n import _, ngettext
from carecoord.stats.export import ExportResult
from carecoord.stats.labels import table_title
from carecoord.stats.period import Period
from carecoord.stats.release import Release
from carecoord.stats.service import export_period, preview_period
from ui.output_choice import choose_output, documents_folder
from ui.pages.statistics_table import TableSection, heading_label
from ui.session import Session
from ui.widgets import language


class StatisticsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.release: Release | None = None
        self.title = heading_label(_("Statistics"), scale=1.5)
        self.intro = QLabel(
            _(
                "Anonymised numbers of your region for the region, VNG, CoMensha and the national "
                "rapporteur. Numbers that could point to a person are withheld. Nothing leaves "
                "the vault before you export."
            )
        )
        self.intro.setWordWrap(True)
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
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Summary"))
        self.summary.hide()
        self.empty = QLabel(
            _("Choose a period and press Preview: each table then appears here with a chart.")
        )
        self.empty.setWordWrap(True)
        self.tables = QListWidget()
        self.tables.setAccessibleName(_("Tables"))
        self.tables.currentRowChanged.connect(self._show_table)
        self.tables.setMaximumWidth(320)
        # Long Dutch titles wrap instead of being cut off.
        self.tables.setWordWrap(True)
        self.tables.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section = TableSection()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.section)
        scroll.setAccessibleName(_("Chosen table"))
        self.scroller = scroll
        tables_label = QLabel(_("&Tables"))
        tables_label.setBuddy(self.tables)
        side = QVBoxLayout()
        side.addWidget(tables_label)
        side.addWidget(self.tables, 1)
        content = QWidget()
        split = QHBoxLayout(content)
        split.setContentsMargins(0, 0, 0, 0)
        split.addLayout(side)
        split.addWidget(scroll, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(content)
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
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)

    def period(self) -> Period:
        quarter = self.quarter.currentData()
        return Period(year=self.year.value(), quarter=None if quarter is None else int(quarter))

    def preview(self) -> None:
        period = self.period()
        self.preview_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.summary.setText(_("Computing the tables and their protection…"))
        self.summary.show()
        self.session.run(lambda v: preview_period(v, period), self._show, self._failed)

    def _failed(self, error: CareCoordError) -> None:
        self.preview_button.setEnabled(True)
        self.summary.setText(error.message)
        self.summary.show()

    def _show(self, release: Release) -> None:
        self.release = release
        self.preview_button.setEnabled(True)
        lang = language()
        self.tables.blockSignals(True)
        self.tables.clear()
        for table in release.tables:
            item = QListWidgetItem(table_title(table.definition, lang))
            item.setToolTip(item.text())
            self.tables.addItem(item)
        self.tables.blockSignals(False)
        self.stack.setCurrentIndex(1)
        self.tables.setCurrentRow(0)
        cells = sum(len(t.cells) for t in release.tables)
        parts = [
            _("%(tables)s, %(numbers)s, of which %(h)d withheld.")
            % {
                "tables": ngettext("%(n)d table", "%(n)d tables", len(release.tables))
                % {"n": len(release.tables)},
                "numbers": ngettext("%(n)d number", "%(n)d numbers", cells) % {"n": cells},
                "h": release.withheld,
            },
            _("The audit passed: no withheld number can be worked out.")
            if release.audit_ok
            else _("The audit failed: this period cannot be exported."),
            *release.warnings,
        ]
        self.summary.setText(" ".join(parts))
        self.export_button.setEnabled(release.audit_ok)

    def _show_table(self, row: int) -> None:
        release = self.release
        if release is None or not 0 <= row < len(release.tables):
            return
        self.section.show_table(release, release.tables[row], None)
        self.scroller.verticalScrollBar().setValue(0)

    def ask_folder(self) -> Path | None:
        """Tests replace this."""
        folder = QFileDialog.getExistingDirectory(
            self, _("Export to folder"), documents_folder(), QFileDialog.Option.DontUseNativeDialog
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
            ngettext(
                "Exported %(n)d file to the chosen folder (export %(id)s).",
                "Exported %(n)d files to the chosen folder (export %(id)s).",
                len(result.files),
            )
            % {"n": len(result.files), "id": result.export_id}
        )
