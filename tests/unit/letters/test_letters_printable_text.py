"""Text the shipped fonts cannot print is refused clearly (PDF/A forbids .notdef glyphs)."""

from __future__ import annotations

import pytest

from carecoord.errors import InputRejected
from carecoord.letters.model import LetterRequest
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.samples import sample_letter
from tests.support.letters_pdf import all_text


def with_client(request: LetterRequest, **changes: str) -> LetterRequest:
    return request.model_copy(update={"client": request.client.model_copy(update=changes)})


@pytest.mark.parametrize("family_name", ["Nguyễn Thị Hương", "Петрова", "Øvergård-Çelik"])
def test_latin_vietnamese_and_cyrillic_names_print(family_name: str) -> None:
    request = with_client(sample_letter("nl", full_name=True), family_name=family_name)
    assert family_name in " ".join(all_text(render_referral_letter(request)).split())


@pytest.mark.parametrize("family_name", ["李", "محمد", "Ahmed 😀"])
def test_unprintable_name_is_refused_naming_the_field_not_the_text(family_name: str) -> None:
    request = with_client(sample_letter("nl", full_name=True), family_name=family_name)
    with pytest.raises(InputRejected) as caught:
        render_referral_letter(request)
    message = caught.value.message
    assert "cannot be printed with the letter font" in message
    assert "Naam" in message and "Nothing was written" in message
    assert family_name not in message


def test_unprintable_initial_is_refused_too() -> None:
    request = with_client(sample_letter("nl"), given_names="李")
    with pytest.raises(InputRejected, match="Initialen"):
        render_referral_letter(request)


def test_unticked_fields_never_block_a_letter() -> None:
    request = with_client(sample_letter("nl"), safety_notes="⚠️ 注意", family_name="Testescu")
    render_referral_letter(request)  # safety notes are not ticked, so not printed


def test_unprintable_reason_is_named() -> None:
    request = sample_letter("en")
    referral = request.referral.model_copy(update={"reason": "Urgent 🚨"})
    with pytest.raises(InputRejected, match="the reason for the referral"):
        render_referral_letter(request.model_copy(update={"referral": referral}))
