"""Missing settings, addresses and templates are refused with a message naming what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord.errors import InputRejected
from carecoord.letters.model import REFERRAL_TYPES, Letterhead, LetterRequest, Recipient
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.samples import sample_consent, sample_letter
from carecoord.letters.templates import available_templates, load_template
from tests.support.letters_pdf import all_text


def rejected(request: LetterRequest, templates_dir: Path | None = None) -> InputRejected:
    with pytest.raises(InputRejected) as caught:
        render_referral_letter(request, templates_dir=templates_dir)
    assert "Nothing was written" in caught.value.message
    return caught.value


def test_missing_letterhead_settings() -> None:
    error = rejected(sample_letter("nl").model_copy(update={"letterhead": None}))
    assert "letterhead settings are missing" in error.message


def test_incomplete_letterhead_names_each_missing_field() -> None:
    request = sample_letter("nl").model_copy(
        update={"letterhead": Letterhead(organisation="Gemeente X", phone="1")}
    )
    error = rejected(request)
    assert "organisation address" in error.message
    assert "coordinator name" in error.message
    assert "coordinator role" in error.message
    assert "organisation name" not in error.message


def test_referral_without_recipient_address() -> None:
    request = sample_letter("nl")
    referral = request.referral.model_copy(
        update={"recipient": Recipient(organisation="Stichting Veilig Onderdak")}
    )
    error = rejected(request.model_copy(update={"referral": referral}))
    assert "receiving organisation's address" in error.message
    assert "receiving organisation's name" not in error.message


def test_unknown_template() -> None:
    request = sample_letter("nl")
    referral = request.referral.model_copy(update={"template": "shelter_for_minors"})
    error = rejected(request.model_copy(update={"referral": referral}))
    assert "Unknown letter template 'shelter_for_minors'" in error.message


def test_template_name_cannot_escape_the_folder() -> None:
    request = sample_letter("nl")
    referral = request.referral.model_copy(update={"template": "../../etc/passwd"})
    error = rejected(request.model_copy(update={"referral": referral}))
    assert "Unknown letter template" in error.message


def test_bad_logo_is_named() -> None:
    request = sample_letter("nl")
    letterhead = request.letterhead.model_copy(update={"logo_png": b"not an image"})  # type: ignore[union-attr]
    error = rejected(request.model_copy(update={"letterhead": letterhead}))
    assert "logo" in error.message


def test_every_referral_type_has_a_template_in_both_languages() -> None:
    assert set(REFERRAL_TYPES) <= set(available_templates())
    for code in REFERRAL_TYPES:
        for language in ("nl", "en"):
            text = load_template(code, language)  # type: ignore[arg-type]
            assert text.subject and text.paragraphs and text.closing


@pytest.mark.parametrize("code", ["police_report", "brp_registration", "return", "other"])
def test_other_types_render(code: str) -> None:
    request = sample_letter("en")
    referral = request.referral.model_copy(update={"type_code": code})
    consent = sample_consent("en").model_copy(update={"purposes": (code,)})
    text = " ".join(
        all_text(
            render_referral_letter(
                request.model_copy(update={"referral": referral, "consent": consent})
            )
        ).split()
    )
    assert load_template(code, "en").subject in text


def test_override_folder_replaces_a_template_and_merges_labels(tmp_path: Path) -> None:
    (tmp_path / "shelter.toml").write_text(
        '[nl]\nsubject = "Aangepast onderwerp"\nsalutation = "Beste collega,"\n'
        'paragraphs = ["Eigen tekst voor $recipient over $client."]\nclosing = "Groet,"\n'
        '[en]\nsubject = "Custom"\nsalutation = "Dear colleague,"\nparagraphs = ["x"]\nclosing = "Regards,"\n',
        encoding="utf-8",
    )
    (tmp_path / "_common.toml").write_text(
        '[nl]\nconfidential = "Strikt vertrouwelijk"\n', encoding="utf-8"
    )
    text = " ".join(
        all_text(render_referral_letter(sample_letter("nl"), templates_dir=tmp_path)).split()
    )
    assert "Aangepast onderwerp" in text
    assert "Eigen tekst voor Stichting Veilig Onderdak over I.M.T." in text
    assert "STRIKT VERTROUWELIJK" in text
    assert "Datum 28 november 2026" in text  # labels not overridden stay built-in


def test_override_with_unknown_placeholder_rejected(tmp_path: Path) -> None:
    (tmp_path / "shelter.toml").write_text(
        '[nl]\nsubject = "S"\nsalutation = "G"\nparagraphs = ["Voor $clientname"]\nclosing = "G"\n'
        '[en]\nsubject = "S"\nsalutation = "G"\nparagraphs = ["x"]\nclosing = "G"\n',
        encoding="utf-8",
    )
    error = rejected(sample_letter("nl"), tmp_path)
    assert "$clientname" in error.message and "override folder" in error.message


def test_override_with_broken_toml_rejected(tmp_path: Path) -> None:
    (tmp_path / "shelter.toml").write_text('[nl\nsubject = "S"', encoding="utf-8")
    error = rejected(sample_letter("nl"), tmp_path)
    assert "not valid TOML" in error.message


def test_override_missing_a_language_rejected(tmp_path: Path) -> None:
    (tmp_path / "shelter.toml").write_text(
        '[nl]\nsubject = "S"\nsalutation = "G"\nparagraphs = ["p"]\nclosing = "G"\n',
        encoding="utf-8",
    )
    error = rejected(sample_letter("nl"), tmp_path)
    assert "en" in error.problems[0]
