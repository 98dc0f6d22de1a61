"""The letterhead's fields as the Settings tab and ``carecoord settings letterhead`` store them.

Both write through :func:`carecoord.letters.provider.save_letterhead`, which calls
:func:`check_letterhead` first: a field too long for the page, or with a control character
(a line break would forge a second line in the letterhead), is refused naming the field,
never quoting its value.
"""

from __future__ import annotations

import unicodedata

from carecoord.errors import InputRejected
from carecoord.i18n import N_, _
from carecoord.letters.model import Letterhead

MAX_ADDRESS_LINES = 8
# Generous for any Dutch organisation, short enough that the letterhead stays on its band.
_LIMITS: dict[str, tuple[str, int]] = {
    "organisation": (N_("organisation"), 200),
    "department": (N_("department"), 200),
    "address_lines": (N_("postal address"), 200),
    "coordinator_name": (N_("coordinator's name"), 200),
    "coordinator_role": (N_("coordinator's role"), 200),
    "phone": (N_("phone number"), 50),
    "email": (N_("e-mail address"), 200),
    "signature_lines": (N_("signature lines"), 200),
}


# Bidi overrides would make a printed line read differently; other format characters (a soft
# hyphen, a zero-width joiner) are harmless text.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control_character(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS for ch in text)


def check_letterhead(letterhead: Letterhead) -> Letterhead:
    for field, (label, limit) in _LIMITS.items():
        value = getattr(letterhead, field)
        texts: tuple[str, ...] = value if isinstance(value, tuple) else (value,)
        if isinstance(value, tuple) and len(value) > MAX_ADDRESS_LINES:
            raise InputRejected(
                _("The letterhead's %(field)s has more than %(limit)s lines.")
                % {"field": _(label), "limit": MAX_ADDRESS_LINES}
            )
        if any(len(text) > limit for text in texts):
            raise InputRejected(
                _("The letterhead's %(field)s is too long (at most %(limit)s characters).")
                % {"field": _(label), "limit": limit}
            )
        if any(has_control_character(text) for text in texts):
            raise InputRejected(
                _(
                    "The letterhead's %(field)s holds a control character such as a line "
                    "break; give each line separately."
                )
                % {"field": _(label)}
            )
    return letterhead
