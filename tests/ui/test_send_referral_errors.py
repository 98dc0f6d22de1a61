"""After "send referral", only a consent refusal offers the override; other errors are shown."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from carecoord import demo
from carecoord.workspace import open_store
from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow


def _idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=20_000)


def _errors() -> list[str]:
    return [
        w.text()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible()
    ]


def _referral(qtbot, window: MainWindow, status: str, *, consent: bool) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(case id, referral id) of a demo referral with that status, with or without a consent."""
    found: list[tuple[int, int]] = []

    def pick(vault):  # type: ignore[no-untyped-def]
        store = open_store(vault)
        demo.generate(store, 60, seed=5)
        for line in store.referrals.lines(status=status):
            referral = store.referrals.get(line.id)
            if (referral.consent_id is not None) == consent or status == "draft":
                return (referral.case_id, referral.id)
        raise AssertionError(f"no {status} referral in the demo")

    window.session.run(pick, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=60_000)
    return found[0]


def _select(qtbot, window: MainWindow, case_id: int, referral_id: int):  # type: ignore[no-untyped-def]
    ws = window.workspace
    ws.open_case(case_id)
    _idle(qtbot, window)
    view = ws.cases.view
    rows = [view.referrals.list.item(i).data(256) for i in range(view.referrals.list.count())]
    view.referrals.list.setCurrentRow([int(r) for r in rows].index(referral_id))
    return view


def test_a_referral_already_sent_is_shown_as_such_without_an_override(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id, referral_id = _referral(qtbot, window, "sent", consent=True)
    view = _select(qtbot, window, case_id, referral_id)
    asked: list[str] = []
    view.referrals.ask_override = lambda message: asked.append(message) or None  # type: ignore[method-assign]
    view.referrals.send_referral()
    _idle(qtbot, window)
    assert asked == [], "a status error is not a consent refusal"
    errors = _errors()
    assert len(errors) == 1 and "consent" not in errors[0].lower(), errors


def test_a_referral_without_consent_offers_the_override(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id, referral_id = _referral(qtbot, window, "draft", consent=False)
    view = _select(qtbot, window, case_id, referral_id)
    asked: list[str] = []
    view.referrals.ask_override = lambda message: asked.append(message) or None  # type: ignore[method-assign]
    view.referrals.send_referral()
    _idle(qtbot, window)
    if not asked:
        # The demo's draft had a covering consent: it was sent, not refused.
        assert view.case is not None
        assert {r.id: r.status for r in view.case.referrals}[referral_id] == "sent"
    else:
        assert "consent" in asked[0].lower() and _errors() == []
