"""The demo's case work (issue 16): a case plan, the people around the client, case meetings with
their actions, and safety assessments, for the cases that were taken on.

Shares (all assumptions) are in :mod:`carecoord.demo.shares`, the words in
:mod:`carecoord.demo.case_work_texts`. Everything is drawn from ``work_rng``, a stream of its own,
after the rest of the case: the earlier parts of a seed's data stay as they were. What the store
would refuse, the demo does not make: a meeting's participants are covered by the client's consent
for case consultation on its date, or the meeting records a legal ground; an MDT meeting is the
one of the case's identification route; a medium or high risk has a review date.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from carecoord import demo_names as names
from carecoord.demo import case_work_texts as texts
from carecoord.demo.people import PeopleGenerator, Profile
from carecoord.demo.shares import (
    ACTION_DONE_SHARE,
    ACTION_OWNER_USER_SHARE,
    ACTIONS_PER_MEETING,
    CONTACT_PERSON_SHARE,
    CONTACT_SHARES,
    GOAL_STATUS_SHARES_CLOSED_CASE,
    GOAL_STATUS_SHARES_OPEN_CASE,
    GOAL_TARGET_DAYS,
    GOAL_WITHOUT_TARGET_SHARE,
    LOW_RISK_REVIEW_SHARE,
    MEETING_CONSENT_SHARE,
    MEETING_KIND_SHARES,
    MEETING_SHARE,
    MEETINGS_PER_CASE,
    PLAN_DOMAINS_PER_CASE,
    PLAN_SHARE,
    REASSESSMENT_SHARE,
    REVIEW_DAYS,
    RISK_SHARES_HIGHER,
    RISK_SHARES_OTHER,
    SAFETY_SHARE,
    SECOND_GOAL_SHARE,
    THREATS_PER_ASSESSMENT,
    pick,
)
from carecoord.demo_directory import DIRECTORY
from carecoord.domain.case import PhaseChange
from carecoord.domain.case_work import (
    MEETING_PURPOSE,
    CaseContact,
    CaseGoal,
    CaseMeeting,
    ContactPerson,
    MeetingAction,
    MeetingParticipant,
    SafetyAssessment,
)
from carecoord.domain.client import ClientIdentity
from carecoord.domain.codelists import codelist
from carecoord.domain.consent import Consent
from carecoord.domain.dates import CONSENT_AGE, add_years, age_on
from carecoord.store.bulk import NewCase
from carecoord.store.bulk_case_work import NewGoal

# The referral types that serve a goal of each domain (a goal names the first such referral).
SERVING_REFERRALS = {
    "housing": ("housing", "shelter", "cosm_placement"),
    "income_debts": ("income_support", "debt_support"),
    "health": ("medical", "mental_health", "health_insurance"),
    "social_network": ("social_team", "victim_support"),
    "work_education": ("exit_programme",),
    "safety": ("veilig_thuis", "police_report"),
    "legal": ("legal_aid", "police_report", "immigration", "compensation_fund"),
}
_BY_NAME = {name: index for index, (name, _services, _address) in enumerate(DIRECTORY)}


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


class CaseWorkHistories(PeopleGenerator):
    """The case work of one case, drawn after its pathway, tracks and referrals."""

    def _case_work(
        self,
        p: Profile,
        history: list[PhaseChange],
        case: NewCase,
        identity: ClientIdentity,
    ) -> None:
        entered = {c.to_phase: c.changed_on for c in history}
        taken_on = [entered[k] for k in ("intake", "shelter") if k in entered]
        if not taken_on:
            return  # never taken on: no plan, no meetings
        start = min(taken_on)
        closed = entered.get("closed")
        end = closed if closed is not None else self.today
        rng = self.work_rng
        if rng.random() < PLAN_SHARE:
            self._plan(case, start, end, closed is not None)
        self._contacts(p, case, start, closed, identity)
        self._meetings(p, case, start, end, closed is not None, identity.birth_date)
        if rng.random() < SAFETY_SHARE:
            self._safety(p, case, start, end)

    def _org(self, name: str) -> int:
        return self.orgs[_BY_NAME[name]]

    # -- the plan -------------------------------------------------------------------------------
    def _plan(self, case: NewCase, start: date, end: date, closed: bool) -> None:
        rng = self.work_rng
        domains = rng.sample(sorted(texts.GOAL_TEXTS), rng.randint(*PLAN_DOMAINS_PER_CASE))
        planned = _between(rng, start, min(end, start + timedelta(days=30)))
        statuses = GOAL_STATUS_SHARES_CLOSED_CASE if closed else GOAL_STATUS_SHARES_OPEN_CASE
        for domain in sorted(domains):
            count = 2 if rng.random() < SECOND_GOAL_SHARE else 1
            for words in rng.sample(texts.GOAL_TEXTS[domain], count):
                status = str(pick(rng, statuses))
                target = None
                if rng.random() >= GOAL_WITHOUT_TARGET_SHARE:
                    target = planned + timedelta(days=rng.randint(*GOAL_TARGET_DAYS))
                goal = CaseGoal(
                    domain=domain,
                    goal=words,
                    status=status,
                    status_on=planned if status == "open" else _between(rng, planned, end),
                    target_on=target,
                    recorded_by="demo",
                    recorded_at=_noon(planned),
                )
                serving = next(
                    (
                        i
                        for i, r in enumerate(case.referrals)
                        if r.referral.referral_type in SERVING_REFERRALS[domain]
                    ),
                    None,
                )
                case.work.goals.append(NewGoal(goal, referral_index=serving))

    # -- the people around the client -----------------------------------------------------------
    def _person(self, title: str = "") -> ContactPerson:
        rng = self.work_rng
        female = rng.random() < 0.5
        given = rng.choice(names.DUTCH_GIVEN_F if female else names.DUTCH_GIVEN_M)
        family = rng.choice(names.DUTCH_FAMILY)
        # Fictitious numbers: a Dutch subscriber number never starts with 0 after the area code.
        phone = f"010-0{rng.randint(0, 999_999):06d}"
        email = None
        if rng.random() < 0.5:
            email = f"{given}.{family}".lower().replace(" ", "") + "@example.org"
        return ContactPerson(name=f"{title}{given} {family}", phone=phone, email=email)

    def _contacts(
        self,
        p: Profile,
        case: NewCase,
        start: date,
        closed: date | None,
        identity: ClientIdentity,
    ) -> None:
        rng = self.work_rng
        types = {r.referral.referral_type for r in case.referrals}
        custody = case.circumstances.custody if case.circumstances is not None else None
        stays = [s for s in case.shelter_stays if s.provider_id is not None]
        wanted: list[tuple[str, int | None, str, date | None]] = []  # role, org, title, ended
        if "legal_aid" in types or case.reflection is not None or case.permits:
            wanted.append(("lawyer", self._org("Advocatenkantoor Slachtofferrecht"), "mr. ", None))
        if p.signaller == "police" or "police_report" in types:
            wanted.append(("police_contact", self._org("Politie – team mensenhandel"), "", None))
        if stays:
            wanted.append(("shelter_contact", stays[-1].provider_id, "", stays[-1].ended_on))
        if p.minor and custody == "nidos":
            wanted.append(("guardian", self._org("Nidos regio (voogdij)"), "", None))
        elif p.minor:
            wanted.append(("guardian", None, "", None))  # a parent
        if identity.interpreter_needed:
            wanted.append(("interpreter", None, "", None))
        if "medical" in types:
            wanted.append(("gp", self._org("Huisartsenpraktijk Centrum"), "dr. ", None))
        wanted.append(("mentor", None, "", None))
        if case.circumstances is not None and case.circumstances.employer is not None:
            wanted.append(("employer_contact", None, "", None))
        for role, organisation, title, ended in wanted:
            if rng.random() >= CONTACT_SHARES[role]:
                continue
            person = None
            if organisation is None or rng.random() < CONTACT_PERSON_SHARE:
                person = self._person(title)
            case.work.contacts.append(
                CaseContact(
                    role=role,
                    organisation_id=organisation,
                    person=person,
                    ended_on=ended if ended is not None else closed,
                    recorded_by="demo",
                    recorded_at=_noon(start),
                )
            )

    # -- case meetings --------------------------------------------------------------------------
    def _participants(self, p: Profile, case: NewCase, kind: str) -> list[int]:
        rng = self.work_rng
        pool = ["Politie – team mensenhandel", "Wijkteam Centrum", "GGZ Traumacentrum"]
        if kind == "mdt":
            pool = ["Politie – team mensenhandel", "CoMensha", "GGZ Traumacentrum"]
        if p.minor:
            pool.append("Veilig Thuis regio")
        if "labour" in p.forms:
            pool.append("FairWork")
        if kind == "zorg_en_veiligheidshuis":
            pool.append("Gemeente – Werk en Inkomen")
        chosen = {self._org(n) for n in rng.sample(pool, rng.randint(2, len(pool)))}
        chosen |= {s.provider_id for s in case.shelter_stays[-1:] if s.provider_id is not None}
        return sorted(chosen)

    def _meetings(
        self, p: Profile, case: NewCase, start: date, end: date, closed: bool, birth: date | None
    ) -> None:
        rng = self.work_rng
        held: list[tuple[date, str]] = []
        if rng.random() < MEETING_SHARE:
            for _n in range(int(pick(rng, MEETINGS_PER_CASE))):
                held.append((_between(rng, start, end), str(pick(rng, MEETING_KIND_SHARES))))
        route = case.identification
        if route is not None and route.route == "mdt" and route.mdt_meeting_on is not None:
            held.append((route.mdt_meeting_on, "mdt"))  # the meeting of the route (issue 15)
        if not held:
            return
        held.sort()
        planned = [(day, kind, self._participants(p, case, kind)) for day, kind in held]
        consent = None
        if rng.random() < MEETING_CONSENT_SHARE:
            given = max(start, held[0][0] - timedelta(days=rng.randint(0, 7)))
            recipients = sorted({o for _d, _k, orgs in planned for o in orgs})
            consent = Consent(
                client_id=0,
                recipient_id=recipients[0],
                further_recipient_ids=tuple(recipients[1:]),
                purposes=(MEETING_PURPOSE,),
                data_categories=("exploitation", "identity", "residence_status"),
                given_on=given,
                given_by="guardian"
                if birth is not None and age_on(birth, given) < CONSENT_AGE
                else "client",
                valid_until=add_years(given, 1),
            )
            case.consents.append(consent)
        for day, kind, orgs in planned:
            covered = consent is not None and all(
                consent.covers(o, MEETING_PURPOSE, day) for o in orgs
            )
            case.work.meetings.append(
                CaseMeeting(
                    held_on=day,
                    kind=kind,
                    participants=tuple(MeetingParticipant(organisation_id=o) for o in orgs),
                    decisions=rng.choice(texts.MEETING_DECISIONS),
                    legal_ground=None if covered else rng.choice(texts.LEGAL_GROUNDS),
                    actions=self._actions(day, end, closed, orgs),
                    recorded_by="demo",
                    recorded_at=_noon(day),
                )
            )

    def _actions(
        self, held: date, end: date, closed: bool, orgs: list[int]
    ) -> tuple[MeetingAction, ...]:
        rng = self.work_rng
        actions = []
        for words in rng.sample(texts.ACTION_TEXTS, int(pick(rng, ACTIONS_PER_MEETING))):
            due = held + timedelta(days=rng.randint(7, 42))
            done = None
            # A closed case's actions were all done; an open case's mostly, once due.
            if held < end and (closed or (due <= end and rng.random() < ACTION_DONE_SHARE)):
                done = _between(rng, held + timedelta(days=1), min(due, end))
            mine = rng.random() < ACTION_OWNER_USER_SHARE
            actions.append(
                MeetingAction(
                    description=words,
                    owner_user=self.user if mine else None,
                    owner_organisation_id=None if mine else rng.choice(orgs),
                    due_on=due,
                    done_on=done,
                )
            )
        return tuple(actions)

    # -- safety ---------------------------------------------------------------------------------
    def _safety(self, p: Profile, case: NewCase, start: date, end: date) -> None:
        rng = self.work_rng
        higher = "sexual" in p.forms or "criminal" in p.forms
        threats = [c.code for c in codelist("threat").codes]
        assessed = _between(rng, start, min(end, start + timedelta(days=14)))
        for _n in range(3):
            level = str(pick(rng, RISK_SHARES_HIGHER if higher else RISK_SHARES_OTHER))
            review = None
            if level != "low" or rng.random() < LOW_RISK_REVIEW_SHARE:
                review = assessed + timedelta(days=rng.randint(*REVIEW_DAYS[level]))
            case.work.safety.append(
                SafetyAssessment(
                    assessed_on=assessed,
                    risk_level=level,
                    threats=tuple(rng.sample(threats, rng.randint(*THREATS_PER_ASSESSMENT))),
                    measures=None if level == "low" else rng.choice(texts.SAFETY_MEASURES),
                    review_on=review,
                    recorded_by="demo",
                    recorded_at=_noon(assessed),
                )
            )
            following = review or assessed + timedelta(days=rng.randint(30, 120))
            if following > end or rng.random() >= REASSESSMENT_SHARE:
                return
            assessed = following
