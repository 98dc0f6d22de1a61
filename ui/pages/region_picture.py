"""Regiobeeld (issue 18): per period, signals, controls and new cases by location type, sector
and municipality, as the protected tables of the disclosure control, each with its chart (ui/pages/statistics_table.py,
as on the Statistics page; a withheld number shows "–"), exportable as that same release.

The tables are computed and exported on the vault worker (ui/operations/locations.py); nothing
leaves before the user exports to a folder of their choice.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carecoord.i18n import _, ngettext
from carecoord.stats.period import Period
from carecoord.stats.release import Release
from ui.operations import locations
from ui.pages.period_export_bar import PeriodExportBar
from ui.pages.statistics_table import TableSection
from ui.session import Session


class RegionPicture(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.release: Release | None = None
        # The quarter first: the Regiobeeld is a quarter's picture by default.
        self.bar = PeriodExportBar(
            session,
            preview=self.preview,
            export_job=locations.export_region_picture,
            say=self._say,
            year_first=False,
            export_text=_("E&xport…"),
        )
        self.year, self.quarter = self.bar.year, self.bar.quarter
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
        layout.addWidget(self.bar)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)

    def period(self) -> Period:
        return self.bar.period()

    def _say(self, text: str) -> None:
        self.summary.setText(text)

    def preview(self) -> None:
        period = self.period()
        self.bar.busy()
        self.session.run(
            lambda v: locations.region_picture(v, period), self.show_release, self.bar.failed
        )

    def show_release(self, release: Release) -> None:
        self.release = release
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
        self.bar.ready(release)

    def export(self) -> None:
        self.bar.export(self.release)
