"""The workspace behind the unlock screen: navigation on the left, the current page on the right.

Built at the first unlock, not at start (issue 14): its pages import the statistics, letters
and import code, which the vault worker has loaded by then (ui/workspace_modules.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from carecoord.i18n import _
from carecoord.letters.checks import LETTERHEAD_TAB, PARTNERS_TAB
from ui.case_view import CaseView
from ui.dialogs.import_cases import ImportDialog
from ui.dialogs.new_case import NewCaseDialog
from ui.dialogs.transfer import ReceiveDialog
from ui.keyboard import switch_tabs_from_anywhere
from ui.navigation_list import Navigation
from ui.pages.access_log_page import AccessLogPage
from ui.pages.cases_page import CasesPage
from ui.pages.dashboard_page import DashboardPage
from ui.pages.directory_settings import VaultSettings
from ui.pages.lists import ReferralsPage, SignalsPage, TasksPage
from ui.pages.locations_page import LocationsPage
from ui.pages.preferences_page import PreferencesPage
from ui.pages.retention_page import RetentionPage
from ui.pages.statistics_page import StatisticsPage
from ui.pages.transfer_settings import TransferSettings
from ui.pages.users_settings import UsersSettings
from ui.preferences import Preferences
from ui.session import Session


class CasesArea(QStackedWidget):
    """The case list, and the case view over it when a case is open."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.list = CasesPage(session)
        self.view = CaseView(session)
        self.addWidget(self.list)
        self.addWidget(self.view)
        self.list.openCase.connect(self.open_case)
        self.list.newCase.connect(self.new_case)
        self.list.importCases.connect(self.import_cases)
        self.list.receiveHandover.connect(self.receive_handover)
        self.view.closed.connect(self.show_list)

    def refresh(self) -> None:
        if self.currentWidget() is self.list:
            self.list.refresh()
        elif self.view.case_id is not None:
            self.view.reload()

    def open_case(self, case_id: int) -> None:
        self.view.load(case_id)
        self.setCurrentWidget(self.view)

    def show_list(self) -> None:
        self.setCurrentWidget(self.list)
        self.list.refresh()

    def import_cases(self) -> ImportDialog:
        dialog = ImportDialog(self.session, self)
        dialog.open()
        return dialog

    def receive_handover(self) -> ReceiveDialog:
        dialog = ReceiveDialog(self.session, self)
        dialog.received.connect(self.open_case)
        dialog.open()
        return dialog

    def new_case(self) -> NewCaseDialog:
        dialog = NewCaseDialog(self.session, self)
        dialog.saved.connect(lambda case_id: self.open_case(int(case_id)))
        dialog.open()
        return dialog


SETTINGS_WIDTH = 860  # pixels: the settings pages' width at most, at 100 % scaling


class SettingsArea(QTabWidget):
    """Settings in tabs, so each screenful stays short and its Alt+letter keys unique."""

    def __init__(self, session: Session, preferences: Preferences) -> None:
        super().__init__()
        self.setAccessibleName(_("Settings"))
        self.preferences = PreferencesPage(preferences)
        self.vault = VaultSettings(session)
        self.users = UsersSettings(session)
        self.transfer = TransferSettings(session)
        # The letter checks name the letterhead and partner tabs (carecoord/letters/checks.py):
        # same msgids.
        for title, page in (
            (_("General"), self.preferences),
            (_("Users and key slots"), self.users),
            (_(LETTERHEAD_TAB), self.vault.region_page),
            (_(PARTNERS_TAB), self.vault.organisations_page),
            (_("Handover"), self.transfer),
        ):
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            # Fields as wide as a form line reads well, not the whole screen (issue 17).
            page.setMaximumWidth(max(SETTINGS_WIDTH, page.minimumSizeHint().width()))
            scroll.setWidget(page)
            scroll.setAccessibleName(title)
            self.addTab(scroll, title)
        switch_tabs_from_anywhere(self, self)

    def refresh(self) -> None:
        self.users.refresh()
        self.vault.refresh()
        self.transfer.refresh()


