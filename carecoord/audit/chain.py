"""The MAC chain over access-log rows, and its verifier (pure functions: no database, no vault).

``mac_n = HMAC(K_mac, canonical(row_n) || mac_{n-1})``, with ``K_mac = HKDF(secret, label)``. The
secret is derived from the data key when the log starts and kept in the encrypted database
(schema 0010 says why). A chain alone cannot show that its newest entries were removed (Ma & Tsudik:
truncation) or that the whole database was put back to an older copy, so the newest sequence number
and MAC are also kept in vault.keys (the *head*). The verifier is tested more than the writer
(systemd CVE-2023-31439: a verifier that accepted re-sealed entries).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass

from carecoord.i18n import _
from carecoord.vault.keyfile import AuditHead, hkdf

CANONICAL_VERSION = 1
MAC_LABEL = "carecoord access-log mac"
SEARCH_LABEL = "carecoord access-log search terms"
SECRET_LABEL = "carecoord access-log secret"  # noqa: S105 - an HKDF label
GENESIS_LABEL = b"carecoord access-log genesis"


@dataclass(frozen=True)
class Row:
    """One stored entry, exactly as in the table (the canonical form is built from these values)."""

    seq: int
    at_utc: str
    user_name: str
    workstation: str
    action: str
    case_ref: str | None
    client_ref: str | None
    on_behalf_of: str | None
    detail: str | None
    search_digests: str | None
    mac: str

    COLUMNS = (
        "seq, at_utc, user_name, workstation, action, case_ref, client_ref, on_behalf_of, "
        "detail, search_digests, mac"
    )

    def canonical(self) -> bytes:
        fields = [
            CANONICAL_VERSION,
            self.seq,
            self.at_utc,
            self.user_name,
            self.workstation,
            self.action,
            self.case_ref,
            self.client_ref,
            self.on_behalf_of,
            self.detail,
            self.search_digests,
        ]
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class LogKeys:
    mac: bytes
    search: bytes

    @classmethod
    def from_secret(cls, secret: bytes) -> LogKeys:
        return cls(mac=hkdf(secret, MAC_LABEL), search=hkdf(secret, SEARCH_LABEL))

    def genesis(self) -> str:
        """The "previous MAC" of entry 1."""
        return hmac.new(self.mac, GENESIS_LABEL, "sha256").hexdigest()


def secret_from_dek(dek: bytes) -> bytes:
    return hkdf(dek, SECRET_LABEL)


def _mac_bytes(text: str) -> bytes:
    try:
        return bytes.fromhex(text)
    except ValueError:
        # A stored MAC that is not even hex was tampered with; hash it as text so that the entry
        # after it fails its check instead of the verifier crashing.
        return text.encode("utf-8", "replace")


def entry_mac(keys: LogKeys, row: Row, prev_mac: str) -> str:
    return hmac.new(keys.mac, row.canonical() + _mac_bytes(prev_mac), "sha256").hexdigest()


@dataclass(frozen=True)
class Problem:
    """The first bad entry and what is wrong with it (a safe, one-line message)."""

    seq: int
    message: str


@dataclass(frozen=True)
class ChainResult:
    count: int
    last_seq: int  # first_seq - 1 when the log is empty
    last_mac: str
    problem: Problem | None


def check_chain(keys: LogKeys, rows: Iterable[Row], first_seq: int, prev_mac: str) -> ChainResult:
    """Walk rows in ascending ``seq`` order; stop at the first entry that breaks the chain."""
    expected, mac, count = first_seq, prev_mac, 0
    for row in rows:
        if row.seq != expected:
            if row.seq < expected:  # cannot happen with an INTEGER PRIMARY KEY, kept for safety
                message = _("entry %(seq)d appears out of order") % {"seq": row.seq}
                return ChainResult(count, expected - 1, mac, Problem(row.seq, message))
            message = _(
                "entry %(seq)d is missing: the log jumps from entry %(before)d "
                "to entry %(after)d (entries were deleted)"
            ) % {"seq": expected, "before": expected - 1, "after": row.seq}
            return ChainResult(count, expected - 1, mac, Problem(expected, message))
        if not hmac.compare_digest(entry_mac(keys, row, mac), row.mac):
            message = _(
                "entry %(seq)d fails its MAC check: it was modified, or entries were "
                "reordered or inserted"
            ) % {"seq": row.seq}
            return ChainResult(count, expected - 1, mac, Problem(row.seq, message))
        mac, count, expected = row.mac, count + 1, expected + 1
    return ChainResult(count, expected - 1, mac, None)


@dataclass(frozen=True)
class Alert:
    """A ``log_integrity_alert`` entry: written when an append found the log no longer matching
    the head, at the position where the log then ended, so it marks the first affected entry."""

    seq: int
    at_utc: str


def check_head(
    head: AuditHead,
    last_seq: int,
    mac_at_head: str | None,
    alert: Alert | None,
    *,
    recorded: bool = True,
) -> Problem | None:
    """Compare the log with the head kept in vault.keys.

    ``mac_at_head`` is the stored MAC of entry ``head.seq`` (None when that entry is absent);
    ``alert`` is the first alert written for this very head, if any; ``recorded`` is False when
    vault.keys holds no head and ``head`` stands for the start of the chain. A log that runs *past*
    the head, with entry ``head.seq`` intact, is fine: the head is written just after each commit,
    so a crash in between leaves an unanchored tail, which the next commit anchors.
    """
    cause = _("the newest entries were deleted or the database was rolled back to an older copy")
    if alert is not None:
        if not recorded:
            return Problem(
                alert.seq,
                _(
                    "entry %(seq)d: vault.keys records no access-log head although the log had "
                    "entries (noticed %(at)s): the key file was replaced by an older copy"
                )
                % {"seq": alert.seq, "at": alert.at_utc},
            )
        return Problem(
            alert.seq,
            _(
                "entry %(seq)d does not continue the log that vault.keys records up to entry "
                "%(head)d (noticed %(at)s): %(cause)s"
            )
            % {"seq": alert.seq, "head": head.seq, "at": alert.at_utc, "cause": cause},
        )
    intact = mac_at_head is not None and hmac.compare_digest(mac_at_head, head.mac)
    if last_seq >= head.seq and intact:
        return None
    if last_seq < head.seq:
        return Problem(
            last_seq + 1,
            _(
                "entry %(seq)d is missing: the log ends at entry %(last)d but vault.keys "
                "records entries up to %(head)d: %(cause)s"
            )
            % {"seq": last_seq + 1, "last": last_seq, "head": head.seq, "cause": cause},
        )
    return Problem(
        head.seq,
        _("entry %(seq)d differs from the one recorded in vault.keys: %(cause)s")
        % {"seq": head.seq, "cause": cause},
    )


def first_problem(*problems: Problem | None) -> Problem | None:
    found = [p for p in problems if p is not None]
    return min(found, key=lambda p: p.seq) if found else None
