"""Issue 12: with no printer installed (Qt offscreen has none), printing never writes a PDF by
itself. Qt's print dialog would offer only "print to file" with a name filled in, so it is not
opened at all; the recovery sheet may be saved as a file only where the user chooses, after a
warning that the file is the key in clear."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinterInfo
from PySide6.QtWidgets import QMessageBox, QWidget

from carecoord import i18n
from ui import printing, recovery_print
from ui.printing import ask_printer
from ui.recovery_print import KeyFileWarning, print_recovery_sheet

KEY = "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567-89ABC-DEFGH"


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Home and working folder in tmp_path; every print dialog that would open is recorded
    and 'accepted', as a user pressing Print on what Qt offers."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    opened: list[str] = []

    def press_print(dialog: QPrintDialog) -> int:
        opened.append("print dialog")
        dialog.accept()
        return int(QPrintDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QPrintDialog, "exec", press_print)
    assert QPrinterInfo.availablePrinters() == []  # the situation under test
    i18n.set_language("en")
    yield opened
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _answer(monkeypatch: pytest.MonkeyPatch, save: bool, path: Path | None) -> list[str]:
    asked: list[str] = []

    def warning(self: QMessageBox) -> int:
        asked.append(self.text())
        button = self.save_button if save else self.button(QMessageBox.StandardButton.Cancel)  # type: ignore[attr-defined]
        assert self.defaultButton() is self.button(QMessageBox.StandardButton.Cancel)
        button.click()
        return 0

    monkeypatch.setattr(KeyFileWarning, "exec", warning)
    monkeypatch.setattr(recovery_print, "ask_sheet_path", lambda _parent: path)
    return asked


def test_no_printer_writes_nothing_unless_a_file_is_chosen(
    qtbot, places: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    asked = _answer(monkeypatch, save=False, path=None)
    assert (
        print_recovery_sheet(KEY, None, vault_folder=tmp_path / "vault", show=shown.append) is False
    )
    assert asked and "in clear" in asked[0]  # told what such a file would be
    assert places == []  # no print dialog with a file name filled in
    assert _files(tmp_path) == []

    # "Save as PDF…", then Cancel in the file dialog: still nothing.
    asked = _answer(monkeypatch, save=True, path=None)
    assert (
        print_recovery_sheet(KEY, None, vault_folder=tmp_path / "vault", show=shown.append) is False
    )
    assert _files(tmp_path) == []

    # A file the user chose: exactly that one, owner-only.
    chosen = tmp_path / "stick" / "sheet.pdf"
    chosen.parent.mkdir()
    asked = _answer(monkeypatch, save=True, path=chosen)
    assert (
        print_recovery_sheet(KEY, None, vault_folder=tmp_path / "vault", show=shown.append) is True
    )
    assert _files(tmp_path) == [chosen]
    assert chosen.read_bytes().startswith(b"%PDF-")
    if os.name == "posix":
        assert chosen.stat().st_mode & 0o077 == 0
    assert places == []
    assert shown == []  # nothing was refused


def test_letters_without_a_printer_say_so_and_write_nothing(
    qtbot, places: list[str], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    assert ask_printer(parent, "Use “Save as…”.") is None
    assert places == []
    told = [
        w
        for w in parent.findChildren(QMessageBox)
        if isinstance(w, QMessageBox) and w.isVisible() and "No printer" in w.text()
    ]
    assert told and "Save as" in told[0].text()
    for box in told:
        box.close()
    assert _files(tmp_path) == []
    assert printing.printers_available() is False
