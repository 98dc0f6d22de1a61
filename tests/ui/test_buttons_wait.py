"""Issue 17, "forms that help": a button that acts on a chosen item is enabled only while its
action can run, so that no click ends in "select one first". Each section of the case view: with
nothing chosen the button is disabled, with an item chosen enabled, disabled again when the
selection goes (or the list is refilled). The pages' buttons are tested with their pages
(signals, locations, settings, users, retention, the dashboard).

Real vault, real Qt (offscreen); the store is written directly only to set the scene."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from carecoord.domain.case_work import CaseContact, ContactPerson
from carecoord.domain.consent import Consent
from carecoord.domain.legal import ReflectionPeriod
from carecoord.domain.support import ShelterStay
from carecoord.workspace import open_store
from tests.ui.test_case_work import _lines, _partner, _reload, _select
from tests.ui.test_coordinator_day import _idle
from tests.ui.test_form_traps import _core, _new_case
from tests.ui.test_unlock_flow import _create
from ui.case_tabs.section import Section
from ui.main_window import MainWindow

TODAY = date.today()


def _buttons(section: Section, *texts: str) -> list[QPushButton]:
    found = {b.text(): b for b in section.findChildren(QPushButton)}
    return [found[text] for text in texts]


def _no_message_boxes() -> bool:
    return not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def _assert_wait_for_selection(section: Section, texts: tuple[str, ...], line: str) -> None:
    """Disabled without a selection, enabled with ``line`` chosen, disabled when it goes."""
    buttons = _buttons(section, *texts)
    section.list.setCurrentRow(-1)
    assert not [b.text() for b in buttons if b.isEnabled()], section.list.accessibleName()
    _select(section, line)
    assert [b.text() for b in buttons if not b.isEnabled()] == [], section.list.accessibleName()
    section.list.setCurrentRow(-1)
    assert not any(b.isEnabled() for b in buttons)


def test_case_sections_enable_their_item_buttons_only_with_an_item(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    shelter_org = _partner(qtbot, window, "Opvang De Haven")
    client_id = window.workspace.cases.view.case.summary.client_id  # type: ignore[union-attr]

    def fill(vault) -> None:  # type: ignore[no-untyped-def]
        store = open_store(vault)
        store.consents.record(
            Consent(
                client_id=client_id,
                recipient_id=shelter_org,
                purposes=("shelter",),
                data_categories=("identity",),
                given_on=TODAY - timedelta(days=2),
            )
        )
        store.referrals.create(case_id, shelter_org, "shelter")
        store.contacts.add(
            case_id,
            CaseContact(
                role="lawyer", organisation_id=shelter_org, person=ContactPerson(name="K. Vos")
            ),
        )
        store.support.add_shelter_stay(
            case_id, ShelterStay(shelter_type="cosm", started_on=TODAY - timedelta(days=1))
        )

    _core(qtbot, window, fill)
    view = _reload(qtbot, window)
    _assert_wait_for_selection(view.consents, ("&Withdraw…",), "Opvang De Haven")
    _assert_wait_for_selection(
        view.referrals, ("&Send…", "Set s&tatus…", "&Letter…"), "Opvang De Haven"
    )
    _assert_wait_for_selection(
        view.casework.contacts, ("Ed&it contact…", "E&nd contact…"), "K. Vos"
    )
    _assert_wait_for_selection(view.shelter, ("&End stay…",), "COSM")
    # What needs no chosen item is always there.
    for section, text in (
        (view.consents, "Record &consent…"),
        (view.referrals, "New &referral…"),
        (view.casework.contacts, "Add &contact…"),
        (view.shelter, "Add &shelter stay…"),
    ):
        assert _buttons(section, text)[0].isEnabled(), text
    # Called without a selection (a shortcut, a test) the action does nothing and says nothing.
    view.consents.list.setCurrentRow(-1)
    assert view.consents.withdraw_consent() is None and _no_message_boxes()


def test_a_task_is_done_only_when_it_is_an_open_task(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """ "Done" ticks off the coordinator's own open task; a deadline that follows from the
    case's dates (recorded by what it waits for) and a task already done leave it disabled."""
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    _core(
        qtbot,
        window,
        lambda v: open_store(v).tasks.add(case_id, "Bel de advocaat", TODAY + timedelta(days=3)),
    )
    shelter = _partner(qtbot, window, "Opvang De Haven")
    _core(
        qtbot,
        window,
        lambda v: open_store(v).referrals.send(
            open_store(v).referrals.create(case_id, shelter, "shelter"),
            override_reason="Acute danger, police asked for a place",
        ),
    )
    view = _reload(qtbot, window)
    tasks = view.tasks
    lines = _lines(tasks.list)
    assert any("Bel de advocaat" in line for line in lines) and len(lines) >= 2, lines
    tasks.list.setCurrentRow(-1)
    assert not tasks.done_button.isEnabled()
    _select(tasks, "Bel de advocaat")
    assert tasks.done_button.isEnabled()
    deadline = next(i for i, line in enumerate(lines) if "Bel de advocaat" not in line)
    tasks.list.setCurrentRow(deadline)
    assert not tasks.done_button.isEnabled(), lines[deadline]

    _select(tasks, "Bel de advocaat")
    tasks.done_button.click()
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: any("✓" in line for line in _lines(tasks.list)), timeout=10_000)
    _select(tasks, "Bel de advocaat")
    assert not tasks.done_button.isEnabled()  # done already


