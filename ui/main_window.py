"""The application window: the unlock page, or the workspace with its navigation.

The title is always plain "CareCoord": never client data or document names (DESIGN.md §1).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from carecoord import i18n
from carecoord.errors import CareCoordError
from carecoord.i18n import _, ngettext
from ui.autolock import IdleLock, ScreenLockWatcher
from ui.busy import BusyIndicator
from ui.clipboard import SecureClipboard
from ui.navigation import page_titles
from ui.preferences import Preferences
from ui.session import Session
from ui.unlock_page import UnlockPage
from ui.worker import VaultWorker

if TYPE_CHECKING:
    from carecoord.vault import Vault
    from carecoord.workspace import OpenedVault
    from ui.dialogs.base import FormDialog
    from ui.workspace import Place, Workspace

PAGE_CHECK_DELAY_MS = 2000


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
        self._workspace: Workspace | None = None
        # Where the coordinator was at the last lock: memory only (ui/workspace.py, Place).
        self._place: Place | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.unlock_page)
        self.setCentralWidget(self.stack)
        self.lock_state = QLabel()
        self.lock_state.setAccessibleName(_("Lock state"))
        self.busy = BusyIndicator(worker)
        self.statusBar().addPermanentWidget(self.busy)
        self.region_state = QLabel()
        self.region_state.setAccessibleName(_("Region"))
        self.statusBar().addPermanentWidget(self.region_state)
        self.statusBar().addPermanentWidget(self.lock_state)

        self._build_menus()

        self.idle = IdleLock(self.preferences.idle_minutes, self)
        self.idle.lockRequested.connect(self.lock)
        self.idle.lockWarning.connect(self._warn_lock)
        self.idle.activityResumed.connect(self._lock_warning_over)  # watches input once armed
        self.screen_lock = ScreenLockWatcher(self)
        self.screen_lock.screenLocked.connect(self.lock)

        self.failed_notice = ""
        self.unlock_page.unlocked.connect(self._on_unlocked)
        self._show_locked()
        # The focus ring and accents, after the first frame (issue 14; ui/theme.py).
        QTimer.singleShot(0, _install_theme)

    def _build_menus(self) -> None:
        """The menus in the current language (built again when the language changes)."""
        for action in [*getattr(self, "menu_actions", []), *getattr(self, "workspace_actions", [])]:
            action.deleteLater()  # the previous language's, with their shortcuts
        self.menuBar().clear()
        self.lock_action = QAction(_("&Lock"), self)
        set_shortcut(self.lock_action, QKeySequence("Ctrl+L"))  # from any window: _on_unlocked
        self.lock_action.triggered.connect(self.lock)
        quit_action = QAction(_("&Quit"), self)
        set_shortcut(quit_action, QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        self.new_case_action = QAction(_("&New case…"), self)
        set_shortcut(self.new_case_action, QKeySequence(QKeySequence.StandardKey.New))
        self.new_case_action.triggered.connect(self.new_case)
        menu = self.menuBar().addMenu(_("&File"))
        menu.addAction(self.new_case_action)
        menu.addSeparator()
        menu.addAction(self.lock_action)
        menu.addAction(quit_action)
        self.go_menu = self.menuBar().addMenu(_("&Go"))
        self.refresh_action = QAction(_("&Refresh"), self)
        set_shortcut(self.refresh_action, QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.triggered.connect(self._refresh_current)
        self.refresh_action.triggered.connect(self.show_region)
        self.go_menu.addAction(self.refresh_action)
        self.go_menu.addSeparator()
        # Ctrl+1 … Ctrl+9 and Ctrl+0 open the pages in the order of the navigation list (the
        # tenth on 0, the key after 9 on the keyboard's row): every page has its key.
        for number, title in enumerate(page_titles(), start=1):
            action = QAction(title, self)
            if number <= 10:
                set_shortcut(action, QKeySequence(f"Ctrl+{number % 10}"))
            action.triggered.connect(lambda _c=False, t=title: self.workspace.show_page(t))
            self.go_menu.addAction(action)
        # No Alt letter for Help: every letter is taken on some screen in one of the languages;
        # F1 opens the shortcuts from anywhere.
        help_menu = self.menuBar().addMenu(_("Help"))
        shortcuts_action = QAction(_("&Keyboard shortcuts"), self)
        set_shortcut(shortcuts_action, QKeySequence(QKeySequence.StandardKey.HelpContents))
        shortcuts_action.triggered.connect(self.show_shortcuts)
        about_action = QAction(_("&About CareCoord"), self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(shortcuts_action)
        help_menu.addAction(about_action)
        self.menu_actions = [quit_action, self.lock_action, shortcuts_action, about_action]
        self.workspace_actions = [
            self.new_case_action,
            self.refresh_action,
            *self.go_menu.actions(),
        ]

    def apply_language(self, language: str) -> None:
        """The language switch, at once: our catalog and Qt's own, then the menus, the unlock
        screen and the workspace built again in the new language. The workspace comes back on
        the settings page where the switch was made (nothing typed is lost: the switch is made
        there, with no form open), with the case that was open on the cases page open again at
        its tab (held in this call only, like the place kept over a lock: never on disk)."""
        from ui.language import install_language

        app = QApplication.instance()
        if language == i18n.current_language() or not isinstance(app, QApplication):
            return
        install_language(app, language)
        self._build_menus()
        unlocked = self.session.is_unlocked
        for action in [*self.workspace_actions, self.lock_action]:
            action.setEnabled(unlocked)
        if unlocked:
            from PySide6.QtCore import Qt

            self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        old_unlock = self.unlock_page
        self.unlock_page = UnlockPage(old_unlock.folder, old_unlock.worker)
        self.unlock_page.unlocked.connect(self._on_unlocked)
        self.stack.insertWidget(0, self.unlock_page)
        self.stack.removeWidget(old_unlock)
        old_unlock.deleteLater()
        self.lock_state.setAccessibleName(_("Lock state"))
        self.region_state.setAccessibleName(_("Region"))
        old = self._workspace
        self._workspace = None
        place = old.place(self.session.user) if old is not None and unlocked else None
        if old is not None:
            self.stack.removeWidget(old)
            old.hide()
            self._retire(old)
        if unlocked:
            self.lock_state.setText(_("Unlocked"))
            workspace = self.workspace
            self.stack.setCurrentWidget(workspace)
            workspace.start(place)
            workspace.settings.language.setFocus()
            self.show_region()
        else:
            self._show_locked()

    def _retire(self, old: QWidget) -> None:
        """Deleted once the vault worker has answered every job the old pages sent it (their
        answers still arrive, to hidden pages)."""
        worker = self.unlock_page.worker
        if not worker.busy:
            old.deleteLater()
            return

        def idle(busy: bool) -> None:
            if not busy:
                worker.busyChanged.disconnect(idle)
                old.deleteLater()

        worker.busyChanged.connect(idle)

    @property
    def workspace(self) -> Workspace:
        """Built when first needed (at the first unlock), so that the unlock screen comes up
        without the pages' modules (issue 14); the vault worker has loaded their heavy core
        modules during the unlock (ui/workspace_modules.py)."""
        if self._workspace is None:
            from ui.workspace import Workspace

            workspace = Workspace(self.session, self.preferences)
            workspace.cases.view.copy_sensitive = self.clipboard.copy_sensitive
            workspace.settings.idleMinutesChanged.connect(self.idle.set_minutes)
            workspace.settings.fontScaleChanged.connect(apply_font_scale)
            # Queued: the settings page that emits it is replaced by the switch.
            workspace.settings.languageChanged.connect(
                lambda code: QTimer.singleShot(0, lambda: self.apply_language(code))
            )
            workspace.settings_area.vault.regionChanged.connect(self.show_region)
            self.stack.addWidget(workspace)
            self._workspace = workspace
        return self._workspace

    # The help dialogs' module is loaded when one is first asked for, not for the unlock screen.
    def show_shortcuts(self) -> None:
        from ui.help_dialogs import shortcuts_dialog

        shortcuts_dialog(self)

    def show_about(self) -> None:
        from ui.help_dialogs import about_dialog

        about_dialog(self)

    def show_installation_problem(self, notice: str) -> None:
        """A broken installation (a missing catalog): said on every screen, locked or not."""
        self.installation_problem = QLabel(notice)
        self.installation_problem.setAccessibleName(_("Installation problem"))
        self.installation_problem.setWordWrap(True)
        self.statusBar().addWidget(self.installation_problem, 1)

    def _refresh_current(self) -> None:
        self.workspace.refresh_current()

    # -- lock state ------------------------------------------------------------------------------
    def _on_unlocked(self, unlocked: OpenedVault) -> None:
        from PySide6.QtCore import Qt

        vault = unlocked.vault
        self.session.attach(unlocked)
        self.stack.setCurrentWidget(self.workspace)
        # Ctrl+L locks from every window of the app, a dialog too. Set here, where there is
        # first something to lock, rather than for the unlock screen: the Qt namespace's hundred
        # enums cost that screen a fifth of a bare window's start (issue 14).
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.setEnabled(True)
        for action in self.workspace_actions:
            action.setEnabled(True)
        self.lock_state.setText(_("Unlocked"))
        self.show_failed_attempts(vault)
        # Back where this coordinator was before the lock (another user starts afresh).
        place, self._place = self._place, None
        self.workspace.start(place if place is not None and place.user == vault.user else None)
        self.show_region()
        # The whole file's page HMACs, deferred from unlock so a large vault opens quickly
        # (every page that is read is HMAC-checked anyway); started once the first screens
        # have had their turn on the serial worker.
        QTimer.singleShot(PAGE_CHECK_DELAY_MS, self._check_pages)
        self.idle.arm()

    def show_region(self) -> None:
        self.session.run(_read_region, self._region_read, lambda _e: None)

    def _region_read(self, codes: tuple[str, ...]) -> None:
        if not self.session.is_unlocked:
            return
        if not codes:
            self.region_state.setText(_("No region set"))
            self.region_state.setToolTip(_("Set the region's municipalities in Settings."))
            return
        from carecoord.domain.municipalities import municipalities

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
        from carecoord.audit import failed_attempts_since_last_session  # loaded by the unlock

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
        # Before the workspace's modules are loaded no form can exist (and none is imported
        # for the unlock screen, issue 14).
        if "ui.dialogs.base" not in sys.modules:
            return []
        from ui.dialogs.base import FormDialog

        return [
            w for w in QApplication.topLevelWidgets() if isinstance(w, FormDialog) and w.isVisible()
        ]

    def _warn_lock(self, seconds: int) -> None:
        """Idle lock is near: say so where it matters, in every form holding typed input."""
        self.statusBar().showMessage(
            ngettext(
                "CareCoord locks in %(s)d second unless you keep working.",
                "CareCoord locks in %(s)d seconds unless you keep working.",
                seconds,
            )
            % {"s": seconds}
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
            if isinstance(widget, QDialog) and widget.isVisible():  # a QMessageBox is one too
                widget.reject()
        self.clipboard.clear()
        if self._workspace is not None and self.session.is_unlocked:
            self._place = self._workspace.place(self.session.user)
        self.session.lock()
        self._show_locked()

    def closeEvent(self, event: object) -> None:
        self.lock()
        super().closeEvent(event)  # type: ignore[arg-type]


def _read_region(vault: Vault) -> tuple[str, ...]:
    """On the vault worker, with the session's store (opened with the vault at unlock)."""
    from ui.operations.store_access import store_of

    return store_of(vault).settings.region()


def _install_theme() -> None:
    from ui import theme

    theme.install()


def set_shortcut(action: QAction, keys: QKeySequence) -> None:
    """``action.setShortcut(keys)``, as Qt defines it (one sequence, or none when empty).

    Through ``setShortcuts``: PySide's overload check of ``setShortcut`` creates the Qt
    namespace's hundred enums, a fifth of a bare window's start (issue 14).
    """
    action.setShortcuts([] if keys.isEmpty() else [keys])


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
