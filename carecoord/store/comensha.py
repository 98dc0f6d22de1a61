"""Registrations with CoMensha: an event at any phase of the case, on consent or anonymous.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.comensha``); every public
method reports one audit event (the basis code only), every write runs in one transaction.
The consent rule is the domain's (:func:`carecoord.domain.comensha.check_registration`): a
registration on consent names a consent of this case's client, for the purpose
``comensha_registration``, valid on the registration date; an anonymous one needs none.
"""

from __future__ import annotations

from carecoord.domain.comensha import ComenshaRegistration, check_registration
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import comensha_row, insert_sql
from carecoord.store.sqlvalues import dt2s


class ComenshaManager(Manager):
    def register(self, case_id: int, registration: ComenshaRegistration) -> int:
        """Record a registration; refused on consent without a covering consent."""
        if registration.registered_on > self.today():
            raise InputRejected(_("A registration with CoMensha cannot be dated in the future."))
        # Who recorded it and when are the store's to say; 'migrated' is the migration's alone.
        made = registration.model_copy(
            update={"id": None, "migrated": False, "recorded_by": None, "recorded_at": None}
        )
        with self.db.transaction():
            client_id = self._case_client(case_id)
            # The client's own consents only: another client's consent never covers this one.
            check_registration(made, self.read.consents(client_id))
            cursor = self.db.execute(
                insert_sql("comensha_registrations"),
                comensha_row(case_id, made, self.user, dt2s(self._clock())),
            )
            self._log(
                AuditEvent(
                    "create",
                    f"comensha registration ({made.basis})",
                    case_id=case_id,
                    client_id=client_id,
                )
            )
            return int(cursor.lastrowid)
