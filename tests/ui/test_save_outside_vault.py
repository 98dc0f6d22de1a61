"""The app's save dialogs never write into the vault (issue 12): a place inside it is refused with
a message in the app's language and the chooser opens again; the next choice is used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

import ui.recovery_print
from carecoord import i18n
from carecoord.audit.integrations import store_sink
from carecoord.vault import VerifyReport
from tests.support.retention_data import fill
from tests.ui.test_letter_preview import _letterhead, _on_worker, _referral
from tests.ui.test_unlock_flow import _create
from ui.dialogs.letter import LetterDialog
from ui.main_window import MainWindow

WAIT = 20_000
DUTCH = "Deze bestemming ligt in de kluismap"
ENGLISH = "inside the vault folder"


class Chooser:
    """Answers a file dialog from a list, noting the message on screen each time it opens."""

    def __init__(self, answers: list[Path | None], on_screen: object) -> None:
        self._answers: Iterator[Path | None] = iter(answers)
        self._on_screen = on_screen
        self.seen: list[str] = []

    def __call__(self, *_args: object) -> Path | None:
        self.seen.append(self._on_screen.text())  # type: ignore[attr-defined]
        return next(self._answers)


def _vault_files(folder: Path) -> dict[str, bool]:
    """The vault's own files, and whether each is still not a PDF (temporary files aside: the
    worker may be writing the key file's access-log head meanwhile)."""
    return {
        p.name: not p.read_bytes().startswith(b"%PDF")
        for p in folder.rglob("*")
        if p.is_file() and not p.name.endswith(".part")
    }


def _verify(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """``vault verify`` of the open vault, on the vault worker as the app runs it."""
    reports: list[object] = []
    window.session.run(lambda v: v.verify(), reports.append, reports.append)
    qtbot.waitUntil(lambda: bool(reports), timeout=WAIT)
    report = reports[0]
    assert isinstance(report, VerifyReport), report
    assert report.first_failure is None


def _ready_letter(qtbot, window: MainWindow) -> LetterDialog:  # type: ignore[no-untyped-def]
    """The dialog of a referral whose letter can be made (letterhead and address complete):
    its buttons are offered once that is checked."""
    _on_worker(qtbot, window, _letterhead)
    _case, referral = _on_worker(qtbot, window, _referral(address="Postbus 9\n9700 AA Groningen"))
    dialog = LetterDialog(window.session, referral, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.ready, timeout=WAIT)
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=WAIT)
    return dialog


