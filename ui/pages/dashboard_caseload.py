"""The caseload at a glance on the dashboard (issue 17): open cases per phase and new cases per
month over the last twelve months, as two small charts. Counts from the coordinator's own vault
(no disclosure control: nothing is published), never names."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QWidget

from carecoord.i18n import _, format_date
from carecoord.store.caseload import Caseload
from ui.charts import BarChart
from ui.operations import Changes, follow, queries
from ui.session import Session
from ui.widgets import code_label

HEIGHT = 96  # pixels per chart: the lists below keep most of the page


class CaseloadCharts(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.phases = BarChart(row_height=14, min_height=HEIGHT)
        self.months = BarChart(trend_height=HEIGHT)
        self.caseload: Caseload | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.phases, 1)
        layout.addWidget(self.months, 1)
        follow(self, session, Changes.CASES | Changes.PATHWAY, self.refresh)

    def refresh(self) -> None:
        """Called by the dashboard's refresh, and on a change of cases or phases."""
        if not self.session.is_unlocked:
            return
        today = date.today()
        self.session.run(lambda v: queries.caseload(v, today), self.show_caseload)

    def show_caseload(self, caseload: Caseload) -> None:
        self.caseload = caseload
        withheld = ""  # own counts: nothing is withheld here
        self.phases.show_counts(
            _("Open cases per phase"),
            [code_label("phase", p) for p, _n in caseload.by_phase],
            [n for _p, n in caseload.by_phase],
            withheld,
        )
        self.months.show_trend(
            _("New cases per month (last 12 months)"),
            [format_date(m, "MMM") for m, _n in caseload.by_month],
            [n for _m, n in caseload.by_month],
            withheld,
        )
