"""Render every main screen to PNG files for review: ``make screenshots`` (or
``python -m ui.screenshots OUTDIR [--lang nl|en]``).

Uses a throw-away vault inside OUTDIR (removed afterwards) filled with synthetic demo data only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carecoord.workspace import open_store
from ui.screenshot_casework import case_work_shots, show_case_work
from ui.screenshot_day import day_shots
from ui.screenshot_locations import location_shots
from ui.screenshot_tracks import (
    closed_showcase,
    showcase,
    track_dialog_shots,
)
from ui.screenshot_traps import traps_shots

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

DEMO_PASSPHRASE = "screenshot demo passphrase"  # noqa: S105 - a throw-away demo vault


def _wait(condition: Callable[[], bool], timeout_s: float = 60) -> None:
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("screenshots: timed out waiting for the app")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def fill_demo(vault: object) -> int:
    """Synthetic cases, a region and a letterhead; returns a case with referrals to show."""
    from carecoord.demo import generate
    from carecoord.letters.model import Letterhead
    from carecoord.letters.provider import save_letterhead

    store = open_store(vault)  # type: ignore[arg-type]
    generate(store, 300, seed=7, today=date.today())
    save_letterhead(
        store,
        Letterhead(
            organisation="Gemeente Voorbeeld",
            address_lines=("Postbus 1", "1000 AA Voorbeeld"),
            coordinator_name="A. de Vries",
            coordinator_role="Zorgcoördinator mensenhandel",
            phone="14 020",
            email="zorgcoordinatie@voorbeeld.nl",
        ),
    )
    _old_closed_cases(vault)
    sent = store.referrals.lines(status="sent") or store.referrals.lines()
    cases = list(dict.fromkeys(store.referrals.get(line.id).case_id for line in sent))
    case_id = showcase(store, cases, closed=False) or cases[0]
    show_exit_programme(store, case_id)
    show_case_work(store, case_id)
    known_region(store)
    return case_id


def known_region(store: object) -> None:
    """Another region's keys, confirmed, for the handover screens (issue 19)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from carecoord.transfer.fingerprint import fingerprint
    from carecoord.transfer.keys import new_age_identity, public_bytes
    from carecoord.transfer.regions import add_region

    _secret, recipient = new_age_identity()
    signing = public_bytes(Ed25519PrivateKey.generate().public_key())
    add_region(
        store,  # type: ignore[arg-type]
        "Zorgcoördinatie mensenhandel regio Utrecht",
        recipient=recipient,
        signing_public=signing,
        confirmed_fingerprint=fingerprint(recipient, signing),
    )


def show_exit_programme(store: object, case_id: int) -> None:
    """Give the shown case an exit programme with a plan, if the demo did not (the tab's shot)."""
    from datetime import timedelta

    from carecoord.domain.case_work import CaseGoal
    from carecoord.store.case_store import CaseStore

    assert isinstance(store, CaseStore)
    found = store.read.exit_programme(case_id)
    if found is not None and found.id is not None:
        programme, start = found.id, found.enrolled_on
    else:
        start = max(store.read.summary(case_id).opened_on, date.today() - timedelta(days=120))
        programme = store.support.enrol_exit_programme(case_id, start)
        store.support.record_milestone(programme, "intake", start + timedelta(days=14))
        store.support.record_milestone(programme, "plan_agreed", start + timedelta(days=40))
    if any(g.exit_programme_id == programme for g in store.read.goals(case_id)):
        return
    # The plan is goals of the case plan that name the programme (store.plan, schema 0052).
    for goal in (
        CaseGoal(
            domain="housing",
            goal="Eigen kamer",
            target_on=date.today() + timedelta(days=45),
            exit_programme_id=programme,
        ),
        CaseGoal(
            domain="income_debts",
            goal="Schuldhulpverlening gestart",
            status="reached",
            status_on=min(start + timedelta(days=60), date.today()),
            exit_programme_id=programme,
        ),
        CaseGoal(
            domain="work_education",
            goal="Taalles en een oriëntatie op werk",
            status="in_progress",
            status_on=min(start + timedelta(days=45), date.today()),
            exit_programme_id=programme,
        ),
    ):
        store.plan.add_goal(case_id, goal)


def _open_form() -> QWidget | None:
    from PySide6.QtWidgets import QApplication

    from ui.dialogs.base import FormDialog

    shown = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, FormDialog) and w.isVisible()
    ]
    return shown[0] if shown else None


