"""The letter's "Veiligheid" box and the secret shelter address, from a real store (issue 16):
the agreed measures of the current safety assessment are printed only when the coordinator ticks
"Safety"; a secret shelter address only when its own box is ticked. Both default to off."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from carecoord.domain.case import Signal
from carecoord.domain.case_work import CaseContact, ContactPerson, SafetyAssessment
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.consent import Consent
from carecoord.domain.referral import Organisation
from carecoord.errors import InputRejected
from carecoord.letters.model import Letterhead, Selection
from carecoord.letters.provider import letter_request_for, save_letterhead
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.store.case_store import CaseStore
from tests.conftest import VaultFixture
from tests.support.letters_pdf import all_text

NOW = datetime(2025, 6, 15, 12, tzinfo=UTC)
OLD_MEASURES = "Oudemaatregelq niet meer nodig."
MEASURES = "Nooit bellen na 20 uur; geen post naar Kerkstraatq."
SECRET = "Geheimeweg 12"


@pytest.fixture
def referral(vault_fx: VaultFixture) -> tuple[CaseStore, str]:
    store = CaseStore.without_audit_for_tests(vault_fx.vault.db, user="anna", clock=lambda: NOW)
    save_letterhead(
        store,
        Letterhead(
            organisation="Gemeente Voorbeeld",
            address_lines=("Postbus 1", "1000 AA Voorbeeld"),
            coordinator_name="A. Coördinator",
            coordinator_role="Zorgcoördinator mensenhandel",
            phone="14 020",
            email="zorgcoordinatie@example.nl",
        ),
    )
    shelter = store.organisations.add(
        Organisation(name="Opvang Noord", services=("shelter",), address="Postbus 9\n9700 AA")
    )
    client = store.clients.register(
        ClientFacts(reference="CL-9", gender="female"),
        ClientIdentity(
            given_name="Ana", family_name="Pop", address=f"{SECRET}\nZwolle", address_is_secret=True
        ),
    )
    case = store.cases.open(client, Signal(signal_date=date(2025, 5, 1)))
    store.consents.record(
        Consent(
            client_id=client,
            recipient_id=shelter,
            purposes=("shelter",),
            data_categories=("identity",),
            given_on=date(2025, 5, 2),
        )
    )
    for on, measures in ((date(2025, 5, 3), OLD_MEASURES), (date(2025, 6, 1), MEASURES)):
        store.safety.assess(
            case,
            SafetyAssessment(
                assessed_on=on,
                risk_level="high",
                measures=measures,
                review_on=date(2025, 7, 1),
            ),
        )
    sent = store.referrals.create(case, shelter, "shelter")
    store.referrals.send(sent)
    return store, str(sent)


def _text(store: CaseStore, referral_id: str, selection: Selection | None = None) -> str:
    request = letter_request_for(
        store, referral_id, "nl", selection=selection, letter_date=NOW.date()
    )
    return " ".join(all_text(render_referral_letter(request)).split())


def test_nothing_of_the_safety_plan_or_the_secret_address_by_default(
    referral: tuple[CaseStore, str],
) -> None:
    store, referral_id = referral
    request = letter_request_for(store, referral_id, "nl", letter_date=NOW.date())
    # The provider passes the current measures and the secret address; the selection is off.
    assert request.client.safety_notes == MEASURES
    assert request.client.shelter_address == (SECRET, "Zwolle")
    assert (request.selection.safety_notes, request.selection.shelter_address) == (False, False)
    text = _text(store, referral_id)
    assert "Kerkstraatq" not in text and "Veiligheid" not in text
    assert "Geheimeweg" not in text


def test_the_safety_box_prints_the_current_measures_when_ticked(
    referral: tuple[CaseStore, str],
) -> None:
    store, referral_id = referral
    text = _text(store, referral_id, Selection(safety_notes=True))
    assert "Veiligheid" in text and "Kerkstraatq" in text
    assert "Oudemaatregelq" not in text  # only the current assessment's
    assert "Geheimeweg" not in text  # the secret address needs its own tick
    assert "Geheimeweg 12" in _text(store, referral_id, Selection(shelter_address=True))


def test_the_attention_line_can_be_a_contact_of_the_case(referral: tuple[CaseStore, str]) -> None:
    store, referral_id = referral
    case = store.referrals.get(int(referral_id)).case_id
    shelter = store.referrals.get(int(referral_id)).organisation_id
    other = store.organisations.add(Organisation(name="Advocatuur Zuid"))
    mentor = store.contacts.add(
        case,
        CaseContact(
            role="shelter_contact", organisation_id=shelter, person=ContactPerson(name="J. de Boer")
        ),
    )
    lawyer = store.contacts.add(
        case, CaseContact(role="lawyer", organisation_id=other, person=ContactPerson(name="Mr Z"))
    )
    bare = store.contacts.add(case, CaseContact(role="gp", organisation_id=other))

    def attention(contact: int | None) -> str:
        request = letter_request_for(
            store, referral_id, "nl", letter_date=NOW.date(), attention_contact_id=contact
        )
        return request.referral.recipient.attention

    assert attention(None) == ""  # the directory has no contact person for the shelter
    assert attention(mentor) == "J. de Boer"
    with pytest.raises(InputRejected, match="another organisation"):
        attention(lawyer)
    with pytest.raises(InputRejected, match="no name"):
        attention(bare)
    with pytest.raises(InputRejected, match="not one of the case"):
        attention(9999)
