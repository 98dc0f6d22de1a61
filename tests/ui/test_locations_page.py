"""Risicolocaties (issue 18): a location entered through its form, a control recorded, a signal
linked from the Signals page and a case from its file; the location's page shows them (the case by
its dossier number); the Regiobeeld shows protected tables; Ctrl+0 reaches the tenth page."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from carecoord.domain.case import Signal
from carecoord.domain.client import ClientFacts
from carecoord.workspace import open_store
from tests.ui.test_coordinator_day import _field, _idle, _open_dialog, _submit
from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow
from ui.pages.statistics_table import TableSection
from ui.widgets import ChoiceCombo, CodeChecklist, CodeCombo

DAY = date.today() - timedelta(days=30)


def _fill_vault(qtbot, window: MainWindow) -> int:  # type: ignore[no-untyped-def]
    """A region, a signal without a person and a case; returns the case id."""

    def build(vault):  # type: ignore[no-untyped-def]
        store = open_store(vault)
        store.settings.set_region(["GM0363", "GM0599"])
        store.signals.add(Signal(signal_date=DAY, location_type="horeca", municipality="GM0363"))
        client = store.clients.register(ClientFacts(reference="CL-9"), None)
        return store.cases.open(client, Signal(signal_date=DAY, municipality="GM0363"))

    found: list[int] = []
    window.session.run(build, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    return found[0]


def test_a_location_its_control_and_its_links(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _fill_vault(qtbot, window)
    ws = window.workspace
    titles = ws.page_titles()
    assert titles[-2] == "Risk locations" and len(titles) == 10
    go = {a.text(): a for a in window.go_menu.actions()}
    assert go["Settings"].shortcut().toString() == "Ctrl+0"
    assert go["Risk locations"].shortcut().toString() == "Ctrl+9"
    go["Risk locations"].trigger()
    page = ws.locations.register
    _idle(qtbot, window)
    assert page.list.rowCount() == 0

    dialog = page.new_location()
    _field(dialog, "Name").setText("Café De Hoek")  # type: ignore[attr-defined]
    kind = _field(dialog, "Location type")
    assert isinstance(kind, CodeCombo) and kind.code() is None  # nothing chosen for the user
    kind.set_code("horeca")
    place = _field(dialog, "Municipality")
    assert isinstance(place, ChoiceCombo)
    place.set_value("GM0363")
    assert place.currentText() == "Amsterdam"  # names on screen, not CBS codes
    _field(dialog, "Sector").set_code("hospitality")  # type: ignore[attr-defined]
    indicators = _field(dialog, "Indicators seen")
    assert isinstance(indicators, CodeChecklist)
    indicators.set_codes(("no_contracts",))
    _submit(qtbot, dialog)
    qtbot.waitUntil(lambda: page.list.rowCount() == 1, timeout=10_000)
    assert page.list.item(0, 3).text() == "Amsterdam"

    # Edit and control act on the chosen location: until its page is shown they wait.
    assert not page.edit_button.isEnabled() and not page.control_button.isEnabled()
    assert page.new_button.isEnabled()
    page.list.selectRow(0)
    qtbot.waitUntil(lambda: page.dossier is not None, timeout=10_000)
    assert page.edit_button.isEnabled() and page.control_button.isEnabled()
    control = page.record_control()
    assert control is not None
    _field(control, "Controlled by").set_code("joint")  # type: ignore[attr-defined]
    _field(control, "Outcome").set_code("indication_exploitation")  # type: ignore[attr-defined]
    _submit(qtbot, control)
    qtbot.waitUntil(lambda: page.controls.rowCount() == 1, timeout=10_000)
    assert page.controls.item(0, 2).text() == "indication of exploitation"

    # A signal without a person, linked from the Signals page.
    ws.show_page("Signals")
    qtbot.waitUntil(lambda: ws.signals.model.rowCount() == 1, timeout=10_000)
    ws.signals.table.selectRow(0)
    ws.signals.link_location()
    qtbot.waitUntil(lambda: _visible_form() is not None, timeout=10_000)
    link = _open_dialog()
    combo = link.findChildren(ChoiceCombo)[0]
    combo.setCurrentIndex(1)
    assert "Café De Hoek" in combo.currentText() and "Amsterdam" in combo.currentText()
    _submit(qtbot, link)

    # The case, from its file.
    ws.open_case(case_id)
    view = ws.cases.view
    qtbot.waitUntil(lambda: view.case is not None, timeout=10_000)
    reference = view.case.summary.reference if view.case else ""
    assert not view.unlink_location_action.isEnabled()  # no link yet
    view.link_location()
    qtbot.waitUntil(lambda: _visible_form() is not None, timeout=10_000)
    link = _open_dialog()
    link.findChildren(ChoiceCombo)[0].setCurrentIndex(1)
    _submit(qtbot, link)

    ws.show_page("Risk locations")
    qtbot.waitUntil(lambda: page.list.rowCount() == 1, timeout=10_000)
    page.list.selectRow(0)
    qtbot.waitUntil(
        lambda: page.dossier is not None and page.dossier.case_references == (reference,),
        timeout=10_000,
    )
    assert page.signals.rowCount() == 1
    assert page.signals.item(0, 3).text() == "no known person"
    assert page.cases.text() == reference  # the dossier number only
    assert "De Hoek" not in window.windowTitle()


def _confirmation():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui.dialogs.confirm import Confirmation

    shown = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, Confirmation) and w.isVisible()
    ]
    return shown[0] if shown else None


def test_a_case_is_unlinked_from_a_risk_location_after_a_confirmation(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """Linked by mistake: "Unlink" in the case view asks first (Cancel keeps the link), names
    the case and the location; with two links it asks which. The access log keeps it."""
    from carecoord.audit import AccessLog
    from carecoord.domain.location import RiskLocation

    _create(qtbot, window)
    case_id = _fill_vault(qtbot, window)

    def places(vault):  # type: ignore[no-untyped-def]
        store = open_store(vault)
        ids = [
            store.locations.add(
                RiskLocation(
                    name=name,
                    location_type="horeca",
                    municipality="GM0363",
                    sector="hospitality",
                    first_seen=DAY,
                    last_seen=DAY,
                )
            )
            for name in ("Café De Hoek", "Hotel Het Plein")
        ]
        for location_id in ids:
            store.locations.link_case(case_id, location_id)
        return ids

    found: list[list[int]] = []
    window.session.run(places, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    hoek, plein = found[0]
    ws = window.workspace
    ws.open_case(case_id)
    view = ws.cases.view
    qtbot.waitUntil(lambda: view.linked_locations == 2, timeout=10_000)
    assert view.unlink_location_action.isEnabled()
    reference = view.case.summary.reference if view.case else ""

    def links() -> list[int]:
        out: list[list[int]] = []
        window.session.run(
            lambda v: [loc.id for loc in open_store(v).locations.of_case(case_id)], out.append
        )
        qtbot.waitUntil(lambda: bool(out), timeout=10_000)
        return out[0]

    # Two links: which one first; OK only leads to the question, Cancel there keeps the link.
    view.unlink_location_action.trigger()
    qtbot.waitUntil(lambda: _visible_form() is not None, timeout=10_000)
    choose = _open_dialog()
    combo = choose.findChildren(ChoiceCombo)[0]
    combo.set_value(plein)
    _submit(qtbot, choose)
    qtbot.waitUntil(lambda: _confirmation() is not None, timeout=10_000)
    box = _confirmation()
    assert reference in box.text() and "Hotel Het Plein" in box.text()
    assert box.defaultButton() is box.cancel_button
    box.cancel_button.click()
    _idle(qtbot, window)
    assert sorted(links()) == sorted([hoek, plein])

    view.unlink_location_action.trigger()
    qtbot.waitUntil(lambda: _visible_form() is not None, timeout=10_000)
    choose = _open_dialog()
    choose.findChildren(ChoiceCombo)[0].set_value(plein)
    _submit(qtbot, choose)
    qtbot.waitUntil(lambda: _confirmation() is not None, timeout=10_000)
    _confirmation().yes_button.click()
    qtbot.waitUntil(lambda: view.linked_locations == 1, timeout=10_000)
    assert links() == [hoek]

    # The one link left: asked at once, without a choice.
    view.unlink_location_action.trigger()
    qtbot.waitUntil(lambda: _confirmation() is not None, timeout=10_000)
    box = _confirmation()
    assert "Café De Hoek" in box.text() and _visible_form() is None
    box.yes_button.click()
    qtbot.waitUntil(lambda: view.linked_locations == 0, timeout=10_000)
    assert links() == [] and not view.unlink_location_action.isEnabled()

    logged: list[object] = []
    window.session.run(
        lambda v: [e.detail for e in AccessLog(v).entries(limit=1000) if e.action == "update"],
        logged.append,
    )
    qtbot.waitUntil(lambda: bool(logged), timeout=10_000)
    unlinked = [d["what"] for d in logged[0] if "unlinked" in str(d.get("what"))]  # type: ignore[union-attr]
    assert sorted(unlinked) == sorted(
        [f"case_unlinked_from_risk_location_{n}" for n in (hoek, plein)]  # as the log keeps it
    )


def _visible_form():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui.dialogs.base import FormDialog

    shown = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, FormDialog) and w.isVisible()
    ]
    return shown[0] if shown else None


def test_the_regional_picture_shows_protected_tables(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    _fill_vault(qtbot, window)
    ws = window.workspace
    ws.show_page("Risk locations")
    ws.locations.setCurrentWidget(ws.locations.picture)
    picture = ws.locations.picture
    picture.year.setValue(DAY.year)
    picture.quarter.setCurrentIndex(picture.quarter.findData(None))  # the whole year
    picture.preview()
    qtbot.waitUntil(lambda: picture.release is not None, timeout=60_000)
    release = picture.release
    assert release is not None
    assert [t.definition.table_id for t in release.tables][:2] == [
        "signals_by_location_sector",
        "signals_by_municipality_location",
    ]
    # Two signals in the region: fewer than k, so every cell is withheld and shown as "–".
    sections = picture.tables.findChildren(TableSection)
    assert len(sections) == len(release.tables)
    grids = [section.grid for section in sections]
    first = grids[0]
    texts = {
        first.item(r, c).text()
        for r in range(first.rowCount())
        for c in range(first.columnCount())
        if first.item(r, c) is not None
    }
    assert texts == {"–"}
    assert str(first.item(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)).endswith("withheld")
    # Each table has its chart, with the table as its accessible alternative; signals, not
    # persons, are what the legend says were too few.
    assert "Signals" in sections[0].heading.text()
    assert first.accessibleName() in sections[0].chart.accessibleDescription()
    assert "too few signals" in sections[0].legend.text()
    headers = {grids[1].horizontalHeaderItem(c).text() for c in range(grids[1].columnCount())}
    assert {"Amsterdam", "Rotterdam", "Total"} <= headers | {
        grids[1].verticalHeaderItem(r).text() for r in range(grids[1].rowCount())
    }
