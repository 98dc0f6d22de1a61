"""``carecoord demo``: realistic synthetic case records for trying, teaching and benchmarking.

Same seed, same data: one ``random.Random(seed)`` drives everything, and the reference date
("today" of the data) comes from the seed unless given, never from the clock.

Distributions. Signallers follow CoMensha's published 2024 shares (Het beeld van 2024,
Verdieping III; research/domain.md §1.3): police 31.0 %, care coordination 28.3 %, FairWork
24.2 %, Labour Authority 6.7 %, KMar 6.3 %; the remaining 3.5 % is spread over shelters, health
care, self-referrals and others (our assumption). domain.md gives no current shares for forms,
gender, age or nationality; the values below are assumptions in the order of magnitude of
CoMensha's annual reports (labour and sexual exploitation each about two fifths, criminal
exploitation about one in six, organ removal rare; about one in seven a minor; Dutch, other EU and
non-EU victims each a large group) and are marked as such. Correlations that the sources
describe are kept: FairWork and the Labour Authority mostly signal labour exploitation, sexual
exploitation mostly concerns women, non-EU adults get a reflection period and COSM shelter.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from carecoord import demo_names as names
from carecoord.demo_directory import DEMO_LETTERHEAD, DIRECTORY, demo_address
from carecoord.domain.case import CaseFacts, PhaseChange, Signal
from carecoord.domain.casefile import Note
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.codelists import codelist
from carecoord.domain.consent import Consent
from carecoord.domain.dates import CONSENT_AGE, add_months, add_years, age_on
from carecoord.domain.deadlines import Task
from carecoord.domain.municipalities import municipalities, municipalities_in_safety_region
from carecoord.domain.nationality import nationality_group
from carecoord.domain.referral import Organisation, Referral
from carecoord.domain.support import (
    ExitProgramme,
    Milestone,
    PermitRenewal,
    PlanItem,
    ReflectionPeriod,
    ResidencePermit,
    ShelterStay,
)
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters.model import Letterhead
from carecoord.letters.provider import load_letterhead, save_letterhead
from carecoord.store.bulk import BulkWriter, NewCase, NewReferral
from carecoord.store.case_store import CaseStore

Progress = Callable[[int], None]
T = TypeVar("T")

# CoMensha 2024 (verified, domain.md §1.3) + our split of the remaining 3.5 %.
SIGNALLER_SHARES = {
    "police": 31.0,
    "care_coordination": 28.3,
    "fairwork": 24.2,
    "labour_inspectorate": 6.7,
    "kmar": 6.3,
    "shelter": 1.2,
    "healthcare": 0.8,
    "self": 0.6,
    "other": 0.7,
    "unknown": 0.2,
}
# Assumptions (see module docstring), conditional on who signals.
FORM_SHARES_LABOUR_SIGNALLER = {"labour": 85, "criminal": 8, "sexual": 5, "unknown": 2}
FORM_SHARES_OTHER = {"sexual": 48, "labour": 27, "criminal": 18, "organ_removal": 0.5, "unknown": 3}
MULTIPLE_FORMS_SHARE = 0.04
MINOR_SHARE = 0.14
NATIONALITY_SHARES = {
    "NL": 24, "RO": 9, "PL": 8, "BG": 5, "HU": 3,
    "NG": 9, "UG": 5, "UA": 6, "VN": 4, "CN": 3, "MA": 3, "BR": 3, "ER": 3, "IN": 3, "PH": 3,
    None: 7,
}  # fmt: skip
LABOUR_SECTORS = codelist("sector").in_group("labour")
SEXUAL_SECTORS = codelist("sector").in_group("sexual")
LOCATION_FOR_SECTOR = {
    "agriculture": ("agricultural_site", "holiday_park"),
    "domestic_work": ("private_home",),
    "hospitality": ("horeca", "hotel"),
    "industry": ("business_park",),
    "construction": ("business_park", "holiday_park"),
    "transport_logistics": ("business_park",),
    "retail_wholesale": ("business_park", "other"),
    "other_work": ("other", "private_home"),
    "window_licensed": ("sex_business",),
    "home": ("private_home",),
    "escort": ("hotel", "private_home"),
    "hotel": ("hotel",),
    "online": ("online",),
    "unlicensed": ("private_home", "holiday_park", "hotel"),
    "unknown": ("unknown", "other"),
}

SHELTER_PROVIDER = {
    "cosm": 0,
    "womens_shelter": 1,
    "mens_shelter": 2,
    "social_shelter": 3,
    "omm": 3,
    "crisis": 3,
    "youth_care": 4,
    "nidos_protected": 5,
    "other": 3,
}
OVERRIDE_REASONS = (
    "Acute onveilige situatie; cliënt was niet bereikbaar om toestemming te tekenen.",
    "Plaatsing moest dezelfde nacht; toestemming mondeling gegeven, schriftelijk volgt.",
)
PLAN_GOALS = {
    "housing": "Zelfstandige woonruimte in de regio vinden.",
    "income_debts": "Uitkering regelen en schulden in kaart brengen.",
    "health": "Behandeling bij ggz starten en volhouden.",
    "social_network": "Contact opbouwen buiten het oude netwerk.",
    "work_education": "Taalcursus en daarna werk of opleiding.",
}


def demo_today(seed: int) -> date:
    """The data's reference date: fixed per seed, never the clock (so runs can be compared)."""
    return date(2025, 12, 31) - timedelta(days=seed % 90)


