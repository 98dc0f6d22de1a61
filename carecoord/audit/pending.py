"""Events that happen while the encrypted database cannot be written: failed unlocks, restores.

They wait in a small sidecar file in the vault folder (``access-log.pending.json``) and are moved
into the access log at the next successful unlock. The file is not encrypted or authenticated (a
failed unlock has no key), so it holds only a time, a workstation name and a user name, and the
user name only when it names a user of this vault: people type passphrases into user-name fields,
and such a slip must not land on disk in clear. vault.db and vault.keys are never touched here.

Anyone who can write the folder can delete this file; it is a convenience for the coordinator
("3 failed attempts since your last session"), not evidence.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carecoord.atomic import write_atomic
from carecoord.vault.keyfile import KeyFile

FILE_NAME = "access-log.pending.json"
FORMAT = "carecoord-access-log-pending"
MAX_EVENTS = 200  # beyond this only a count is kept, so a guessing script cannot fill the disk
UNKNOWN_USER = "(unknown user)"
ANY_USER = "(any user)"
_KINDS = ("failed_login", "restore")


@dataclass(frozen=True)
class PendingEvent:
    action: str  # "failed_login" or "restore"
    at_utc: str
    user: str
    workstation: str
    method: str = ""  # "passphrase" | "recovery_key" for failed logins


@dataclass(frozen=True)
class Pending:
    events: tuple[PendingEvent, ...] = ()
    dropped: int = 0  # failed attempts beyond MAX_EVENTS, counted only


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def path_in(folder: Path) -> Path:
    return Path(folder) / FILE_NAME


def read(folder: Path) -> Pending:
    """What is waiting; a missing or unreadable file is simply nothing (it is not evidence)."""
    try:
        document = json.loads(path_in(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Pending()
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return Pending()
    events = []
    for item in document.get("events", []):
        event = _event(item)
        if event is not None:
            events.append(event)
    dropped = document.get("dropped", 0)
    return Pending(tuple(events), dropped if isinstance(dropped, int) and dropped > 0 else 0)


def _event(item: Any) -> PendingEvent | None:
    if not isinstance(item, dict):
        return None
    values = [item.get(k) for k in ("action", "at_utc", "user", "workstation")]
    texts = [v for v in values if isinstance(v, str) and 0 < len(v) <= 64]
    if len(texts) != len(values) or texts[0] not in _KINDS:
        return None
    method = item.get("method", "")
    action, at_utc, user, workstation = texts
    return PendingEvent(
        action,
        at_utc,
        user,
        workstation,
        method=method if method in ("passphrase", "recovery_key") else "",
    )


def _write(folder: Path, pending: Pending) -> None:
    document = {
        "format": FORMAT,
        "version": 1,
        "events": [e.__dict__ for e in pending.events],
        "dropped": pending.dropped,
    }
    write_atomic(path_in(folder), (json.dumps(document, indent=1) + "\n").encode())


def add(folder: Path, event: PendingEvent) -> None:
    current = read(folder)
    if len(current.events) >= MAX_EVENTS:
        _write(folder, Pending(current.events, current.dropped + 1))
    else:
        _write(folder, Pending((*current.events, event), current.dropped))


def clear(folder: Path) -> None:
    path_in(folder).unlink(missing_ok=True)


def typed_user(keys: KeyFile, typed: str | None) -> str:
    """The user name to record: a real user's name as the vault spells it, else a placeholder."""
    if typed is None:
        return ANY_USER
    slot = keys.slot_for_user(typed.strip())
    return slot.label if slot is not None else UNKNOWN_USER


def record_failed_unlock(folder: Path, keys: KeyFile, typed: str | None, method: str) -> None:
    """FAILED_UNLOCK_HOOKS entry: one pending ``failed_login`` per rejected attempt."""
    user = "recovery" if method == "recovery_key" else typed_user(keys, typed)
    add(
        folder,
        PendingEvent("failed_login", now_utc(), user, socket.gethostname()[:64] or "?", method),
    )


def record_restore(folder: Path, user: str) -> None:
    """RESTORE_HOOKS entry: the restored database learns of its restore at the next unlock."""
    add(folder, PendingEvent("restore", now_utc(), user, socket.gethostname()[:64] or "?"))


def failed_attempts_waiting(folder: Path) -> int:
    """For the unlock screen, before unlocking (e.g. to slow down after repeated failures)."""
    pending = read(folder)
    return sum(e.action == "failed_login" for e in pending.events) + pending.dropped
