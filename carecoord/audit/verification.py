"""Checking the access log's chain and head, acknowledging a lost tail, pruning the oldest entries.

Each of these starts from the log as verified, so none of them can hide tampering.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from carecoord.audit.actions import Action
from carecoord.audit.appending import LogAppender
from carecoord.audit.chain import Problem, Row, check_chain, check_head, first_problem
from carecoord.audit.entries import format_time
from carecoord.i18n import _, ngettext
from carecoord.vault.keyfile import AuditHead


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
        return ngettext(
            "%(count)d entry up to entry %(last)d; chain and head intact",
            "%(count)d entries up to entry %(last)d; chain and head intact",
            self.count,
        ) % {
            "count": self.count,
            "last": self.last_seq,
        }


class LogVerifier(LogAppender):
    """Verification, acknowledgement and retention of the log (base of AccessLog)."""

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
