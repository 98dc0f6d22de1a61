"""Where the CLI and the app get a letter's input: the case store, mapped onto the letter model.

Data minimisation starts here: the client's details are all passed, but only what the
coordinator ticks in the :class:`Selection` is printed (by default the initials only).
Runs on the vault worker.
"""

from __future__ import annotations

import base64
import os
from datetime import date
from pathlib import Path
from typing import Literal

from carecoord.domain.case_work import CaseContact, SafetyAssessment, current_assessment
from carecoord.domain.casefile import CaseFile
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters.letterhead_fields import check_letterhead
from carecoord.letters.model import (
    ClientDetails,
    Consent,
    ConsentOverride,
    Language,
    Letterhead,
    LetterRequest,
    Recipient,
    Referral,
    Selection,
    StatusDate,
)
from carecoord.store.case_store import CaseStore
from carecoord.vault import Vault

# Administrator setting: a folder with edited letter templates (see resources/letters/*.toml).
ENV_TEMPLATES = "CARECOORD_LETTER_TEMPLATES"
LETTERHEAD_KEY = "letters.letterhead"
NOT_REFERRAL_PURPOSES = frozenset({"comensha_registration", "case_consultation"})
# The store's urgency codes onto the letter's wording.
URGENCY: dict[str, Literal["routine", "urgent", "emergency"]] = {
    "routine": "routine",
    "urgent": "urgent",
    "immediate": "emergency",
}


def load_letterhead(store: CaseStore) -> Letterhead | None:
    raw = store.settings.get(LETTERHEAD_KEY)
    if not raw:
        return None
    logo = raw.pop("logo_png", None)
    return Letterhead.model_validate({**raw, "logo_png": base64.b64decode(logo) if logo else None})


def save_letterhead(store: CaseStore, letterhead: Letterhead) -> None:
    """The one write path of the letterhead (the Settings tab and the command line)."""
    data = check_letterhead(letterhead).model_dump(mode="python")
    logo = data.pop("logo_png", None)
    data["logo_png"] = base64.b64encode(logo).decode("ascii") if logo else None
    data["address_lines"] = list(data["address_lines"])
    data["signature_lines"] = list(data["signature_lines"])
    store.settings.put(LETTERHEAD_KEY, data)


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _safety_measures(assessments: tuple[SafetyAssessment, ...]) -> str:
    """The agreed measures of the current safety assessment (issue 16), for the letter's
    "Veiligheid" box; empty when there is none."""
    current = current_assessment(assessments)
    return (current.measures or "") if current is not None else ""


def _attention(contacts: tuple[CaseContact, ...], contact_id: int, organisation_id: int) -> str:
    """The name of a contact of the case, to address the letter to: a person, at the letter's
    organisation or at none."""
    contact = next((c for c in contacts if c.id == contact_id), None)
    if contact is None:
        raise InputRejected(_("This contact is not one of the case's contacts."))
    if contact.person is None:
        raise InputRejected(_("This contact has no name to address the letter to."))
    if contact.organisation_id not in (None, organisation_id):
        raise InputRejected(_("This contact belongs to another organisation than the recipient."))
    return contact.person.name


def referral_number(referral_id: str | int) -> int:
    try:
        return int(str(referral_id).strip())
    except ValueError:
        raise InputRejected(
            _("A referral number is a whole number (see: carecoord referrals list).")
        ) from None


def client_details(case: CaseFile) -> ClientDetails:
    """Everything about the client a document may print; the Selection decides what it does."""
    identity = case.client.identity
    return ClientDetails(
        given_names=(identity.given_name or "") if identity else "",
        family_name=(identity.family_name or "") if identity else "",
        birth_date=identity.birth_date if identity else None,
        language=(identity.language or "") if identity else "",
        interpreter_needed=identity.interpreter_needed if identity else None,
        status_dates=tuple(
            StatusDate(phase=change.to_phase, on=change.changed_on) for change in case.phase_history
        ),
        # Passed, never printed unless ticked: the Selection's safety_notes and shelter_address
        # default to off (blocks.client_rows prints only what is ticked).
        safety_notes=_safety_measures(case.safety),
        shelter_address=_lines(identity.address) if identity and identity.address_is_secret else (),
    )


