"""Settings: the letterhead logo (checked when chosen, kept with the letterhead, fields this
screen does not show left as stored) and partner organisations changed or made inactive."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from carecoord.domain.referral import Organisation
from carecoord.letters.model import Letterhead
from carecoord.letters.provider import load_letterhead, save_letterhead
from carecoord.workspace import open_store
from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow


def _run(qtbot, window: MainWindow, fn):  # type: ignore[no-untyped-def]
    out: list[object] = []
    window.session.run(fn, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    return out[0]


def _idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=10_000)


def _errors() -> list[str]:
    return [
        w.text()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_logo_chosen_checked_and_kept(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    stored = Letterhead(organisation="Gemeente Voorbeeld", signature_lines=("Team Zorg",))
    _run(qtbot, window, lambda v: save_letterhead(open_store(v), stored))
    window.workspace.show_page("Settings")
    _idle(qtbot, window)
    settings = window.workspace.settings_area.vault
    assert settings.logo_png is None and not settings.remove_logo.isEnabled()

    not_png = tmp_path / "logo.png"
    not_png.write_text("not an image")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(not_png), ""))
    settings.pick_logo()
    assert any("PNG" in text for text in _errors())
    assert settings.logo_png is None

    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), (0, 80, 160)).save(buffer, format="PNG")
    good = tmp_path / "good.png"
    good.write_bytes(buffer.getvalue())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(good), ""))
    settings.pick_logo()
    assert settings.logo_png == buffer.getvalue()
    assert settings.logo.pixmap() is not None and not settings.logo.pixmap().isNull()

    settings.save_letterhead()
    _idle(qtbot, window)
    saved = _run(qtbot, window, lambda v: load_letterhead(open_store(v)))
    assert saved.logo_png == buffer.getvalue()
    assert saved.signature_lines == ("Team Zorg",)  # not on this screen, so left as stored
    assert saved.organisation == "Gemeente Voorbeeld"

    settings.remove_logo.click()
    settings.save_letterhead()
    _idle(qtbot, window)
    assert _run(qtbot, window, lambda v: load_letterhead(open_store(v))).logo_png is None


def test_partner_organisation_changed_and_made_inactive(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    org_id = _run(
        qtbot,
        window,
        lambda v: open_store(v).organisations.add(Organisation(name="Opvang Noord")),
    )
    window.workspace.show_page("Settings")
    _idle(qtbot, window)
    settings = window.workspace.settings_area.vault
    # Change acts on the chosen organisation: disabled until one is chosen.
    settings.organisations.setCurrentRow(-1)
    assert not settings.edit_org.isEnabled() and settings.add_org.isEnabled()
    settings.organisations.setCurrentRow(0)
    assert settings.edit_org.isEnabled()
    dialog = settings.edit_organisation()
    assert dialog is not None
    fields = {
        dialog.form.itemAt(i * 2).widget().text(): dialog.form.itemAt(i * 2 + 1).widget()
        for i in range(dialog.form.rowCount())
    }  # type: ignore[union-attr]
    assert fields["&Name"].text() == "Opvang Noord"  # type: ignore[attr-defined]
    fields["&Services"].set_codes(("shelter",))  # type: ignore[attr-defined]
    fields["Status"].setChecked(False)  # type: ignore[attr-defined]
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    _idle(qtbot, window)
    org = _run(qtbot, window, lambda v: open_store(v).organisations.get(org_id))
    assert org.services == ("shelter",) and not org.active and org.name == "Opvang Noord"
    assert "(inactive)" in settings.organisations.item(0).text()
