"""Passphrase rules shared by the command line and the app."""

from __future__ import annotations

import unicodedata

from carecoord.i18n import _

MIN_LENGTH = 12
MIN_DISTINCT = 6

# A short list of what people type first; the KDF is the real defence, this only catches the worst.
_COMMON = {
    "welkom123456",
    "wachtwoord12",
    "wachtwoord123",
    "password1234",
    "passwordpassword",
    "qwertyuiopas",
    "123456789012",
    "carecoord123",
    "zorgcoordinator",
}


def encode(passphrase: str) -> bytes:
    """NFC first: the same passphrase typed on macOS (NFD) and Windows (NFC) must match."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def weaknesses(passphrase: str, user: str | None = None) -> list[str]:
    """Reasons a new passphrase is refused; empty when it is acceptable."""
    reasons = []
    text = unicodedata.normalize("NFC", passphrase)
    if len(text) < MIN_LENGTH:
        reasons.append(_("it is shorter than %(count)d characters") % {"count": MIN_LENGTH})
    if len(set(text.casefold())) < MIN_DISTINCT:
        reasons.append(
            _("it uses fewer than %(count)d different characters") % {"count": MIN_DISTINCT}
        )
    if text.casefold() in _COMMON:
        reasons.append(_("it is a commonly used password"))
    if user and len(user) >= 3 and user.casefold() in text.casefold():
        reasons.append(_("it contains the user name"))
    if text != text.strip():
        reasons.append(_("it starts or ends with a space"))
    return reasons


def strength_bits(passphrase: str) -> float:
    """A rough estimate for the strength meter (character classes × length)."""
    text = unicodedata.normalize("NFC", passphrase)
    pool = 0
    if any(c.islower() for c in text):
        pool += 26
    if any(c.isupper() for c in text):
        pool += 26
    if any(c.isdigit() for c in text):
        pool += 10
    if any(not c.isalnum() for c in text):
        pool += 33
    if pool == 0:
        return 0.0
    import math

    distinct = len(set(text))
    return min(len(text), distinct * 2) * math.log2(pool)
