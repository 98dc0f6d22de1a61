"""Connects the access log to the vault's hook lists, so the vault package never imports it.

Importing :mod:`carecoord.audit` installs these once per process; every entry point (command line,
desktop app, tests) imports it before unlocking a vault.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from carecoord.audit import pending
from carecoord.audit.actions import Action
from carecoord.audit.chain_state import _session
from carecoord.audit.detail import canonical_detail, check_user
from carecoord.audit.entries import TIME_FORMAT, FailedAttempt, format_time, parse_time
from carecoord.audit.log import AccessLog
from carecoord.errors import CareCoordError
from carecoord.i18n import _
from carecoord.vault import backup, hook_points
from carecoord.vault.checks import VerifyCheck
from carecoord.vault.keyfile import KeyFile
from carecoord.vault.vault import Vault

_WORKSTATION = re.compile(r"^[\w.-]{1,64}$")
_PLACEHOLDERS = frozenset({pending.UNKNOWN_USER, pending.ANY_USER})


def on_open(vault: Vault) -> None:
    """After every unlock: move waiting events into the log, then log the login, in one commit."""
    log = AccessLog(vault)
    log.check_at_open()
    waiting = pending.read(vault.folder)
    attempts: list[FailedAttempt] = []
    with vault.db.transaction():
        for event in waiting.events:
            at, user, workstation = _sanitised(event)
            detail = {"method": event.method} if event.method else None
            log._append(
                Action(event.action),
                at=at,
                user=user,
                workstation=workstation,
                detail=canonical_detail(detail),
            )
            if event.action == Action.FAILED_LOGIN:
                attempts.append(FailedAttempt(parse_time(at), user, workstation))
        if waiting.dropped:
            # Beyond the sidecar's cap only a count was kept: one entry says how many more.
            log.record(Action.FAILED_LOGIN, detail={"more_attempts": waiting.dropped})
        log.record(Action.LOGIN)
        if waiting.events or waiting.dropped:
            vault.db.after_commit("carecoord.audit pending", lambda: pending.clear(vault.folder))
    _session(vault).failed_attempts = attempts


def _sanitised(event: pending.PendingEvent) -> tuple[str, str, str]:
    """The sidecar is unauthenticated: keep only well-formed values, never arbitrary text."""
    try:
        at = format_time(datetime.strptime(event.at_utc, TIME_FORMAT).replace(tzinfo=UTC))
    except ValueError:
        at = format_time(datetime.now(UTC))
    user = event.user
    if user not in _PLACEHOLDERS:
        try:
            user = check_user(user, "user")
        except ValueError:
            user = pending.UNKNOWN_USER
    workstation = event.workstation if _WORKSTATION.match(event.workstation) else "?"
    return at, user, workstation


def on_lock(vault: Vault) -> None:
    AccessLog(vault).record(Action.LOCK)


def on_event(vault: Vault, event: str, detail: dict[str, str]) -> None:
    try:
        AccessLog(vault).record(Action(event), detail=detail or None)
    except CareCoordError as exc:
        # Key-slot changes are already done when they are reported; say exactly that.
        raise CareCoordError(
            _("The change was made, but the access log could not record it (the disk may be full).")
        ) from exc


def on_failed_unlock(folder: Path, keys: KeyFile, typed: str | None, method: str) -> None:
    pending.record_failed_unlock(folder, keys, typed, method)


def on_restore(folder: Path, user: str) -> None:
    pending.record_restore(folder, user)


def verify_check(vault: Vault) -> VerifyCheck:
    result = AccessLog(vault).verify()
    return VerifyCheck("access log", result.ok, result.summary())


def install() -> None:
    """Register with the vault's hook lists; safe to call more than once."""
    if on_open not in hook_points.OPEN_HOOKS:
        hook_points.OPEN_HOOKS.append(on_open)
    if on_lock not in hook_points.LOCK_HOOKS:
        hook_points.LOCK_HOOKS.append(on_lock)
    if on_event not in hook_points.EVENT_HOOKS:
        hook_points.EVENT_HOOKS.append(on_event)
    if on_failed_unlock not in hook_points.FAILED_UNLOCK_HOOKS:
        hook_points.FAILED_UNLOCK_HOOKS.append(on_failed_unlock)
    if verify_check not in hook_points.VERIFY_HOOKS:
        hook_points.VERIFY_HOOKS.append(verify_check)
    if on_restore not in backup.RESTORE_HOOKS:
        backup.RESTORE_HOOKS.append(on_restore)
