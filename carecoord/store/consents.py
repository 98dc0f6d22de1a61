"""Consents: recording and withdrawing a client's consent to share data.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.consents``); every
public method reports one audit event, every write runs in one transaction."""

from __future__ import annotations

from datetime import date

from carecoord.domain.consent import Consent, check_giver
from carecoord.store import deadline_sync
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.sqlvalues import codes_json, d2s, dt2s


class ConsentManager(Manager):
    def record(self, consent: Consent) -> int:
        with self.db.transaction():
            self.read.client(consent.client_id)
            self.organisations.get(consent.recipient_id)
            check_giver(consent, self.read.birth_date_of_client(consent.client_id))
            cursor = self.db.execute(
                "INSERT INTO consents(client_id, recipient_id, purposes, data_categories, given_on,"
                " given_by, valid_until, withdrawn_on, note, recorded_by, recorded_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    consent.client_id,
                    consent.recipient_id,
                    codes_json(consent.purposes),
                    codes_json(consent.data_categories),
                    d2s(consent.given_on),
                    consent.given_by,
                    d2s(consent.valid_until),
                    d2s(consent.withdrawn_on),
                    consent.note,
                    self.user,
                    dt2s(self._clock()),
                ),
            )
            deadline_sync.refresh_client(self.db, consent.client_id)
            self._log(AuditEvent("create", "consent", client_id=consent.client_id))
            return int(cursor.lastrowid)

    def withdraw(self, consent_id: int, withdrawn_on: date) -> None:
        with self.db.transaction():
            consent = self.read.consent(consent_id)
            Consent.model_validate({**consent.model_dump(), "withdrawn_on": withdrawn_on})
            self.db.execute(
                "UPDATE consents SET withdrawn_on = ? WHERE id = ?", (d2s(withdrawn_on), consent_id)
            )
            deadline_sync.refresh_client(self.db, consent.client_id)
            self._log(AuditEvent("update", "consent withdrawn", client_id=consent.client_id))
