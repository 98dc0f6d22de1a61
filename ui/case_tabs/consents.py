"""The consents of a case's client: recording one (recipient, purposes, data) and withdrawing
it. A consent may name further recipients: sharing in a case meeting (purpose "case
consultation") is consented to for every organisation taking part (issue 16)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from carecoord.domain.casefile import CaseFile
from carecoord.domain.consent import Consent
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.case_tabs.section import CaseSection, NeedCase, organisation_combo
from ui.dialogs.action import ActionDialog
from ui.operations import consents
from ui.session import Session
from ui.widgets import (
    CodeChecklist,
    CodeCombo,
    DateField,
    OrganisationChecklist,
    code_label,
    format_date,
    show_error,
)


def consent_line(consent: Consent, names: Mapping[int, str]) -> str:
    """'Consent #1 given 1 Dec 2026 for shelter — Stichting X — valid until … — withdrawn …'."""
    text = _("Consent #%(id)s given %(g)s for %(p)s") % {
        "id": consent.id,
        "g": format_date(consent.given_on),
        "p": ", ".join(code_label("consent_purpose", p) for p in consent.purposes),
    }
    text += " — " + ", ".join(names.get(r, "?") for r in consent.recipient_ids)
    if consent.valid_until is not None:
        text += " — " + _("valid until %(d)s") % {"d": format_date(consent.valid_until)}
    if consent.withdrawn_on is not None:
        text += " — " + _("withdrawn %(w)s") % {"w": format_date(consent.withdrawn_on)}
    return text


class ConsentsSection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Consents"), session, need)
        self.button(_("Record &consent…"), self.record_consent)
        self.button(_("&Withdraw…"), self.withdraw_consent, needs_selection=True)

        # Organisation names by id, set by the case view with each case file.
        self.names: dict[int, str] = {}

    def show_case(self, case: CaseFile) -> None:
        self.fill(
            [consent_line(c, self.names) for c in case.consents], [c.id for c in case.consents]
        )

    def record_consent(self) -> None:
        _case_id, case = self._need()
        client_id = case.summary.client_id

        def open_dialog(orgs: list[Any]) -> None:
            if not orgs:
                show_error(self, InputRejected(_("Add partner organisations in Settings first.")))
                return
            org = organisation_combo(orgs)
            further = OrganisationChecklist(orgs)
            purposes = CodeChecklist("consent_purpose")
            categories = CodeChecklist("data_category")
            given, until = DateField(), DateField(optional=True)
            giver = CodeCombo("consent_giver")

            def build() -> Callable[[Vault], Any]:
                consent = Consent(
                    client_id=client_id,
                    recipient_id=int(org.currentData()),
                    further_recipient_ids=further.chosen(),
                    purposes=purposes.codes(),
                    data_categories=categories.codes(),
                    given_on=given.value() or date.today(),
                    given_by=giver.code() or "client",
                    valid_until=until.value(),
                )
                return consents.record(consent)

            self._dialog(
                _("Record consent"),
                [
                    (_("&Recipient"), org),
                    (_("&Purposes"), purposes),
                    (_("Data &categories"), categories),
                    (_("&Given on"), given),
                    (_("Given &by"), giver),
                    (_("&Valid until"), until),
                    # Last: most consents name one recipient (and tests find fields by place).
                    (_("&Further recipients (a case meeting)"), further),
                ],
                build,
            )

        self._with_organisations(open_dialog)

    def withdraw_consent(self) -> ActionDialog | None:
        consent_id = self.selected()
        if consent_id is None:  # the button is disabled then
            return None
        on = DateField()
        return self._dialog(
            _("Withdraw consent"),
            [(_("&Withdrawn on"), on)],
            lambda: consents.withdraw(int(consent_id), on.value() or date.today()),
        )
