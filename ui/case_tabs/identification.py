"""The identification route of a case (criminal law, MDT, none) and the MDT's advice."""

from __future__ import annotations

from carecoord.domain.casefile import CaseFile
from carecoord.i18n import _
from ui.case_tabs.section import CaseSection, NeedCase
from ui.dialogs.identification import IdentificationDialog
from ui.session import Session
from ui.track_texts import route_label
from ui.widgets import code_label, format_date


class IdentificationSection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Identification route"), session, need)
        # The region's names for the routes (settings); set by the case view with each load.
        self.labels: dict[str, str] = {}
        self.button(_("&Identification route…"), self.set_route)

    def show_case(self, case: CaseFile) -> None:
        route = case.identification
        if route is None:
            self.fill([])
            return
        lines = [_("Route: %(route)s") % {"route": route_label(route.route, self.labels)}]
        if route.mdt_requested_on:
            lines.append(_("MDT requested on %(on)s") % {"on": format_date(route.mdt_requested_on)})
        if route.mdt_meeting_on:
            lines.append(_("MDT meeting on %(on)s") % {"on": format_date(route.mdt_meeting_on)})
        if route.mdt_advice:
            advice = code_label("mdt_advice", route.mdt_advice)
            if route.mdt_advice_on:
                advice += " (" + format_date(route.mdt_advice_on) + ")"
            lines.append(_("MDT advice: %(advice)s") % {"advice": advice})
        self.fill(lines)

    def set_route(self) -> IdentificationDialog:
        case_id, case = self._need()
        dialog = IdentificationDialog(self.session, case_id, case.identification, self.labels, self)
        dialog.open()
        return dialog
