"""Forms of the Risicolocaties page (issue 18): a location (new or edited), a control at it, and
linking a signal or a case to a location (and unlinking a case, after a confirmation). Each runs
one op of ui/operations/locations.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from carecoord.domain.location import ADDRESS_MAX, NAME_MAX, LocationControl, RiskLocation
from carecoord.domain.municipalities import municipalities
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.action import ActionDialog
from ui.dialogs.confirm import confirm
from ui.operations import locations, perform
from ui.session import Session
from ui.widgets import ChoiceCombo, CodeChecklist, CodeCombo, DateField, show_error


def municipality_choice(*, required: bool, region: tuple[str, ...] = ()) -> ChoiceCombo:
    """Municipalities by name (the region's first), the CBS code as item data: a screen shows
    names, never codes."""
    combo = ChoiceCombo(required=required, empty_text=None if required else "—")
    known = municipalities()
    first = [c for c in region if c in known]
    rest = sorted((c for c in known if c not in first), key=lambda c: known[c].name)
    for code in sorted(first, key=lambda c: known[c].name) + rest:
        combo.addItem(known[code].name, code)
    return combo


def municipality_name(code: str | None) -> str:
    if code is None:
        return ""
    found = municipalities().get(code)
    return found.name if found is not None else code


def _text(widget: QPlainTextEdit) -> str | None:
    return widget.toPlainText().strip() or None


def location_dialog(
    session: Session,
    parent: QWidget,
    location: RiskLocation | None = None,
    region: tuple[str, ...] = (),
) -> ActionDialog:
    """A new location (``location`` None) or the given one to change."""
    name = QLineEdit(location.name if location else "")
    name.setMaxLength(NAME_MAX)
    editing = location is not None
    # Editing shows what was recorded ("—" keeps it); a new location starts on "— choose —".
    kind = CodeCombo("location_type", allow_empty=editing)
    place: QWidget
    if location is None:
        place = municipality_choice(required=True, region=region)
    else:
        # A location does not move: one in another municipality is another location.
        place = QLabel(municipality_name(location.municipality))
    address = QPlainTextEdit((location.address or "") if location else "")
    address.setMaximumHeight(60)
    sector = CodeCombo("sector", allow_empty=editing)
    indicators = CodeChecklist("location_indicator")
    # The indicators read whole ("identiteitsbewijzen ingehouden door anderen"), most at once.
    indicators.setMinimumWidth(indicators.sizeHintForColumn(0) + 40)
    indicators.setMaximumHeight(200)
    first = DateField(initial=location.first_seen if location else None)
    last = DateField(initial=location.last_seen if location else None)
    # A new location is watched; closing it is a change of the location.
    status = CodeCombo("location_status", allow_empty=True)
    if location is not None:
        kind.set_code(location.location_type)
        sector.set_code(location.sector)
        status.set_code(location.status)
        indicators.set_codes(location.indicators)

    def build() -> Callable[[Vault], Any]:
        if len(address.toPlainText()) > ADDRESS_MAX:
            raise InputRejected(
                _("The address is longer than %(limit)d characters.") % {"limit": ADDRESS_MAX}
            )
        today = date.today()
        values: dict[str, Any] = {
            "name": name.text(),
            "location_type": kind.code() or (location.location_type if location else "unknown"),
            "address": _text(address),
            "sector": sector.code() or (location.sector if location else "unknown"),
            "indicators": indicators.codes(),
            "first_seen": first.value() or today,
            "last_seen": last.value() or today,
        }
        if location is None:
            assert isinstance(place, ChoiceCombo)
            values["municipality"] = place.value()
            return locations.add(RiskLocation.model_validate(values))
        values["status"] = status.code() or location.status
        changed = location.model_copy(update=values)
        return locations.update(RiskLocation.model_validate(changed.model_dump()))

    fields: list[tuple[str, QWidget]] = [
        (_("&Name"), name),
        (_("&Location type"), kind),
        (_("&Municipality"), place),
        (_("A&ddress or description"), address),
        (_("Sec&tor"), sector),
        (_("&Indicators seen"), indicators),
        (_("&First seen"), first),
        (_("Last s&een"), last),
    ]
    if editing:
        fields.append((_("Stat&us"), status))
    dialog = ActionDialog(
        session,
        _("Risk location") if location is None else _("Edit risk location"),
        fields,
        build,
        parent,
    )
    dialog.open()
    return dialog


def control_dialog(session: Session, parent: QWidget, location_id: int) -> ActionDialog:
    when = DateField()
    by = CodeCombo("control_by")
    reason = QPlainTextEdit()
    reason.setMaximumHeight(80)
    outcome = CodeCombo("control_outcome")
    follow_ups = CodeChecklist("control_follow_up")

    def build() -> Callable[[Vault], Any]:
        control = LocationControl(
            location_id=location_id,
            control_date=when.value() or date.today(),
            control_by=by.code(),
            reason=_text(reason),
            outcome=outcome.code(),
            follow_ups=follow_ups.codes(),
        )
        return locations.record_control(control)

    dialog = ActionDialog(
        session,
        _("Record a control"),
        [
            (_("&Date"), when),
            (_("Controlled &by"), by),
            (_("&Reason"), reason),
            (_("&Outcome"), outcome),
            (_("&Follow-up"), follow_ups),
        ],
        build,
        parent,
    )
    dialog.open()
    return dialog


def link_dialog(
    session: Session,
    parent: QWidget,
    choices: list[tuple[int, str, str]],
    link: Callable[[int], Callable[[Vault], Any]],
) -> ActionDialog:
    """Pick one watched location (reference, name and municipality) for ``link(location_id)``."""
    combo = ChoiceCombo()
    for location_id, label, municipality in choices:
        combo.addItem(f"{label} ({municipality_name(municipality)})", location_id)

    def build() -> Callable[[Vault], Any]:
        chosen = combo.value()
        if chosen is None:
            raise InputRejected(_("Choose a risk location."))
        return link(int(str(chosen)))

    dialog = ActionDialog(
        session, _("Link to a risk location"), [(_("&Risk location"), combo)], build, parent
    )
    dialog.open()
    return dialog


def open_link_dialog(
    session: Session, parent: QWidget, link: Callable[[int], Callable[[Vault], Any]]
) -> None:
    """Read the watched locations on the worker, then open the link dialog with them."""

    def chosen(choices: list[tuple[int, str, str]]) -> None:
        link_dialog(session, parent, choices, link)

    session.run(locations.choices, chosen, lambda error: show_error(parent, error))


def open_unlink_dialog(
    session: Session, parent: QWidget, case_id: int, case_reference: str
) -> None:
    """Read the case's linked locations on the worker; with several, choose one; then confirm
    (Cancel is the default) and unlink."""

    def unlink(location: RiskLocation) -> None:
        location_id = location.id
        if location_id is None:
            return
        confirm(
            parent,
            _("Unlink from a risk location"),
            _(
                "Remove the link between case %(case)s and risk location %(location)s? The"
                " location's page no longer lists the case; the access log keeps the link and"
                " its removal."
            )
            % {"case": case_reference, "location": location_label(location)},
            _("&Unlink"),
            lambda: perform(
                session,
                locations.unlink_case(case_id, location_id),
                on_error=lambda error: show_error(parent, error),
            ),
        )

    def linked(found: list[RiskLocation]) -> None:
        if len(found) == 1:
            unlink(found[0])
        elif found:
            choose_linked(session, parent, found, unlink)

    session.run(
        lambda v: locations.of_case(v, case_id), linked, lambda error: show_error(parent, error)
    )


def location_label(location: RiskLocation) -> str:
    return f"{location.reference} {location.name} ({municipality_name(location.municipality)})"


def choose_linked(
    session: Session,
    parent: QWidget,
    found: list[RiskLocation],
    then: Callable[[RiskLocation], None],
) -> ActionDialog:
    """Which of the case's locations to unlink; OK leads to the confirmation, it changes
    nothing itself (its worker call only hands the choice back)."""
    combo = ChoiceCombo()
    for location in found:
        combo.addItem(location_label(location), location.id)
    by_id = {location.id: location for location in found}

    def build() -> Callable[[Vault], Any]:
        chosen = next((loc for loc_id, loc in by_id.items() if loc_id == combo.value()), None)
        if chosen is None:
            raise InputRejected(_("Choose a risk location."))
        return lambda _vault: chosen

    dialog = ActionDialog(
        session, _("Unlink from a risk location"), [(_("&Risk location"), combo)], build, parent
    )
    dialog.saved.connect(then)
    dialog.open()
    return dialog
