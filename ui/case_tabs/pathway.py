"""The pathway of a case: its phase history (and a change of phase), the reflection period and
the residence permit (B8)."""

from __future__ import annotations

from datetime import date

from carecoord.domain.casefile import CaseFile
from carecoord.errors import InputRejected
from carecoord.i18n import _
from ui.case_tabs.section import CaseSection, NeedCase
from ui.dialogs.action import ActionDialog
from ui.dialogs.phase import PhaseDialog
from ui.operations import pathway
from ui.session import Session
from ui.widgets import CodeCombo, DateField, code_label, format_date, show_error


class PathwaySection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Phase history"), session, need)
        self.button(_("&Change phase…"), self.change_phase)

    def show_case(self, case: CaseFile) -> None:
        self.fill(
            [
                f"{format_date(c.changed_on)}  {code_label('phase', c.to_phase)}  ({c.changed_by})"
                + (f" — {c.reason}" if c.reason else "")
                for c in case.phase_history
            ]
        )

    def change_phase(self) -> PhaseDialog | None:
        case_id, case = self._need()
        if case.summary.phase == "closed":
            show_error(
                self,
                InputRejected(
                    _("This case is closed and stays closed; a new signal opens a new case.")
                ),
            )
            return None
        dialog = PhaseDialog(self.session, case_id, case.summary.phase, self)
        dialog.open()
        return dialog


class ReflectionSection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Reflection period and permit"), session, need)
        self.button(_("Start &reflection period…"), self.start_reflection)
        self.button(_("Record &decision…"), self.decide_reflection)
        self.button(_("Record &permit…"), self.record_permit)

    def show_case(self, case: CaseFile) -> None:
        lines = []
        if case.reflection is not None:
            r = case.reflection
            lines.append(
                _("Reflection period from %(s)s to %(e)s")
                % {"s": format_date(r.started_on), "e": format_date(r.ends_on)}
            )
            if r.decision:
                lines.append(
                    _("Decision: %(d)s on %(on)s")
                    % {
                        "d": code_label("reflection_decision", r.decision),
                        "on": format_date(r.decided_on),
                    }
                )
        for p in case.permits:
            lines.append(
                _("Permit (B8) granted %(g)s, valid until %(v)s")
                % {"g": format_date(p.granted_on), "v": format_date(p.current_valid_until)}
            )
        self.fill(lines)

    def start_reflection(self) -> ActionDialog:
        case_id, _case = self._need()
        on = DateField()
        return self._dialog(
            _("Start reflection period"),
            [(_("&Start date"), on)],
            lambda: pathway.start_reflection(case_id, on.value() or date.today()),
        )

    def decide_reflection(self) -> ActionDialog:
        case_id, _case = self._need()
        decision = CodeCombo("reflection_decision")
        on = DateField()
        return self._dialog(
            _("Reflection period decision"),
            [(_("&Decision"), decision), (_("Decided &on"), on)],
            lambda: pathway.decide_reflection(
                case_id, decision.code() or "", on.value() or date.today()
            ),
        )

    def record_permit(self) -> ActionDialog:
        case_id, _case = self._need()
        granted, until = DateField(), DateField()
        return self._dialog(
            _("Residence permit (B8)"),
            [(_("&Granted on"), granted), (_("&Valid until"), until)],
            lambda: pathway.record_permit(
                case_id, granted.value() or date.today(), until.value() or date.today()
            ),
        )
