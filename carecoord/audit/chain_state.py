"""Where the access log's hash chain stands: its keys, its start, its last entry and its head.

The state the appending, the verification and the reading of the log share. The keys are cached
per unlocked vault (a session), together with the failed unlocks found when it was unlocked.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from carecoord.audit.actions import Action
from carecoord.audit.chain import Alert, LogKeys, secret_from_dek
from carecoord.audit.entries import FailedAttempt
from carecoord.vault.keyfile import AuditHead
from carecoord.vault.vault import Vault


@dataclass
class _Session:
    keys: LogKeys | None = None
    failed_attempts: list[FailedAttempt] = field(default_factory=list)


_sessions: WeakKeyDictionary[Vault, _Session] = WeakKeyDictionary()


def _session(vault: Vault) -> _Session:
    session = _sessions.get(vault)
    if session is None:
        session = _sessions[vault] = _Session()
    return session


def failed_attempts_since_last_session(vault: Vault) -> list[FailedAttempt]:
    """Failed unlocks recorded between the previous session and this one (for the UI to show)."""
    return list(_session(vault).failed_attempts)


class ChainState:
    """The chain's state as stored in ``vault.db`` and ``vault.keys`` (base of AccessLog)."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def _keys(self) -> LogKeys:
        session = _session(self._vault)
        if session.keys is not None:
            return session.keys
        stored = self._vault.db.scalar("SELECT secret FROM access_log_secret WHERE id = 1")
        if stored is None:
            secret = secret_from_dek(self._vault.dek)
            # Part of the caller's transaction: not cached, since a rollback would undo it.
            self._vault.db.execute(
                "INSERT INTO access_log_secret (id, secret) VALUES (1, ?)", (secret,)
            )
            return LogKeys.from_secret(secret)
        session.keys = LogKeys.from_secret(bytes(stored))
        return session.keys

    def _verification_keys(self) -> LogKeys:
        stored = self._vault.db.scalar("SELECT secret FROM access_log_secret WHERE id = 1")
        return LogKeys.from_secret(
            bytes(stored) if stored is not None else secret_from_dek(self._vault.dek)
        )

    def _start(self, keys: LogKeys | None = None) -> tuple[int, str]:
        row = self._vault.db.all("SELECT first_seq, prev_mac FROM access_log_start WHERE id = 1")
        if row:
            return int(row[0][0]), str(row[0][1])
        return 1, (keys or self._keys()).genesis()

    def _last(self) -> tuple[int, str]:
        row = self._vault.db.all("SELECT seq, mac FROM access_log ORDER BY seq DESC LIMIT 1")
        if row:
            return int(row[0][0]), str(row[0][1])
        first_seq, prev_mac = self._start()
        return first_seq - 1, prev_mac

    def _mac_at(self, seq: int) -> str | None:
        first_seq, prev_mac = self._start()
        if seq == first_seq - 1:
            return prev_mac
        value = self._vault.db.scalar("SELECT mac FROM access_log WHERE seq = ?", (seq,))
        return None if value is None else str(value)

    def _effective_head(self) -> AuditHead:
        """The head in vault.keys; before the first anchor, the start of the chain."""
        head = self._vault.keys.audit_head
        if head is not None:
            return head
        first_seq, prev_mac = self._start()
        return AuditHead(seq=first_seq - 1, mac=prev_mac)

    def _consistent(self, head: AuditHead, last_seq: int) -> bool:
        if last_seq < head.seq:
            return False
        mac = self._mac_at(head.seq)
        return mac is not None and hmac.compare_digest(mac, head.mac)

    def _alert_key(self, head: AuditHead) -> tuple[int, str]:
        """How alerts name the head they concern ("none" when vault.keys holds no head)."""
        return head.seq, head.mac if self._vault.keys.audit_head is not None else "none"

    def _alert_for(self, head: AuditHead) -> Alert | None:
        anchored_seq, anchored_mac = self._alert_key(head)
        rows = self._vault.db.all(
            "SELECT seq, at_utc FROM access_log WHERE action = ? "
            "AND json_extract(detail, '$.anchored_seq') = ? "
            "AND json_extract(detail, '$.anchored_mac') = ? ORDER BY seq LIMIT 1",
            (Action.LOG_INTEGRITY_ALERT.value, anchored_seq, anchored_mac),
        )
        return Alert(int(rows[0][0]), str(rows[0][1])) if rows else None
