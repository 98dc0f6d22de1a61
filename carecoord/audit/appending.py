"""Appending to the access log: one entry per event, chained by MAC, the head anchored after commit."""

from __future__ import annotations

from datetime import UTC, datetime

from carecoord.audit import search_terms
from carecoord.audit.actions import Action
from carecoord.audit.chain import LogKeys, Row, entry_mac
from carecoord.audit.chain_state import ChainState
from carecoord.audit.detail import Detail, canonical_detail, check_reference, check_user
from carecoord.audit.entries import format_time
from carecoord.errors import CareCoordError, known_database_error
from carecoord.i18n import _
from carecoord.vault.database import DatabaseError
from carecoord.vault.keyfile import AuditHead

_HEAD_CALLBACK = "carecoord.audit head"


class LogAppender(ChainState):
    """Writes entries; ``record`` joins the caller's transaction when there is one."""

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
