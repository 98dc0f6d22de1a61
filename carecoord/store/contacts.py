"""The people and organisations around the client, per case, each with a role (issue 16).

Per case, not per client: who the lawyer, the police contact or the shelter contact is belongs
to one episode of care (a later case may have others), and anonymisation, retention and the
referral a contact may receive all work per case. An organisation comes from the partner
directory; a person's name and number identify them and the client, and are kept apart
(``case_contact_persons``): anonymisation deletes that row and keeps the role.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.contacts``); every public
method reports one audit event (the role code only), every write runs in one transaction.
"""

from __future__ import annotations

from datetime import date

from carecoord.domain.case_work import CaseContact, check_contact
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import contact_person_row, contact_row, insert_sql
from carecoord.store.sqlvalues import d2s, dt2s


class ContactManager(Manager):
    def add(self, case_id: int, contact: CaseContact) -> int:
        check_contact(contact, self.today())
        made = contact.model_copy(update={"id": None, "recorded_by": None, "recorded_at": None})
        with self.db.transaction():
            client_id = self._case_client(case_id)
            self._check(case_id, made)
            cursor = self.db.execute(
                insert_sql("case_contacts"),
                contact_row(case_id, made, self.user, dt2s(self._clock())),
            )
            contact_id = int(cursor.lastrowid)
            if made.person is not None:
                self.db.execute(
                    insert_sql("case_contact_persons"), contact_person_row(contact_id, made.person)
                )
            self._log(
                AuditEvent("create", f"contact ({made.role})", case_id=case_id, client_id=client_id)
            )
            return contact_id

    def update(self, contact_id: int, contact: CaseContact) -> None:
        """Replace the role, organisation, person and end date (who recorded it stays)."""
        check_contact(contact, self.today())
        with self.db.transaction():
            case_id = self._owner("case_contacts", contact_id)
            self._check(case_id, contact)
            self.db.execute(
                "UPDATE case_contacts SET role = ?, organisation_id = ?, ended_on = ? WHERE id = ?",
                (contact.role, contact.organisation_id, d2s(contact.ended_on), contact_id),
            )
            self.db.execute("DELETE FROM case_contact_persons WHERE contact_id = ?", (contact_id,))
            if contact.person is not None:
                self.db.execute(
                    insert_sql("case_contact_persons"),
                    contact_person_row(contact_id, contact.person),
                )
            self._log(
                AuditEvent(
                    "update",
                    f"contact changed ({contact.role})",
                    case_id=case_id,
                    client_id=self._case_client(case_id),
                )
            )

    def end(self, contact_id: int, ended_on: date | None = None) -> None:
        """The contact is no longer involved (kept, for the history of the case)."""
        on = ended_on or self.today()
        if on > self.today():
            raise InputRejected(_("A contact's end cannot be dated in the future."))
        with self.db.transaction():
            case_id = self._owner("case_contacts", contact_id)
            role = self.db.scalar("SELECT role FROM case_contacts WHERE id = ?", (contact_id,))
            self.db.execute(
                "UPDATE case_contacts SET ended_on = ? WHERE id = ?", (d2s(on), contact_id)
            )
            self._log(
                AuditEvent(
                    "update",
                    f"contact ended ({role})",
                    case_id=case_id,
                    client_id=self._case_client(case_id),
                )
            )

    def _check(self, case_id: int, contact: CaseContact) -> None:
        if contact.organisation_id is not None:
            self.organisations.get(contact.organisation_id)
        if contact.person is not None:
            self._not_anonymised(case_id)
