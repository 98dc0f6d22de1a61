"""The shelter stays of a case: a new stay and the end of one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from carecoord.domain.casefile import CaseFile
from carecoord.domain.support import ShelterStay
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.case_tabs.section import CaseSection, NeedCase
from ui.dialogs.action import ActionDialog
from ui.operations import support
from ui.session import Session
from ui.widgets import CodeCombo, DateField, code_label, format_date


class ShelterSection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Shelter stays"), session, need)
        self.button(_("Add &shelter stay…"), self.add_stay)
        self.button(_("&End stay…"), self.end_stay, needs_selection=True)

    def show_case(self, case: CaseFile) -> None:
        self.fill(
            [
                f"{code_label('shelter_type', st.shelter_type)}: {format_date(st.started_on)} – {format_date(st.ended_on)}"
                for st in case.shelter_stays
            ],
            [st.id for st in case.shelter_stays],
        )

    def add_stay(self) -> ActionDialog:
        case_id, _case = self._need()
        kind = CodeCombo("shelter_type")
        start = DateField()

        def build() -> Callable[[Vault], Any]:
            stay = ShelterStay(
                shelter_type=kind.code() or "", started_on=start.value() or date.today()
            )
            return support.add_shelter_stay(case_id, stay)

        return self._dialog(
            _("Shelter stay"),
            [(_("&Type"), kind), (_("&Start date"), start)],
            build,
        )

    def end_stay(self) -> ActionDialog | None:
        stay_id = self.selected()
        if stay_id is None:  # the button is disabled then
            return None
        end = DateField()
        reason = CodeCombo("shelter_end_reason")
        return self._dialog(
            _("End shelter stay"),
            [(_("&End date"), end), (_("&Reason"), reason)],
            lambda: support.end_shelter_stay(
                int(stay_id), end.value() or date.today(), reason.code() or ""
            ),
        )
