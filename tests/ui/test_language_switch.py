"""The language switch applies at once (issue 17): the menus, the workspace and Qt's own buttons
speak the new language without a restart, and the unlock screen after a lock does too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from carecoord import i18n
from tests.ui.test_search_and_resume import _add_case, _idle, _on_worker
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


def test_the_switch_keeps_the_open_case_and_its_tab_without_writing_it_down(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.preferences.language = "en"
    _create(qtbot, window)
    case_id = _on_worker(qtbot, window, _add_case("CL-7201", "Wissel", "labour"))
    ws = window.workspace
    ws.open_case(case_id)
    _idle(qtbot, window)
    view = ws.cases.view
    view.tabs.setCurrentWidget(view.consents)
    files_before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    ws.show_page("Settings")
    general = ws.settings
    general.language.setCurrentIndex(general.language.findData("nl"))
    qtbot.waitUntil(lambda: window._workspace not in (ws, None))
    new = window.workspace
    assert new.pages.currentWidget() is new.settings_area  # still where the switch was made
    assert new.settings.language.hasFocus()
    # The cases page shows the same case again, at the same tab, now in Dutch.
    new.show_page("Dossiers")
    _idle(qtbot, window)
    again = new.cases.view
    assert new.cases.currentWidget() is again and again.case_id == case_id
    qtbot.waitUntil(lambda: again.case is not None, timeout=10_000)
    assert again.case.summary.client_reference == "CL-7201"
    assert again.tabs.currentWidget() is again.consents
    assert again.tabs.tabText(again.tabs.currentIndex()).replace("&", "") != "Consents"

    # Held in memory only: no preference names a case or page, no new file outside the vault.
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert not [k for k in settings.allKeys() if "case" in k.casefold() or "page" in k.casefold()]
    files_after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert [f for f in files_after if f not in files_before and f.parts[0] != "vault"] == []

    # A part of the case work (its inner tab) is kept too.
    again.tabs.setCurrentWidget(again.casework)
    again.casework.parts.setCurrentIndex(2)
    new.show_page("Instellingen")
    new.settings.language.setCurrentIndex(new.settings.language.findData("en"))
    qtbot.waitUntil(lambda: window._workspace not in (new, None))
    third = window.workspace
    third.show_page("Cases")
    _idle(qtbot, window)
    assert third.cases.view.tabs.currentWidget() is third.cases.view.casework
    assert third.cases.view.casework.parts.currentIndex() == 2

    # Without an open case, the cases page after the switch is the list.
    third.cases.show_list()
    third.show_page("Settings")
    third.settings.language.setCurrentIndex(third.settings.language.findData("nl"))
    qtbot.waitUntil(lambda: window._workspace not in (third, None))
    last = window.workspace
    assert last.pages.currentWidget() is last.settings_area
    assert last.cases.currentWidget() is last.cases.list
