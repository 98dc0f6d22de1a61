"""The letter dialog: letterhead and recipient's address checked before anything else, the
message naming the real Settings tab; the letter shown in the app (QtPdf) from memory, no file
written; marking a referral sent offers the letter."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from carecoord import i18n
from carecoord.domain.case import Signal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.referral import Organisation
from carecoord.letters.model import Letterhead
from carecoord.letters.provider import save_letterhead
from carecoord.vault import Vault
from tests.ui.test_unlock_flow import _create
from ui.dialogs.letter import LetterDialog
from ui.main_window import MainWindow
from ui.operations.store_access import store_of

WAIT = 20_000


def _idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=WAIT)


def _on_worker(qtbot, window: MainWindow, job):  # type: ignore[no-untyped-def]
    out: list[object] = []
    window.session.run(job, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=WAIT)
    return out[0]


def _referral(address: str | None, sent: bool = True):  # type: ignore[no-untyped-def]
    def job(vault: Vault) -> tuple[int, int]:
        store = store_of(vault)
        client = store.clients.register(
            ClientFacts(reference="CL-0400", gender="female", nationality="RO"),
            ClientIdentity(given_name="Testa", family_name="Voorbeeld"),
        )
        case = store.cases.open(client, Signal(signal_date=vault_today(), signaller="police"))
        org = store.organisations.add(
            Organisation(name="Stichting Voorbeeldopvang", services=("shelter",), address=address)
        )
        referral = store.referrals.create(case, org, "shelter")
        if sent:
            store.referrals.send(referral, override_reason="Acute danger, police asked for a place")
        return case, referral

    return job


def vault_today():  # type: ignore[no-untyped-def]
    from datetime import date

    return date.today()


def _letterhead(vault: Vault) -> None:
    save_letterhead(
        store_of(vault),
        Letterhead(
            organisation="Gemeente Voorbeeld",
            address_lines=("Postbus 1", "1000 AA Voorbeeld"),
            coordinator_name="A. Coördinator",
            coordinator_role="Zorgcoördinator",
            phone="14 020",
        ),
    )


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(params=["nl", "en"])
def lang_window(request, qtbot, tmp_path: Path, worker, preferences):  # type: ignore[no-untyped-def]
    """The main window built in each language (its Settings tabs titled in it)."""
    i18n.set_language(request.param)
    win = MainWindow(tmp_path / "vault", worker, preferences)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.session.lock()
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_letterhead_and_address_are_checked_first_naming_the_settings_tab(
    qtbot, lang_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window = lang_window
    _create(qtbot, window)
    _case, referral = _on_worker(qtbot, window, _referral(address=None))
    tabs = window.workspace.settings_area
    settings = window.workspace.page_titles()[-1]
    dialog = LetterDialog(window.session, referral, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.blocker.text()), timeout=WAIT)
    # First the letterhead, in the tab that holds it; nothing can be done meanwhile.
    assert f"{settings} > {tabs.tabText(2)}" in dialog.blocker.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert not dialog.preview_button.isEnabled()
    dialog.reject()

    _on_worker(qtbot, window, _letterhead)
    dialog = LetterDialog(window.session, referral, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.blocker.text()), timeout=WAIT)
    # Then the recipient's address, in the partner directory.
    assert f"{settings} > {tabs.tabText(3)}" in dialog.blocker.text()
    assert not dialog.print_button.isEnabled()
    dialog.reject()


def test_the_letter_is_shown_in_the_app_and_no_file_is_written(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    scratch = tmp_path / "temp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    _create(qtbot, window)
    _on_worker(qtbot, window, _letterhead)
    _case, referral = _on_worker(qtbot, window, _referral(address="Postbus 9\n9700 AA Groningen"))
    _idle(qtbot, window)
    before = _files(tmp_path)
    archived = _on_worker(qtbot, window, lambda v: v.db.scalar("SELECT count(*) FROM documents"))

    dialog = LetterDialog(window.session, referral, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview.page_count() > 0, timeout=WAIT)
    assert dialog.blocker.isHidden()
    assert dialog.preview.view.isVisible()
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    # A tick changes the letter: the stale page goes until it is shown again.
    dialog.ticks["full_name"].setChecked(True)
    assert dialog.preview.page_count() == 0
    dialog.show_preview()
    qtbot.waitUntil(lambda: dialog.preview.page_count() > 0, timeout=WAIT)
    _idle(qtbot, window)

    # Nothing on disk: no new file anywhere under the test's folders (the vault's own files
    # changed in place), none in the temporary folder, and no PDF in the vault folder.
    after = _files(tmp_path)
    assert list(scratch.iterdir()) == []
    new = {p for p in after - before if not p.name.endswith((".part", "-wal", "-shm"))}
    assert new == set(), new
    assert not any(p.read_bytes().startswith(b"%PDF") for p in after if p.is_file())
    # A preview is not an issued letter: not archived in the vault.
    assert (
        _on_worker(qtbot, window, lambda v: v.db.scalar("SELECT count(*) FROM documents"))
        == archived
    )
    dialog.reject()


def test_marking_a_referral_sent_offers_its_letter(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    _on_worker(qtbot, window, _letterhead)
    case, referral = _on_worker(
        qtbot, window, _referral(address="Postbus 9\n9700 AA Groningen", sent=False)
    )
    ws = window.workspace
    ws.open_case(case)
    _idle(qtbot, window)
    section = ws.cases.view.referrals
    section.list.setCurrentRow(0)
    opened: list[LetterDialog] = []
    real_letter = section.letter
    section.letter = lambda chosen=None: opened.append(real_letter(chosen)) or opened[-1]  # type: ignore[method-assign]
    section.ask_override = lambda _message: "Acute danger, police asked for a place"  # type: ignore[method-assign]
    section.send_referral()
    qtbot.waitUntil(lambda: section.letter_offer is not None, timeout=WAIT)
    offer = section.letter_offer
    assert offer is not None and offer.isVisible()
    assert offer.defaultButton() is offer.button(QMessageBox.StandardButton.Yes)
    offer.button(QMessageBox.StandardButton.Yes).click()
    assert len(opened) == 1 and isinstance(opened[0], LetterDialog)
    assert opened[0].referral_id == referral
    opened[0].reject()
