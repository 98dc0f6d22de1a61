"""Validation at the field (issue 17, WCAG 3.3.1): a refused value is named at its field by the
rule it breaks, in the UI language, with an icon and words; pydantic's text never shows; the
message goes as soon as the field is changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from carecoord import i18n
from tests.ui.test_unlock_flow import _create
from ui.field_messages import FieldMessage
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.worker import VaultWorker


@pytest.fixture
def nl_window(
    qtbot, tmp_path: Path, worker: VaultWorker, preferences: Preferences
) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    i18n.set_language("nl")
    win = MainWindow(tmp_path / "vault", worker, preferences)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.session.lock()
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


def _shown_texts(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.text() for w in dialog.findChildren(QLabel) if w.isVisible() and w.text()]


def test_a_refused_reference_is_named_at_its_field_in_dutch(qtbot, nl_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = nl_window
    _create(qtbot, window)
    assert i18n.current_language() == "nl"
    new = window.workspace.cases.new_case()
    new.reference.setText("CL 12!")
    for combo in (new.gender, new.signaller, new.sector, new.location):
        combo.set_code("unknown")
    new.submit()
    messages = [m for m in new.findChildren(FieldMessage) if m.isVisibleTo(new)]
    assert [m.field for m in messages] == [new.reference]
    rule = messages[0].text.text()
    assert rule.startswith("Alleen letters, cijfers en . _ / - zijn toegestaan")
    assert messages[0].icon.pixmap() is not None and not messages[0].icon.pixmap().isNull()
    assert new.reference.accessibleDescription() == rule
    assert new.reference.actions()  # the warning icon inside the field
    texts = " ".join(_shown_texts(new))
    for pydantic_words in ("String should", "pattern", "reference:", "validation error"):
        assert pydantic_words not in texts
    assert new.isVisible()
    # Typing clears it, and the form's message line with it.
    qtbot.keyClick(new.reference, Qt.Key.Key_Backspace)
    assert [m for m in new.findChildren(FieldMessage) if m.isVisibleTo(new)] == []
    assert not new.reference.actions() and new.error.text() == ""
    new.discard()


def test_an_open_choice_is_named_at_the_choice(qtbot, nl_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, nl_window)
    new = nl_window.workspace.cases.new_case()
    assert new.focusWidget() is new.reference  # the form opens at its first field
    new.reference.setText("CL-1")
    new.submit()
    fields = {m.field for m in new.findChildren(FieldMessage) if m.isVisibleTo(new)}
    assert fields == {new.gender, new.signaller, new.sector, new.location}
    new.gender.setCurrentIndex(1)
    fields = {m.field for m in new.findChildren(FieldMessage) if m.isVisibleTo(new)}
    assert fields == {new.signaller, new.sector, new.location}
    new.discard()


def test_the_passphrase_advice_follows_the_meter(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.unlock_page
    assert page.creating
    qtbot.keyClicks(page.passphrase, "kort")
    assert page.strength.format() == "too weak"
    assert page.advice.isVisible() and page.advice.text().startswith("The passphrase is too weak:")
    page.passphrase.setText("a few unusual words like quokka tandem")
    assert page.strength.format() != "too weak"
    assert not page.advice.isVisible()
