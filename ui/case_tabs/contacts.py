"""The people and organisations around the client, each with a role: an organisation of the
partner directory, a person (name, phone, e-mail: identifying, kept with the identity), or a
person at an organisation. A contact that no longer applies is ended, not deleted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLineEdit

from carecoord.domain.case_work import CaseContact, ContactPerson
from carecoord.domain.casefile import CaseFile
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.case_tabs.section import CaseSection, NeedCase
from ui.dialogs.action import ActionDialog
from ui.operations import case_work
from ui.session import Session
from ui.widgets import ChoiceCombo, CodeCombo, DateField, code_label, format_date


def contact_name(contact: CaseContact, names: dict[int, str]) -> str:
    """Who the contact is: the person, at the organisation when there is one."""
    organisation = names.get(contact.organisation_id or 0, "")
    person = contact.person.name if contact.person else ""
    if person and organisation:
        return _("%(person)s (%(organisation)s)") % {"person": person, "organisation": organisation}
    return person or organisation or _("(erased)")


def contact_line(contact: CaseContact, names: dict[int, str]) -> str:
    parts = [f"{code_label('contact_role', contact.role)}: {contact_name(contact, names)}"]
    if contact.person is not None:
        parts.extend(p for p in (contact.person.phone, contact.person.email) if p)
    line = " · ".join(parts)
    if contact.ended_on is not None:
        line += " — " + _("ended %(on)s") % {"on": format_date(contact.ended_on)}
    return line


class ContactsSection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Contacts"), session, need)
        # Organisation names by id, set by the case view with each case file.
        self.names: dict[int, str] = {}
        self.button(_("Add &contact…"), self.add_contact)
        self.button(_("Ed&it contact…"), self.edit_contact, needs_selection=True)
        self.button(_("E&nd contact…"), self.end_contact, needs_selection=True)

    def show_case(self, case: CaseFile) -> None:
        # Current contacts first, then the ended ones.
        contacts = sorted(case.contacts, key=lambda c: (c.ended_on is not None, c.id or 0))
        self.fill([contact_line(c, self.names) for c in contacts], [c.id for c in contacts])

    def _contact(self) -> CaseContact | None:
        _case_id, case = self._need()
        chosen = self.selected()
        found = next((c for c in case.contacts if c.id is not None and c.id == chosen), None)
        return found  # None only when nothing is selected: the buttons are disabled then

    def _form(
        self, organisations: list[Any], contact: CaseContact | None
    ) -> tuple[list[tuple[str, Any]], Callable[[], CaseContact]]:
        role = CodeCombo("contact_role")
        role.set_code(contact.role if contact else None)
        organisation = ChoiceCombo(required=False, empty_text=_("— none —"))
        for org in organisations:
            if org.active or (contact is not None and org.id == contact.organisation_id):
                organisation.addItem(org.name, org.id)
        organisation.set_value(contact.organisation_id if contact else None)
        person = contact.person if contact else None
        name = QLineEdit(person.name if person else "")
        phone = QLineEdit(person.phone or "" if person else "")
        email = QLineEdit(person.email or "" if person else "")

        def contact_of() -> CaseContact:
            named = name.text().strip()
            if not named and (phone.text().strip() or email.text().strip()):
                raise InputRejected(_("A phone number or e-mail address needs the person's name."))
            return CaseContact(
                role=role.code() or "",
                organisation_id=organisation.value(),
                person=ContactPerson(name=named, phone=phone.text(), email=email.text())
                if named
                else None,
                ended_on=contact.ended_on if contact else None,
            )

        fields = [
            (_("&Role"), role),
            (_("&Organisation (partner directory)"), organisation),
            (_("&Name of the person"), name),
            (_("&Phone"), phone),
            (_("&E-mail"), email),
        ]
        return fields, contact_of

    def add_contact(self) -> None:
        case_id, _case = self._need()

        def open_dialog(organisations: list[Any]) -> None:
            fields, contact_of = self._form(organisations, None)

            def build() -> Callable[[Vault], Any]:
                return case_work.add_contact(case_id, contact_of())

            self._dialog(_("New contact"), fields, build)

        self._with_all_organisations(open_dialog)

    def edit_contact(self) -> None:
        contact = self._contact()
        if contact is None or contact.id is None:
            return
        contact_id = contact.id

        def open_dialog(organisations: list[Any]) -> None:
            fields, contact_of = self._form(organisations, contact)
            self._dialog(
                _("Edit contact"),
                fields,
                lambda: case_work.update_contact(contact_id, contact_of()),
            )

        self._with_all_organisations(open_dialog)

    def end_contact(self) -> ActionDialog | None:
        contact = self._contact()
        if contact is None or contact.id is None:
            return None
        contact_id = contact.id
        on = DateField()
        return self._dialog(
            _("End contact"),
            [(_("&Ended on"), on)],
            lambda: case_work.end_contact(contact_id, on.value() or date.today()),
        )

    def _with_all_organisations(self, then: Callable[[list[Any]], None]) -> None:
        self.session.run(case_work.organisations, then, self._failed)