def letter_request_for(
    store: CaseStore,
    referral_id: str,
    lang: Language | None,
    *,
    selection: Selection | None = None,
    letter_date: date | None = None,
    attention_contact_id: int | None = None,
) -> LetterRequest:
    """The complete letter input for one referral: letterhead settings, referral, client
    details, the coordinator's ticks, and the consent or override it was sent under.

    ``attention_contact_id`` names one of the case's contacts (issue 16) whose name becomes the
    letter's "t.a.v."; without it the directory's contact person of the organisation is used."""
    referral = store.referrals.get(referral_number(referral_id))
    case = store.cases.case_file(referral.case_id)
    organisation = store.organisations.get(referral.organisation_id)
    on = letter_date or date.today()

    consent = None
    candidates = [c for c in case.consents if c.id == referral.consent_id] or [
        c
        for c in case.consents
        if organisation.id in c.recipient_ids and referral.referral_type in c.purposes
    ]
    if candidates:
        chosen = candidates[-1]
        consent = Consent(
            given_on=chosen.given_on,
            scope=", ".join(chosen.purposes),
            # Consent purposes that are not referral types (registration, consultation) do not
            # cover a referral letter.
            purposes=tuple(p for p in chosen.purposes if p not in NOT_REFERRAL_PURPOSES),
            recipient=organisation.name,
            valid_until=chosen.valid_until,
            withdrawn_on=chosen.withdrawn_on,
        )
    override = None
    if referral.override_reason:
        override = ConsentOverride(
            reason=referral.override_reason,
            recorded_by=referral.override_by or "",
            recorded_on=(referral.override_at.date() if referral.override_at else on),
        )
    client = client_details(case)
    return LetterRequest(
        language=lang or "nl",
        letter_date=on,
        letterhead=load_letterhead(store),
        referral=Referral(
            id=str(referral.id),
            reference=f"{case.summary.reference}/V{referral.id}",
            type_code=referral.referral_type,
            urgency=URGENCY.get(referral.urgency, "routine"),
            reason=referral.reason or "",
            recipient=Recipient(
                organisation=organisation.name,
                attention=(
                    organisation.contact_person or ""
                    if attention_contact_id is None
                    else _attention(case.contacts, attention_contact_id, referral.organisation_id)
                ),
                address_lines=_lines(organisation.address),
            ),
        ),
        client=client,
        selection=selection or Selection(),
        consent=consent,
        override=override,
    )


def letter_blocker(store: CaseStore, referral_id: str | int) -> str | None:
    """What stops this referral's letter before anything is rendered, checked first: the
    letterhead, then the recipient's name and address (both from Settings; the message says
    which tab). None when both are complete. The consent is checked when the letter is made."""
    # Imported here: the checks bring the letter fonts, which only a letter needs.
    from carecoord.letters.checks import require_letterhead, require_recipient

    referral = store.referrals.get(referral_number(referral_id))
    organisation = store.organisations.get(referral.organisation_id)
    try:
        require_letterhead(load_letterhead(store))
        require_recipient(
            Recipient(organisation=organisation.name, address_lines=_lines(organisation.address))
        )
    except InputRejected as exc:
        return exc.message
    return None


def case_ref_for(store: CaseStore, referral_id: str) -> str:
    """The case id a referral belongs to, for the access-log entry of its letter."""
    return str(store.referrals.get(referral_number(referral_id)).case_id)


def templates_dir_for(vault: Vault | None) -> Path | None:
    """The administrator's override folder for letter templates, if one is configured."""
    del vault
    configured = os.environ.get(ENV_TEMPLATES)
    return Path(configured) if configured else None
