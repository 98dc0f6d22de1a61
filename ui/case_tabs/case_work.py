"""Case work (casusregie, issue 16) in one tab of the case view, its parts as tabs of their
own: the plan, the contacts around the client, the case meetings, safety and the exit
programme (whose plan per life domain is the same kind of plan, for the clients in it).

One tab rather than five keeps the case view's tabs on one row at 1366 pixels, and keeps
together what a coordinator works through in one sitting (as CiviCase's case "activities").
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from carecoord.domain.casefile import CaseFile
from carecoord.i18n import _
from ui.case_tabs.contacts import ContactsSection
from ui.case_tabs.exit_programme import ExitProgrammeTab
from ui.case_tabs.meetings import MeetingsSection
from ui.case_tabs.plan import PlanSection
from ui.case_tabs.safety import SafetySection
from ui.case_tabs.section import NeedCase
from ui.session import Session


class CaseWorkTab(QWidget):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__()
        self.plan = PlanSection(session, need)
        self.contacts = ContactsSection(session, need)
        self.meetings = MeetingsSection(session, need)
        self.safety = SafetySection(session, need)
        self.exit = ExitProgrammeTab(session, need)
        self.parts = QTabWidget()
        self.parts.setAccessibleName(_("Case work"))
        self.parts.addTab(self.plan, _("Plan"))
        self.parts.addTab(self.contacts, _("Contacts"))
        self.parts.addTab(self.meetings, _("Case meetings"))
        self.parts.addTab(self.safety, _("Safety"))
        self.parts.addTab(self.exit, _("Exit programme"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.parts)

    def show_case(self, case: CaseFile, names: dict[int, str]) -> None:
        """``names``: the partner organisations' names by id (contacts and meetings name them).
        The exit programme is shown by the case view itself (in its own order)."""
        self.contacts.names = names
        self.meetings.names = names
        for part in (self.plan, self.contacts, self.meetings, self.safety):
            part.show_case(case)
