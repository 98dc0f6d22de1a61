"""Printed recovery key: 160 random bits, read aloud in eight groups of five characters.

Each group holds four data characters and one check character (Luhn mod 32 over the group's
position and its data), so a mistyped or swapped character is reported as a typo in that group
instead of as a wrong key. Crockford's base32 alphabet avoids I, L, O and U; on input those look-
alikes are folded to 1, 1, 0 and V is kept as is, case and separators are ignored.
"""

from __future__ import annotations

import secrets

from carecoord.errors import AuthenticationFailed
from carecoord.i18n import _, ngettext

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_FOLD = {"I": "1", "L": "1", "O": "0"}

GROUPS = 8
DATA_PER_GROUP = 4
GROUP_LEN = DATA_PER_GROUP + 1
ENTROPY_BITS = GROUPS * DATA_PER_GROUP * 5  # 160


class RecoveryKeyTypo(AuthenticationFailed):
    def __init__(self, message: str, group: int | None = None) -> None:
        super().__init__(message)
        self.group = group


def _check_char(position: int, data: str) -> str:
    """Luhn mod N (N = 32) over [position, *data]: catches every single substitution."""
    codepoints = [position % 32] + [_VALUE[c] for c in data]
    factor = 2
    total = 0
    for value in reversed(codepoints):
        addend = factor * value
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def generate() -> str:
    data = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * DATA_PER_GROUP))
    groups = []
    for index in range(GROUPS):
        chunk = data[index * DATA_PER_GROUP : (index + 1) * DATA_PER_GROUP]
        groups.append(chunk + _check_char(index + 1, chunk))
    return "-".join(groups)


def normalise(text: str) -> str:
    """Return the canonical form of a typed recovery key, or raise RecoveryKeyTypo."""
    chars: list[str] = []
    for raw in text.upper():
        if raw in " -\t\r\n":
            continue
        ch = _FOLD.get(raw, raw)
        if ch not in _VALUE:
            bad_group = len(chars) // GROUP_LEN + 1
            known = bad_group <= GROUPS
            if known:
                message = _(
                    "Group %(group)d of the recovery key has a typo: it contains a character that "
                    "cannot occur in a recovery key (only digits and the letters A–Z without I, L, "
                    "O and U)."
                ) % {"group": bad_group}
            else:
                message = _(
                    "The recovery key has a typo: it contains a character that cannot occur in a "
                    "recovery key (only digits and the letters A–Z without I, L, O and U)."
                )
            raise RecoveryKeyTypo(
                message,
                group=bad_group if known else None,
            )
        chars.append(ch)
    expected = GROUPS * GROUP_LEN
    if len(chars) != expected:
        raise RecoveryKeyTypo(
            ngettext(
                "The recovery key has %(count)d character; it should have %(expected)d "
                "(%(groups)d groups of %(length)d).",
                "The recovery key has %(count)d characters; it should have %(expected)d "
                "(%(groups)d groups of %(length)d).",
                len(chars),
            )
            % {"count": len(chars), "expected": expected, "groups": GROUPS, "length": GROUP_LEN}
        )
    groups = ["".join(chars[i * GROUP_LEN : (i + 1) * GROUP_LEN]) for i in range(GROUPS)]
    for index, group in enumerate(groups):
        if _check_char(index + 1, group[:DATA_PER_GROUP]) != group[DATA_PER_GROUP]:
            raise RecoveryKeyTypo(
                _(
                    "Group %(group)d of the recovery key has a typo; check it against the printed "
                    "sheet."
                )
                % {"group": index + 1},
                group=index + 1,
            )
    return "-".join(groups)


def secret_bytes(canonical: str) -> bytes:
    """What goes into the KDF: the data characters only, so the separators never matter."""
    return canonical.replace("-", "").encode("ascii")