def _old_closed_cases(vault: object) -> None:
    """Three cases closed long ago (one under a legal hold), so the retention review shows
    something."""
    from datetime import timedelta

    from carecoord.domain.case import Signal
    from carecoord.domain.client import ClientFacts
    from carecoord.retention import Retention

    store = open_store(vault)  # type: ignore[arg-type]
    references = []
    for ref, opened, closed, support, why in (
        ("DEMO-OUD-1", date(2009, 3, 2), date(2010, 6, 1), True, "completed"),
        ("DEMO-OUD-2", date(2017, 5, 3), date(2018, 1, 15), False, "no_victim_indication"),
        ("DEMO-OUD-3", date(2008, 9, 1), date(2009, 4, 1), True, "returned_origin"),
    ):
        client = store.clients.register(
            ClientFacts(reference=ref, gender="female", nationality="NG"), None
        )
        case = store.cases.open(
            client,
            Signal(
                signal_date=opened,
                signaller="police",
                exploitation_forms=("sexual",),
                municipality="GM0363",
                sector="window_licensed",
            ),
        )
        if support:
            store.pathway.change_phase(
                case, "intake", on=opened + timedelta(days=10), reason="Demo: back-dated"
            )
        store.pathway.change_phase(
            case, "closed", on=closed, reason="Demo: back-dated closure", closure_reason=why
        )
        references.append(store.read.summary(case).reference)
    Retention(vault).set_hold(references[-1], "Klachtprocedure loopt")  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="screenshots")
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    # Issue 17: a 1280x720 screen at 125 % is --scale 1.25 --size 1024x576 (logical pixels).
    parser.add_argument("--scale", type=float, default=None, help="QT_SCALE_FACTOR, e.g. 1.25")
    parser.add_argument("--size", type=_size, default=(1366, 768), help="window WxH, logical")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale is not None:  # read when the application starts, below
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    from carecoord.workspace import connect_access_log

    connect_access_log()

    from PySide6.QtCore import QSettings

    from ui.app import create_app, install_language
    from ui.main_window import MainWindow
    from ui.preferences import Preferences
    from ui.worker import VaultWorker

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    scratch = out / ".vault"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    _screen_of_size(scratch, args.size, args.scale or 1.0)
    app = create_app(["screenshots"])
    install_language(app, args.lang)
    worker = VaultWorker()
    prefs = Preferences(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(scratch / "vault", worker, prefs)
    # The smallest screens the app is made for: 1366x768, and 1280x720 at 125 % (issue 17).
    window.resize(*args.size)
    window.show()
    written: list[str] = []

    def shot(name: str) -> None:
        _wait(lambda: not worker.busy)
        # Let layouts catch up with texts set by the last results: a label that grows for its
        # wrapped text asks its parents again, one round of events per level.
        for _round in range(4):
            app.processEvents()
        path = out / f"{args.lang}-{name}.png"
        window.grab().save(str(path))
        written.append(path.name)

    def dialog_shot(name: str, dialog: QWidget | None) -> None:
        if dialog is None:
            raise SystemExit(f"screenshots: no dialog for {name}")
        _wait(lambda: not worker.busy)
        for _round in range(4):  # as in shot(): a wrapped message's lines laid out first
            app.processEvents()
        path = out / f"{args.lang}-{name}.png"
        dialog.grab().save(str(path))
        written.append(path.name)
        discard = getattr(dialog, "discard", None)  # a form: close without the unsaved prompt
        if callable(discard):
            discard()
        else:
            dialog.reject()  # type: ignore[attr-defined]

    try:
        page = window.unlock_page
        shot("01-first-run")
        captured: list[str] = []
        page.show_recovery_key = captured.append  # type: ignore[method-assign,assignment]
        page.user.setText("coordinator")
        page.passphrase.setText(DEMO_PASSPHRASE)
        page.repeat.setText(DEMO_PASSPHRASE)
        page.submit()
        _wait(lambda: window.session.is_unlocked)
        shot("02-dashboard-empty")  # what the page is for, and the first case
        # Issue 17: the lists of a new vault say what they are for (Cases, Signals, Risk
        # locations; by place in the navigation, since the titles are translated).
        titles = window.workspace.page_titles()
        for index, name in ((1, "cases"), (2, "signals"), (8, "risk-locations")):
            window.workspace.show_page(titles[index])
            shot(f"02-{name}-empty")
        filled: list[object] = []
        window.session.run(fill_demo, filled.append, filled.append)
        _wait(lambda: bool(filled), timeout_s=300)
        if not isinstance(filled[0], int):
            raise SystemExit(f"screenshots: the demo data failed: {filled[0]}")
        window.workspace.start()  # the dashboard again, now with the demo data
        window.show_region()
        for number, title in enumerate(window.workspace.page_titles(), start=2):
            window.workspace.show_page(title)
            shot(f"{number:02d}-{title.lower().replace(' ', '-')}")
        workspace = window.workspace
        statistics_shots(window, shot)
        settings = workspace.settings_area
        workspace.show_page(workspace.page_titles()[-1])
        for index in range(1, settings.count()):
            settings.setCurrentIndex(index)
            name = settings.tabText(index).lower().replace(" ", "-")
            shot(f"30-settings-{index:02d}-{name}")
        settings.setCurrentIndex(0)
        # The region's names for the identification routes (issue 15).
        settings.vault.edit_route_names()
        _wait(lambda: settings.vault.route_names_dialog is not None and not worker.busy)
        dialog_shot("31-identification-route-names", settings.vault.route_names_dialog)
        workspace.show_page(workspace.page_titles()[1])
        _wait(lambda: not worker.busy)
        workspace.cases.open_case(int(filled[0]))
        view = workspace.cases.view
        for index in range(view.tabs.count()):
            view.tabs.setCurrentIndex(index)
            name = view.tabs.tabText(index).lower().replace(" ", "-")
            shot(f"20-case-{index:02d}-{name}")
        track_dialog_shots(view, dialog_shot)
        case_work_shots(view, shot, dialog_shot, _wait, _open_form)
        # Issue 19: handing the case over and receiving one (the dialogs; nothing is sent).
        hand_over = view.hand_over()
        _wait(lambda: hand_over is not None and hand_over.region.count() > 0 and not worker.busy)
        dialog_shot("50-hand-over", hand_over)
        dialog_shot("51-receive-handover", workspace.cases.receive_handover())
        closed_case: list[int | None] = []
        window.session.run(closed_showcase, closed_case.append)
        _wait(lambda: bool(closed_case))
        if closed_case[0] is not None:
            workspace.cases.open_case(closed_case[0])
            _wait(lambda: view.case is not None and view.case.id == closed_case[0])
            view.tabs.setCurrentWidget(view.legal)
            shot("20-case-closed-header")
            workspace.cases.open_case(int(filled[0]))
            _wait(lambda: view.case is not None and view.case.id == filled[0])
        # The exit programme's plan dialog, and a signal turned into a case or attached to one.
        view.show_section(view.exit)
        view.exit.plan.list.setCurrentRow(0)
        dialog_shot("21-exit-plan-item", view.exit.plan.add_goal())
        workspace.show_page(workspace.page_titles()[2])
        _wait(lambda: not worker.busy and workspace.signals.model.rowCount() > 0)
        workspace.signals.table.selectRow(0)
        dialog_shot("22-signal-attach", workspace.signals.attach_to_case())
        workspace.signals.new_case_from_signal()
        _wait(lambda: not worker.busy and _open_form() is not None)
        dialog_shot("23-signal-new-case", _open_form())
        client_reference = view.case.summary.client_reference if view.case else ""
        view.tabs.setCurrentIndex(0)
        rectify = view.overview.rectify_identity()
        _wait(lambda: rectify.history.count() > 0)
        dialog_shot("24-correct-identity", rectify)
        workspace.nav.setCurrentRow(workspace.pages.indexOf(workspace.retention))
        retention = workspace.retention
        _wait(lambda: not worker.busy and retention.state is not None)
        for index in range(retention.tabs.count()):
            retention.tabs.setCurrentIndex(index)
            name = retention.tabs.tabText(index).lower().replace(" ", "-")
            shot(f"40-retention-{index:02d}-{name}")
        dialog_shot("41-retention-rules", retention.change_rules())
        dialog_shot("42-legal-hold", retention.review.set_hold())
        retention.requests.client_ref.setText(client_reference)
        dialog_shot("43-erase-on-request", retention.requests.erase_client())
        apply = retention.review.apply()
        if apply is not None:
            dialog_shot("44-apply-retention", apply)
        location_shots(window, shot, dialog_shot, _wait, _open_form)
        day_shots(window, int(filled[0]), shot, dialog_shot, _wait)
        traps_shots(window, dialog_shot, _wait, shot)
        window.lock()
        shot("99-locked")
    finally:
        window.session.lock()
        _wait(lambda: not worker.busy)
        worker.shutdown()
        shutil.rmtree(scratch, ignore_errors=True)
    for name in written:
        print(name)
    return 0


def _screen_of_size(folder: Path, size: tuple[int, int], scale: float) -> None:
    """The offscreen platform's screen as large as the one pictured (physical pixels), so that
    a dialog sizes itself to that screen as it would on the desktop."""
    import json

    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return
    width, height = (round(side * scale) for side in size)
    config = folder / "screen.json"
    screen = {"name": "shots", "x": 0, "y": 0, "width": width, "height": height, "dpr": 1}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def _size(text: str) -> tuple[int, int]:
    width, _x, height = text.lower().partition("x")
    return int(width), int(height)


def statistics_shots(window: Any, shot: Callable[[str], None]) -> None:
    """The statistics page after a preview of last year (the page's default), for the demo's
    municipalities: a table with its chart, then its Details (issue 17)."""
    from carecoord.stats.period import Period
    from carecoord.stats.source import records_for_period, set_region

    page = window.workspace.statistics
    year = page.year.value()

    def region(vault: Any) -> None:
        records = records_for_period(vault, Period(year=year))
        set_region(vault, frozenset(r.municipality for r in records))

    done: list[object] = []
    window.session.run(region, done.append, done.append)
    _wait(lambda: bool(done))
    window.workspace.show_page(window.workspace.page_titles()[5])
    page.preview()
    _wait(lambda: page.release is not None and page.trends is not None, timeout_s=300)
    shot("07-statistics-preview")
    # The trend per quarter, below the year's table (issue 17).
    page.scroller.ensureWidgetVisible(page.section.trend_note)
    shot("07-statistics-trend")
    page.scroller.verticalScrollBar().setValue(0)
    page.tables.setCurrentRow(1)
    page.section.details_button.setChecked(True)
    shot("07-statistics-details")
    page.section.details_button.setChecked(False)


if __name__ == "__main__":
    raise SystemExit(main())
