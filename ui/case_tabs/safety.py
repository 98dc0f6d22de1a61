"""The safety of the client: the current assessment (risk level, threats, agreed measures, when
to review it) above the history of every assessment, newest first. A new assessment replaces
the current one; the previous ones stay as they were."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit

from carecoord.domain.case_work import SafetyAssessment, current_assessment
from carecoord.domain.casefile import CaseFile
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.case_tabs.section import CaseSection, NeedCase
from ui.dialogs.action import ActionDialog
from ui.operations import case_work
from ui.session import Session
from ui.widgets import CodeChecklist, CodeCombo, DateField, code_label, format_date


def assessment_line(a: SafetyAssessment) -> str:
    line = _("%(on)s: risk %(risk)s") % {
        "on": format_date(a.assessed_on),
        "risk": code_label("risk_level", a.risk_level),
    }
    if a.threats:
        line += " — " + ", ".join(code_label("threat", t) for t in a.threats)
    if a.review_on is not None:
        line += " — " + _("review %(on)s") % {"on": format_date(a.review_on)}
    if a.measures:
        line += "\n    " + _("Measures: %(text)s") % {"text": " ".join(a.measures.split())}
    return line


def current_text(case: CaseFile) -> str:
    current = current_assessment(case.safety)
    if current is None:
        return _("No safety assessment recorded.")
    text = _("Current risk: %(risk)s (assessed %(on)s).") % {
        "risk": code_label("risk_level", current.risk_level),
        "on": format_date(current.assessed_on),
    }
    if current.review_on is not None:
        overdue = current.review_on < date.today()
        text += " " + (_("Review was due %(on)s.") if overdue else _("Review on %(on)s.")) % {
            "on": format_date(current.review_on)
        }
    return text


class SafetySection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Safety assessments"), session, need)
        self.list.setWordWrap(True)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setAccessibleName(_("Current safety assessment"))
        font = self.current.font()
        font.setBold(True)
        self.current.setFont(font)
        layout = self.layout()
        assert layout is not None
        layout.insertWidget(0, self.current)  # type: ignore[attr-defined]
        self.button(_("New &assessment…"), self.assess)

    def show_case(self, case: CaseFile) -> None:
        self.current.setText(current_text(case))
        history = sorted(case.safety, key=lambda a: (a.assessed_on, a.id or 0), reverse=True)
        self.fill([assessment_line(a) for a in history], [a.id for a in history])

    def assess(self) -> ActionDialog:
        """A new assessment, starting from the current one's threats and measures (the risk
        level is chosen anew: it is the judgement this assessment records)."""
        case_id, case = self._need()
        now = current_assessment(case.safety)
        on = DateField()
        risk = CodeCombo("risk_level")
        threats = CodeChecklist("threat")
        threats.set_codes(now.threats if now else ())
        measures = QPlainTextEdit(now.measures or "" if now else "")
        measures.setMaximumHeight(110)
        review = DateField(optional=True)

        def build() -> Callable[[Vault], Any]:
            assessment = SafetyAssessment(
                assessed_on=on.value() or date.today(),
                risk_level=risk.code() or "",
                threats=threats.codes(),
                measures=measures.toPlainText(),
                review_on=review.value(),
            )
            return case_work.assess_safety(case_id, assessment)

        return self._dialog(
            _("Safety assessment"),
            [
                (_("&Assessed on"), on),
                (_("&Risk level"), risk),
                (_("&Threats"), threats),
                (_("Agreed &measures"), measures),
                (_("Re&view on (needed at medium or high risk)"), review),
            ],
            build,
        )