def test_legal_steps_wait_for_a_reflection_period_and_a_permit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The choice after the bedenktijd needs a bedenktijd; a permit's steps act on the chosen
    permit, or the only one: with two and none chosen they wait for a choice."""
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    view = _reload(qtbot, window)
    reflection, permits = view.legal.reflection, view.legal.permits
    assert not reflection.outcome_button.isEnabled()
    assert not any(b.isEnabled() for b in permits.step_buttons)
    assert permits.renew() is None and _no_message_boxes()

    legal = lambda v: open_store(v).legal  # noqa: E731
    _core(
        qtbot,
        window,
        lambda v: legal(v).save_reflection(
            case_id, ReflectionPeriod(started_on=TODAY - timedelta(days=5))
        ),
    )
    _core(
        qtbot,
        window,
        lambda v: legal(v).apply_permit(
            case_id, ground="report_filed", applied_on=TODAY - timedelta(days=2)
        ),
    )
    view = _reload(qtbot, window)
    assert reflection.outcome_button.isEnabled()
    # The only permit: its steps need no selection; applied for, it can only be rejected
    # (or granted) until it is in force.
    permits.list.setCurrentRow(-1)
    renew, reject, end, apply_continued, decide_continued = permits.step_buttons
    assert reject.isEnabled()
    assert not any(b.isEnabled() for b in (renew, end, apply_continued, decide_continued))

    # Applied for: not a second one; it can be granted.
    assert not permits.apply_button.isEnabled() and permits.grant_button.isEnabled()
    first = view.case.permits[0].id  # type: ignore[union-attr]
    _core(qtbot, window, lambda v: legal(v).reject_permit(first, TODAY - timedelta(days=1)))
    view = _reload(qtbot, window)
    assert permits.apply_button.isEnabled()
    _core(
        qtbot,
        window,
        lambda v: legal(v).apply_permit(
            case_id, ground="report_filed", applied_on=TODAY - timedelta(days=1)
        ),
    )
    view = _reload(qtbot, window)
    assert len(view.case.permits) == 2  # type: ignore[union-attr]
    permits.list.setCurrentRow(-1)
    assert not any(b.isEnabled() for b in permits.step_buttons)
    permits.list.setCurrentRow(0)
    chosen = next(p for p in view.case.permits if p.id == permits._chosen_id())  # type: ignore[union-attr]
    assert reject.isEnabled() == (chosen.state == "applied")
    assert not renew.isEnabled()  # neither permit is in force yet
    # In force: neither a new application nor another grant.
    second = next(p.id for p in view.case.permits if p.state == "applied")  # type: ignore[union-attr]
    _core(
        qtbot,
        window,
        lambda v: legal(v).grant_permit(
            second, granted_on=TODAY, valid_until=TODAY + timedelta(days=364)
        ),
    )
    view = _reload(qtbot, window)
    assert not permits.apply_button.isEnabled() and not permits.grant_button.isEnabled()
    # The permit in force chosen: renewed, ended or continued; no longer rejected.
    row = next(i for i in range(permits.list.count()) if permits.list.item(i).data(256) == second)
    permits.list.setCurrentRow(row)
    assert renew.isEnabled() and end.isEnabled() and apply_continued.isEnabled()
    assert not reject.isEnabled() and not decide_continued.isEnabled()
