"""Handing a case over and receiving one in the app (issue 19): Settings > Handover shows this
vault's keys and adds a region only with the matching fingerprint; the case view's dialog seals
the case on an override and closes it; the receive dialog shows an unknown sender's fingerprint
and receives only once the coordinator ticked that it matches."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carecoord import demo
from carecoord.letters.model import Letterhead
from carecoord.letters.provider import save_letterhead
from carecoord.transfer import identity
from carecoord.transfer.regions import add_region
from carecoord.transfer.sending import send_case
from carecoord.vault import Vault
from carecoord.workspace import open_store
from tests.conftest import PASSPHRASE
from tests.ui.test_unlock_flow import _create
from ui.dialogs.transfer import HandOverDialog, ReceiveDialog
from ui.main_window import MainWindow

OVERRIDE = "Placed in a shelter in another region for her safety, urgent."


def _idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=30_000)


def _letterhead(store, name: str) -> None:  # type: ignore[no-untyped-def]
    save_letterhead(
        store,
        Letterhead(
            organisation=name,
            address_lines=("Postbus 1", "1000 AA Plaats"),
            coordinator_name="A. Coördinator",
            coordinator_role="Zorgcoördinator mensenhandel",
            phone="14 020",
        ),
    )


def _fill(qtbot, window: MainWindow) -> int:  # type: ignore[no-untyped-def]
    found: list[int] = []

    def job(vault):  # type: ignore[no-untyped-def]
        store = open_store(vault)
        _letterhead(store, "Gemeente Aland")
        demo.generate(store, 10, seed=4, today=date.today())
        return int(vault.db.scalar("SELECT min(id) FROM cases WHERE phase <> 'closed'"))

    window.session.run(job, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=60_000)
    return found[0]


def test_hand_over_from_the_case_view(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _fill(qtbot, window)
    other, _key = Vault.create(tmp_path / "vault-b", "bob", PASSPHRASE)
    keys = identity.public_keys(other.db)
    other.lock()

    settings = window.workspace.settings_area.transfer
    settings.refresh()
    _idle(qtbot, window)
    assert settings.fingerprint.text().count("-") == 4
    assert settings.recipient.text().startswith("age1")
    settings.name.setText("Gemeente Beland")
    settings.new_recipient.setText(keys.recipient)
    settings.new_signing.setText(keys.signing)
    settings.new_fingerprint.setText("AAAA-BBBB-CCCC-DDDD-EEEE")
    settings.add_region()
    _idle(qtbot, window)
    assert "does not match" in settings.status.text() and settings.table.rowCount() == 0
    settings.new_fingerprint.setText(keys.fingerprint.lower())
    settings.add_region()
    _idle(qtbot, window)
    assert settings.table.rowCount() == 1
    assert settings.table.item(0, 0).text() == "Gemeente Beland"

    window.workspace.cases.open_case(case_id)
    _idle(qtbot, window)
    view = window.workspace.cases.view
    assert view.hand_over_action.isEnabled()
    dialog = view.hand_over()
    assert isinstance(dialog, HandOverDialog)
    _idle(qtbot, window)
    assert dialog.region.count() == 1 and "No valid consent" in dialog.consent.text()
    # Into the vault folder is refused and asked again; then outside it.
    answers = [window.session.vault_folder / "x.age", tmp_path / "out" / "case.age"]  # type: ignore[operator]
    dialog.ask_save_path = lambda *_a: answers.pop(0)  # type: ignore[method-assign]
    dialog.send()  # no reason yet: refused, stays open
    _idle(qtbot, window)
    assert dialog.isVisible() and "consent" in dialog.status.text().lower()
    assert not (tmp_path / "out" / "case.age").exists()
    answers = [tmp_path / "out" / "case.age"]
    dialog.reason.setPlainText(OVERRIDE)
    with qtbot.waitSignal(dialog.handedOver, timeout=30_000):
        dialog.send()
    _idle(qtbot, window)
    assert (tmp_path / "out" / "case.age").stat().st_size > 0
    assert view.case is not None and view.case.summary.closure_reason == "transferred_region"
    assert not view.hand_over_action.isEnabled()


def test_receive_from_an_unknown_region(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    own: list[identity.PublicKeys] = []
    window.session.run(lambda v: identity.public_keys(v.db), own.append)
    qtbot.waitUntil(lambda: bool(own), timeout=10_000)

    sender, _key = Vault.create(tmp_path / "vault-c", "carl", PASSPHRASE)
    store = open_store(sender)
    _letterhead(store, "Gemeente Celand")
    demo.generate(store, 5, seed=2, today=date.today())
    add_region(
        store,
        "Gemeente Aland",
        recipient=own[0].recipient,
        signing_public=own[0].signing_public,
        confirmed_fingerprint=own[0].fingerprint,
    )
    reference = str(sender.db.scalar("SELECT min(reference) FROM cases WHERE phase <> 'closed'"))
    package = tmp_path / "in" / "case.age"
    send_case(
        sender, store, reference, recipient=own[0].recipient, out=package, override_reason=OVERRIDE
    )
    fingerprint = identity.public_keys(sender.db).fingerprint
    sender.lock()

    dialog = window.workspace.cases.receive_handover()
    assert isinstance(dialog, ReceiveDialog)
    dialog.open_package(package)
    _idle(qtbot, window)
    assert dialog.fingerprint.text() == fingerprint
    assert "Gemeente Celand" in dialog.sender_label.text()
    assert dialog.confirmed.isVisibleTo(dialog) and not dialog.receive_button.isEnabled()
    dialog.confirmed.setChecked(True)
    assert dialog.receive_button.isEnabled()
    with qtbot.waitSignal(dialog.received, timeout=30_000) as blocker:
        dialog.receive()
    _idle(qtbot, window)
    view = window.workspace.cases.view
    assert view.case is not None and view.case.id == blocker.args[0]
    # The case says where it came from, when, and its number there.
    summary = view.case.summary
    assert summary.received_from and summary.sender_reference
    assert view.received.isVisibleTo(view)
    assert summary.received_from in view.received.text()
    assert summary.sender_reference in view.received.text()
    # A second time: refused, shown in the dialog.
    again = window.workspace.cases.receive_handover()
    again.open_package(package)
    _idle(qtbot, window)
    assert "received before" in again.status.text() and not again.receive_button.isEnabled()
