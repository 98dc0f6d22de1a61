"""Consents: recording and withdrawing a client's consent to share data.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.consents``); every
public method reports one audit event, every write runs in one transaction."""

from __future__ import annotations

from datetime import date

from carecoord.domain.consent import Consent, check_giver
from carecoord.store import deadline_sync
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import consent_recipient_rows, consent_row, insert_sql
from carecoord.store.sqlvalues import d2s, dt2s


class ConsentManager(Manager):
    def record(self, consent: Consent) -> int:
        with self.db.transaction():
            self.read.client(consent.client_id)
            for organisation_id in consent.recipient_ids:
                self.organisations.get(organisation_id)
            check_giver(consent, self.read.birth_date_of_client(consent.client_id))
            cursor = self.db.execute(
                insert_sql("consents"), consent_row(consent, self.user, dt2s(self._clock()))
            )
            consent_id = int(cursor.lastrowid)
            # Every recipient, the first one included (the table has no other writer).
            self.db.executemany(
                insert_sql("consent_recipients"), consent_recipient_rows(consent_id, consent)
            )
            deadline_sync.refresh_client(self.db, consent.client_id)
            self._log(AuditEvent("create", "consent", client_id=consent.client_id))
            return consent_id

    def withdraw(self, consent_id: int, withdrawn_on: date) -> None:
        with self.db.transaction():
            consent = self.read.consent(consent_id)
            Consent.model_validate({**consent.model_dump(), "withdrawn_on": withdrawn_on})
            self.db.execute(
                "UPDATE consents SET withdrawn_on = ? WHERE id = ?", (d2s(withdrawn_on), consent_id)
            )
            deadline_sync.refresh_client(self.db, consent.client_id)
            self._log(AuditEvent("update", "consent withdrawn", client_id=consent.client_id))
