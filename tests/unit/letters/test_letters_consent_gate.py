"""No letter without a valid consent covering recipient and purpose, or a recorded override."""

from __future__ import annotations

import datetime as dt

import pytest

from carecoord.errors import InputRejected
from carecoord.letters.model import ConsentOverride, LetterRequest
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.samples import sample_consent, sample_letter
from tests.support.letters_pdf import all_text


def with_consent(**changes: object) -> LetterRequest:
    request = sample_letter("nl")
    consent = sample_consent("nl").model_copy(update=changes)
    return request.model_copy(update={"consent": consent})


def refused(request: LetterRequest) -> InputRejected:
    with pytest.raises(InputRejected) as caught:
        render_referral_letter(request)
    assert "refused" in caught.value.message
    assert "Nothing was written" in caught.value.message
    return caught.value


def test_valid_consent_is_printed_with_date_scope_recipient_and_end() -> None:
    text = all_text(render_referral_letter(sample_letter("nl")))
    flat = " ".join(text.split())
    assert "Toestemming van cliënt" in flat
    assert "20 november 2026" in flat
    assert "aanmelding voor een opvangplaats" in flat
    assert "Stichting Veilig Onderdak" in flat
    assert "geldig tot en met 20 mei 2027" in flat


def test_without_consent_or_override_refused() -> None:
    error = refused(sample_letter("nl").model_copy(update={"consent": None}))
    assert "no consent and no recorded override" in error.problems


def test_expired_consent_refused() -> None:
    error = refused(with_consent(valid_until=dt.date(2026, 11, 27)))
    assert "the consent has expired" in error.problems


def test_consent_valid_through_its_last_day() -> None:
    render_referral_letter(with_consent(valid_until=dt.date(2026, 11, 28)))


def test_withdrawn_consent_refused() -> None:
    error = refused(with_consent(withdrawn_on=dt.date(2026, 11, 25)))
    assert "the consent was withdrawn" in error.problems


def test_withdrawal_after_letter_date_does_not_count_yet() -> None:
    render_referral_letter(with_consent(withdrawn_on=dt.date(2026, 12, 1)))


def test_consent_for_other_recipient_refused() -> None:
    error = refused(with_consent(recipient="Een Andere Stichting"))
    assert "the consent does not cover this recipient" in error.problems
    # The message names the problem, never the recipient or any other value.
    assert "Andere" not in error.message and "Veilig" not in error.message


def test_recipient_matching_ignores_case_and_spacing() -> None:
    render_referral_letter(with_consent(recipient="  stichting  veilig onderdak "))


def test_consent_for_other_purpose_refused() -> None:
    error = refused(with_consent(purposes=("medical",)))
    assert "the consent does not cover this type of referral" in error.problems


def test_consent_dated_after_the_letter_refused() -> None:
    error = refused(with_consent(given_on=dt.date(2026, 12, 1)))
    assert "the consent was given after the letter's date" in error.problems


def test_override_with_reason_prints_the_ground() -> None:
    override = ConsentOverride(
        reason="acuut levensgevaar, toestemming niet te verkrijgen",
        recorded_by="Anna de Vries",
        recorded_on=dt.date(2026, 11, 28),
    )
    request = sample_letter("nl").model_copy(update={"consent": None, "override": override})
    flat = " ".join(all_text(render_referral_letter(request)).split())
    assert "Verstrekking zonder toestemming" in flat
    assert "acuut levensgevaar, toestemming niet te verkrijgen" in flat
    assert "Vastgelegd door Anna de Vries op 28 november 2026" in flat
    assert "Toestemming van cliënt" not in flat


def test_override_also_covers_an_invalid_consent() -> None:
    override = ConsentOverride(
        reason="acuut gevaar", recorded_by="anna", recorded_on=dt.date(2026, 11, 28)
    )
    request = with_consent(valid_until=dt.date(2026, 1, 1)).model_copy(
        update={"override": override}
    )
    flat = " ".join(all_text(render_referral_letter(request)).split())
    assert "Grond: acuut gevaar" in flat


def test_override_without_reason_refused() -> None:
    override = ConsentOverride(reason="   ", recorded_by="anna", recorded_on=dt.date(2026, 11, 28))
    error = refused(sample_letter("nl").model_copy(update={"consent": None, "override": override}))
    assert "the override lacks a reason" in error.problems
