"""The referrals of a case: a new referral, sending it (the consent gate, with an override that
needs a written reason), its status and its letter."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit

from carecoord.domain.casefile import CaseFile
from carecoord.domain.consent import ConsentMissing
from carecoord.domain.referral import Referral
from carecoord.errors import CareCoordError, InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.case_tabs.contacts import contact_line
from ui.case_tabs.section import CaseSection, NeedCase, organisation_combo
from ui.dialogs.action import ActionDialog
from ui.dialogs.letter import LetterDialog
from ui.operations import perform, referrals
from ui.session import Session
from ui.status_marks import REFERRAL_KINDS, code_mark, mark_items
from ui.track_texts import first_upper
from ui.widgets import ChoiceCombo, CodeCombo, code_label, format_date, show_error

# A COSM place is asked of CoMensha, which places the client in a COSM shelter (DESIGN.md §4):
# the recipient is the partner that offers this service, CoMensha.
COSM_PLACEMENT = "cosm_placement"


def no_comensha_message() -> str:
    return _(
        "A COSM placement goes through CoMensha: add CoMensha to the partner organisations"
        " (Settings) with the service 'COSM placement (through CoMensha)'."
    )


def offer_recipients(
    combo: ChoiceCombo, organisations: list[Any], referral_type: str | None
) -> None:
    """For a COSM placement only CoMensha (the partners offering that service), chosen when
    there is one; for any other type every partner, the choice made kept."""
    cosm = referral_type == COSM_PLACEMENT
    offered = [o for o in organisations if not cosm or COSM_PLACEMENT in o.services]
    chosen = combo.value()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for org in offered:
        combo.addItem(org.name, org.id)
    combo.blockSignals(False)
    if cosm and len(offered) == 1:
        combo.set_value(offered[0].id)
    else:
        combo.set_value(chosen)


def referral_line(referral: Referral, names: Mapping[int, str]) -> str:
    """'#3 Shelter to Stichting X — sent 1 Dec 2026 — accepted': what, to whom, when."""
    parts = [
        _("#%(id)s %(type)s to %(org)s")
        % {
            "id": referral.id,
            "type": first_upper(code_label("referral_type", referral.referral_type)),
            "org": names.get(referral.organisation_id, "?"),
        }
    ]
    if referral.sent_on is not None:
        parts.append(_("sent %(date)s") % {"date": format_date(referral.sent_on)})
    else:
        parts.append(_("created %(date)s") % {"date": format_date(referral.created_on)})
    if referral.status != "sent":  # 'sent 2 Dec — sent' would say it twice
        parts.append(code_label("referral_status", referral.status))
    return " — ".join(parts)


class ReferralsSection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Referrals"), session, need)
        self.button(_("New &referral…"), self.new_referral)
        self.button(_("&Send…"), self.send_referral, needs_selection=True)
        self.button(_("Set s&tatus…"), self.set_referral_status, needs_selection=True)
        self.button(_("&Letter…"), self.letter_of_selected, needs_selection=True)
        self.letter_offer: QMessageBox | None = None
        # Organisation names by id, set by the case view with each case file.
        self.names: dict[int, str] = {}

    def show_case(self, case: CaseFile) -> None:
        self.fill(
            [referral_line(r, self.names) for r in case.referrals], [r.id for r in case.referrals]
        )
        # The status's shape before each line (issue 17): accepted, awaiting, refused, done.
        mark_items(
            self.list,
            [code_mark(REFERRAL_KINDS, "referral_status", r.status) for r in case.referrals],
        )

    def new_referral(self) -> None:
        case_id, case = self._need()

        def open_dialog(orgs: list[Any]) -> None:
            if not orgs:
                show_error(self, InputRejected(_("Add partner organisations in Settings first.")))
                return
            kind = CodeCombo("referral_type")
            org = organisation_combo(orgs)
            urgency = CodeCombo("referral_urgency")
            reason = QPlainTextEdit()
            note = QLabel()
            note.setWordWrap(True)
            note.setVisible(False)

            def type_chosen(_index: int) -> None:
                offer_recipients(org, orgs, kind.code())
                # Said at once, not only when saving: the form cannot be completed without it.
                missing = kind.code() == COSM_PLACEMENT and org.count() <= 1
                note.setText(no_comensha_message() if missing else "")
                note.setVisible(missing)

            kind.currentIndexChanged.connect(type_chosen)
            # The recipient may be picked from the organisations around the client (issue 16).
            names = {o.id: o.name for o in orgs}
            from_contacts = ChoiceCombo(required=False, empty_text=_("— none —"))
            for contact in case.contacts:
                if contact.ended_on is None and contact.organisation_id in names:
                    from_contacts.addItem(contact_line(contact, names), contact.organisation_id)

            def contact_chosen(_index: int) -> None:
                chosen = from_contacts.value()
                if chosen is not None and org.findData(chosen) >= 0:
                    org.set_value(chosen)

            from_contacts.currentIndexChanged.connect(contact_chosen)

            def build() -> Callable[[Vault], Any]:
                if kind.code() == COSM_PLACEMENT and org.count() <= 1:
                    raise InputRejected(no_comensha_message())
                return referrals.create(
                    case_id,
                    int(org.currentData()),
                    kind.code() or "",
                    urgency=urgency.code() or "routine",
                    reason=reason.toPlainText() or None,
                )

            self._dialog(
                _("New referral"),
                [
                    (_("&Type"), kind),
                    (_("&Organisation"), org),
                    (_("From the case's &contacts"), from_contacts),
                    (_("&Urgency"), urgency),
                    (_("&Reason"), reason),
                ],
                build,
            ).form.addRow(note)

        self._with_organisations(open_dialog)

    def send_referral(self) -> None:
        referral_id = self.selected()
        if referral_id is None:  # the button is disabled then
            return
        rid = int(referral_id)

        def refused(error: CareCoordError) -> None:
            # Only a consent refusal can be overridden; any other error (a status that cannot
            # become 'sent', a locked vault, a full disk) is shown as it is.
            if not isinstance(error, ConsentMissing):
                self._failed(error)
                return
            reason = self.ask_override(error.message)
            if reason:
                perform(
                    self.session,
                    referrals.send(rid, override_reason=reason),
                    lambda _r: self._sent(rid),
                    self._failed,
                )

        perform(self.session, referrals.send(rid), lambda _r: self._sent(rid), refused)

    def letter_of_selected(self) -> None:
        self.letter()  # a button's clicked(bool) must not reach letter()'s argument

    def _sent(self, referral_id: int) -> None:
        """Sent: the partner usually needs the letter next, so it is offered at once (a
        window-modal question that does not block; Yes is the default)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Referral sent"),
            _("The referral is marked as sent. Make its letter now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(
            lambda button: (
                self.letter(referral_id)
                if box.standardButton(button) == QMessageBox.StandardButton.Yes
                else None
            )
        )
        self.letter_offer = box
        box.open()

    def letter(self, chosen: int | None = None) -> LetterDialog | None:
        referral_id = chosen if chosen is not None else self.selected()
        if referral_id is None:  # the button is disabled then
            return None
        _case_id, case = self._need()
        referral = next((r for r in case.referrals if r.id == referral_id), None)
        # A person among the case's contacts, at the recipient or at no organisation, may be
        # the letter's "t.a.v." (the directory's contact person otherwise).
        attention = [
            (c.id, contact_line(c, {}))
            for c in case.contacts
            if c.id is not None
            and c.person is not None
            and c.ended_on is None
            and referral is not None
            and c.organisation_id in (None, referral.organisation_id)
        ]
        dialog = LetterDialog(self.session, int(referral_id), self, attention=attention)
        dialog.open()
        return dialog

    def ask_override(self, message: str) -> str | None:
        """Without consent: the coordinator may record an override with a written reason.
        Tests replace this method."""
        text, ok = QInputDialog.getMultiLineText(
            self,
            _("No valid consent"),
            message + "\n\n" + _("To send anyway, write the reason for the override:"),
        )
        return text.strip() if ok and text.strip() else None

    def set_referral_status(self) -> ActionDialog | None:
        referral_id = self.selected()
        if referral_id is None:  # the button is disabled then
            return None
        status = CodeCombo("referral_status", codes=("accepted", "rejected", "done", "revoked"))
        note = QLineEdit()
        return self._dialog(
            _("Referral status"),
            [(_("&Status"), status), (_("&Note"), note)],
            lambda: referrals.set_status(
                int(referral_id), status.code() or "", note=note.text() or None
            ),
        )
