"""Statistics: preview what would leave, table by table in words, numbers and a chart (withheld
numbers marked, and why under "Details"), then export to a folder the user chooses. Computation
and writing run on the vault worker: first the tables, then the trend per quarter beside them
(carecoord/stats/trend.py: no quarter it shows can be worked out beside the tables on the page)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import CareCoordError
from carecoord.i18n import _, ngettext
from carecoord.stats.labels import table_title
from carecoord.stats.period import Period
from carecoord.stats.release import Release
from carecoord.stats.service import export_period, preview_period, preview_trends_for
from carecoord.stats.trend import Trend
from ui.pages.period_export_bar import PeriodExportBar
from ui.pages.statistics_table import TableSection, heading_label
from ui.session import Session
from ui.widgets import language


class StatisticsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.release: Release | None = None
        self.trends: dict[str, Trend] | None = None
        self.overview = ""  # the summary of the shown preview
        self.title = heading_label(_("Statistics"), scale=1.5)
        self.intro = QLabel(
            _(
                "Anonymised numbers of your region for the region, VNG, CoMensha and the national "
                "rapporteur. Numbers that could point to a person are withheld. Nothing leaves "
                "the vault before you export."
            )
        )
        self.intro.setWordWrap(True)
        self.bar = PeriodExportBar(
            session, preview=self.preview, export_job=export_period, say=self._say
        )
        self.year, self.quarter = self.bar.year, self.bar.quarter
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
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)

    def period(self) -> Period:
        return self.bar.period()

    def _say(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.show()

    def preview(self) -> None:
        period = self.period()
        self.bar.busy()
        self.session.run(lambda v: preview_period(v, period), self._show, self.bar.failed)

    def _show(self, release: Release) -> None:
        self.release = release
        self.trends = None
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
        self.overview = " ".join(parts)
        # The tables are on screen; the trend per quarter (each quarter protected, then checked
        # against these tables) follows, with the buttons still waiting for it.
        self.bar.busy(self.overview + " " + _("Computing the trend per quarter…"))
        self.session.run(
            lambda v: preview_trends_for(v, release),
            lambda trends: self._show_trends(release, trends),
            self._trends_failed,
        )

    def _show_trends(self, release: Release, trends: dict[str, Trend]) -> None:
        if release is not self.release:
            return  # an older preview's trend
        self.trends = trends
        self._show_table(self.tables.currentRow())
        self._say(self.overview)
        self.bar.ready(release)

    def _trends_failed(self, error: CareCoordError) -> None:
        self.bar.ready(self.release)
        self._say(self.overview + " " + error.message)

    def _show_table(self, row: int) -> None:
        release = self.release
        if release is None or not 0 <= row < len(release.tables):
            return
        table = release.tables[row]
        trend = None if self.trends is None else self.trends.get(table.table_id)
        self.section.show_table(release, table, trend)
        self.scroller.verticalScrollBar().setValue(0)

    def export(self) -> None:
        self.bar.export(self.release)
