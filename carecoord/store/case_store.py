"""``CaseStore``: the one API the UI and the command line use for case records.

The facade holds the shared core (connection, user, clock, audit sink; ``read``, ``settings``,
``organisations``) and hands each job to a manager, as Anki's collection does (``col.decks``)::

    store.clients.register(...)     store.cases.open(...)        store.signals.add(...)
    store.pathway.change_phase(...) store.legal.apply_permit(...) store.comensha.register(...)
    store.identification.set_route(...)                          store.support.add_shelter_stay(...)
    store.consents.record(...)      store.referrals.send(...)    store.tasks.due_soon()
    store.plan.add_goal(...)        store.contacts.add(...)      store.meetings.record(...)
    store.safety.assess(...)        store.locations.record_control(...)

Threading: a CaseStore belongs to the thread that owns its Database (the vault worker in the app).
Every manager method that reads or changes personal data reports one :class:`AuditEvent` to the
audit sink (see :mod:`carecoord.store.audit`); every write runs in one transaction. The sink is
required: the app, the command line and the tests open a store through
:func:`carecoord.workspace.open_store`, which attaches the access log; a store that records
nothing exists only by the name :meth:`CaseStore.without_audit_for_tests`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from carecoord.store.audit import AuditSink, no_audit
from carecoord.store.case_plan import PlanManager
from carecoord.store.cases import CaseManager, next_case_reference
from carecoord.store.clients import ClientManager
from carecoord.store.comensha import ComenshaManager
from carecoord.store.consents import ConsentManager
from carecoord.store.contacts import ContactManager
from carecoord.store.identification import IdentificationManager
from carecoord.store.legal import LegalManager
from carecoord.store.locations import LocationManager
from carecoord.store.manager import StoreCore, utc_now
from carecoord.store.meetings import MeetingManager
from carecoord.store.pathway import PathwayManager
from carecoord.store.referrals import ReferralManager
from carecoord.store.rows import PHASE_RANK, identity_row, signal_row
from carecoord.store.safety import SafetyManager
from carecoord.store.signals import SignalManager
from carecoord.store.support import SupportManager
from carecoord.store.tasks import DueItem, TaskManager
from carecoord.vault.database import Database

# Re-exported: bulk writing and the tests import these from here.
__all__ = [
    "PHASE_RANK",
    "CaseStore",
    "DueItem",
    "identity_row",
    "next_case_reference",
    "signal_row",
    "utc_now",
]


class CaseStore(StoreCore):
    def __init__(
        self,
        db: Database,
        *,
        user: str,
        audit: AuditSink,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(db, user=user, audit=audit, clock=clock)
        self.clients = ClientManager(self)
        self.signals = SignalManager(self)
        self.cases = CaseManager(self, self.signals)
        self.pathway = PathwayManager(self)
        self.legal = LegalManager(self)
        self.comensha = ComenshaManager(self)
        self.identification = IdentificationManager(self)
        self.support = SupportManager(self)
        self.consents = ConsentManager(self)
        self.referrals = ReferralManager(self)
        self.tasks = TaskManager(self)
        # Case work (issue 16).
        self.plan = PlanManager(self)
        self.contacts = ContactManager(self)
        self.meetings = MeetingManager(self)
        self.safety = SafetyManager(self)
        # Risk locations and controls (issue 18).
        self.locations = LocationManager(self)

    @classmethod
    def without_audit_for_tests(
        cls, db: Database, *, user: str, clock: Callable[[], datetime] = utc_now
    ) -> CaseStore:
        """A store whose reads and changes reach no access log: for tests of the store alone."""
        return cls(db, user=user, audit=no_audit, clock=clock)