def _pick(rng: random.Random, shares: Mapping[T, float]) -> T:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


@dataclass
class _Profile:
    nationality: str | None
    group: str
    minor: bool
    gender: str
    forms: tuple[str, ...]
    signaller: str


class DemoGenerator:
    def __init__(
        self, seed: int, today: date, organisation_ids: list[int], region: tuple[str, ...]
    ) -> None:
        # Reproducible synthetic data, not secrets: a seeded PRNG is the point.
        self.rng = random.Random(seed)  # noqa: S311
        self.seed = seed
        self.today = today
        self.orgs = organisation_ids
        self.region = region
        self.all_municipalities = sorted(municipalities())
        self._closed_clients: list[tuple[ClientFacts, ClientIdentity | None, date]] = []

    # -- people ----------------------------------------------------------------------------------
    def _profile(self) -> _Profile:
        rng = self.rng
        signaller = str(_pick(rng, SIGNALLER_SHARES))
        labour_signaller = signaller in ("fairwork", "labour_inspectorate")
        form_shares = FORM_SHARES_LABOUR_SIGNALLER if labour_signaller else FORM_SHARES_OTHER
        forms = {str(_pick(rng, form_shares))}
        if rng.random() < MULTIPLE_FORMS_SHARE:
            forms.add(rng.choice(("labour", "criminal", "sexual")))
        if len(forms) > 1:
            forms.discard("unknown")
        nationality = _pick(rng, NATIONALITY_SHARES)
        minor = rng.random() < (MINOR_SHARE * (1.8 if nationality == "NL" else 0.8))
        if "sexual" in forms:
            gender = str(_pick(rng, {"female": 88, "male": 8, "other": 3, "unknown": 1}))
        elif "labour" in forms:
            gender = str(_pick(rng, {"male": 68, "female": 30, "other": 1, "unknown": 1}))
        else:
            gender = str(_pick(rng, {"male": 55, "female": 43, "other": 1, "unknown": 1}))
        nat = None if nationality is None else str(nationality)
        return _Profile(nat, nationality_group(nat), minor, gender, tuple(sorted(forms)), signaller)

    def _identity(self, n: int, p: _Profile, opened: date) -> ClientIdentity:
        rng = self.rng
        female = p.gender == "female" or (p.gender in ("other", "unknown") and rng.random() < 0.5)
        if p.nationality in names.FOREIGN:
            given_f, given_m, family = names.FOREIGN[p.nationality]
            given = rng.choice(given_f if female else given_m)
            surname = rng.choice(family)
        else:
            given = rng.choice(names.DUTCH_GIVEN_F if female else names.DUTCH_GIVEN_M)
            surname = rng.choice(names.DUTCH_FAMILY)
        age = rng.randint(13, 17) if p.minor else min(18 + int(rng.expovariate(1 / 11)), 70)
        birth = opened - timedelta(days=age * 365 + rng.randint(0, 364))
        aliases = (
            (rng.choice(("Bibi", "Sunny", "Angel", "Lucky", "Star")),) if rng.random() < 0.1 else ()
        )
        language = names.LANGUAGES.get(p.nationality or "", None)
        return ClientIdentity(
            given_name=given,
            family_name=surname,
            aliases=aliases,
            birth_date=birth,
            email=f"client{self.seed}-{n}@example.org" if rng.random() < 0.3 else None,
            address=None
            if rng.random() < 0.4
            else f"{rng.choice(names.STREETS)} {rng.randint(1, 180)}",
            language=language,
            interpreter_needed=p.nationality not in ("NL", None) and rng.random() < 0.6,
        )

    def _municipality(self) -> str:
        if self.region and self.rng.random() < 0.8:
            return self.rng.choice(self.region)
        return self.rng.choice(self.all_municipalities)

    def _facts(self, p: _Profile, municipality: str) -> CaseFacts:
        rng = self.rng
        if "sexual" in p.forms:
            sector = rng.choice(SEXUAL_SECTORS)
        elif "labour" in p.forms:
            sector = rng.choice(LABOUR_SECTORS)
        else:
            sector = "unknown" if rng.random() < 0.6 else "other_work"
        location = rng.choice(LOCATION_FOR_SECTOR[sector])
        return CaseFacts(
            exploitation_forms=p.forms,
            sector=sector,
            location_type=location,
            signaller=p.signaller,
            municipality=municipality,
        )

    # -- pathway ---------------------------------------------------------------------------------
    def _route(self, p: _Profile) -> list[tuple[str, int, int]]:
        """The phases this case would pass, each with (min, max) days after the previous one."""
        route = [("reported", 0, 14)] if self.rng.random() < 0.8 else []
        route.append(("intake", 2, 30))
        if p.group in ("non_eu", "unknown") and not p.minor:
            route += [("reflection_period", 0, 14), ("residence_permit", 30, 92)]
            route += [("shelter", 0, 30)] if self.rng.random() < 0.7 else []
        elif self.rng.random() < 0.55:
            route.append(("shelter", 0, 21))
        route += [("support", 30, 240), ("outflow", 60, 365), ("aftercare", 14, 60)]
        route.append(("closed", 60, 365))
        return route

    def _history(self, p: _Profile, opened: date) -> list[PhaseChange]:
        # Each change is recorded on its own day, as a coordinator using the app would: the
        # pathway rule (check_transition, applied by the bulk writer too) asks a reason only of
        # a change recorded after the day it names.
        def change(before: str | None, after: str, day: date) -> PhaseChange:
            recorded = datetime.combine(day, time(12), tzinfo=UTC)
            return PhaseChange(
                from_phase=before,
                to_phase=after,
                changed_on=day,
                changed_by="demo",
                recorded_at=recorded,
            )

        history = [change(None, "signalled", opened)]
        current, day = "signalled", opened
        for planned in self._route(p):
            # About one in twenty steps the client is out of sight or moves away: closed early.
            early = self.rng.random() < 0.05
            phase, low, high = ("closed", 7, 120) if early else planned
            day = day + timedelta(days=self.rng.randint(low, high))
            if day > self.today:
                break
            history.append(change(current, phase, day))
            current = phase
            if phase == "closed":
                break
        return history

    # -- support ---------------------------------------------------------------------------------
    def _support(self, p: _Profile, history: list[PhaseChange], case: NewCase) -> None:
        rng = self.rng
        entered = {c.to_phase: c.changed_on for c in history}
        closed_on = entered.get("closed")
        left: dict[str, date] = {}
        for before, after in itertools.pairwise(history):
            left[before.to_phase] = after.changed_on
        if "reflection_period" in entered:
            start = entered["reflection_period"]
            decided = left.get("reflection_period")
            decision = None
            if decided is not None:
                decision = (
                    "report_to_police"
                    if "residence_permit" in entered
                    else rng.choice(("other_cooperation", "none"))
                )
            case.reflection = ReflectionPeriod(
                started_on=start, decision=decision, decided_on=decided if decision else None
            )
            cosm_end = left.get("residence_permit") or closed_on
            if cosm_end is None and rng.random() < 0.3:
                cosm_end = None  # still there: the COSM term shows as a deadline
            case.shelter_stays.append(
                ShelterStay(
                    shelter_type="cosm",
                    provider_id=self.orgs[SHELTER_PROVIDER["cosm"]],
                    started_on=start,
                    ended_on=cosm_end,
                    end_reason=None if cosm_end is None else "transferred",
                )
            )
        if "residence_permit" in entered:
            granted = entered["residence_permit"]
            valid = add_years(granted, 1)
            renewals = []
            while valid < self.today and (closed_on is None or valid < closed_on):
                renewals.append(
                    PermitRenewal(
                        renewed_on=valid - timedelta(days=30), valid_until=add_years(valid, 1)
                    )
                )
                valid = add_years(valid, 1)
            case.permits.append(
                ResidencePermit(
                    granted_on=granted,
                    valid_until=add_years(granted, 1),
                    renewals=tuple(renewals),
                    ended_on=closed_on,
                )
            )
        if "shelter" in entered:
            kind = self._shelter_type(p)
            end = left.get("shelter")
            case.shelter_stays.append(
                ShelterStay(
                    shelter_type=kind,
                    provider_id=self.orgs[SHELTER_PROVIDER[kind]],
                    started_on=entered["shelter"],
                    ended_on=end,
                    end_reason=None
                    if end is None
                    else str(
                        _pick(
                            rng,
                            {
                                "moved_on": 60,
                                "own_housing": 25,
                                "left_unannounced": 10,
                                "returned": 5,
                            },
                        )
                    ),
                )
            )
        if "sexual" in p.forms and not p.minor and "support" in entered and rng.random() < 0.4:
            case.exit_programme = self._exit_programme(entered["support"], closed_on)

    def _shelter_type(self, p: _Profile) -> str:
        if p.minor:
            return "nidos_protected" if p.group == "non_eu" else "youth_care"
        options = {"womens_shelter" if p.gender == "female" else "mens_shelter": 60}
        options.update({"social_shelter": 15, "omm": 12, "crisis": 8, "other": 5})
        return str(_pick(self.rng, options))

    def _exit_programme(self, enrolled: date, closed_on: date | None) -> ExitProgramme:
        rng = self.rng
        end = min(self.today, closed_on) if closed_on else self.today
        milestones = [Milestone(milestone="registered", reached_on=enrolled)]
        steps = [("intake", 14), ("plan_agreed", 30), ("stopped_sex_work", 60)]
        day = enrolled
        for milestone, gap in steps:
            day = day + timedelta(days=rng.randint(gap // 2, gap * 2))
            if day > end:
                break
            milestones.append(Milestone(milestone=milestone, reached_on=day))
        outcome, outcome_on = "ongoing", None
        stopped = next(
            (m.reached_on for m in milestones if m.milestone == "stopped_sex_work"), None
        )
        if stopped is not None:
            if rng.random() < 0.2 and stopped + timedelta(days=60) <= end:
                relapse = stopped + timedelta(days=rng.randint(30, 180))
                if relapse <= end:
                    milestones.append(Milestone(milestone="relapse", reached_on=relapse))
                    outcome, outcome_on = "relapse", relapse
            if outcome == "ongoing":
                for milestone, months in (
                    ("aftercare", 1),
                    ("sustained_exit_6m", 6),
                    ("sustained_exit_12m", 12),
                ):
                    when = add_months(stopped, months)
                    if when > end:
                        break
                    milestones.append(Milestone(milestone=milestone, reached_on=when))
                if milestones[-1].milestone == "sustained_exit_12m":
                    outcome, outcome_on = "sustained_exit", milestones[-1].reached_on
        if outcome == "ongoing" and closed_on is not None:
            outcome, outcome_on = rng.choice(("dropped_out", "moved_away")), closed_on
        domains = rng.sample(list(PLAN_GOALS), rng.randint(2, 5)) if len(milestones) > 2 else []
        plan = tuple(PlanItem(life_domain=d, goal=PLAN_GOALS[d]) for d in sorted(domains))
        return ExitProgramme(
            scheme_name="Uitstapprogramma",
            enrolled_on=enrolled,
            plan=plan,
            milestones=tuple(milestones),
            outcome=outcome,
            outcome_on=outcome_on,
        )

    # -- referrals and consent -------------------------------------------------------------------
    def _referral_types(self, p: _Profile, case: NewCase) -> list[str]:
        types = [
            "legal_aid",
            "medical",
            "mental_health",
            "income_support",
            "housing",
            "brp_registration",
        ]
        if case.shelter_stays:
            types += ["shelter"] * 3
        if "labour" in p.forms:
            types += ["fairwork"] * 2
        if case.reflection is not None:
            types += ["police_report", "immigration", "compensation_fund"]
        if case.exit_programme is not None:
            types.append("exit_programme")
        if p.group != "nl":
            types.append("return")
        types += ["debt_support"]
        return types

    def _referrals(
        self, p: _Profile, history: list[PhaseChange], case: NewCase, birth: date
    ) -> None:
        rng = self.rng
        entered = {c.to_phase: c.changed_on for c in history}
        if "intake" not in entered:
            return
        start = entered["intake"]
        end = entered.get("closed", self.today)
        span = (end - start).days
        if span < 1:
            return
        for referral_type in rng.sample(self._referral_types(p, case), rng.randint(1, 3)):
            org = self._org_for(referral_type)
            created = start + timedelta(days=rng.randint(0, span))
            chance = rng.random()
            consent: Consent | None = None
            override = None
            if chance < 0.85:
                given = max(start, created - timedelta(days=rng.randint(0, 3)))
                categories = rng.sample(
                    ["identity", "contact", "residence_status", "health", "exploitation"], 3
                )
                consent = Consent(
                    client_id=0,
                    recipient_id=org,
                    purposes=(referral_type,),
                    data_categories=tuple(sorted(categories)),
                    given_on=given,
                    given_by="guardian" if age_on(birth, given) < CONSENT_AGE else "client",
                    valid_until=add_years(given, 1),
                )
            elif chance < 0.9:
                override = rng.choice(OVERRIDE_REASONS)
            new = self._referral_lifecycle(
                referral_type,
                org,
                created,
                end,
                consent is not None or override is not None,
                override,
            )
            if consent is not None:
                last_event = new.events[-1][1] if new.events else created
                withdrawn = last_event + timedelta(days=rng.randint(1, 200))
                if rng.random() < 0.03 and withdrawn <= self.today:
                    consent = consent.model_copy(update={"withdrawn_on": withdrawn})
                case.consents.append(consent)
                new.consent_index = len(case.consents) - 1 if new.referral.sent_on else None
            case.referrals.append(new)

    def _org_for(self, referral_type: str) -> int:
        for index, (_name, services, _address) in enumerate(DIRECTORY):
            if referral_type in services:
                return self.orgs[index]
        return self.orgs[0]

    def _referral_lifecycle(
        self,
        referral_type: str,
        org: int,
        created: date,
        end: date,
        sendable: bool,
        override: str | None,
    ) -> NewReferral:
        rng = self.rng
        urgency = str(_pick(rng, {"routine": 70, "urgent": 25, "immediate": 5}))
        events: list[tuple[str, date]] = []
        status, sent_on = "draft", None
        feedback = None
        feedback_on = None

        def step(days: int) -> date | None:
            day = (events[-1][1] if events else created) + timedelta(days=rng.randint(0, days))
            return day if day <= end else None

        if sendable and (sent := step(5)) is not None:
            status, sent_on = "sent", sent
            events.append(("sent", sent))
            answer = step(21)
            if answer is not None and rng.random() < 0.93:
                status = str(_pick(rng, {"accepted": 80, "rejected": 12, "revoked": 8}))
                events.append((status, answer))
                feedback = "Terugkoppeling ontvangen." if status != "revoked" else None
                feedback_on = answer if feedback else None
                if status == "accepted" and (done := step(120)) is not None and rng.random() < 0.7:
                    status = "done"
                    events.append(("done", done))
        referral = Referral(
            case_id=0,
            organisation_id=org,
            referral_type=referral_type,
            urgency=urgency,
            status=status,
            created_on=created,
            sent_on=sent_on,
            override_reason=override if sent_on else None,
            override_by="demo" if override and sent_on else None,
            override_at=datetime.combine(sent_on, time(12), tzinfo=UTC)
            if override and sent_on
            else None,
            feedback=feedback,
            feedback_on=feedback_on,
        )
        return NewReferral(referral, None, events)

    # -- whole case ------------------------------------------------------------------------------
    def case(self, n: int) -> NewCase:
        rng = self.rng
        reuse = None
        if self._closed_clients and rng.random() < 0.03:
            reuse = self._closed_clients.pop(rng.randrange(len(self._closed_clients)))
        p = self._profile()
        first_day = self.today - timedelta(days=5 * 365)
        opened = first_day + timedelta(days=rng.randint(0, (self.today - first_day).days))
        if reuse is not None:
            client, identity, after = reuse
            if after >= self.today:
                reuse = None
            else:
                opened = after + timedelta(days=rng.randint(1, max(1, (self.today - after).days)))
                p.nationality, p.gender = client.nationality, client.gender
        if reuse is None:
            identity = self._identity(n, p, opened)
            client = ClientFacts(
                reference=f"D{self.seed}-{n:06d}", gender=p.gender, nationality=p.nationality
            )
        assert identity is not None and identity.birth_date is not None
        p.minor = age_on(identity.birth_date, opened) < 18
        municipality = self._municipality()
        facts = self._facts(p, municipality)
        signals = [self._signal(opened, facts, case_bound=True)]
        if rng.random() < 0.15:
            later = opened + timedelta(days=rng.randint(1, 200))
            if later <= self.today:
                signals.append(self._signal(later, facts, case_bound=True))
        history = self._history(p, opened)
        case = NewCase(
            client=client,
            identity=None if reuse else identity,
            facts=facts,
            signals=signals,
            phase_history=history,
            reuse_client=reuse is not None,
        )
        self._support(p, history, case)
        self._referrals(p, history, case, identity.birth_date)
        for _note in range(rng.choice((0, 1, 1, 2, 3))):
            written = opened + timedelta(days=rng.randint(0, max(0, (self.today - opened).days)))
            case.notes.append(
                Note(
                    case_id=0,
                    written_at=datetime.combine(
                        written, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=UTC
                    ),
                    author="demo",
                    body=rng.choice(names.NOTE_TEMPLATES),
                )
            )
        if history[-1].to_phase != "closed" and rng.random() < 0.08:
            case.tasks.append(
                Task(
                    case_id=0,
                    kind="manual",
                    due_on=self.today + timedelta(days=rng.randint(-20, 30)),
                    title="Evaluatiegesprek plannen",
                    created_by="demo",
                )
            )
        if history[-1].to_phase == "closed":
            self._closed_clients.append((client, identity, history[-1].changed_on))
        return case

    def _signal(self, day: date, facts: CaseFacts, *, case_bound: bool) -> Signal:
        return Signal(
            signal_date=day,
            signaller=facts.signaller,
            location_type=facts.location_type,
            sector=facts.sector,
            municipality=facts.municipality,
            exploitation_forms=facts.exploitation_forms,
            description=None if case_bound else self.rng.choice(names.SIGNAL_TEMPLATES),
            recorded_by="demo",
        )

    def signal_without_person(self) -> Signal:
        p = self._profile()
        facts = self._facts(p, self._municipality())
        day = self.today - timedelta(days=self.rng.randint(0, 5 * 365))
        return self._signal(day, facts, case_bound=False)

    def cases(self, count: int) -> Iterator[NewCase]:
        for n in range(1, count + 1):
            yield self.case(n)


def ensure_directory(store: CaseStore) -> list[int]:
    ids = []
    for index, (name, services, _address) in enumerate(DIRECTORY):
        existing = store.organisations.by_name(name)
        ids.append(
            existing.id
            if existing is not None and existing.id is not None
            else store.organisations.add(
                Organisation(name=name, services=services, address=demo_address(index))
            )
        )
    return ids


def ensure_letterhead(store: CaseStore) -> None:
    """A demo vault prints its letters; a letterhead already set is the coordinator's own."""
    if load_letterhead(store) is None:
        save_letterhead(store, Letterhead.model_validate(DEMO_LETTERHEAD))


@dataclass(frozen=True)
class DemoResult:
    cases: int
    signals_without_person: int
    today: date


def generate(
    store: CaseStore,
    count: int,
    seed: int = 1,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoResult:
    """Fill the vault with ``count`` synthetic cases (all or nothing)."""
    if count < 1:
        raise InputRejected(_("The number of demo cases must be at least 1."))
    today = today or demo_today(seed)
    if store.clients.existing_references([f"D{seed}-{1:06d}"]):
        raise InputRejected(
            _("Demo data with seed %(seed)s is already in this vault; use another seed.")
            % {"seed": seed}
        )
    with store.db.transaction():
        region = store.settings.region()
        if not region:
            # A demo region: one safety region chosen by the seed.
            regions = sorted({m.safety_region for m in municipalities().values()})
            region = municipalities_in_safety_region(random.Random(seed).choice(regions))  # noqa: S311
            store.settings.set_region(region)
        org_ids = ensure_directory(store)
        ensure_letterhead(store)
        generator = DemoGenerator(seed, today, org_ids, region)
        now = datetime.combine(today, time(12), tzinfo=UTC)
        writer = BulkWriter(store.db, user=store.user, now=now, audit=store.audit_sink)
        written = writer.write(generator.cases(count), progress=progress, action="demo")
        loose = [generator.signal_without_person() for _ in range(max(1, count // 8))]
        writer.write_signals(loose)
    return DemoResult(len(written), len(loose), today)
