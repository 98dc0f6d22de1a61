"""A coordinator's day through the screens: organisation, new case, pathway (allowed and refused),
reflection period, shelter, referral without and with consent, the deadline on the dashboard,
search, lock and unlock; and, in Dutch, issue 15's day: a client in COSM during the bedenktijd,
registered with CoMensha on consent, a B8/3 permit on a report filed, closed as completed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from carecoord import i18n
from carecoord.domain.legal import reflection_end
from carecoord.workspace import open_store
from tests.conftest import PASSPHRASE
from tests.support.choices import choose_open_codes
from tests.ui.test_accessibility import section_names_cut
from tests.ui.test_unlock_flow import _create, _unlock
from ui.dialogs.action import ActionDialog
from ui.dialogs.base import FormDialog
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.widgets import CodeChecklist, format_date
from ui.worker import VaultWorker


def _submit(qtbot, dialog: FormDialog) -> None:  # type: ignore[no-untyped-def]
    choose_open_codes(dialog)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()


def _idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=10_000)


def _field(dialog: FormDialog, name: str) -> QWidget:
    """The input of ``dialog`` labelled ``name`` (its accessible name, without the mnemonic)."""
    found = [w for w in dialog.findChildren(QWidget) if w.accessibleName() == name]
    assert found, f"no field {name!r}"
    return found[0]


def assert_header_fits(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """At 1366×768 every track card shows its whole text (wrapped, never cut) and every section
    of the case view is named in full in the section list (issue 17: a list, not tabs)."""
    window.resize(1366, 768)
    qtbot.wait(50)
    view = window.workspace.cases.view
    for card in view.tracks.cards() + view.tracks.status_cards():
        label = card.value
        needed = label.heightForWidth(label.width())
        assert label.height() >= needed, (card.caption.text(), label.text())
        assert card.caption.width() >= card.caption.sizeHint().width(), card.caption.text()
    assert section_names_cut(view.tabs.list) == []


def _open_dialog() -> FormDialog:
    dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, FormDialog) and w.isVisible()
    ]
    assert len(dialogs) == 1
    return dialogs[0]


def test_a_day_in_the_app(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    ws = window.workspace

    # A partner organisation in the directory.
    ws.show_page("Settings")
    _idle(qtbot, window)
    dialog = ws.settings_area.vault.add_organisation()
    dialog.form.itemAt(1).widget().setText("Stichting Voorbeeldopvang")  # type: ignore[union-attr]
    dialog.form.itemAt(9).widget().setPlainText("Postbus 9\n9700 AA Groningen")  # type: ignore[union-attr]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert ws.settings_area.vault.organisations.count() == 1
    head = ws.settings_area.vault.letterhead
    head["organisation"].setText("Gemeente Voorbeeld")  # type: ignore[union-attr]
    head["address_lines"].setPlainText("Postbus 1\n1000 AA Voorbeeld")  # type: ignore[union-attr]
    head["coordinator_name"].setText("A. Coördinator")  # type: ignore[union-attr]
    head["coordinator_role"].setText("Zorgcoördinator")  # type: ignore[union-attr]
    head["phone"].setText("14 020")  # type: ignore[union-attr]
    head["email"].setText("zc@example.nl")  # type: ignore[union-attr]
    ws.settings_area.vault.save_letterhead()
    _idle(qtbot, window)
    assert "No region" in window.region_state.text()
    picker = ws.settings_area.vault.region
    picker.filter.setText("amster")
    assert [picker.list.item(i).isHidden() for i in range(picker.list.count())].count(False) == 1
    picker.set_codes(("GM0363", "GM0599"))
    ws.settings_area.vault.save_settings()
    qtbot.waitUntil(lambda: "2 municipalities" in window.region_state.text(), timeout=10_000)
    assert "Amsterdam" in window.region_state.toolTip()
    # Settings read back show what was saved, the letterhead included.
    head["organisation"].setText("")  # type: ignore[union-attr]
    ws.settings_area.refresh()
    _idle(qtbot, window)
    assert head["organisation"].text() == "Gemeente Voorbeeld"  # type: ignore[union-attr]
    assert head["address_lines"].toPlainText() == "Postbus 1\n1000 AA Voorbeeld"  # type: ignore[union-attr]

    # A new case.
    ws.show_page("Cases")
    _idle(qtbot, window)
    new = ws.cases.new_case()
    new.reference.setText("CL-0001")
    new.given.setText("Testa")
    new.family.setText("Voorbeeld")
    new.signal_date.edit.setDate(date.today() - timedelta(days=100))
    new.forms.set_codes(("labour",))
    _submit(qtbot, new)
    _idle(qtbot, window)
    view = ws.cases.view
    assert ws.cases.currentWidget() is view
    assert view.case is not None and view.case.summary.client_reference == "CL-0001"
    case_id = view.case_id
    assert "Voorbeeld" in view.header.text()
    assert window.windowTitle() == "CareCoord"  # never client data in the title

    # Pathway: an impossible move is refused with both phases named; an allowed one works.
    refused: list[str] = []
    window.session.run(
        lambda v: open_store(v).pathway.change_phase(case_id, "aftercare"),
        on_error=lambda e: refused.append(e.message),
    )
    _idle(qtbot, window)
    assert refused and "signalled" in refused[0] and "aftercare" in refused[0]
    dialog = view.pathway.change_phase()
    combo = dialog.form.itemAt(1).widget()
    combo.setCurrentIndex(combo.findData("intake"))  # type: ignore[union-attr]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert view.case.summary.phase == "intake"

    # Reflection period: its end is a deadline on the dashboard.
    dialog = view.legal.reflection.record_reflection()
    # Started 85 days ago, so its three months end within the dashboard's 14-day window.
    _field(dialog, "Start").edit.setDate(date.today() - timedelta(days=85))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert view.case.reflection is not None
    assert any(
        "Reflection" in view.overview.events.item(i).text()
        for i in range(view.overview.events.count())
    )

    # Shelter stay.
    dialog = view.shelter.add_stay()
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert len(view.case.shelter_stays) == 1

    # A referral: without consent the send is refused; the override needs a written reason.
    view.referrals.new_referral()
    _idle(qtbot, window)
    dialog = _open_dialog()
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    view.referrals.list.setCurrentRow(0)
    asked: list[str] = []
    view.referrals.ask_override = lambda message: asked.append(message) or None  # type: ignore[method-assign]
    view.referrals.send_referral()
    _idle(qtbot, window)
    assert asked, "sending without consent must be refused"
    assert view.case.referrals[0].status == "draft"

    # Record the consent, then the referral goes.
    view.consents.record_consent()
    _idle(qtbot, window)
    dialog = _open_dialog()
    dialog.form.itemAt(3).widget().set_codes(("shelter",))  # type: ignore[union-attr]
    dialog.form.itemAt(5).widget().set_codes(("identity",))  # type: ignore[union-attr]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    view.referrals.list.setCurrentRow(0)
    view.referrals.send_referral()
    _idle(qtbot, window)
    assert view.case.referrals[0].status == "sent"
    # Sent: the letter is offered at once (answered below from the referral's button).
    assert view.referrals.letter_offer is not None and view.referrals.letter_offer.isVisible()
    view.referrals.letter_offer.reject()

    # The header card: the shelter, the consent state and the next deadline beside the tracks;
    # the referral and consent lines and the timeline name the organisation and the dates.
    today_text = format_date(date.today())
    status = view.tracks.status_texts()
    assert status["shelter"].endswith(f"since {today_text}"), status
    assert status["consent"] == "1 valid consent: Stichting Voorbeeldopvang", status
    assert "end of reflection period (in " in status["deadline"], status
    assert view.referrals.list.item(0).text() == (
        f"#{view.case.referrals[0].id} Shelter to Stichting Voorbeeldopvang — sent {today_text}"
    )
    assert view.consents.list.item(0).text().endswith("— Stichting Voorbeeldopvang")
    lines = [view.overview.events.item(i).text() for i in range(view.overview.events.count())]
    assert any("Referral shelter to Stichting Voorbeeldopvang: sent" in line for line in lines)
    assert any("Consent given to Stichting Voorbeeldopvang for " in line for line in lines)
    assert lines[0].startswith(today_text)  # newest first

    # The letter: initials only by default, saved only where the coordinator chose.
    view.referrals.list.setCurrentRow(0)
    letter = view.referrals.letter()
    assert letter is not None
    target = tmp_path / "chosen" / "brief.pdf"
    target.parent.mkdir()
    letter.ask_save_path = lambda _suggested: target  # type: ignore[method-assign]
    letter.save_letter()
    qtbot.waitUntil(target.exists, timeout=15_000)
    _idle(qtbot, window)
    assert target.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in target.parent.iterdir()) == ["brief.pdf"]

    # The dashboard shows the reflection period's end among the coming deadlines.
    ws.show_page("Dashboard")
    _idle(qtbot, window)
    day = ws.dashboard.day
    soon = [day.row_object(i) for i in range(day.rowCount())]
    assert "reflection_end" in [item.kind for item in soon if item is not None]
    assert ws.dashboard.recent.rowCount() == 1
    assert ws.dashboard.referrals.rowCount() == 1  # sent, awaiting an answer
    # Enter on that referral opens its case; so does Enter on the Referrals page.
    ws.dashboard.views[1].activated.emit(ws.dashboard.referrals.index(0, 0))
    assert ws.cases.currentWidget() is view and ws.page_titles()[ws.nav.currentRow()] == "Cases"
    ws.show_page("Referrals")
    qtbot.waitUntil(lambda: ws.referrals.model.row_object(0) is not None, timeout=10_000)
    assert ws.referrals.model.data(ws.referrals.model.index(0, 1)) == view.case.summary.reference
    ws.show_page("Dashboard")
    ws.referrals.table.activated.emit(ws.referrals.model.index(0, 0))
    assert ws.page_titles()[ws.nav.currentRow()] == "Cases" and view.case_id == case_id
    ws.show_page("Dashboard")
    _idle(qtbot, window)

    # Search by name finds the case.
    ws.show_page("Cases")
    ws.cases.show_list()
    _idle(qtbot, window)
    ws.cases.list.search.setText("Voorbeeld")
    with qtbot.waitSignal(ws.cases.list.model.loaded, timeout=10_000):
        qtbot.keyClick(ws.cases.list.search, Qt.Key.Key_Return)
    assert ws.cases.list.model.rowCount() == 1

    # Lock closes any open dialog; unlock brings the coordinator back.
    view.notes.add_note()
    window.lock()
    assert not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    _idle(qtbot, window)
    _unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=10_000)


def test_who_accessed_this_file_and_the_access_log(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    ws = window.workspace
    ws.show_page("Cases")
    _idle(qtbot, window)
    new = ws.cases.new_case()
    new.reference.setText("CL-0002")
    new.family.setText("Voorbeeld")
    _submit(qtbot, new)
    _idle(qtbot, window)
    view = ws.cases.view
    assert view.access.rowCount() == 0  # not read until shown
    view.tabs.setCurrentWidget(view.access_view)
    _idle(qtbot, window)
    actions = [view.access.row_object(i).action for i in range(view.access.rowCount())]  # type: ignore[union-attr]
    assert "create" in actions and "read" in actions
    assert all(view.access.row_object(i).user == "anna" for i in range(view.access.rowCount()))  # type: ignore[union-attr]

    ws.show_page("Access log")
    _idle(qtbot, window)
    model = ws.access_log.model
    lines = [model.row_object(i) for i in range(model.rowCount())]
    logged = [line.action for line in lines]  # type: ignore[union-attr]
    assert "login" in logged and "create" in logged
    # Newest first, and a case by its dossier number, never the log's internal id.
    times = [line.at for line in lines]  # type: ignore[union-attr]
    assert times == sorted(times, reverse=True) and logged.index("create") < logged.index("login")
    reference = view.case.summary.reference  # type: ignore[union-attr]
    cases = {line.case for line in lines if line.case}  # type: ignore[union-attr]
    assert cases == {reference}, cases
    column = [c.title for c in model.columns].index("Case")
    row = logged.index("create")
    assert model.data(model.index(row, column)) == reference != str(view.case_id)


def test_users_and_key_slots(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    ws = window.workspace
    ws.show_page("Settings")
    _idle(qtbot, window)
    users = ws.settings_area.users
    assert [users.users.item(i).text() for i in range(users.users.count())] == ["anna"]

    dialog = users.add_user()
    dialog.form.itemAt(1).widget().setText("bram")  # type: ignore[union-attr]
    dialog.form.itemAt(3).widget().setText("another long passphrase")  # type: ignore[union-attr]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert users.users.count() == 2

    # Remove acts on the chosen user: disabled until one is chosen.
    users.users.setCurrentRow(-1)
    assert not users.remove_button.isEnabled()
    users.users.setCurrentRow(1)
    assert users.remove_button.isEnabled()
    dialog = users.remove_user()
    assert dialog is not None
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert [users.users.item(i).text() for i in range(users.users.count())] == ["anna"]

    dialog = users.change_passphrase()
    new = "a brand new passphrase here"
    dialog.form.itemAt(1).widget().setText(new)  # type: ignore[union-attr]
    dialog.form.itemAt(3).widget().setText(new)  # type: ignore[union-attr]
    _submit(qtbot, dialog)
    window.lock()
    _idle(qtbot, window)
    _unlock(qtbot, window, new)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=10_000)


def test_copied_client_data_is_concealed_and_cleared_on_lock(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    from ui.clipboard import CONCEALED_HINTS

    _create(qtbot, window)
    ws = window.workspace
    ws.show_page("Cases")
    _idle(qtbot, window)
    new = ws.cases.new_case()
    new.reference.setText("CL-0042")
    _submit(qtbot, new)
    _idle(qtbot, window)
    ws.cases.view.copy_action.trigger()
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == "CL-0042"
    for fmt in CONCEALED_HINTS:
        assert data.hasFormat(fmt), fmt
    window.lock()
    assert QGuiApplication.clipboard().text() == ""


@pytest.fixture
def nl_window(qtbot, tmp_path: Path, worker: VaultWorker, preferences: Preferences):  # type: ignore[no-untyped-def]
    i18n.set_language("nl")
    win = MainWindow(tmp_path / "vault", worker, preferences)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.session.lock()
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_a_client_in_cosm_during_the_bedenktijd(qtbot, nl_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Issue 15, in Dutch: a client placed in a COSM shelter through CoMensha during the
    bedenktijd, registered with CoMensha on consent, a B8/3 permit on the ground of a report
    filed, and the case closed as completed; the header says where each track stands."""
    window = nl_window
    _create(qtbot, window)
    ws = window.workspace
    today = date.today()
    d = format_date

    def header() -> dict[str, str]:
        _idle(qtbot, window)
        return ws.cases.view.tracks.texts()

    # CoMensha in the partner directory, with the service that places in a COSM.
    ws.show_page(ws.page_titles()[-1])
    _idle(qtbot, window)
    dialog = ws.settings_area.vault.add_organisation()
    dialog.form.itemAt(1).widget().setText("CoMensha")  # type: ignore[union-attr]
    services = [w for w in dialog.findChildren(CodeChecklist)]
    assert services
    services[0].set_codes(("cosm_placement",))
    _submit(qtbot, dialog)
    _idle(qtbot, window)

    ws.show_page(ws.page_titles()[1])
    _idle(qtbot, window)
    new = ws.cases.new_case()
    new.reference.setText("CL-0015")
    new.given.setText("Testa")
    new.signal_date.edit.setDate(today - timedelta(days=100))
    new.forms.set_codes(("sexual",))
    _submit(qtbot, new)
    view = ws.cases.view
    assert header() == {
        "phase": f"Gesignaleerd sinds {d(today - timedelta(days=100))}",
        "legal": "Geen",
        "comensha": "Niet aangemeld",
        "identification": "Niet vastgelegd",
    }
    assert [card.caption.text() for card in view.tracks.cards()] == [
        "Zorgfase",
        "Verblijfsstatus",
        "CoMensha",
        "Identificatie",
    ]

    # The client consents to a COSM placement and to registration with CoMensha.
    view.consents.record_consent()
    _idle(qtbot, window)
    dialog = _open_dialog()
    assert isinstance(dialog, ActionDialog)
    recipient, purposes, categories, given = dialog.inputs[:4]
    recipient.set_value(  # type: ignore[attr-defined]
        recipient.itemData(recipient.findText("CoMensha"))  # type: ignore[attr-defined]
    )
    purposes.set_codes(("cosm_placement", "comensha_registration"))  # type: ignore[attr-defined]
    categories.set_codes(("identity",))  # type: ignore[attr-defined]
    given.set_value(today - timedelta(days=95))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)

    # The COSM place is asked of CoMensha: choosing the type chooses the recipient.
    view.referrals.new_referral()
    _idle(qtbot, window)
    referral = _open_dialog()
    assert isinstance(referral, ActionDialog)
    kind, org = referral.inputs[0], referral.inputs[1]
    kind.set_code("cosm_placement")  # type: ignore[attr-defined]
    assert org.currentText() == "CoMensha"  # type: ignore[attr-defined]
    _submit(qtbot, referral)
    _idle(qtbot, window)
    view.referrals.list.setCurrentRow(0)
    view.referrals.send_referral()
    _idle(qtbot, window)
    assert view.case.referrals[0].status == "sent"  # type: ignore[union-attr]
    view.referrals.list.setCurrentRow(0)
    dialog = view.referrals.set_referral_status()
    assert dialog is not None
    dialog.inputs[0].set_code("accepted")  # type: ignore[attr-defined]
    _submit(qtbot, dialog)

    # In the COSM shelter from 90 days ago (back-dated, so with a written reason).
    phase = view.pathway.change_phase()
    assert phase is not None and phase.target.code() == "intake"
    phase.target.set_code("shelter")
    phase.on.set_value(today - timedelta(days=90))
    phase.reason.setText("Geplaatst in COSM via CoMensha")
    _submit(qtbot, phase)
    dialog = view.shelter.add_stay()
    dialog.inputs[0].set_code("cosm")  # type: ignore[attr-defined]
    dialog.inputs[1].set_value(today - timedelta(days=90))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    assert header()["phase"] == f"In opvang sinds {d(today - timedelta(days=90))}"

    # The bedenktijd, offered by the police, from the same day.
    start = today - timedelta(days=89)
    dialog = view.legal.reflection.record_reflection()
    offered_on, offered_by, _informed, start_field, _end = dialog.inputs
    offered_on.set_value(today - timedelta(days=90))  # type: ignore[attr-defined]
    offered_by.set_code("police")  # type: ignore[attr-defined]
    start_field.set_value(start)  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    shown = header()
    assert shown["legal"] == f"Bedenktijd tot {d(reflection_end(start))}"
    assert shown["phase"] == f"In opvang sinds {d(today - timedelta(days=90))}"  # not bedenktijd

    # The registration with CoMensha rests on the consent.
    register = view.comensha.register()
    register.on.set_value(today - timedelta(days=79))
    assert [register.basis.itemData(i) for i in range(register.basis.count())] == [
        None,
        "consent",
        "anonymous",
    ]
    register.basis.set_code("consent")
    register.consent.setCurrentIndex(1)
    register.already.set_code("police")
    _submit(qtbot, register)
    assert header()["comensha"] == (
        f"Aangemeld bij CoMensha op {d(today - timedelta(days=79))} (met toestemming)"
    )

    # Keuze na bedenktijd: she files a report.
    dialog = view.legal.reflection.record_outcome()
    assert dialog is not None
    dialog.inputs[0].set_code("report_filed")  # type: ignore[attr-defined]
    dialog.inputs[1].set_value(today - timedelta(days=60))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    assert header()["legal"] == (
        f"Keuze na bedenktijd: aangifte gedaan ({d(today - timedelta(days=60))})"
    )

    # The B8/3 permit on the ground of the report: applied for, then granted.
    dialog = view.legal.permits.apply()
    dialog.inputs[0].set_code("report_filed")  # type: ignore[attr-defined]
    dialog.inputs[1].set_value(today - timedelta(days=59))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    assert header()["legal"] == (
        "Verblijfsvergunning mensenhandel (B8/3) aangevraagd op"
        f" {d(today - timedelta(days=59))}, grond: aangifte"
    )
    dialog = view.legal.permits.grant()
    granted_on, valid_until = dialog.inputs
    granted_on.set_value(today - timedelta(days=30))  # type: ignore[attr-defined]
    valid_until.set_value(today + timedelta(days=334))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    assert header()["legal"] == (
        "Verblijfsvergunning mensenhandel (B8/3) verleend, geldig tot"
        f" {d(today + timedelta(days=334))}, grond: aangifte"
    )
    # Each step is on the timeline.
    timeline = [view.overview.events.item(i).text() for i in range(view.overview.events.count())]
    for step in (
        "Bedenktijd aangeboden",
        "Keuze na bedenktijd: aangifte gedaan",
        "Aangemeld bij CoMensha (met toestemming)",
        "B8/3-vergunning verleend (aangifte)",
        "Opvang: COSM (categorale opvang)",
    ):
        assert any(step in line for line in timeline), step

    # Ambulant support after the shelter, then closed as completed.
    view.shelter.list.setCurrentRow(0)
    dialog = view.shelter.end_stay()
    assert dialog is not None
    _submit(qtbot, dialog)
    phase = view.pathway.change_phase()
    assert phase is not None and phase.target.code() == "support"
    _submit(qtbot, phase)
    assert header()["phase"] == f"Ambulante begeleiding sinds {d(today)}"
    phase = view.pathway.change_phase()
    assert phase is not None and phase.target.code() == "outflow"
    phase.target.set_code("closed")
    phase.submit()
    assert "Reden van afsluiting" in phase.error.text()
    phase.closure_reason.set_code("completed")
    phase.submit()
    assert phase.confirmation is not None
    assert "traject afgerond" in phase.confirmation.text()
    with qtbot.waitSignal(phase.saved, timeout=10_000):
        phase.confirmation.yes_button.click()
    shown = header()
    assert shown == {
        "phase": f"Afgesloten op {d(today)}: traject afgerond",
        "legal": (
            "Verblijfsvergunning mensenhandel (B8/3) verleend, geldig tot"
            f" {d(today + timedelta(days=334))}, grond: aangifte"
        ),
        "comensha": f"Aangemeld bij CoMensha op {d(today - timedelta(days=79))} (met toestemming)",
        "identification": "Niet vastgelegd",
    }
    assert_header_fits(qtbot, window)
    # The case list shows why the case was closed.
    ws.cases.show_list()
    ws.cases.list.open_only.setChecked(False)
    qtbot.waitUntil(lambda: ws.cases.list.model.rowCount() == 1, timeout=10_000)
    _idle(qtbot, window)
    phase_column = [c.title for c in ws.cases.list.model.columns].index("Fase")
    cell = ws.cases.list.model.index(0, phase_column)
    assert ws.cases.list.model.data(cell) == "afgesloten (traject afgerond)"


