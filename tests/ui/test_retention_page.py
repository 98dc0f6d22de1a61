"""The retention page and the client's requests over a real vault: review, legal hold, apply
(confirmed and cancelled), the rules, the access export, erasure, and correcting an identity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from carecoord.audit.integrations import store_sink
from carecoord.retention import Retention
from carecoord.vault import Vault
from carecoord.workspace import open_store
from tests.support.choices import choose_open_codes
from tests.support.retention_data import Filled, fill
from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow
from ui.pages.retention_page import RetentionPage

WAIT = 20_000


def _core(qtbot, window: MainWindow, fn: Callable[[Vault], Any]) -> Any:  # type: ignore[no-untyped-def]
    out: list[Any] = []
    window.session.run(fn, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=WAIT)
    return out[0]


def _page(qtbot, window: MainWindow) -> tuple[RetentionPage, Filled]:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    filled = _core(qtbot, window, lambda v: fill(v.db, v.user, audit=store_sink(v)))
    assert isinstance(filled, Filled)
    window.workspace.show_page("Retention")
    page = window.workspace.retention
    qtbot.waitUntil(lambda: page.review.due_table.rowCount() == 3, timeout=WAIT)
    return page, filled


def _column(table, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(r, column).text() for r in range(table.rowCount())]


def _select(table, reference: str) -> None:  # type: ignore[no-untyped-def]
    table.selectRow(_column(table, 0).index(reference))


def test_review_lists_the_back_dated_cases_and_hold_and_lift(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page, filled = _page(qtbot, window)
    # Oldest due first; C (closed 2019, support given) is not due before 2034.
    assert _column(page.review.due_table, 0) == [filled.d_case, filled.a_case, filled.b_case]
    assert _column(page.review.due_table, 2) == [
        "support given",
        "support given",
        "no support given",
    ]
    assert page.review.holds_table.rowCount() == 0

    # A hold needs a reason: refused, the dialog stays open and nothing is held.
    _select(page.review.due_table, filled.d_case)
    dialog = page.review.set_hold()
    assert dialog.form.itemAt(0, dialog.form.ItemRole.FieldRole).widget().text() == filled.d_case
    dialog.submit()
    qtbot.waitUntil(lambda: "reason" in dialog.error.text(), timeout=WAIT)
    assert dialog.isVisible()
    reason = dialog.form.itemAt(1, dialog.form.ItemRole.FieldRole).widget()
    reason.setText("criminal case pending")
    dialog.submit()
    qtbot.waitUntil(lambda: page.review.holds_table.rowCount() == 1, timeout=WAIT)
    assert _column(page.review.holds_table, 0) == [filled.d_case]
    assert _column(page.review.holds_table, 1) == ["criminal case pending"]
    assert _column(page.review.due_table, 6)[0] == "criminal case pending"

    # Also on a case that is not due (C).
    dialog = page.review.set_hold()
    dialog.form.itemAt(0, dialog.form.ItemRole.FieldRole).widget().setText(filled.c_case)
    dialog.form.itemAt(1, dialog.form.ItemRole.FieldRole).widget().setText("complaint pending")
    dialog.submit()
    qtbot.waitUntil(lambda: page.review.holds_table.rowCount() == 2, timeout=WAIT)

    # Lift acts on the chosen hold: disabled until one is chosen.
    page.review.holds_table.clearSelection()
    page.review.holds_table.setCurrentCell(-1, -1)
    assert not page.review.lift_button.isEnabled() and page.review.hold_button.isEnabled()
    # Lifting asks first and names the case; Cancel keeps the hold.
    _select(page.review.holds_table, filled.d_case)
    assert page.review.lift_button.isEnabled()
    box = page.review.lift_hold()
    assert box is not None and filled.d_case in box.text()
    box.cancel_button.click()
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=WAIT)
    assert {h.reference for h in _core(qtbot, window, lambda v: Retention(v).holds())} == {
        filled.c_case,
        filled.d_case,
    }
    _select(page.review.holds_table, filled.d_case)
    box = page.review.lift_hold()
    assert box is not None
    box.yes_button.click()
    qtbot.waitUntil(lambda: _column(page.review.holds_table, 0) == [filled.c_case], timeout=WAIT)
    assert _column(page.review.due_table, 6) == ["—", "—", "—"]


def test_cancelled_apply_changes_nothing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page, _filled = _page(qtbot, window)
    box = page.review.apply()
    assert box is not None
    assert "3 cases will be anonymised" in box.text()
    assert "0 cases will be destroyed" in box.text()
    assert "cannot be undone" in box.text()
    box.cancel_button.click()
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=WAIT)
    assert not page.busy and not page.review.progress.isVisible()
    assert _core(qtbot, window, lambda v: Retention(v).register()) == []
    count = _core(
        qtbot, window, lambda v: v.db.scalar("SELECT count(*) FROM cases WHERE anonymised_on")
    )
    assert count == 0


def test_confirmed_apply_anonymises_and_the_register_shows_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page, filled = _page(qtbot, window)
    _core(qtbot, window, lambda v: Retention(v).set_hold(filled.d_case, "criminal case pending"))
    page.refresh()
    qtbot.waitUntil(lambda: page.review.holds_table.rowCount() == 1, timeout=WAIT)
    box = page.review.apply()
    assert box is not None
    assert "2 cases will be anonymised" in box.text()
    assert "1 case under a legal hold is kept" in box.text()
    assert sorted(box.detailedText().splitlines()) == sorted(
        [f"{filled.a_case}: anonymise", f"{filled.b_case}: anonymise"]
    )
    box.yes_button.click()
    # Running on the worker: the page says so and keeps the buttons off until it is done.
    assert (
        page.busy
        and not page.review.progress.isHidden()
        and not page.review.apply_button.isEnabled()
    )
    qtbot.waitUntil(lambda: not page.busy, timeout=60_000)
    assert "2 anonymised, 0 destroyed, 1 kept" in page.review.status.text()
    qtbot.waitUntil(lambda: page.register_table.rowCount() == 2, timeout=WAIT)
    assert sorted(_column(page.register_table, 2)) == sorted([filled.a_case, filled.b_case])
    assert _column(page.register_table, 3) == ["anonymised", "anonymised"]
    assert _column(page.register_table, 1) == ["anna", "anna"]
    assert _column(page.review.due_table, 0) == [filled.d_case]
    assert _core(qtbot, window, lambda v: _identity(v, "CL-A")) is None
    assert _core(qtbot, window, lambda v: _identity(v, "CL-D")) is not None


def _identity(vault: Vault, reference: str) -> Any:
    store = open_store(vault)
    client_id = store.clients.id_for_reference(reference)
    assert client_id is not None
    return store.read.client(client_id).identity


def test_rules_change_is_confirmed_with_the_change_named(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page, _filled = _page(qtbot, window)
    page.tabs.setCurrentIndex(1)
    assert "15 years" in page.rules_text.text()
    dialog = page.change_rules()
    assert dialog is not None
    dialog.submit()
    assert dialog.error.text() == "Nothing was changed."
    dialog.support_years.setValue(20)
    dialog.none_action.setCurrentIndex(dialog.none_action.findData("destroy"))
    dialog.submit()
    box = dialog.confirmation
    assert box is not None
    assert "Support given: 15 years after closure, then anonymise → Support given: 20" in box.text()
    assert "then destroy" in box.text()
    assert "Access-log" not in box.text()  # unchanged rules are not named
    box.cancel_button.click()
    assert _core(qtbot, window, lambda v: Retention(v).rules().support_given.years) == 15
    dialog.submit()
    assert dialog.confirmation is not None
    dialog.confirmation.yes_button.click()
    qtbot.waitUntil(lambda: "20 years" in page.rules_text.text(), timeout=WAIT)
    rules = _core(qtbot, window, lambda v: Retention(v).rules())
    assert (rules.support_given.years, rules.no_support.action) == (20, "destroy")
    # B (no support, 5 years) is now to be destroyed.
    qtbot.waitUntil(lambda: "destroy" in _column(page.review.due_table, 5), timeout=WAIT)


def _files_outside(root: Path, skip: tuple[Path, ...]) -> set[Path]:
    return {
        p for p in root.rglob("*") if p.is_file() and not any(p.is_relative_to(s) for s in skip)
    }


def test_subject_export_writes_only_into_the_chosen_folder(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page, _filled = _page(qtbot, window)
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    before = _files_outside(tmp_path, (tmp_path / "vault", chosen))
    page.tabs.setCurrentIndex(3)
    # Export and erase act on the client reference typed: they wait for one.
    requests = page.requests
    assert not requests.export_button.isEnabled() and not requests.erase_button.isEnabled()
    requests.client_ref.setText("CL-A")
    assert requests.export_button.isEnabled() and requests.erase_button.isEnabled()

    # Cancelling the folder choice writes nothing.
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: "")
    page.requests.export_subject()
    assert not page.busy and list(chosen.iterdir()) == []

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(chosen))
    page.requests.export_subject()
    qtbot.waitUntil(
        lambda: page.requests.request_status.text().startswith("Written"), timeout=60_000
    )
    written = sorted(p.name for p in chosen.iterdir())
    assert len(written) == 2
    assert {Path(n).suffix for n in written} == {".pdf", ".json"}
    assert all(n in page.requests.request_status.text() for n in written)
    assert (chosen / written[0]).read_bytes().startswith(b"{")  # the JSON sorts first
    assert _files_outside(tmp_path, (tmp_path / "vault", chosen)) == before

    # An unknown client: said so, nothing written.
    page.requests.client_ref.setText("CL-NOBODY")
    page.requests.export_subject()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT)
    assert sorted(p.name for p in chosen.iterdir()) == written


def test_erasure_needs_the_typed_reference(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page, filled = _page(qtbot, window)
    page.tabs.setCurrentIndex(3)
    page.requests.client_ref.setText("CL-B")
    dialog = page.requests.erase_client()
    assert dialog is not None
    assert "CL-B" in dialog.consequence.text() and "cannot be undone" in dialog.consequence.text()
    assert not dialog.ok.isEnabled()
    dialog.typed.setText("CL-")
    assert not dialog.ok.isEnabled()
    dialog.submit()  # Enter in the field: refused
    assert "Type the client reference" in dialog.error.text()
    assert _core(qtbot, window, lambda v: Retention(v).register()) == []

    dialog.action.setCurrentIndex(dialog.action.findData("destroy"))
    assert "removed entirely" in dialog.consequence.text()
    dialog.ground.setCurrentIndex(dialog.ground.findData("art17_1b_consent_withdrawn"))
    dialog.typed.setText("CL-B")
    assert dialog.ok.isEnabled()
    dialog.submit()
    qtbot.waitUntil(lambda: "erased" in page.requests.request_status.text(), timeout=60_000)
    register = _core(qtbot, window, lambda v: Retention(v).register())
    assert [(e.case_ref, e.action, e.rule) for e in register] == [
        (filled.b_case, "destroy", "erasure:art17_1b_consent_withdrawn")
    ]
    qtbot.waitUntil(lambda: page.register_table.rowCount() == 1, timeout=WAIT)
    assert "consent withdrawn" in page.register_table.item(0, 4).text()


def test_correct_identity_keeps_history(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _page(qtbot, window)
    case_id = _core(
        qtbot,
        window,
        lambda v: int(
            v.db.scalar(
                "SELECT c.id FROM cases c JOIN clients k ON k.id = c.client_id"
                " WHERE k.reference = 'CL-C'"
            )
        ),
    )
    window.workspace.open_case(case_id)
    view = window.workspace.cases.view
    qtbot.waitUntil(lambda: view.case is not None and view.case_id == case_id, timeout=WAIT)
    dialog = view.overview.rectify_identity()
    qtbot.waitUntil(lambda: dialog.given.text() == "Ceesq", timeout=WAIT)
    assert dialog.history.item(0).text() == "(not corrected before)"
    dialog.given.setText("Cees")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    dialog = view.overview.rectify_identity()
    qtbot.waitUntil(lambda: dialog.given.text() == "Cees", timeout=WAIT)
    assert dialog.history.count() == 1
    assert "Ceesq" in dialog.history.item(0).text() and "anna" in dialog.history.item(0).text()
    dialog.reject()


def test_case_view_leads_to_the_client_requests(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page, filled = _page(qtbot, window)
    case_id = _core(
        qtbot,
        window,
        lambda v: int(v.db.scalar("SELECT id FROM cases WHERE reference = ?", (filled.b_case,))),
    )
    window.workspace.open_case(case_id)
    view = window.workspace.cases.view
    qtbot.waitUntil(lambda: view.case is not None and view.case_id == case_id, timeout=WAIT)
    view.overview.requests_button.click()
    assert window.workspace.pages.currentWidget() is page
    assert page.tabs.currentIndex() == page.tabs.count() - 1
    assert page.requests.client_ref.text() == "CL-B"


def test_erasure_refused_under_a_legal_hold_keeps_the_dialog_open(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    page, filled = _page(qtbot, window)
    _core(qtbot, window, lambda v: Retention(v).set_hold(filled.d_case, "criminal case pending"))
    page.show_requests("CL-D")
    dialog = page.requests.erase_client()
    assert dialog is not None
    dialog.typed.setText("CL-D")
    choose_open_codes(dialog)  # the ground of the erasure
    dialog.submit()
    qtbot.waitUntil(lambda: "legal hold" in dialog.error.text(), timeout=WAIT)
    assert dialog.isVisible() and dialog.progress.isHidden() and dialog.ok.isEnabled()
    assert _core(qtbot, window, lambda v: _identity(v, "CL-D")) is not None
    assert _core(qtbot, window, lambda v: Retention(v).register()) == []
    dialog.reject()


def test_apply_in_the_app_destroys_the_closed_locations_it_listed(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: a closed risk location past its period is named (by count) in the review and
    destroyed by the app's apply, not only by the command line."""
    from datetime import date

    from carecoord.domain.location import RiskLocation

    page, _filled = _page(qtbot, window)
    old = RiskLocation(
        name="Bedrijfshal Oud",
        location_type="business_park",
        municipality="GM0363",
        first_seen=date(2012, 3, 1),
        last_seen=date(2013, 5, 1),
        status="closed",
    )
    location_id = _core(qtbot, window, lambda v: open_store(v).locations.add(old))
    page.refresh()
    line = page.review.locations_line
    qtbot.waitUntil(lambda: line.isVisibleTo(page), timeout=WAIT)
    assert "1 closed risk location is past its period" in line.text()
    box = page.review.apply()
    assert box is not None
    assert "1 closed risk location will be destroyed" in box.text()
    box.yes_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=60_000)
    # One location, in the singular (issue 17: the count had no plural form).
    assert "1 risk location destroyed;" in page.review.status.text()
    remaining = _core(
        qtbot,
        window,
        lambda v: v.db.scalar("SELECT count(*) FROM risk_locations WHERE id = ?", (location_id,)),
    )
    assert remaining == 0
    assert not line.isVisibleTo(page)
