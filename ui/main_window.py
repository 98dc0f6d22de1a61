"""The application window: the unlock page, or the workspace with its navigation.

The title is always plain "CareCoord": never client data or document names (DESIGN.md §1).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from carecoord import i18n
from carecoord.audit import failed_attempts_since_last_session
from carecoord.domain.municipalities import municipalities
from carecoord.errors import CareCoordError
from carecoord.i18n import _, ngettext
from carecoord.store.case_store import CaseStore
from carecoord.vault import Vault
from ui.autolock import IdleLock, ScreenLockWatcher
from ui.busy import BusyIndicator
from ui.case_view import CaseView
from ui.clipboard import SecureClipboard
from ui.dialogs.base import FormDialog
from ui.dialogs.import_cases import ImportDialog
from ui.dialogs.new_case import NewCaseDialog
from ui.help_dialogs import about_dialog, shortcuts_dialog
from ui.pages.access_log_page import AccessLogPage
from ui.pages.cases_page import CasesPage
from ui.pages.dashboard_page import DashboardPage
from ui.pages.directory_settings import VaultSettings
from ui.pages.lists import ReferralsPage, SignalsPage, TasksPage
from ui.pages.retention_page import RetentionPage
from ui.pages.settings_page import SettingsPage
from ui.pages.statistics_page import StatisticsPage
from ui.pages.users_settings import UsersSettings
from ui.session import Session
from ui.settings import Preferences
from ui.unlock_page import UnlockPage
from ui.worker import VaultWorker

PAGE_CHECK_DELAY_MS = 2000


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
        self.view.closed.connect(self.show_list)

    def refresh(self) -> None:
        if self.currentWidget() is self.list:
            self.list.refresh()
        elif self.view.case is not None:
            self.view.reload()

    def open_case(self, case_id: int) -> None:
        self.view.load(case_id)
        self.setCurrentWidget(self.view)

    def show_list(self) -> None:
        self.setCurrentWidget(self.list)
        self.list.refresh()

    def import_cases(self) -> ImportDialog:
        dialog = ImportDialog(self.session, self)
        dialog.finished_import.connect(lambda _n: self.list.refresh())
        dialog.open()
        return dialog

    def new_case(self) -> NewCaseDialog:
        dialog = NewCaseDialog(self.session, self)
        dialog.saved.connect(lambda case_id: self.open_case(int(case_id)))
        dialog.open()
        return dialog


class SettingsArea(QTabWidget):
    """Settings in tabs, so each screenful stays short and its Alt+letter keys unique."""

    def __init__(self, session: Session, preferences: Preferences) -> None:
        super().__init__()
        self.setAccessibleName(_("Settings"))
        self.preferences = SettingsPage(preferences)
        self.vault = VaultSettings(session)
        self.users = UsersSettings(session)
        for title, page in (
            (_("General"), self.preferences),
            (_("Users and key slots"), self.users),
            (_("Region and letterhead"), self.vault.region_page),
            (_("Partner organisations"), self.vault.organisations_page),
        ):
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            scroll.setAccessibleName(title)
            self.addTab(scroll, title)

    def refresh(self) -> None:
        self.users.refresh()
        self.vault.refresh()


class Workspace(QWidget):
    """Navigation on the left, the current page on the right."""

    def __init__(self, session: Session, preferences: Preferences) -> None:
        super().__init__()
        self.nav = QListWidget()
        self.nav.setAccessibleName(_("Navigation"))
        self.nav.setMaximumWidth(220)
        self.pages = QStackedWidget()
        self.dashboard = DashboardPage(session)
        self.cases = CasesArea(session)
        self.signals = SignalsPage(session)
        self.referrals = ReferralsPage(session)
        self.tasks = TasksPage(session)
        self.access_log = AccessLogPage(session)
        self.statistics = StatisticsPage(session)
        self.retention = RetentionPage(session)
        self.settings_area = SettingsArea(session, preferences)
        self.settings = self.settings_area.preferences
        for title, page in (
            (_("Dashboard"), self.dashboard),
            (_("Cases"), self.cases),
            (_("Signals"), self.signals),
            (_("Referrals"), self.referrals),
            (_("Tasks"), self.tasks),
            (_("Statistics"), self.statistics),
            (_("Access log"), self.access_log),
            (_("Retention"), self.retention),
            (_("Settings"), self.settings_area),
        ):
            self.nav.addItem(title)
            self.pages.addWidget(page)
        self.dashboard.openCase.connect(self.open_case)
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

    def start(self) -> None:
        """After unlock: show the dashboard, freshly loaded."""
        if self.nav.currentRow() == 0:
            self._switch(0)
        else:
            self.nav.setCurrentRow(0)

    def refresh_current(self) -> None:
        self._switch(self.nav.currentRow())

    def open_case(self, case_id: int) -> None:
        self.nav.setCurrentRow(self.page_titles().index(_("Cases")))
        self.cases.open_case(case_id)

    def subject_requests(self, client_reference: str) -> None:
        self.nav.setCurrentRow(self.pages.indexOf(self.retention))
        self.retention.show_requests(client_reference)

    def page_titles(self) -> list[str]:
        return [self.nav.item(i).text() for i in range(self.nav.count())]

    def show_page(self, title: str) -> None:
        self.nav.setCurrentRow(self.page_titles().index(title))


class MainWindow(QMainWindow):
    def __init__(
        self, folder: Path, worker: VaultWorker, preferences: Preferences | None = None
    ) -> None:
        super().__init__()
        self.setWindowTitle("CareCoord")
        self.preferences = preferences or Preferences()
        self.session = Session(worker, self)
        self.clipboard = SecureClipboard(self)
        self.unlock_page = UnlockPage(folder, worker)
        self.workspace = Workspace(self.session, self.preferences)
        self.workspace.cases.view.copy_sensitive = self.clipboard.copy_sensitive
        self.stack = QStackedWidget()
        self.stack.addWidget(self.unlock_page)
        self.stack.addWidget(self.workspace)
        self.setCentralWidget(self.stack)
        self.lock_state = QLabel()
        self.lock_state.setAccessibleName(_("Lock state"))
        self.busy = BusyIndicator(worker)
        self.statusBar().addPermanentWidget(self.busy)
        self.region_state = QLabel()
        self.region_state.setAccessibleName(_("Region"))
        self.statusBar().addPermanentWidget(self.region_state)
        self.statusBar().addPermanentWidget(self.lock_state)

        self.lock_action = QAction(_("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock)
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.new_case_action = QAction(_("&New case…"), self)
        self.new_case_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_case_action.triggered.connect(self.new_case)
        menu = self.menuBar().addMenu(_("&File"))
        menu.addAction(self.new_case_action)
        menu.addSeparator()
        menu.addAction(self.lock_action)
        menu.addAction(quit_action)
        self.go_menu = self.menuBar().addMenu(_("&Go"))
        self.refresh_action = QAction(_("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.workspace.refresh_current)
        self.refresh_action.triggered.connect(self.show_region)
        self.go_menu.addAction(self.refresh_action)
        self.go_menu.addSeparator()
        # Ctrl+1 … Ctrl+9 open the pages in the order of the navigation list.
        for number, title in enumerate(self.workspace.page_titles(), start=1):
            action = QAction(title, self)
            if number <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _c=False, t=title: self.workspace.show_page(t))
            self.go_menu.addAction(action)
        # No Alt letter for Help: every letter is taken on some screen in one of the languages;
        # F1 opens the shortcuts from anywhere.
        help_menu = self.menuBar().addMenu(_("Help"))
        shortcuts_action = QAction(_("&Keyboard shortcuts"), self)
        shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        shortcuts_action.triggered.connect(lambda: shortcuts_dialog(self))
        about_action = QAction(_("&About CareCoord"), self)
        about_action.triggered.connect(lambda: about_dialog(self))
        help_menu.addAction(shortcuts_action)
        help_menu.addAction(about_action)
        self.workspace_actions = [
            self.new_case_action,
            self.refresh_action,
            *self.go_menu.actions(),
        ]

        self.idle = IdleLock(self.preferences.idle_minutes, self)
        self.idle.lockRequested.connect(self.lock)
        self.idle.lockWarning.connect(self._warn_lock)
        self.idle.activityResumed.connect(self._lock_warning_over)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.screen_lock = ScreenLockWatcher(self)
        self.screen_lock.screenLocked.connect(self.lock)
        self.workspace.settings.idleMinutesChanged.connect(self.idle.set_minutes)
        self.workspace.settings.fontScaleChanged.connect(apply_font_scale)
        self.workspace.settings_area.vault.regionChanged.connect(self.show_region)

        self.failed_notice = ""
        self.unlock_page.unlocked.connect(self._on_unlocked)
        self._show_locked()

    # -- lock state ------------------------------------------------------------------------------
    def _on_unlocked(self, vault: Vault) -> None:
        self.session.attach(vault)
        self.stack.setCurrentWidget(self.workspace)
        self.lock_action.setEnabled(True)
        for action in self.workspace_actions:
            action.setEnabled(True)
        self.lock_state.setText(_("Unlocked"))
        self.show_failed_attempts(vault)
        self.workspace.start()
        self.show_region()
        # The whole file's page HMACs, deferred from unlock so a large vault opens quickly
        # (every page that is read is HMAC-checked anyway); started once the first screens
        # have had their turn on the serial worker.
        QTimer.singleShot(PAGE_CHECK_DELAY_MS, self._check_pages)
        self.idle.arm()

    def show_region(self) -> None:
        self.session.run(
            lambda v: CaseStore.for_vault(v).settings.region(), self._region_read, lambda _e: None
        )

    def _region_read(self, codes: tuple[str, ...]) -> None:
        if not self.session.is_unlocked:
            return
        if not codes:
            self.region_state.setText(_("No region set"))
            self.region_state.setToolTip(_("Set the region's municipalities in Settings."))
            return
        known = municipalities()
        names = sorted(known[c].name if c in known else c for c in codes)
        self.region_state.setText(
            ngettext("Region: %(n)d municipality", "Region: %(n)d municipalities", len(codes))
            % {"n": len(codes)}
        )
        self.region_state.setToolTip(", ".join(names))

    def _check_pages(self) -> None:
        if self.session.is_unlocked:
            self.session.run(lambda v: v.check_pages(), on_error=self._damaged)

    def _damaged(self, error: CareCoordError) -> None:
        self.lock()
        self.unlock_page.status.setText(error.message)

    def show_failed_attempts(self, vault: Vault) -> None:
        """Failed unlocks since the last session (recorded before unlock; no database access)."""
        attempts = failed_attempts_since_last_session(vault)
        if not attempts:
            self.failed_notice = ""
        else:
            self.failed_notice = ngettext(
                "%(n)d failed unlock attempt since your last session (the last at %(at)s).",
                "%(n)d failed unlock attempts since your last session (the last at %(at)s).",
                len(attempts),
            ) % {"n": len(attempts), "at": i18n.format_datetime(attempts[-1].at, "short")}
            self.statusBar().showMessage(self.failed_notice)
        self.workspace.dashboard.notice.setText(self.failed_notice)

    def _show_locked(self) -> None:
        self.stack.setCurrentWidget(self.unlock_page)
        self.lock_action.setEnabled(False)
        for action in self.workspace_actions:
            action.setEnabled(False)
        self.lock_state.setText(_("Locked"))
        self.region_state.clear()
        self.region_state.setToolTip("")
        self.unlock_page.reset()

    def new_case(self) -> None:
        self.workspace.show_page(_("Cases"))
        self.workspace.cases.new_case()

    def open_forms(self) -> list[FormDialog]:
        return [
            w for w in QApplication.topLevelWidgets() if isinstance(w, FormDialog) and w.isVisible()
        ]

    def _warn_lock(self, seconds: int) -> None:
        """Idle lock is near: say so where it matters, in every form holding typed input."""
        self.statusBar().showMessage(
            _("CareCoord locks in %(s)d seconds unless you keep working.") % {"s": seconds}
        )
        for form in self.open_forms():
            if form.has_unsaved_input:
                form.warn_lock(seconds)

    def _lock_warning_over(self) -> None:
        self.statusBar().clearMessage()
        for form in self.open_forms():
            form.clear_lock_warning()

    def lock(self) -> None:
        """Unconditional: open dialogs are closed and unsaved input discarded, then the vault
        is closed on the worker and the keys forgotten."""
        self.idle.disarm()
        self.statusBar().clearMessage()
        for form in self.open_forms():
            form.discard()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, (QDialog, QMessageBox)) and widget.isVisible():
                widget.reject()
        self.clipboard.clear()
        self.session.lock()
        self._show_locked()

    def closeEvent(self, event: object) -> None:
        self.lock()
        super().closeEvent(event)  # type: ignore[arg-type]


def apply_font_scale(percent: int) -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    base = app.property("carecoord_base_point_size")
    if base is None:
        base = app.font().pointSizeF()
        app.setProperty("carecoord_base_point_size", base)
    font = app.font()
    font.setPointSizeF(float(base) * percent / 100)
    app.setFont(font)
