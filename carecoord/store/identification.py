"""The identification route outside criminal law (one per case): the route, and for a
multidisciplinary assessment (MDT) its request, meeting and advice.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.identification``); every
public method reports one audit event (codes only), every write runs in one transaction. The
model checks that only the MDT route has MDT dates and that they follow each other; the labels
a region shows for the routes are a setting (``store.settings.identification_labels()``), the
codes are fixed.
"""

from __future__ import annotations

from carecoord.domain.identification import IdentificationRoute
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import identification_row, insert_sql
from carecoord.store.sqlvalues import dt2s


class IdentificationManager(Manager):
    def set_route(self, case_id: int, route: IdentificationRoute) -> None:
        """Record the case's route, or replace it (a later step of the same route, or another)."""
        # The meeting may be planned ahead; the request and the advice have happened.
        days = (route.mdt_requested_on, route.mdt_advice_on)
        if any(day is not None and day > self.today() for day in days):
            raise InputRejected(
                _("The request and the advice of an MDT cannot be dated in the future.")
            )
        made = route.model_copy(update={"recorded_by": None, "recorded_at": None})
        with self.db.transaction():
            client_id = self._case_client(case_id)
            self.db.execute(
                insert_sql("identification_routes", upsert_on=("case_id",)),
                identification_row(case_id, made, self.user, dt2s(self._clock())),
            )
            detail = f"identification route {made.route}"
            if made.mdt_advice is not None:
                detail += f" ({made.mdt_advice})"
            self._log(AuditEvent("update", detail, case_id=case_id, client_id=client_id))
