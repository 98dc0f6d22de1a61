"""The CoMensha registrations of a case, and a new one (on consent, or anonymous without)."""

from __future__ import annotations

from carecoord.domain.casefile import CaseFile
from carecoord.domain.comensha import ComenshaRegistration
from carecoord.i18n import _
from ui.case_tabs.section import CaseSection, NeedCase
from ui.dialogs.comensha import ComenshaDialog
from ui.session import Session
from ui.track_texts import comensha_line
from ui.widgets import code_label


def registration_line(registration: ComenshaRegistration) -> str:
    line = comensha_line(registration)
    if registration.already_registered_by not in ("unknown", "none"):
        line += " — " + _("already registered by %(by)s") % {
            "by": code_label("already_registered_by", registration.already_registered_by)
        }
    if registration.migrated:
        line += " " + _("(migrated)")
    return line


class ComenshaSection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Registrations with CoMensha"), session, need)
        self.button(_("Register with Co&Mensha…"), self.register)

    def show_case(self, case: CaseFile) -> None:
        ordered = sorted(case.comensha, key=lambda r: (r.registered_on, r.id or 0))
        self.fill([registration_line(r) for r in ordered])

    def register(self) -> ComenshaDialog:
        case_id, case = self._need()
        dialog = ComenshaDialog(self.session, case_id, case.consents, self)
        dialog.open()
        return dialog
