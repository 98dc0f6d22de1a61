"""A whole case as the case screen, letters and subject exports need it."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from carecoord.domain.case import CaseFacts, CaseSummary, PhaseChange, Signal
from carecoord.domain.case_work import CaseContact, CaseGoal, CaseMeeting, SafetyAssessment
from carecoord.domain.client import PERSONAL, Client
from carecoord.domain.comensha import ComenshaRegistration
from carecoord.domain.consent import Consent
from carecoord.domain.deadlines import Task
from carecoord.domain.identification import IdentificationRoute
from carecoord.domain.legal import ReflectionPeriod, ResidencePermit
from carecoord.domain.referral import Referral
from carecoord.domain.support import ExitProgramme, ShelterStay


class Note(BaseModel):
    model_config = PERSONAL

    id: int | None = None
    case_id: int
    written_at: datetime
    author: str
    body: str = Field(min_length=1, max_length=100_000)


class CaseFile(BaseModel):
    model_config = PERSONAL

    summary: CaseSummary
    facts: CaseFacts
    age_at_signal: int | None
    client: Client
    signals: tuple[Signal, ...]
    phase_history: tuple[PhaseChange, ...]
    reflection: ReflectionPeriod | None
    permits: tuple[ResidencePermit, ...]
    comensha: tuple[ComenshaRegistration, ...] = ()
    identification: IdentificationRoute | None = None
    shelter_stays: tuple[ShelterStay, ...]
    exit_programme: ExitProgramme | None
    # Case work (issue 16): the plan, the people around the client, meetings (newest last) and
    # the safety assessments (the last one is current: domain.case_work.current_assessment).
    goals: tuple[CaseGoal, ...] = ()
    contacts: tuple[CaseContact, ...] = ()
    meetings: tuple[CaseMeeting, ...] = ()
    safety: tuple[SafetyAssessment, ...] = ()
    referrals: tuple[Referral, ...]
    consents: tuple[Consent, ...]
    tasks: tuple[Task, ...]
    notes: tuple[Note, ...]

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def phase(self) -> str:
        return self.summary.phase

    @property
    def last_change_on(self) -> date | None:
        return self.phase_history[-1].changed_on if self.phase_history else None