@pytest.mark.parametrize("language", ["nl", "en"])
def test_saving_a_letter_into_the_vault_is_refused_and_asked_again(
    qtbot, window: MainWindow, tmp_path: Path, language: str
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    folder = window.session.vault_folder
    assert folder is not None
    dialog = _ready_letter(qtbot, window)
    i18n.set_language(language)
    dialog.status.setText("")
    before = _vault_files(folder)
    link = tmp_path / "shortcut.pdf"
    link.symlink_to(folder / "vault.db")
    chooser = Chooser([folder / "vault.db", link, None], dialog.status)
    dialog.ask_save_path = lambda _suggested: chooser()  # type: ignore[method-assign]
    dialog.save_letter()
    expected = DUTCH if language == "nl" else ENGLISH
    # Asked three times: refused, refused (a symlink to vault.db), cancelled.
    assert len(chooser.seen) == 3
    assert chooser.seen[0] == ""
    assert expected in chooser.seen[1] and expected in chooser.seen[2]
    assert expected in dialog.status.text()
    assert dialog.save_button.isEnabled()  # and the dialog lets the user choose again
    assert _vault_files(folder) == before
    _verify(qtbot, window)


def test_the_access_export_into_the_vault_is_refused_then_written_where_chosen_again(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    done: list[object] = []
    window.session.run(lambda v: fill(v.db, v.user, audit=store_sink(v)), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    folder = window.session.vault_folder
    assert folder is not None
    window.workspace.show_page("Retention")
    page = window.workspace.retention
    page.tabs.setCurrentIndex(page.tabs.count() - 1)
    page.requests.client_ref.setText("CL-A")
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    answers = iter([str(folder), str(folder / "backups"), str(chosen)])
    seen: list[str] = []

    def answer(*_args: object, **_kwargs: object) -> str:
        seen.append(page.requests.request_status.text())
        return next(answers)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", answer)
    page.requests.export_subject()
    qtbot.waitUntil(
        lambda: page.requests.request_status.text().startswith("Written"), timeout=60_000
    )
    assert len(seen) == 3 and ENGLISH in seen[1] and ENGLISH in seen[2]
    assert len(list(chosen.iterdir())) == 2
    assert not [p for p in folder.rglob("subject-export-*")]
    _verify(qtbot, window)


def test_the_statistics_export_into_the_vault_is_refused_and_asked_again(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    folder = window.session.vault_folder
    assert folder is not None
    page = window.workspace.statistics
    # The choice is checked before the release is used: any release will do for the refusal.
    page.release = object()  # type: ignore[assignment]
    chooser = Chooser([folder / "backups", None], page.summary)
    page.bar.ask_folder = chooser  # type: ignore[method-assign]
    page.export()
    assert len(chooser.seen) == 2 and ENGLISH in chooser.seen[1]
    assert ENGLISH in page.summary.text()
    assert not list((folder / "backups").glob("*.csv"))
    _verify(qtbot, window)


def test_printing_a_letter_to_a_file_in_the_vault_is_refused_and_asked_again(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    folder = window.session.vault_folder
    assert folder is not None
    dialog = _ready_letter(qtbot, window)
    before = _vault_files(folder)
    to_file = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    to_file.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    to_file.setOutputFileName(str(folder / "vault.db"))
    chooser = Chooser([to_file, None], dialog.status)  # type: ignore[list-item]
    dialog.ask_printer = chooser  # type: ignore[method-assign]
    dialog.print_letter()
    assert len(chooser.seen) == 2 and ENGLISH in chooser.seen[1]
    assert dialog.print_button.isEnabled()
    assert _vault_files(folder) == before
    _verify(qtbot, window)


def test_printing_the_recovery_sheet_to_a_file_in_the_vault_is_refused_and_asked_again(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import ui.printing
    from ui.recovery_key_dialog import RecoveryKeyDialog

    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "vault.db").write_bytes(b"database")
    i18n.set_language("nl")
    try:
        dialog = RecoveryKeyDialog("ABCDE-" * 7 + "ABCDE", None, vault_folder=folder)
        qtbot.addWidget(dialog)
        to_file = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        to_file.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        to_file.setOutputFileName(str(folder / "vault.db"))
        chooser = Chooser([to_file, None], dialog.status)  # type: ignore[list-item]
        monkeypatch.setattr(ui.printing, "ask_printer", chooser)
        # A printer is installed (offscreen there is none: that path is the next test's).
        monkeypatch.setattr(ui.recovery_print, "printers_available", lambda: True)
        dialog.print_requested("ABCDE-" * 7 + "ABCDE")
    finally:
        i18n.set_language("en")
    assert len(chooser.seen) == 2 and DUTCH in chooser.seen[1]
    assert (folder / "vault.db").read_bytes() == b"database"


def test_saving_the_recovery_sheet_without_a_printer_into_the_vault_is_refused_and_asked_again(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from ui.recovery_key_dialog import RecoveryKeyDialog

    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "vault.db").write_bytes(b"database")
    outside = tmp_path / "stick" / "sheet.pdf"
    answers = iter([folder / "vault.db", outside])
    asked: list[str] = []

    def ask_path(_parent: object) -> Path:
        asked.append(dialog.status.text())
        return next(answers)

    monkeypatch.setattr(ui.recovery_print, "printers_available", lambda: False)
    monkeypatch.setattr(ui.recovery_print, "ask_save_instead", lambda _parent: True)
    monkeypatch.setattr(ui.recovery_print, "ask_sheet_path", ask_path)
    i18n.set_language("nl")
    try:
        dialog = RecoveryKeyDialog("ABCDE-" * 7 + "ABCDE", None, vault_folder=folder)
        qtbot.addWidget(dialog)
        dialog.print_requested("ABCDE-" * 7 + "ABCDE")
    finally:
        i18n.set_language("en")
    assert len(asked) == 2 and DUTCH in asked[1]  # the refusal is on screen when asked again
    assert (folder / "vault.db").read_bytes() == b"database"
    assert sorted(p.name for p in folder.iterdir()) == ["vault.db"]
    assert outside.read_bytes().startswith(b"%PDF-")
