"""The care phase of a case: its phase history (with the closure reason) and a change of phase.

The legal track (bedenktijd, B8/3 permit) is a track beside the phase: ui/case_tabs/legal.py.
"""

from __future__ import annotations

from carecoord.domain.casefile import CaseFile
from carecoord.errors import InputRejected
from carecoord.i18n import _
from ui.case_tabs.section import CaseSection, NeedCase
from ui.dialogs.phase import PhaseDialog
from ui.session import Session
from ui.track_texts import phase_label
from ui.widgets import format_date, show_error


class PathwaySection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Phase history"), session, need)
        self.button(_("&Change phase…"), self.change_phase)

    def show_case(self, case: CaseFile) -> None:
        migrated = case.summary.closure_migrated
        self.fill(
            [
                f"{format_date(c.changed_on)}  {phase_label(c.to_phase, c.closure_reason, migrated)}"
                f"  ({c.changed_by})" + (f" — {c.reason}" if c.reason else "")
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
