"""Small facts about a produced PDF, read in memory."""

from __future__ import annotations

import io

import pikepdf


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)