@dataclass(frozen=True)
class Place:
    """Where a coordinator was when the vault locked, to return there after the unlock.

    Held in memory only, by the main window, until the next unlock: never in QSettings or a
    file (which case was open is itself about a client)."""

    user: str
    page: int
    case_id: int | None = None
    tab: int = 0
    part: int = 0


class Workspace(QWidget):
    """Navigation on the left, the current page on the right."""

    def __init__(self, session: Session, preferences: Preferences) -> None:
        super().__init__()
        self.nav = Navigation()
        self.pages = QStackedWidget()
        self.dashboard = DashboardPage(session)
        self.cases = CasesArea(session)
        self.signals = SignalsPage(session)
        self.referrals = ReferralsPage(session)
        self.tasks = TasksPage(session)
        self.access_log = AccessLogPage(session)
        self.statistics = StatisticsPage(session)
        self.retention = RetentionPage(session)
        self.locations = LocationsPage(session)
        self.settings_area = SettingsArea(session, preferences)
        self.settings = self.settings_area.preferences
        pages = (
            self.dashboard,
            self.cases,
            self.signals,
            self.referrals,
            self.tasks,
            self.statistics,
            self.access_log,
            self.retention,
            self.locations,
            self.settings_area,
        )
        assert len(pages) == self.nav.count()
        for page in pages:
            self.pages.addWidget(page)
        self.dashboard.openCase.connect(self.open_case)
        self.dashboard.newCase.connect(self.new_case)
        self.tasks.openCase.connect(self.open_case)
        self.referrals.openCase.connect(self.open_case)
        self.signals.openCase.connect(self.open_case)
        self.cases.view.subjectRequests.connect(self.subject_requests)
        self.nav.currentRowChanged.connect(self._switch)
        layout = QHBoxLayout(self)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)

    def _switch(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        page = self.pages.currentWidget()
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    def place(self, user: str) -> Place:
        """Where ``user`` is now: the page, and the case open on the cases page with its tab,
        also while another page is shown (the language is switched on the settings page)."""
        row = max(0, self.nav.currentRow())
        view = self.cases.view
        if self.cases.currentWidget() is view and view.case_id is not None:
            return Place(
                user,
                row,
                view.case_id,
                view.tabs.currentIndex(),
                view.casework.parts.currentIndex(),
            )
        return Place(user, row)

    def start(self, place: Place | None = None) -> None:
        """After unlock: the page the coordinator was on (``place``), else the dashboard,
        freshly loaded."""
        row = 0 if place is None else place.page
        if place is not None and place.case_id is not None:
            # The case opens again where it was; the cases page loads it when shown.
            view = self.cases.view
            view.case_id = place.case_id
            view.tabs.setCurrentIndex(place.tab)
            view.casework.parts.setCurrentIndex(place.part)
            self.cases.setCurrentWidget(view)
        if self.nav.currentRow() == row:
            self._switch(row)
        else:
            self.nav.setCurrentRow(row)

    def refresh_current(self) -> None:
        self._switch(self.nav.currentRow())

    def open_case(self, case_id: int) -> None:
        self.nav.setCurrentRow(self.page_titles().index(_("Cases")))
        self.cases.open_case(case_id)

    def new_case(self) -> NewCaseDialog:
        self.show_page(_("Cases"))
        return self.cases.new_case()

    def subject_requests(self, client_reference: str) -> None:
        self.nav.setCurrentRow(self.pages.indexOf(self.retention))
        self.retention.show_requests(client_reference)

    def page_titles(self) -> list[str]:
        return [self.nav.item(i).text() for i in range(self.nav.count())]

    def show_page(self, title: str) -> None:
        self.nav.setCurrentRow(self.page_titles().index(title))
