"""What the bulk writer (:mod:`carecoord.store.bulk`) takes: whole cases, each with its parts,
where a part that points at another of the same case names it by its place in the case's list
(the writer hands out the ids). Re-exported by :mod:`carecoord.store.bulk`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from carecoord.domain.case import CaseFacts, PhaseChange, Signal
from carecoord.domain.casefile import Note
from carecoord.domain.client import ClientCircumstances, ClientFacts, ClientIdentity
from carecoord.domain.comensha import ComenshaRegistration
from carecoord.domain.consent import Consent
from carecoord.domain.deadlines import Task
from carecoord.domain.identification import IdentificationRoute
from carecoord.domain.legal import ReflectionPeriod, ResidencePermit
from carecoord.domain.referral import Referral
from carecoord.domain.support import ExitProgramme, ShelterStay
from carecoord.store.bulk_case_work import NewCaseWork
from carecoord.store.rows import Received


@dataclass
class NewReferral:
    referral: Referral  # case_id is ignored; the writer links it
    consent_index: int | None = None  # which of the case's consents covers it
    events: list[tuple[str, date]] = field(default_factory=list)  # (status, date) after 'draft'
    # Who took each step, 'draft' first (a case handed over by another region keeps its
    # history's names, issue 19); empty: the writer's user took them all.
    changed_by: list[str] = field(default_factory=list)


@dataclass
class NewRegistration:
    """A registration with CoMensha; on consent it names which of the case's consents (the
    writer hands out the consent ids, so the registration's own ``consent_id`` is ignored)."""

    registration: ComenshaRegistration
    consent_index: int | None = None


@dataclass
class NewCase:
    """One complete case. ``client`` is created unless ``reuse_client`` (same reference seen
    earlier in this write): a client may have several cases over time. ``circumstances``
    (custody, labour migrant, employer) belong to the client and are written with a new client
    only; the employer's name goes into the identity row (identifying, erased with it). The case's
    closure reason is that of its last phase change (to ``closed``). ``work`` is the case plan,
    contacts, meetings and safety assessments (:mod:`carecoord.store.bulk_case_work`)."""

    client: ClientFacts
    identity: ClientIdentity | None
    facts: CaseFacts
    signals: list[Signal]
    phase_history: list[PhaseChange]
    reflection: ReflectionPeriod | None = None
    permits: list[ResidencePermit] = field(default_factory=list)
    shelter_stays: list[ShelterStay] = field(default_factory=list)
    exit_programme: ExitProgramme | None = None
    consents: list[Consent] = field(default_factory=list)  # client_id is ignored
    referrals: list[NewReferral] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # case_id is ignored
    tasks: list[Task] = field(default_factory=list)  # manual tasks; case_id is ignored
    comensha: list[NewRegistration] = field(default_factory=list)
    identification: IdentificationRoute | None = None
    circumstances: ClientCircumstances | None = None
    work: NewCaseWork = field(default_factory=NewCaseWork)
    reuse_client: bool = False
    # A case handed over by another region (issue 19): where from, when, its reference there.
    received: Received | None = None

    @property
    def opened_on(self) -> date:
        return min(s.signal_date for s in self.signals)
