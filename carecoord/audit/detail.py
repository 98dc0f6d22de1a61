"""What may go into an entry's ``detail``: codes, counts and coordinator user names, nothing else.

The access log is kept five years and shown to clients and auditors, so it must not become a second
copy of the file. Free text cannot pass: string values are single tokens of at most 64 characters
from a small alphabet (ids, codes, ISO dates), except the few keys that hold a coordinator's user
name, which follow the user-name rule of the vault.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from carecoord.vault.key_slot_changes import validate_user_name

DetailValue = str | int | bool
Detail = Mapping[str, DetailValue]

MAX_KEYS = 12
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_.:@/+-]{0,64}$")
# Keys whose value is a coordinator's user name (not client data; needed to say whose slot changed).
USER_NAME_KEYS = frozenset({"target_user"})
# Opaque references (case and client ids) share the token alphabet but may not be empty.
_REF = re.compile(r"^[A-Za-z0-9_.:/-]{1,64}$")


def check_reference(value: str | int, what: str) -> str:
    text = str(value)
    if not _REF.match(text):
        raise ValueError(
            f"a {what} reference is an opaque id of 1–64 letters, digits or _ . : / -, not a name"
        )
    return text


def check_user(value: str, what: str) -> str:
    try:
        return validate_user_name(value) if value != "recovery" else value
    except Exception as exc:
        raise ValueError(f"{what} must be a coordinator's user name") from exc


def canonical_detail(detail: Detail | None) -> str | None:
    """The stored form (sorted, compact JSON) after checking every key and value."""
    if not detail:
        return None
    if len(detail) > MAX_KEYS:
        raise ValueError(f"an access-log detail holds at most {MAX_KEYS} values")
    clean: dict[str, DetailValue] = {}
    for key, value in detail.items():
        if not _KEY.match(key):
            raise ValueError("access-log detail keys are snake_case codes")
        if isinstance(value, bool | int):
            clean[key] = value
        elif isinstance(value, str):
            if key in USER_NAME_KEYS:
                clean[key] = check_user(value, key)
            elif _TOKEN.match(value):
                clean[key] = value
            else:
                # Deliberately does not echo the value: it may be exactly what must not be logged.
                raise ValueError(
                    f"access-log detail '{key}' must be a code, id or count, not free text"
                )
        else:
            raise ValueError(f"access-log detail '{key}' must be a string, integer or boolean")
    return json.dumps(clean, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def parse_detail(text: str | None) -> dict[str, DetailValue]:
    if not text:
        return {}
    value = json.loads(text)
    return dict(value) if isinstance(value, dict) else {}
