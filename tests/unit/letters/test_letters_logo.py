"""The logo is checked when chosen: a PNG, readable, at most 1 MiB."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from carecoord.errors import InputRejected
from carecoord.letters.logo import MAX_LOGO_BYTES, PNG_SIGNATURE, check_logo


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 80, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_small_png_is_accepted() -> None:
    data = _png()
    assert check_logo(data) == data


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"GIF89a" + b"\0" * 20, "must be a PNG"),
        (PNG_SIGNATURE + b"\0" * 40, "damaged"),
        (PNG_SIGNATURE + b"\0" * MAX_LOGO_BYTES, "larger than 1 MB"),
    ],
)
def test_other_files_are_refused_with_the_reason(data: bytes, words: str) -> None:
    with pytest.raises(InputRejected, match=words):
        check_logo(data)