def test_my_day_on_the_dashboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The dashboard as the coordinator's day: an empty vault says what the page is for and
    offers the first case; then overdue and due items with dossier number, initials, kind and
    days overdue, opened, marked done and postponed (with a reason, in the access log) from the
    row; referrals awaiting an answer with how long; counts per phase."""
    from carecoord.audit import AccessLog
    from carecoord.domain.case import Signal
    from carecoord.domain.client import ClientFacts, ClientIdentity
    from carecoord.domain.referral import Organisation
    from ui.operations.store_access import store_of

    _create(qtbot, window)
    ws = window.workspace
    dash = ws.dashboard
    _idle(qtbot, window)
    assert dash.empty.isVisible() and not dash.cards.isVisible()
    assert "no cases yet" in dash.empty.findChildren(type(dash.greeting))[0].text()
    dash.first_case.click()
    dialog = _open_dialog()
    assert ws.page_titles()[ws.nav.currentRow()] == "Cases"
    dialog.reject()

    today = date.today()
    made: dict[str, int] = {}

    def fill(vault) -> None:  # type: ignore[no-untyped-def]
        store = store_of(vault)
        client = store.clients.register(
            ClientFacts(reference="CL-0300", gender="female", nationality="RO"),
            ClientIdentity(given_name="Testa Maria", family_name="Voorbeeld"),
        )
        case = store.cases.open(
            client, Signal(signal_date=today - timedelta(days=30), signaller="police")
        )
        made["case"] = case
        made["late"] = store.tasks.add(case, "Bel de advocaat", today - timedelta(days=3))
        made["soon"] = store.tasks.add(case, "Verslag sturen", today + timedelta(days=2))
        org = store.organisations.add(
            Organisation(name="Stichting Voorbeeldopvang", services=("shelter",))
        )
        referral = store.referrals.create(case, org, "shelter")
        store.referrals.send(referral, override_reason="Acute danger, police asked for a place")

    window.session.run(fill)
    ws.show_page("Cases")
    ws.show_page("Dashboard")
    _idle(qtbot, window)
    assert dash.cards.isVisible() and not dash.empty.isVisible()
    model = dash.day
    rows = [model.row_object(i) for i in range(model.rowCount())]
    titles = [r.title for r in rows]  # type: ignore[union-attr]
    assert titles[:2] == ["Bel de advocaat", "Verslag sturen"]  # overdue first
    late = rows[0]
    store_reference = late.case_reference  # type: ignore[union-attr]
    texts = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert texts[1:5] == ["3 days overdue", store_reference, "T.M.V.", "task"]
    assert model.data(model.index(1, 1)) == "in 2 days"
    assert "referral feedback due" in [
        model.data(model.index(i, 4)) for i in range(model.rowCount())
    ]

    # A derived deadline cannot be ticked off or moved here; a task can.
    feedback = next(i for i, r in enumerate(rows) if r.kind == "referral_feedback")  # type: ignore[union-attr]
    dash.day_view.setCurrentIndex(model.index(feedback, 0))
    assert dash.open_button.isEnabled()
    assert not dash.done_button.isEnabled() and not dash.postpone_button.isEnabled()
    assert "open the case" in dash.done_button.toolTip()

    # Postpone the overdue task by a week, for a reason (a code: the access log keeps it).
    dash.day_view.setCurrentIndex(model.index(0, 0))
    assert dash.done_button.isEnabled() and dash.postpone_button.isEnabled()
    postpone = dash.postpone()
    assert postpone is not None
    new_date, reason = postpone.inputs
    assert new_date.value() == today + timedelta(days=7)  # type: ignore[attr-defined]
    reason.set_code("waiting_for_partner")  # type: ignore[attr-defined]
    _submit(qtbot, postpone)
    _idle(qtbot, window)
    rows = [model.row_object(i) for i in range(model.rowCount())]
    moved = next(r for r in rows if r.task_id == made["late"])  # type: ignore[union-attr]
    assert moved.due_on == today + timedelta(days=7)
    out: list[object] = []
    window.session.run(
        lambda v: [e.detail for e in AccessLog(v).entries(limit=1000) if e.action == "update"],
        out.append,
    )
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    postponed = [d["what"] for d in out[0] if "postponed" in str(d.get("what"))]  # type: ignore[union-attr]
    assert len(postponed) == 1 and "waiting_for_partner" in postponed[0], postponed

    # Mark the other task done from its row: it leaves the list.
    soon_row = next(i for i, r in enumerate(rows) if r.task_id == made["soon"])  # type: ignore[union-attr]
    dash.day_view.setCurrentIndex(model.index(soon_row, 0))
    dash.mark_done()
    _idle(qtbot, window)
    assert made["soon"] not in [model.row_object(i).task_id for i in range(model.rowCount())]  # type: ignore[union-attr]
    assert store_reference in dash.day_status.text()

    # The referral waits for an answer: organisation and days waiting.
    waiting = dash.referrals
    assert waiting.rowCount() == 1
    assert [waiting.data(waiting.index(0, c)) for c in (0, 1, 2)] == [
        store_reference,
        "0 days",
        "Stichting Voorbeeldopvang",
    ]
    # Counts per phase: the one case is signalled.
    assert dash.phase_values["signalled"].text() == "1"
    assert dash.phase_values["closed"].text() == "0"

    # By keyboard: into the list, the first row, Tab to its actions, Space postpones it.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    dash.day_view.setFocus()
    qtbot.keyClick(dash.day_view, Qt.Key.Key_Home)
    assert dash.selected_item() is not None and dash.selected_item().kind == "manual"  # type: ignore[union-attr]
    for _step in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dash.postpone_button
    qtbot.keyClick(dash.postpone_button, Qt.Key.Key_Space)
    by_key = _open_dialog()
    assert isinstance(by_key, ActionDialog) and by_key.windowTitle() == "Postpone task"
    by_key.discard()

    # Another card takes the next free place: the caseload charts sit beside the recent cases.
    extra = dash.add_card("Caseload", QWidget())
    index = dash.grid.indexOf(extra)
    # Two columns on a wide page, one under the other on a narrow one (issue 17).
    expected = (4, 0) if dash.columns == 2 else (len(dash.grid_cards) - 1, 0)
    assert dash.grid.getItemPosition(index)[:2] == expected and extra.isVisibleTo(dash)

    # Open from the row: the case.
    dash.day_view.setCurrentIndex(model.index(0, 0))
    dash.open_button.click()
    assert ws.cases.currentWidget() is ws.cases.view and ws.cases.view.case_id == made["case"]
