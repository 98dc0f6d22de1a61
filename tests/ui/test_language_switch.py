"""The language switch applies at once (issue 17): the menus, the workspace and Qt's own buttons
speak the new language without a restart, and the unlock screen after a lock does too."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from carecoord import i18n
from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_switching_to_dutch_applies_at_once(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.preferences.language = "en"  # as the fixture shows it
    _create(qtbot, window)
    window.workspace.show_page("Settings")
    assert "&File" in _menu_titles(window)
    old = window.workspace
    general = window.workspace.settings
    general.language.setCurrentIndex(general.language.findData("nl"))
    qtbot.waitUntil(lambda: window._workspace is not old and window._workspace is not None)
    assert i18n.current_language() == "nl"
    assert "&Bestand" in _menu_titles(window)
    ws = window.workspace
    assert window.stack.currentWidget() is ws
    assert ws.page_titles()[0] == "Overzicht"
    assert ws.pages.currentWidget() is ws.settings_area  # back where the switch was made
    assert window.session.is_unlocked and window.lock_action.isEnabled()
    # Qt's own standard buttons, from PySide6's qtbase_nl catalog.
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuleren"
    message = QMessageBox(QMessageBox.Icon.Information, "", "", QMessageBox.StandardButton.Close)
    assert message.button(QMessageBox.StandardButton.Close).text().replace("&", "") == "Sluiten"
    window.lock()
    assert window.unlock_page.button.text() == "&Ontgrendelen"
    assert window.lock_state.text() == "Vergrendeld"
