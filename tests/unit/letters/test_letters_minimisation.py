"""Data minimisation: initials only by default; every other item only when ticked."""

from __future__ import annotations

from carecoord.letters.handover_summary import render_handover_summary
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.samples import sample_handover, sample_letter
from tests.support.letters_pdf import all_text


def flat(pdf: bytes) -> str:
    return " ".join(all_text(pdf).split())


def default_request_text(language: str = "nl") -> str:
    request = sample_letter(language)  # type: ignore[arg-type]
    bare = request.model_copy(update={"selection": type(request.selection)()})
    return flat(render_referral_letter(bare))


def test_defaults_print_initials_and_nothing_else() -> None:
    text = default_request_text()
    assert "I.M.T." in text
    for absent in (
        "Testescu",
        "Ioana",
        "3 april 1999",
        "Geboortedatum",
        "Verborgenlaan",
        "Nergenshuizen",
        "Niet bellen",
        "Roemeens",
        "Opvang gestart",
    ):
        assert absent not in text, absent


def test_sample_ticks_print_language_interpreter_and_history_only() -> None:
    text = flat(render_referral_letter(sample_letter("nl")))
    assert "Taal Roemeens" in text
    assert "Tolk nodig ja" in text
    assert "6 oktober 2026: Opvang gestart" in text
    for absent in ("Testescu", "3 april 1999", "Verborgenlaan", "Niet bellen"):
        assert absent not in text, absent


def test_ticked_items_are_printed() -> None:
    request = sample_letter(
        "nl", full_name=True, birth_date=True, safety_notes=True, shelter_address=True
    )
    text = flat(render_referral_letter(request))
    assert "Naam Ioana Maria Testescu" in text
    assert "Initialen" not in text
    assert "Geboortedatum 3 april 1999" in text
    assert "Niet bellen tussen 20:00 en 08:00" in text
    assert "Verborgenlaan 7 9999 ZZ Nergenshuizen" in text
    assert "geheim" in text


def test_shelter_address_needs_its_own_tick() -> None:
    request = sample_letter("en", full_name=True, birth_date=True, safety_notes=True)
    text = flat(render_referral_letter(request))
    assert "Ioana Maria Testescu" in text
    assert "3 April 1999" in text
    assert "Verborgenlaan" not in text


def test_handover_defaults_are_minimal_too() -> None:
    text = flat(render_handover_summary(sample_handover("nl")))
    assert "I.M.T." in text
    assert "arbeidsuitbuiting" in text
    assert "rechtsbijstand, medische zorg" in text
    for absent in ("Testescu", "3 april 1999", "Verborgenlaan"):
        assert absent not in text, absent


def test_markup_in_client_data_prints_literally() -> None:
    request = sample_letter("nl", full_name=True)
    client = request.client.model_copy(update={"family_name": "<b>O'Neil & Zn</b>"})
    text = flat(render_referral_letter(request.model_copy(update={"client": client})))
    assert "<b>O'Neil & Zn</b>" in text
