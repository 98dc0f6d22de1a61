"""Any text a coordinator can type either prints as typed or is refused clearly."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pikepdf.pdfa import validate_written

from carecoord.errors import InputRejected
from carecoord.letters.fonts import unprintable
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.samples import sample_letter
from tests.support.letters_pdf import all_text

# Markup characters, placeholders, accents, Cyrillic, CJK, emoji and control characters.
ALPHABET = st.sampled_from([*"aZé ñ<>&$'\"{}%;\\/Жя李😀\t\x07", "&amp;", "<b>", "$client"])
TEXTS = st.lists(ALPHABET, min_size=1, max_size=12).map("".join).filter(lambda s: s.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=TEXTS, reason=TEXTS)
def test_typed_text_prints_verbatim_or_is_refused(name: str, reason: str) -> None:
    request = sample_letter("en", full_name=True)
    request = request.model_copy(
        update={
            "client": request.client.model_copy(update={"family_name": name}),
            "referral": request.referral.model_copy(update={"reason": reason}),
        }
    )
    try:
        pdf = render_referral_letter(request)
    except InputRejected as exc:
        assert unprintable(name + reason)
        assert exc.message.startswith("Some text cannot be printed with the letter font")
        return
    assert not unprintable(name + reason)
    assert validate_written(io.BytesIO(pdf), "2b").passed
    text = " ".join(all_text(pdf).split())
    assert " ".join(name.split()) in text
    assert " ".join(reason.split()) in text
