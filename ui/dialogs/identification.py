"""The identification route of a case: criminal law, the MDT outside it, or none.

For the MDT route the request, the meeting and the advice are asked; for the other routes they
are hidden (the model refuses them there). The routes carry the region's own names where the
settings give them (the regional pilots name them differently); the codes stay fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QWidget

from carecoord.domain.codelists import codelist
from carecoord.domain.identification import IdentificationRoute
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.operations import identification
from ui.session import Session
from ui.widgets import CodeCombo, DateField, add_row

MDT = "mdt"


class IdentificationDialog(FormDialog):
    def __init__(
        self,
        session: Session,
        case_id: int,
        current: IdentificationRoute | None,
        labels: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, _("Identification route"), parent)
        self.case_id = case_id
        now = current
        self.route = add_row(self.form, _("&Route"), CodeCombo("identification_route"))
        self.route.set_codes(codelist("identification_route").values, labels)
        self.route.set_code(now.route if now else None)
        self.requested = add_row(
            self.form,
            _("MDT re&quested on"),
            DateField(optional=True, initial=now.mdt_requested_on if now else None),
        )
        self.meeting = add_row(
            self.form,
            _("MDT &meeting on"),
            DateField(optional=True, initial=now.mdt_meeting_on if now else None),
        )
        self.advice = add_row(
            self.form, _("MDT &advice"), CodeCombo("mdt_advice", allow_empty=True)
        )
        self.advice.set_code(now.mdt_advice if now else None)
        self.advice_on = add_row(
            self.form,
            _("Advice &given on"),
            DateField(optional=True, initial=now.mdt_advice_on if now else None),
        )
        self.route.currentIndexChanged.connect(self._route_changed)
        self._route_changed()

    def _route_changed(self, *_args: object) -> None:
        mdt = self.route.code() == MDT
        for widget in (self.requested, self.meeting, self.advice, self.advice_on):
            self.form.setRowVisible(widget, mdt)

    def operation(self) -> Callable[[Vault], Any]:
        route = self.route.code() or ""
        if route != MDT:
            return identification.set_route(self.case_id, IdentificationRoute(route=route))
        advice = self.advice.code()
        advice_on = self.advice_on.value()
        if advice in ("plausible", "not_plausible") and advice_on is None:
            raise InputRejected(_("An MDT advice needs the date it was given."))
        if advice in (None, "pending"):
            advice_on = None  # only a given advice has a date
        requested, meeting = self.requested.value(), self.meeting.value()
        if requested and meeting and meeting < requested:
            raise InputRejected(_("The MDT meeting cannot be before the request."))
        if meeting and advice_on and advice_on < meeting:
            raise InputRejected(_("The MDT advice cannot be before the meeting."))
        return identification.set_route(
            self.case_id,
            IdentificationRoute(
                route=route,
                mdt_requested_on=requested,
                mdt_meeting_on=meeting,
                mdt_advice=advice,
                mdt_advice_on=advice_on,
            ),
        )
