"""The case search as the coordinator types: debounced, on the vault worker, within the filters,
logged once per settled query (as keyed hashes); Down arrow reaches the results. And after a
lock and unlock the coordinator is back where they were, with nothing about it on disk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from carecoord.audit import AccessLog
from carecoord.domain.case import Signal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.test_unlock_flow import _create, _unlock
from ui.main_window import MainWindow
from ui.operations.store_access import store_of


def _idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=10_000)


def _on_worker(qtbot, window: MainWindow, job):  # type: ignore[no-untyped-def]
    """Run ``job(vault)`` on the vault worker and wait for its result."""
    out: list[object] = []
    window.session.run(job, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    return out[0]


def _add_case(ref: str, family: str, form: str, on: date = date(2025, 3, 1)):  # type: ignore[no-untyped-def]
    def job(vault: Vault) -> int:
        store = store_of(vault)
        client = store.clients.register(
            ClientFacts(reference=ref, gender="female", nationality="RO"),
            ClientIdentity(given_name="Testa", family_name=family),
        )
        return store.cases.open(
            client,
            Signal(signal_date=on, signaller="police", exploitation_forms=(form,)),
        )

    return job


def _searches(vault: Vault) -> list[tuple[str | None, str | None]]:
    """Every search entry of the log: (case, keyed hashes)."""
    return [
        (
            e.case_ref,
            vault.db.scalar("SELECT search_digests FROM access_log WHERE seq = ?", (e.seq,)),
        )
        for e in AccessLog(vault).entries(limit=1000)
        if e.action == "search"
    ]


def test_search_as_you_type_is_logged_once_per_settled_query(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    labour = _on_worker(qtbot, window, _add_case("CL-7001", "Voorbeeld", "labour"))
    _on_worker(qtbot, window, _add_case("CL-7002", "Voorbeeldig", "sexual"))
    ws = window.workspace
    ws.show_page("Cases")
    _idle(qtbot, window)
    page = ws.cases.list
    # The filters say what they filter, with a visible label the Alt key reaches.
    assert [label.text() for label in page.filter_labels] == [
        "P&hase",
        "Form of e&xploitation",
        "M&unicipality",
    ]
    assert [label.buddy() for label in page.filter_labels] == [
        page.phase,
        page.form,
        page.municipality,
    ]
    assert page.phase.currentText() == "all phases"

    # Within the filter "labour exploitation", typed key by key faster than the pause.
    page.form.set_code("labour")
    _idle(qtbot, window)
    before = len(_on_worker(qtbot, window, _searches))
    page.search.setFocus()
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        for key in "Voorbeeld":
            qtbot.keyClick(page.search, key)
            QApplication.processEvents()  # the timer would fire here if the pause had passed
            assert page.search_timer.isActive()
    _idle(qtbot, window)
    assert page.model.rowCount() == 1  # the sexual exploitation case is filtered out
    assert page.model.row_object(0).id == labour  # type: ignore[union-attr]

    entries = _on_worker(qtbot, window, _searches)[before:]
    assert len(entries) == 1, entries  # one search for nine keystrokes
    assert entries[0][0] == str(labour) and entries[0][1]
    # The log holds the settled query's keyed hashes, not the text, nor any half-typed prefix.
    found = _on_worker(qtbot, window, lambda v: AccessLog(v).searched_for("voorbeeld"))
    assert len(found) == 1  # type: ignore[arg-type]
    assert _on_worker(qtbot, window, lambda v: AccessLog(v).searched_for("Voorbee")) == []
    dump = _on_worker(qtbot, window, lambda v: repr(v.db.all("SELECT * FROM access_log")))
    assert "oorbeeld" not in str(dump).casefold()

    # Enter on the query already shown does not search (or log) it again; Down reaches the list.
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert ws.cases.currentWidget() is ws.cases.view and ws.cases.view.case_id == labour
    _idle(qtbot, window)
    assert len(_on_worker(qtbot, window, _searches)[before:]) == 1

    # Another filter with the same text is another query: searched once more, both cases now.
    ws.cases.show_list()  # shown again, so searched again (the file may have changed meanwhile)
    _idle(qtbot, window)
    before = len(_on_worker(qtbot, window, _searches))
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.form.set_code(None)
    _idle(qtbot, window)
    assert page.model.rowCount() == 2
    assert (
        len(_on_worker(qtbot, window, _searches)[before:]) == 2
    )  # one search: an entry per case shown


def test_unlock_returns_to_the_page_and_case_without_writing_it_down(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _on_worker(qtbot, window, _add_case("CL-7101", "Terugkeer", "labour"))
    ws = window.workspace
    ws.open_case(case_id)
    _idle(qtbot, window)
    view = ws.cases.view
    view.tabs.setCurrentWidget(view.consents)
    files_before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())

    window.lock()
    assert window.stack.currentWidget() is window.unlock_page
    _idle(qtbot, window)
    _unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=10_000)
    _idle(qtbot, window)
    assert ws.page_titles()[ws.nav.currentRow()] == "Cases"
    assert ws.cases.currentWidget() is view and view.case_id == case_id
    assert view.case is not None and view.case.summary.client_reference == "CL-7101"
    assert view.tabs.currentWidget() is view.consents

    # Held in memory only: no preference, no new file (the vault's own files aside).
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert not [k for k in settings.allKeys() if "case" in k.casefold() or "page" in k.casefold()]
    files_after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert [f for f in files_after if f not in files_before and f.parts[0] != "vault"] == []

    # A page other than the cases: back on that page, not on the dashboard.
    ws.show_page("Access log")
    _idle(qtbot, window)
    window.lock()
    _idle(qtbot, window)
    _unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=10_000)
    _idle(qtbot, window)
    assert ws.page_titles()[ws.nav.currentRow()] == "Access log"
