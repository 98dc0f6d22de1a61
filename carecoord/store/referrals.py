"""Referrals: drafts, sending through the consent gate, status changes and the list.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.referrals``); every
public method reports one audit event, every write runs in one transaction."""

from __future__ import annotations

from datetime import date

from carecoord.domain.consent import GateDecision, consent_gate
from carecoord.domain.referral import Referral, ReferralLine, check_status_change
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import insert_sql, referral_event_row, referral_row, sent_event_note
from carecoord.store.sqlvalues import d2s, dt2s


class ReferralManager(Manager):
    def create(
        self,
        case_id: int,
        organisation_id: int,
        referral_type: str,
        *,
        urgency: str = "routine",
        reason: str | None = None,
        created_on: date | None = None,
    ) -> int:
        referral = Referral(
            case_id=case_id,
            organisation_id=organisation_id,
            referral_type=referral_type,
            urgency=urgency,
            reason=reason,
            created_on=created_on or self.today(),
        )
        with self.db.transaction():
            client_id = self._case_client(case_id)
            self.organisations.get(organisation_id)
            cursor = self.db.execute(insert_sql("referrals"), referral_row(referral))
            referral_id = int(cursor.lastrowid)
            self._event(referral_id, "draft", referral.created_on, None)
            self._log(
                AuditEvent(
                    "create", f"referral {referral_id}", case_id=case_id, client_id=client_id
                )
            )
            return referral_id

    def _event(self, referral_id: int, status: str, on: date, note: str | None) -> None:
        self.db.execute(
            insert_sql("referral_events"),
            referral_event_row(referral_id, status, on, self.user, note),
        )

    def send(
        self, referral_id: int, *, on: date | None = None, override_reason: str | None = None
    ) -> GateDecision:
        """Mark a draft as sent, only through the consent gate (or a written override)."""
        on = on or self.today()
        with self.db.transaction():
            referral = self.read.referral(referral_id)
            check_status_change(referral.status, "sent")
            client_id = self._case_client(referral.case_id)
            decision = consent_gate(
                self.read.consents(client_id),
                recipient_id=referral.organisation_id,
                purpose=referral.referral_type,
                on=on,
                override_reason=override_reason,
            )
            override = decision.override_reason is not None
            self.db.execute(
                "UPDATE referrals SET status = 'sent', sent_on = ?, consent_id = ?,"
                " override_reason = ?, override_by = ?, override_at = ? WHERE id = ?",
                (
                    d2s(on),
                    decision.consent_id,
                    decision.override_reason,
                    self.user if override else None,
                    dt2s(self._clock()) if override else None,
                    referral_id,
                ),
            )
            self._event(referral_id, "sent", on, sent_event_note(decision.override_reason))
            self._refresh(referral.case_id)
            self._log(
                AuditEvent(
                    "update",
                    f"referral {referral_id} sent" + (" with consent override" if override else ""),
                    case_id=referral.case_id,
                    client_id=client_id,
                )
            )
            return decision

    def set_status(
        self, referral_id: int, status: str, *, on: date | None = None, note: str | None = None
    ) -> None:
        """Accepted, rejected, done or revoked (sending goes through :meth:`send_referral`)."""
        if status == "sent":
            raise InputRejected(_("Send a referral with send_referral: it checks consent."))
        on = on or self.today()
        with self.db.transaction():
            referral = self.read.referral(referral_id)
            check_status_change(referral.status, status)
            if referral.events and on < referral.events[-1].changed_on:
                raise InputRejected(_("A status change cannot be dated before the previous one."))
            self.db.execute("UPDATE referrals SET status = ? WHERE id = ?", (status, referral_id))
            self._event(referral_id, status, on, note)
            self._refresh(referral.case_id)
            self._log(
                AuditEvent("update", f"referral {referral_id} {status}", case_id=referral.case_id)
            )

    def record_feedback(self, referral_id: int, feedback: str, on: date) -> None:
        with self.db.transaction():
            referral = self.read.referral(referral_id)
            self.db.execute(
                "UPDATE referrals SET feedback = ?, feedback_on = ? WHERE id = ?",
                (feedback, d2s(on), referral_id),
            )
            self._log(
                AuditEvent("update", f"referral {referral_id} feedback", case_id=referral.case_id)
            )

    def get(self, referral_id: int) -> Referral:
        referral = self.read.referral(referral_id)
        self._log(AuditEvent("read", f"referral {referral_id}", case_id=referral.case_id))
        return referral

    def lines(
        self, *, status: str | None = None, offset: int = 0, limit: int | None = None
    ) -> list[ReferralLine]:
        """Referrals as (id, type, status, organisation, case reference), oldest first; no
        names. ``limit`` pages through them (the app never loads them all). Logged as a list
        of the cases they belong to, like the deadline lists."""
        where = " WHERE r.status = ?" if status else ""
        params: list[object] = [status] if status else []
        page = ""
        if limit is not None:
            page = " LIMIT ? OFFSET ?"
            params += [limit, offset]
        rows = self.db.all(
            "SELECT r.id, r.referral_type, r.status, o.name, r.case_id, c.reference, r.sent_on"
            " FROM referrals r JOIN organisations o ON o.id = r.organisation_id"
            f" JOIN cases c ON c.id = r.case_id{where} ORDER BY r.id{page}",
            params,
        )
        lines = [
            ReferralLine(
                id=r[0],
                referral_type=r[1],
                status=r[2],
                organisation=r[3],
                case_id=r[4],
                case_reference=r[5],
                sent_on=date.fromisoformat(r[6]) if r[6] else None,
            )
            for r in rows
        ]
        if lines:
            self._log(
                AuditEvent(
                    "list",
                    f"referral list ({len(lines)})",
                    case_ids=tuple(sorted({ln.case_id for ln in lines if ln.case_id is not None})),
                )
            )
        return lines

    def count(self, *, status: str | None = None) -> int:
        if status:
            return int(self.db.scalar("SELECT count(*) FROM referrals WHERE status = ?", (status,)))
        return int(self.db.scalar("SELECT count(*) FROM referrals"))
