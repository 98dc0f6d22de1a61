"""Issue 16 in the case view: the "Case work" tab with the plan, the contacts, the case meetings
(the consent gate before saving: an organisation without consent needs a written legal ground)
and safety; the dashboard's open actions and safety reviews; the timeline newest first with the
content of notes and decisions; the secret shelter address marked and hidden; the letter's
"t.a.v." and a referral's recipient from the case's contacts.

Real vault, real Qt (offscreen); the store is written directly only to set the scene."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QApplication, QMessageBox

from carecoord.domain.case_work import CaseContact, CaseMeeting, ContactPerson, MeetingParticipant
from carecoord.domain.client import ClientIdentity
from carecoord.domain.consent import Consent
from carecoord.store.organisations import new_partner
from carecoord.workspace import open_store
from tests.ui.test_coordinator_day import _field, _idle, _open_dialog, _submit, assert_header_fits
from tests.ui.test_form_traps import _core, _new_case
from tests.ui.test_unlock_flow import _create
from ui.case_view import CaseView
from ui.dialogs.action import ActionDialog
from ui.dialogs.letter import LetterDialog
from ui.dialogs.meeting import MeetingDialog
from ui.main_window import MainWindow
from ui.widgets import format_date

TODAY = date.today()


def _partner(qtbot, window: MainWindow, name: str) -> int:  # type: ignore[no-untyped-def]
    return int(
        _core(  # type: ignore[arg-type]
            qtbot,
            window,
            lambda v: open_store(v).organisations.add(new_partner(name=name, services=())),
        )
    )


def _lines(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [widget.item(i).text() for i in range(widget.count())]


def _reload(qtbot, window: MainWindow) -> CaseView:  # type: ignore[no-untyped-def]
    view = window.workspace.cases.view
    view.reload()
    _idle(qtbot, window)
    return view


def _select(section, text: str) -> None:  # type: ignore[no-untyped-def]
    rows = [i for i, line in enumerate(_lines(section.list)) if text in line]
    assert rows, (text, _lines(section.list))
    section.list.setCurrentRow(rows[0])


def _message_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_the_plan_adds_edits_and_dates_goals(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    _new_case(qtbot, window)
    view = window.workspace.cases.view
    view.tabs.setCurrentWidget(view.casework)
    assert_header_fits(qtbot, window)  # the tabs still on one row at 1366 pixels
    plan = view.casework.plan
    dialog = plan.add_goal()
    assert _field(dialog, "Domain").code() is None  # type: ignore[attr-defined]
    _field(dialog, "Domain").set_code("housing")  # type: ignore[attr-defined]
    _field(dialog, "Goal").setPlainText("Own room in Zwolle")  # type: ignore[attr-defined]
    target = _field(dialog, "Target date")
    target.known.setChecked(True)  # type: ignore[attr-defined]
    target.set_value(TODAY + timedelta(days=60))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert view.case is not None and len(view.case.goals) == 1
    line = _lines(plan.list)[0]
    assert "housing: Own room in Zwolle" in line and "open" in line
    assert format_date(TODAY + timedelta(days=60)) in line
    # The target date is a deadline of the case.
    assert any(t.kind == "goal_target" for t in view.case.tasks)

    _select(plan, "Own room")
    edit = plan.edit_goal()
    assert isinstance(edit, ActionDialog)
    assert _field(edit, "Domain").code() == "housing"  # type: ignore[attr-defined]
    _field(edit, "Goal").setPlainText("Own room in Kampen")  # type: ignore[attr-defined]
    _submit(qtbot, edit)
    _idle(qtbot, window)
    assert "Own room in Kampen" in _lines(plan.list)[0]

    _select(plan, "Kampen")
    status = plan.goal_status()
    assert isinstance(status, ActionDialog)
    codes = [status.inputs[0].itemData(i) for i in range(status.inputs[0].count())]  # type: ignore[attr-defined]
    assert codes == [None, "in_progress", "reached", "dropped"]  # not the status it has
    status.inputs[0].set_code("reached")  # type: ignore[attr-defined]
    _submit(qtbot, status)
    _idle(qtbot, window)
    assert view.case.goals[0].status == "reached"
    assert "reached" in _lines(plan.list)[0]
    # A reached goal is no longer a deadline.
    assert not any(t.kind == "goal_target" and t.done_on is None for t in view.case.tasks)

    # Without a selection the goal's buttons are disabled (no "select one first" after a
    # click), and the edit opens nothing; with one they are enabled again.
    _select(plan, "Kampen")
    assert plan.edit_button.isEnabled() and plan.status_button.isEnabled()
    plan.list.clearSelection()
    plan.list.setCurrentRow(-1)
    assert not plan.edit_button.isEnabled() and not plan.status_button.isEnabled()
    assert plan.add_button.isEnabled()
    assert plan.edit_goal() is None and not _message_boxes()
    _select(plan, "Kampen")
    assert plan.edit_button.isEnabled() and plan.status_button.isEnabled()


def test_contacts_are_added_edited_and_ended(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    _new_case(qtbot, window)
    _partner(qtbot, window, "Advocatenkantoor Vos")
    view = _reload(qtbot, window)
    contacts = view.casework.contacts
    contacts.add_contact()
    _idle(qtbot, window)
    dialog = _open_dialog()
    assert _field(dialog, "Role").code() is None  # type: ignore[attr-defined]
    _field(dialog, "Role").set_code("lawyer")  # type: ignore[attr-defined]
    organisation = _field(dialog, "Organisation (partner directory)")
    organisation.setCurrentIndex(organisation.findText("Advocatenkantoor Vos"))  # type: ignore[attr-defined]
    _field(dialog, "Name of the person").setText("Mr. K. Vos")  # type: ignore[attr-defined]
    _field(dialog, "Phone").setText("038 123 4567")  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    line = _lines(contacts.list)[0]
    assert line == "lawyer: Mr. K. Vos (Advocatenkantoor Vos) · 038 123 4567"

    _select(contacts, "Vos")
    contacts.edit_contact()
    _idle(qtbot, window)
    edit = _open_dialog()
    assert _field(edit, "Name of the person").text() == "Mr. K. Vos"  # type: ignore[attr-defined]
    _field(edit, "E-mail").setText("vos@example.nl")  # type: ignore[attr-defined]
    _submit(qtbot, edit)
    _idle(qtbot, window)
    assert "vos@example.nl" in _lines(contacts.list)[0]

    # A phone number without a name is refused, the form kept.
    contacts.add_contact()
    _idle(qtbot, window)
    lone = _open_dialog()
    _field(lone, "Role").set_code("interpreter")  # type: ignore[attr-defined]
    _field(lone, "Phone").setText("06 1111 2222")  # type: ignore[attr-defined]
    lone.submit()
    assert "needs the person's name" in lone.error.text() and lone.isVisible()
    lone.discard()

    _select(contacts, "Vos")
    end = contacts.end_contact()
    assert isinstance(end, ActionDialog)
    _submit(qtbot, end)
    _idle(qtbot, window)
    assert _lines(contacts.list)[0].endswith(f"ended {format_date(TODAY)}")


def test_a_meeting_without_consent_needs_a_legal_ground(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    police = _partner(qtbot, window, "Politie Oost")
    shelter = _partner(qtbot, window, "Opvang De Haven")
    view = _reload(qtbot, window)
    assert view.case is not None
    client_id = view.case.summary.client_id
    _core(
        qtbot,
        window,
        lambda v: open_store(v).consents.record(
            Consent(
                client_id=client_id,
                recipient_id=shelter,
                purposes=("case_consultation",),
                data_categories=("identity",),
                given_on=TODAY - timedelta(days=3),
                given_by="client",
            )
        ),
    )
    view = _reload(qtbot, window)
    meetings = view.casework.meetings
    meetings.record_meeting()
    _idle(qtbot, window)
    dialog = _open_dialog()
    assert isinstance(dialog, MeetingDialog)
    assert not dialog.ground.isVisibleTo(dialog)  # nothing chosen: no ground asked
    dialog.kind.set_code("casusoverleg")
    for i in range(dialog.participants.count()):
        dialog.participants.item(i).setCheckState(dialog.participants.item(i).checkState().Checked)
    # The gate is shown before saving: the police lack a consent, the shelter has one.
    assert dialog.without_consent() == [police]
    assert "Politie Oost" in dialog.gate.text() and "Opvang De Haven" not in dialog.gate.text()
    assert dialog.ground.isVisibleTo(dialog)
    dialog.decisions.setPlainText("Safe address stays; police visit next week.")
    dialog.ground.setPlainText("too short")
    dialog.submit()
    _idle(qtbot, window)
    assert "at least 20 characters" in dialog.error.text() and dialog.isVisible()
    assert _core(qtbot, window, lambda v: open_store(v).read.meetings(case_id)) == []
    dialog.ground.setPlainText("Acute danger: Wpg art. 8, police must know the address.")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    _idle(qtbot, window)
    assert view.case is not None and len(view.case.meetings) == 1
    lines = _lines(meetings.list)
    assert lines[0].startswith(format_date(TODAY)) and "Politie Oost" in lines[0]
    assert any("Decided: Safe address stays" in line for line in lines)
    assert any("legal ground: Acute danger" in line for line in lines)

    # With consent of every participant no ground is asked.
    meetings.record_meeting()
    _idle(qtbot, window)
    covered = _open_dialog()
    assert isinstance(covered, MeetingDialog)
    covered.participants.item(
        [covered.participants.item(i).text() for i in range(2)].index("Opvang De Haven")
    ).setCheckState(covered.participants.item(0).checkState().Checked)
    assert covered.without_consent() == [] and not covered.ground.isVisibleTo(covered)
    assert "Every participating organisation" in covered.gate.text()
    covered.discard()

    # An action for the signed-in user: on the dashboard as "my open action". Adding one needs
    # a meeting chosen, marking one done an open action: the buttons wait for that.
    meetings.list.setCurrentRow(-1)
    assert not meetings.add_action_button.isEnabled() and not meetings.done_button.isEnabled()
    _select(meetings, "Decided")
    assert meetings.add_action_button.isEnabled() and not meetings.done_button.isEnabled()
    meetings.add_action()
    _idle(qtbot, window)
    action = _open_dialog()
    _field(action, "What").setText("Ask the lawyer about the report")  # type: ignore[attr-defined]
    owner = _field(action, "Owner")
    assert owner.currentData() is None  # type: ignore[attr-defined]
    owner.setCurrentIndex(owner.findData("user:anna"))  # type: ignore[attr-defined]
    _submit(qtbot, action)
    _idle(qtbot, window)
    assert any(
        "Action: Ask the lawyer about the report — anna" in line for line in _lines(meetings.list)
    )
    window.workspace.show_page("Dashboard")
    dashboard = window.workspace.dashboard
    qtbot.waitUntil(lambda: dashboard.open_actions.rowCount() == 1, timeout=10_000)
    row = dashboard.open_actions.row_object(0)
    assert row.description == "Ask the lawyer about the report"
    assert row.case_id == case_id

    # Done: gone from the dashboard.
    window.workspace.open_case(case_id)
    qtbot.waitUntil(lambda: view.case is not None and view.case.id == case_id, timeout=10_000)
    _idle(qtbot, window)
    _select(meetings, "Action:")
    assert meetings.add_action_button.isEnabled() and meetings.done_button.isEnabled()
    done = meetings.complete_action()
    assert isinstance(done, ActionDialog)
    _submit(qtbot, done)
    _idle(qtbot, window)
    assert any("done " + format_date(TODAY) in line for line in _lines(meetings.list))
    _select(meetings, "Action:")  # done already: not again
    assert meetings.add_action_button.isEnabled() and not meetings.done_button.isEnabled()
    window.workspace.show_page("Dashboard")
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: dashboard.open_actions.rowCount() == 0, timeout=10_000)

    # A second action, marked done from the dashboard's day list, where its deadline is (no
    # need to open the case).
    window.workspace.open_case(case_id)
    qtbot.waitUntil(lambda: view.case is not None and view.case.id == case_id, timeout=10_000)
    _idle(qtbot, window)
    _select(meetings, "Decided")
    meetings.add_action()
    _idle(qtbot, window)
    second = _open_dialog()
    _field(second, "What").setText("Book the interpreter")  # type: ignore[attr-defined]
    owner = _field(second, "Owner")
    owner.setCurrentIndex(owner.findData("user:anna"))  # type: ignore[attr-defined]
    _submit(qtbot, second)
    _idle(qtbot, window)
    window.workspace.show_page("Dashboard")
    qtbot.waitUntil(lambda: dashboard.open_actions.rowCount() == 1, timeout=10_000)
    day = dashboard.day
    rows = [day.row_object(i) for i in range(day.rowCount())]
    # The first action is done: the second one's deadline is the only meeting action left.
    [row_number] = [i for i, r in enumerate(rows) if r.kind == "meeting_action"]
    dashboard.day_view.setCurrentIndex(day.index(row_number, 0))
    assert dashboard.done_button.isEnabled()
    dashboard.done_button.click()
    qtbot.waitUntil(lambda: dashboard.open_actions.rowCount() == 0, timeout=10_000)
    _idle(qtbot, window)
    assert "meeting_action" not in [day.row_object(i).kind for i in range(day.rowCount())]
    recorded = _core(qtbot, window, lambda v: open_store(v).read.meetings(case_id))
    done = [
        a.done_on for m in recorded for a in m.actions if a.description == "Book the interpreter"
    ]
    assert done == [TODAY]


def test_safety_assessment_and_review_due(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    view = window.workspace.cases.view
    safety = view.casework.safety
    assert safety.current.text() == "No safety assessment recorded."
    dialog = safety.assess()
    _field(dialog, "Risk level").set_code("high")  # type: ignore[attr-defined]
    threats = _field(dialog, "Threats")
    threats.set_codes(("contact_with_exploiter", "debts"))  # type: ignore[attr-defined]
    _field(dialog, "Agreed measures").setPlainText("No phone contact; escort to appointments.")  # type: ignore[attr-defined]
    dialog.submit()
    _idle(qtbot, window)
    assert "needs a date to review" in dialog.error.text() and dialog.isVisible()
    review = _field(dialog, "Review on (needed at medium or high risk)")
    review.known.setChecked(True)  # type: ignore[attr-defined]
    review.set_value(TODAY + timedelta(days=7))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    on = format_date(TODAY + timedelta(days=7))
    assert safety.current.text() == (
        f"Current risk: high (assessed {format_date(TODAY)}). Review on {on}."
    )
    line = _lines(safety.list)[0]
    assert "contact with the exploiter, debts" in line and "escort to appointments" in line

    # The next assessment starts from the current threats and measures, not its risk level.
    again = safety.assess()
    assert _field(again, "Risk level").code() is None  # type: ignore[attr-defined]
    assert _field(again, "Threats").codes() == ("contact_with_exploiter", "debts")  # type: ignore[attr-defined]
    again.discard()

    window.workspace.show_page("Dashboard")
    dashboard = window.workspace.dashboard
    qtbot.waitUntil(lambda: dashboard.safety_reviews.rowCount() == 1, timeout=10_000)
    row = dashboard.safety_reviews.row_object(0)
    assert row.case_id == case_id and row.due_on == TODAY + timedelta(days=7)


def test_timeline_newest_first_with_notes_and_decisions(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    org = _partner(qtbot, window, "Gemeente Zwolle")
    _core(
        qtbot,
        window,
        lambda v: open_store(v).meetings.record(
            case_id,
            CaseMeeting(
                held_on=TODAY - timedelta(days=10),
                kind="zorg_en_veiligheidshuis",
                participants=(MeetingParticipant(organisation_id=org),),
                decisions="Debt counselling through the municipality.",
                legal_ground="Zorg- en Veiligheidshuis covenant, art. 5: acute risk.",
            ),
        ),
    )
    _core(
        qtbot, window, lambda v: open_store(v).tasks.add_note(case_id, "Client called:\nall well.")
    )
    view = _reload(qtbot, window)
    events = _lines(view.overview.events)
    dates = [line.split("  ")[0] for line in events]
    assert events[0].startswith(format_date(TODAY))  # the note of today first
    assert "Note by anna: Client called: all well." in events[0]
    meeting = next(i for i, line in enumerate(events) if "Meeting:" in line)
    assert "decided: Debt counselling through the municipality." in events[meeting]
    assert dates[meeting] == format_date(TODAY - timedelta(days=10))
    # The signal, 40 days ago, is last.
    assert "Signal from" in events[-1]
    assert meeting < len(events) - 1


def test_a_secret_shelter_address_is_marked_and_hidden(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    _new_case(qtbot, window)
    view = window.workspace.cases.view
    assert view.case is not None
    client_id = view.case.summary.client_id
    overview = view.overview
    assert overview.address.text() == "—" and not overview.reveal_button.isVisibleTo(overview)
    _core(
        qtbot,
        window,
        lambda v: open_store(v).clients.update_identity(
            client_id,
            ClientIdentity(
                given_name="Ana", address="Geheimstraat 7\nZwolle", address_is_secret=True
            ),
        ),
    )
    view = _reload(qtbot, window)
    assert overview.address.text() == "Secret shelter address (hidden)"
    assert "Geheimstraat" not in overview.address.text() and overview.address.font().bold()
    assert overview.reveal_button.isVisibleTo(overview)
    overview.reveal_button.click()
    assert overview.address.text() == "Secret shelter address: Geheimstraat 7, Zwolle"
    # Reloading the same case keeps what was asked for; hiding it again is one click.
    view = _reload(qtbot, window)
    assert "Geheimstraat" in overview.address.text()
    overview.reveal_button.click()
    assert "Geheimstraat" not in overview.address.text()

    # An address that is not secret is shown as it is, without the mark.
    _core(
        qtbot,
        window,
        lambda v: open_store(v).clients.update_identity(
            client_id, ClientIdentity(given_name="Ana", address="Markt 1\nKampen")
        ),
    )
    _reload(qtbot, window)
    assert overview.address.text() == "Markt 1, Kampen"
    assert not overview.address.font().bold() and not overview.reveal_button.isVisibleTo(overview)


def test_recipient_and_attention_from_the_case_contacts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    _partner(qtbot, window, "Huisartsenpraktijk Noord")
    lawyers = _partner(qtbot, window, "Advocatenkantoor Vos")
    store_contact = CaseContact(
        role="lawyer", organisation_id=lawyers, person=ContactPerson(name="Mr. K. Vos")
    )
    contact_id = _core(qtbot, window, lambda v: open_store(v).contacts.add(case_id, store_contact))
    view = _reload(qtbot, window)
    referrals = view.referrals
    referrals.new_referral()
    _idle(qtbot, window)
    dialog = _open_dialog()
    organisation = _field(dialog, "Organisation")
    from_contacts = _field(dialog, "From the case's contacts")
    assert from_contacts.itemText(1) == "lawyer: Mr. K. Vos (Advocatenkantoor Vos)"  # type: ignore[attr-defined]
    from_contacts.setCurrentIndex(1)  # type: ignore[attr-defined]
    assert organisation.currentData() == lawyers  # type: ignore[attr-defined]
    _field(dialog, "Type").set_code("legal_aid")  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert view.case is not None and view.case.referrals[0].organisation_id == lawyers

    referrals.list.setCurrentRow(0)
    letter = referrals.letter()
    assert isinstance(letter, LetterDialog)
    texts = [letter.attention.itemText(i) for i in range(letter.attention.count())]
    assert texts == ["the organisation's contact person (directory)", "lawyer: Mr. K. Vos"]
    assert letter.attention_contact() is None  # the directory's contact person by default
    letter.attention.setCurrentIndex(1)
    assert letter.attention_contact() == contact_id
    letter.reject()


def test_a_consent_for_several_meeting_participants(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """One consent for case consultation names every organisation of the meeting: the first
    recipient and the further ones; the meeting form then asks no legal ground."""
    _create(qtbot, window)
    _new_case(qtbot, window)
    police = _partner(qtbot, window, "Politie Oost")
    shelter = _partner(qtbot, window, "Opvang De Haven")
    view = _reload(qtbot, window)
    view.consents.record_consent()
    _idle(qtbot, window)
    dialog = _open_dialog()
    recipient = _field(dialog, "Recipient")
    recipient.setCurrentIndex(recipient.findData(shelter))  # type: ignore[attr-defined]
    further = _field(dialog, "Further recipients (a case meeting)")
    names = [further.item(i).text() for i in range(further.count())]  # type: ignore[attr-defined]
    further.item(names.index("Politie Oost")).setCheckState(  # type: ignore[attr-defined]
        further.item(0).checkState().Checked  # type: ignore[attr-defined]
    )
    _field(dialog, "Purposes").set_codes(("case_consultation",))  # type: ignore[attr-defined]
    _field(dialog, "Data categories").set_codes(("identity",))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert view.case is not None
    assert view.case.consents[0].recipient_ids == (shelter, police)  # the first one first
    assert _lines(view.consents.list)[0].endswith("Opvang De Haven, Politie Oost")

    view.casework.meetings.record_meeting()
    _idle(qtbot, window)
    meeting = _open_dialog()
    assert isinstance(meeting, MeetingDialog)
    for i in range(meeting.participants.count()):
        meeting.participants.item(i).setCheckState(
            meeting.participants.item(i).checkState().Checked
        )
    assert set(meeting.chosen()) == {police, shelter}
    assert meeting.without_consent() == [] and not meeting.ground.isVisibleTo(meeting)
    meeting.kind.set_code("casusoverleg")
    with qtbot.waitSignal(meeting.saved, timeout=10_000):
        meeting.submit()
    _idle(qtbot, window)
    assert view.case.meetings[0].legal_ground is None
    assert {p.consent_id for p in view.case.meetings[0].participants} == {view.case.consents[0].id}
