"""The letterhead logo: a PNG image of modest size, checked when it is chosen, not at print time."""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader

from carecoord.errors import InputRejected
from carecoord.i18n import _

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_LOGO_BYTES = 1024 * 1024  # a letterhead logo is tens of kilobytes; the vault keeps it whole


def check_logo(data: bytes) -> bytes:
    """Return ``data`` if it is a readable PNG of at most 1 MiB, else say what is wrong."""
    if not data.startswith(PNG_SIGNATURE):
        raise InputRejected(_("The logo must be a PNG image."))
    if len(data) > MAX_LOGO_BYTES:
        raise InputRejected(_("The logo is larger than 1 MB; save it smaller and choose it again."))
    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception as exc:
        raise InputRejected(_("The logo file is damaged or not a readable PNG image.")) from exc
    if width < 1 or height < 1:
        raise InputRejected(_("The logo file is damaged or not a readable PNG image."))
    return data
