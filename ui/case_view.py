"""One case: a header with the four tracks side by side (care phase, legal status, CoMensha,
identification route; ui/case_header.py) and a list of its sections on the left
(ui/section_list.py) — overview with a dated
timeline and the client's circumstances, case work (plan, contacts, meetings, safety, exit
programme), care phase, legal status (bedenktijd and B8/3 permits), CoMensha, identification,
shelter, referrals (with the consent gate), consents, notes, tasks and who accessed the file. Each section's list and actions live in
ui/case_tabs/; this frame loads the case file and shows it in every section.

Every change is a core call on the vault worker; the view reloads the case file afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.casefile import CaseFile
from carecoord.errors import CareCoordError, InputRejected
from carecoord.i18n import _
from ui.case_header import CaseHeader
from ui.case_tabs.case_work import CaseWorkTab
from ui.case_tabs.comensha import ComenshaSection
from ui.case_tabs.consents import ConsentsSection
from ui.case_tabs.identification import IdentificationSection
from ui.case_tabs.legal import LegalSection
from ui.case_tabs.notes_tasks import NotesSection, TasksSection
from ui.case_tabs.overview import OverviewSection
from ui.case_tabs.pathway import PathwaySection
from ui.case_tabs.referrals import ReferralsSection
from ui.case_tabs.shelter import ShelterSection
from ui.dialogs.transfer import HandOverDialog
from ui.keyboard import switch_tabs_from_anywhere
from ui.models.paged_table import PagedTableModel
from ui.operations import Changes, follow, queries
from ui.pages.access_log_page import case_access_fetch, log_columns
from ui.pages.lists import _table
from ui.section_list import SectionList
from ui.session import Session
from ui.widgets import format_date, show_error


class CaseView(QWidget):
    closed = Signal()
    subjectRequests = Signal(str)  # the client reference: access export or erasure

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.case_id: int | None = None
        self.case: CaseFile | None = None
        # The region's names for the identification routes (settings), loaded with the case.
        self.labels: dict[str, str] = {}
        # The partner organisations' names by id (contacts and meetings name them).
        self.organisation_names: dict[int, str] = {}
        self.header = QLabel()
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.header.setFont(font)
        # Wraps rather than widening the view for a long name.
        self.header.setWordWrap(True)
        # Set by the main window: copies through the concealed, self-clearing clipboard.
        self.copy_sensitive: Callable[[str], None] = lambda _text: None
        # Issue 17: one "Actions" menu instead of a row of wide buttons that made the view
        # wider than a 1024-pixel screen (1366 or 1280 at 125 %); "Back" stays a button.
        self.copy_action = QAction(_("Cop&y client reference"), self)
        self.copy_action.triggered.connect(self.copy_reference)
        # Issue 19: the case moves with its client to another region's coordinator.
        self.hand_over_action = QAction(_("Hand over to another region…"), self)
        self.hand_over_action.triggered.connect(self.hand_over)
        # Issue 18: the case at a risk location (the location's page lists its dossier number).
        self.location_action = QAction(_("Lin&k to risk location…"), self)
        self.location_action.triggered.connect(self.link_location)
        self.actions_menu = QMenu(self)
        for action in (self.location_action, self.copy_action, self.hand_over_action):
            self.actions_menu.addAction(action)
        self.actions_button = QToolButton()
        self.actions_button.setText(_("E&xtras"))
        self.actions_button.setMenu(self.actions_menu)
        self.actions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.actions_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.back = QPushButton(_("&Back to the list"))
        self.back.clicked.connect(self.closed)
        # And undone (a link made by mistake): enabled while the case has a link.
        self.linked_locations = 0
        self.unlink_location_action = QAction(_("Unlink from risk location…"), self)
        self.unlink_location_action.triggered.connect(self.unlink_location)
        self.unlink_location_action.setEnabled(False)
        self.actions_menu.insertAction(self.copy_action, self.unlink_location_action)
        # The sections in a list on the left (issue 17): twelve tabs did not fit in a row.
        self.tabs = SectionList(_("Case sections"))

        need = self._need
        self.overview = OverviewSection(session, need)
        self.overview.subjectRequests.connect(self.subjectRequests)
        self.tabs.addTab(self.overview, _("Overview"))
        # Plan, contacts, meetings and safety: the coordinator's daily work, next to the overview.
        self.casework = CaseWorkTab(session, need)
        self.tabs.addTab(self.casework, _("Case work"))
        self.exit = self.casework.exit
        self.pathway = PathwaySection(session, need)
        self.tabs.addTab(self.pathway, _("Care phase"))
        self.legal = LegalSection(session, need)
        self.tabs.addTab(self.legal, _("Legal status"))
        self.comensha = ComenshaSection(session, need)
        self.tabs.addTab(self.comensha, _("CoMensha"))
        self.identification = IdentificationSection(session, need)
        self.tabs.addTab(self.identification, _("Identification"))
        self.shelter = ShelterSection(session, need)
        self.tabs.addTab(self.shelter, _("Shelter"))
        self.referrals = ReferralsSection(session, need)
        self.tabs.addTab(self.referrals, _("Referrals"))
        self.consents = ConsentsSection(session, need)
        self.tabs.addTab(self.consents, _("Consents"))
        self.notes = NotesSection(session, need)
        self.tabs.addTab(self.notes, _("Notes"))
        self.access = PagedTableModel(session, log_columns(), self)
        self.access_view = _table(self.access, _("Who accessed this file"))
        self.tasks = TasksSection(session, need)
        self.tabs.addTab(self.tasks, _("Tasks"))
        # Short, so the section list stays narrow (the table keeps its full name).
        self.tabs.addTab(self.access_view, _("Accessed by"), scroll=False)
        # Loaded only when shown: reading the log is itself logged.
        self.tabs.currentChanged.connect(self._tab_shown)
        switch_tabs_from_anywhere(self.tabs, self)  # Ctrl+Tab, Ctrl+PgDn … (ui/keyboard.py)

        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.actions_button)
        top.addWidget(self.back)
        self.tracks = CaseHeader()
        # Issue 19: a case handed over by another region says so, with its reference there.
        self.received = QLabel()
        self.received.setWordWrap(True)
        self.received.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.received)
        layout.addWidget(self.tracks)
        layout.addWidget(self.tabs, 1)
        # Any change may show in the case file (a task, a consent, the phase …): reload it, also
        # after a change made elsewhere, e.g. a signal attached from the signals page.
        follow(self, session, Changes.everything(), self.reload)

    def load(self, case_id: int) -> None:
        # Imported when used, like the link's dialog: the statistics behind it are not needed
        # to start the app.
        from ui.operations import locations

        self.case_id = case_id
        self.access.set_fetch(None)
        self._tab_shown(self.tabs.currentIndex())
        self.session.run(
            lambda v: (
                queries.case_file(v, case_id),
                queries.identification_labels(v),
                queries.organisation_names(v),
                locations.links_of_case(v, case_id),
            ),
            self._loaded,
            self._failed,
        )

    def show_section(self, section: QWidget) -> None:
        """Show ``section``: a tab of the case view, or a part of its case work tab."""
        if self.casework.parts.indexOf(section) >= 0:
            self.tabs.setCurrentWidget(self.casework)
            self.casework.parts.setCurrentWidget(section)
        else:
            self.tabs.setCurrentWidget(section)

    def link_location(self) -> None:
        from ui.dialogs.location import open_link_dialog
        from ui.operations import locations

        if self.case_id is not None:
            case_id = self.case_id
            open_link_dialog(self.session, self, lambda lid: locations.link_case(case_id, lid))

    def unlink_location(self) -> None:
        from ui.dialogs.location import open_unlink_dialog

        if self.case_id is not None and self.case is not None:
            open_unlink_dialog(self.session, self, self.case_id, self.case.summary.reference)

    def hand_over(self) -> HandOverDialog | None:
        if self.case_id is None or self.case is None:
            return None
        dialog = HandOverDialog(self.session, self.case_id, self.case.summary.reference, self)
        dialog.handedOver.connect(self.reload)  # now closed here
        dialog.open()
        return dialog

    def copy_reference(self) -> None:
        if self.case is not None:
            self.copy_sensitive(self.case.summary.client_reference)

    def _tab_shown(self, index: int) -> None:
        if self.case_id is not None and self.tabs.widget(index) is self.access_view:
            self.access.set_fetch(case_access_fetch(self.case_id))

    def reload(self, _result: object = None) -> None:
        if self.case_id is not None:
            self.load(self.case_id)

    def _failed(self, error: CareCoordError) -> None:
        show_error(self, error)

    def _need(self) -> tuple[int, CaseFile]:
        """The open case, for a section's action."""
        if self.case_id is None or self.case is None:
            raise InputRejected(_("No case is open."))
        return self.case_id, self.case

    def _loaded(self, loaded: tuple[CaseFile, dict[str, str], dict[int, str], int]) -> None:
        case, labels, names, self.linked_locations = loaded
        self.unlink_location_action.setEnabled(self.linked_locations > 0)
        self.labels = labels
        self.organisation_names = names
        self._show(case)

    def _show(self, case: CaseFile) -> None:
        self.case = case
        s = case.summary
        # Referrals, consents and the timeline name the organisations.
        self.consents.names = self.referrals.names = self.organisation_names
        self.overview.names = self.organisation_names
        self.header.setText(f"{s.reference} · {s.display_name}")
        if s.received_from is not None:
            self.received.setText(
                _("Received from %(region)s on %(date)s; their case number: %(reference)s.")
                % {
                    "region": s.received_from,
                    "date": format_date(s.received_on),
                    "reference": s.sender_reference or "—",
                }
            )
        self.received.setVisible(s.received_from is not None)
        self.hand_over_action.setEnabled(s.phase != "closed")
        self.tracks.show_case(case, self.labels, names=self.organisation_names)
        self.identification.labels = self.labels
        # In the order the sections were filled before the split (the exit tab after the permit).
        self.overview.show_case(case)
        self.pathway.show_case(case)
        self.legal.show_case(case)
        self.exit.show_case(case)
        self.casework.show_case(case, self.organisation_names)
        for section in (
            self.comensha,
            self.identification,
            self.shelter,
            self.referrals,
            self.consents,
            self.notes,
            self.tasks,
        ):
            section.show_case(case)
