"""The access log API that the case store, the command line and the screens call.

Threading: like the vault, an AccessLog belongs to the thread that unlocked the vault (the vault
worker in the app). It is a thin view over ``vault.db``; make one whenever needed.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from weakref import WeakKeyDictionary

from pydantic import BaseModel, ConfigDict

from carecoord.audit import search_terms
from carecoord.audit.actions import Action
from carecoord.audit.chain import (
    Alert,
    LogKeys,
    Problem,
    Row,
    check_chain,
    check_head,
    entry_mac,
    first_problem,
    secret_from_dek,
)
from carecoord.audit.detail import (
    Detail,
    DetailValue,
    canonical_detail,
    check_reference,
    check_user,
    parse_detail,
)
from carecoord.errors import CareCoordError, known_database_error
from carecoord.i18n import _
from carecoord.vault.database import DatabaseError
from carecoord.vault.keyfile import AuditHead
from carecoord.vault.vault import Vault

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width, so text order is time order
DEFAULT_PAGE = 200
MAX_PAGE = 1000
_HEAD_CALLBACK = "carecoord.audit head"


def format_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


class LogEntry(BaseModel):
    """One event as shown to coordinators, auditors and (in a subject export) the client."""

    model_config = ConfigDict(frozen=True)

    seq: int
    at: datetime
    user: str
    workstation: str
    action: str
    case_ref: str | None = None
    client_ref: str | None = None
    on_behalf_of: str | None = None
    detail: dict[str, DetailValue] = {}


@dataclass(frozen=True)
class FailedAttempt:
    at: datetime
    user: str
    workstation: str


@dataclass(frozen=True)
class LogVerification:
    count: int
    last_seq: int
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def first_bad_seq(self) -> int | None:
        return None if self.problem is None else self.problem.seq

    def summary(self) -> str:
        if self.problem is not None:
            return self.problem.message
        if not self.count:
            return _("no entries yet")
        return _("%(count)d entries up to entry %(last)d; chain and head intact") % {
            "count": self.count,
            "last": self.last_seq,
        }


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


class AccessLog:
    """Append entries and read them back. Every read of the log is itself logged.

    ``record`` joins the caller's transaction when there is one, so a change and its log entry
    commit together or not at all; without one it commits on its own. The head in vault.keys is
    written once the outermost transaction has committed.
    """

    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    # -- writing -----------------------------------------------------------------------------------
    def record(
        self,
        action: Action | str,
        *,
        case_ref: str | int | None = None,
        client_ref: str | int | None = None,
        on_behalf_of: str | None = None,
        detail: Detail | None = None,
        search_terms: str | None = None,
    ) -> int:
        """Log one event by the unlocking user at this workstation; returns its sequence number.

        ``search_terms`` (for ``Action.SEARCH``) are stored only as keyed hashes.
        ``on_behalf_of`` names the responsible user when it is not the one acting.
        Raises ValueError for an unknown action or a detail/reference that could hold client data.
        """
        code = Action(action)
        if code is Action.LOG_INTEGRITY_ALERT:
            raise ValueError("integrity alerts are written by the access log itself")
        user = self._vault.user
        behalf = check_user(on_behalf_of, "on_behalf_of") if on_behalf_of else None
        if behalf is not None and behalf.casefold() == user.casefold():
            behalf = None
        return self._append(
            code,
            at=format_time(datetime.now(UTC)),
            user=user,
            workstation=self._vault.workstation,
            case_ref=check_reference(case_ref, "case") if case_ref is not None else None,
            client_ref=check_reference(client_ref, "client") if client_ref is not None else None,
            on_behalf_of=behalf,
            detail=canonical_detail(detail),
            search=search_terms,
        )

    def _append(
        self,
        action: Action,
        *,
        at: str,
        user: str,
        workstation: str,
        case_ref: str | None = None,
        client_ref: str | None = None,
        on_behalf_of: str | None = None,
        detail: str | None = None,
        search: str | None = None,
    ) -> int:
        try:
            return self._append_row(
                action, at, user, workstation, case_ref, client_ref, on_behalf_of, detail, search
            )
        except DatabaseError as exc:
            # Inside the caller's transaction this also undoes their change: no unlogged access.
            known = known_database_error(exc)
            if known is not None:
                raise known from exc
            raise CareCoordError(
                _(
                    "The access log could not be written (the disk may be full, or the vault is "
                    "damaged), so the action was not carried out."
                )
            ) from exc

    def _append_row(
        self,
        action: Action,
        at: str,
        user: str,
        workstation: str,
        case_ref: str | None,
        client_ref: str | None,
        on_behalf_of: str | None,
        detail: str | None,
        search: str | None,
    ) -> int:
        db = self._vault.db
        with db.transaction():
            keys = self._keys()
            digests = " ".join(search_terms.digests(keys.search, search)) if search else None
            last_seq, last_mac = self._last()
            head = self._effective_head()
            if not self._consistent(head, last_seq) and self._alert_for(head) is None:
                # The log no longer continues what vault.keys recorded: say so in the log itself,
                # at the point where it now ends, and stop moving the head (see check_head).
                last_seq, last_mac = self._insert_alert(keys, head, last_seq, last_mac)
            seq, _mac = self._insert(
                keys,
                Row(
                    last_seq + 1,
                    at,
                    user,
                    workstation,
                    action.value,
                    case_ref,
                    client_ref,
                    on_behalf_of,
                    detail,
                    digests or None,
                    "",
                ),
                last_mac,
            )
            db.after_commit(_HEAD_CALLBACK, self._anchor)
        return seq

    def _insert(self, keys: LogKeys, row: Row, prev_mac: str) -> tuple[int, str]:
        mac = entry_mac(keys, row, prev_mac)
        self._vault.db.execute(
            f"INSERT INTO access_log ({Row.COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                row.seq,
                row.at_utc,
                row.user_name,
                row.workstation,
                row.action,
                row.case_ref,
                row.client_ref,
                row.on_behalf_of,
                row.detail,
                row.search_digests,
                mac,
            ),
        )
        return row.seq, mac

    def _insert_alert(
        self, keys: LogKeys, head: AuditHead, last_seq: int, last_mac: str
    ) -> tuple[int, str]:
        anchored_seq, anchored_mac = self._alert_key(head)
        detail = canonical_detail(
            {"anchored_seq": anchored_seq, "anchored_mac": anchored_mac, "log_end_seq": last_seq}
        )
        row = Row(
            last_seq + 1,
            format_time(datetime.now(UTC)),
            self._vault.user,
            self._vault.workstation,
            Action.LOG_INTEGRITY_ALERT.value,
            None,
            None,
            None,
            detail,
            None,
            "",
        )
        return self._insert(keys, row, last_mac)

    def _anchor(self) -> None:
        """After commit: move the head in vault.keys to the newest entry, unless frozen."""
        if not self._vault.is_open:
            return
        last_seq, last_mac = self._last()
        head = self._effective_head()
        if head.seq == last_seq or not self._consistent(head, last_seq):
            return
        if self._alert_for(head) is not None:
            return
        try:
            self._vault.update_keys(audit_head=AuditHead(seq=last_seq, mac=last_mac))
        except OSError:
            # The entries are committed; only their anchor is late. The next commit retries;
            # until then, deleting just these unanchored entries would go unnoticed.
            return

    def check_at_open(self) -> None:
        """A log with entries but no head in vault.keys means the key file was swapped for an older
        copy (every session anchors its entries): raise the alert before anything else is added."""
        if self._vault.keys.audit_head is not None:
            return
        if self._vault.db.scalar("SELECT max(seq) FROM access_log") is None:
            return
        head = self._effective_head()
        if self._alert_for(head) is not None:
            return
        with self._vault.db.transaction():
            last_seq, last_mac = self._last()
            self._insert_alert(self._keys(), head, last_seq, last_mac)

    # -- chain state -------------------------------------------------------------------------------
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

    # -- verification ------------------------------------------------------------------------------
    def verify(self) -> LogVerification:
        """Check every entry's MAC and the chain, then the head in vault.keys (not logged)."""
        db = self._vault.db
        keys = self._verification_keys()
        first_seq, prev_mac = self._start(keys)
        cursor = db.execute(
            f"SELECT {Row.COLUMNS} FROM access_log WHERE seq >= ? ORDER BY seq", (first_seq,)
        )
        chain = check_chain(keys, (Row(*r) for r in cursor), first_seq, prev_mac)
        last = db.scalar("SELECT max(seq) FROM access_log")
        last_seq = int(last) if last is not None else first_seq - 1
        head = self._effective_head()
        mac_at_head = prev_mac if head.seq == first_seq - 1 else self._mac_at(head.seq)
        head_problem = check_head(
            head,
            last_seq,
            mac_at_head,
            self._alert_for(head),
            recorded=self._vault.keys.audit_head is not None,
        )
        count = int(db.scalar("SELECT count(*) FROM access_log WHERE seq >= ?", (first_seq,)))
        return LogVerification(count, last_seq, first_problem(chain.problem, head_problem))

    def acknowledge_break(self) -> int:
        """Accept, after investigation, that the newest entries are gone; returns the alert's seq.

        For the *logbeheerder* after an accidental rollback (an old vault.db put back by hand):
        without this, `vault verify` would fail for ever. Only a missing or rolled-back tail can be
        acknowledged; a chain with a modified, inserted or deleted entry cannot (restore a backup).
        The alert and this acknowledgement (who, when, which entries) stay in the log.
        """
        from carecoord.errors import UsageError, VaultDamaged

        checked = self.verify()
        if checked.ok:
            raise UsageError(_("The access log verifies; there is nothing to acknowledge."))
        head = self._effective_head()
        alert = self._alert_for(head)
        keys = self._verification_keys()
        first_seq, prev_mac = self._start(keys)
        cursor = self._vault.db.execute(
            f"SELECT {Row.COLUMNS} FROM access_log WHERE seq >= ? ORDER BY seq", (first_seq,)
        )
        chain = check_chain(keys, (Row(*r) for r in cursor), first_seq, prev_mac)
        if chain.problem is not None:
            raise VaultDamaged(
                _(
                    "The access log itself is damaged (%(message)s); this cannot be "
                    "acknowledged. Restore the vault from a backup (carecoord vault restore FILE)."
                )
                % {"message": chain.problem.message}
            )
        with self._vault.db.transaction():
            if alert is None:  # found by verify before any append wrote the alert
                last_seq, last_mac = self._last()
                self._insert_alert(self._keys(), head, last_seq, last_mac)
                alert = self._alert_for(head)
            assert alert is not None
            self.record(
                Action.LOG_INTEGRITY_ACKNOWLEDGED,
                detail={"alert_seq": alert.seq, "anchored_seq": head.seq},
            )
        last_seq, last_mac = self._last()
        self._vault.update_keys(audit_head=AuditHead(seq=last_seq, mac=last_mac))
        return alert.seq

    # -- retention ---------------------------------------------------------------------------------
    def prune_before(self, cutoff: datetime) -> int:
        """Remove the oldest entries, those before ``cutoff`` (the retention rule: five years).

        Only a leading run of entries goes (the chain then starts after it, from the MAC of the
        last removed entry), and only from a log that verifies, so pruning never hides tampering.
        Logged as ``log_prune`` with how many entries went. Returns that number.
        """
        from carecoord.errors import VaultDamaged

        db = self._vault.db
        checked = self.verify()
        if not checked.ok:
            raise VaultDamaged(
                _(
                    "The access log fails verification, so nothing was pruned "
                    "(%(problem)s). Run carecoord vault verify."
                )
                % {"problem": checked.summary()}
            )
        boundary = db.scalar(
            "SELECT min(seq) FROM access_log WHERE at_utc >= ?", (format_time(cutoff),)
        )
        first_seq, _prev = self._start()
        last_pruned = int(boundary) - 1 if boundary is not None else checked.last_seq
        if last_pruned < first_seq:
            return 0
        prev_mac = self._mac_at(last_pruned)
        assert prev_mac is not None  # the log verified, so the entry is there
        removed = last_pruned - first_seq + 1
        with db.transaction():
            # The start moves first: the delete trigger only lets entries before it go.
            db.execute(
                "INSERT INTO access_log_start (id, first_seq, prev_mac) VALUES (1, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET first_seq = excluded.first_seq, "
                "prev_mac = excluded.prev_mac",
                (last_pruned + 1, prev_mac),
            )
            db.execute("DELETE FROM access_log WHERE seq <= ?", (last_pruned,))
            self.record(
                Action.LOG_PRUNE,
                detail={
                    "entries": removed,
                    "through_seq": last_pruned,
                    "before": format_time(cutoff),
                },
            )
        return removed

    # -- reading -----------------------------------------------------------------------------------
    def entries(
        self,
        *,
        case_ref: str | int | None = None,
        client_ref: str | int | None = None,
        user: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after_seq: int = 0,
        limit: int = DEFAULT_PAGE,
    ) -> list[LogEntry]:
        """Entries in chronological (sequence) order, filtered, one page at a time.

        Page on with ``after_seq=<last seq of the previous page>``. ``until`` is exclusive.
        The read is logged (``log_read``, with the case or client it concerned).
        """
        query = _Filter.build(case_ref, client_ref, user, since, until)
        found = self._select(query.where, [after_seq, *query.params], max(1, min(limit, MAX_PAGE)))
        detail = {**query.detail, "returned": len(found)}
        if after_seq:
            detail["after_seq"] = after_seq
        self.record(Action.LOG_READ, case_ref=query.case, client_ref=query.client, detail=detail)
        return found

    def iter_entries(
        self,
        *,
        case_ref: str | int | None = None,
        client_ref: str | int | None = None,
        user: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Iterator[LogEntry]:
        """Every matching entry as it stands now, oldest first, logged as one read.

        For listings and exports that want all of it (``audit show``, a subject export). The read
        is logged before the first entry is returned and is not itself part of the result.
        Consume it on the vault worker, like every other call here.
        """
        query = _Filter.build(case_ref, client_ref, user, since, until)
        self.record(
            Action.LOG_READ, case_ref=query.case, client_ref=query.client, detail=query.detail
        )
        end = self._last()[0] - 1  # the entry just written is the last one; leave it out
        after = 0
        while True:
            page = self._select(
                query.where + " AND seq <= ?", [after, *query.params, end], MAX_PAGE
            )
            yield from page
            if len(page) < MAX_PAGE:
                return
            after = page[-1].seq

    def for_case(self, case_ref: str | int, **paging: Any) -> list[LogEntry]:
        """Who accessed this file, chronologically."""
        return self.entries(case_ref=case_ref, **paging)

    def for_user(self, user: str, **paging: Any) -> list[LogEntry]:
        return self.entries(user=user, **paging)

    def in_period(self, since: datetime, until: datetime, **paging: Any) -> list[LogEntry]:
        return self.entries(since=since, until=until, **paging)

    def searched_for(self, term: str) -> list[LogEntry]:
        """Searches whose query was ``term`` or contained all its words (after normalising).

        The term is hashed the way the searches were; it is not stored. The check is logged.
        """
        whole, words = search_terms.probe(self._keys().search, term)
        found: list[LogEntry] = []
        if whole is not None:
            all_words = " AND ".join("instr(search_digests, ?) > 0" for _ in words)
            found = self._select(
                f"action = ? AND search_digests IS NOT NULL AND "
                f"(instr(search_digests, ?) > 0 OR ({all_words}))",
                [Action.SEARCH.value, whole, *words],
                MAX_PAGE,
            )
        self.record(Action.LOG_READ, detail={"scope": "search_check", "returned": len(found)})
        return found

    def _select(self, where: str, params: list[Any], limit: int) -> list[LogEntry]:
        rows = self._vault.db.all(
            f"SELECT {Row.COLUMNS} FROM access_log WHERE {where} ORDER BY seq LIMIT ?",
            (*params, limit),
        )
        return [_entry(Row(*r)) for r in rows]

    def count(self) -> int:
        """Number of entries (not logged: it reveals nothing about any file)."""
        return int(self._vault.db.scalar("SELECT count(*) FROM access_log"))


@dataclass(frozen=True)
class _Filter:
    where: str  # starts with "seq > ?": the caller binds the page start first
    params: list[Any]
    case: str | None
    client: str | None
    detail: dict[str, DetailValue]

    @classmethod
    def build(
        cls,
        case_ref: str | int | None,
        client_ref: str | int | None,
        user: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> _Filter:
        where: list[str] = ["seq > ?"]
        params: list[Any] = []
        detail: dict[str, DetailValue] = {}
        case = check_reference(case_ref, "case") if case_ref is not None else None
        client = check_reference(client_ref, "client") if client_ref is not None else None
        if case is not None:
            where.append("case_ref = ?")
            params.append(case)
        if client is not None:
            where.append("client_ref = ?")
            params.append(client)
        if user is not None:
            where.append("user_name = ? COLLATE NOCASE")
            params.append(user.strip())
            detail["target_user"] = user.strip()
        if since is not None:
            where.append("at_utc >= ?")
            params.append(format_time(since))
            detail["since"] = format_time(since)
        if until is not None:
            where.append("at_utc < ?")
            params.append(format_time(until))
            detail["until"] = format_time(until)
        return cls(" AND ".join(where), params, case, client, detail)


def _entry(row: Row) -> LogEntry:
    return LogEntry(
        seq=row.seq,
        at=parse_time(row.at_utc),
        user=row.user_name,
        workstation=row.workstation,
        action=row.action,
        case_ref=row.case_ref,
        client_ref=row.client_ref,
        on_behalf_of=row.on_behalf_of,
        detail=parse_detail(row.detail),
    )
