"""The demo's tracks beside the care phase: bedenktijd and B8/3 permit, CoMensha, identification.

Shares and their sources are in :mod:`carecoord.demo.shares`. Dutch and EU clients mostly have
no legal track at all (their track is simply empty); non-EU clients mostly get a bedenktijd,
spent in a COSM, and a permit on the ground of their choice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from carecoord.demo.people import PeopleGenerator, Profile
from carecoord.demo.shares import (
    CANNOT_COOPERATE_SHARE,
    COMENSHA_BASIS_SHARES,
    CONTINUED_APPLIED_SHARE,
    CONTINUED_GRANTED_SHARE,
    MDT_ADVICE_SHARES,
    NL_EU_ROUTE_SHARES,
    OBLIGED_REGISTRARS,
    PERMIT_GRANTED_SHARE,
    REFLECTION_OUTCOME_SHARES,
    pick,
)
from carecoord.demo_directory import DIRECTORY
from carecoord.domain.case import PhaseChange
from carecoord.domain.comensha import CONSENT_PURPOSE, ComenshaRegistration
from carecoord.domain.consent import Consent
from carecoord.domain.dates import CONSENT_AGE, add_years, age_on
from carecoord.domain.identification import IdentificationRoute
from carecoord.domain.legal import PermitRenewal, ReflectionPeriod, ResidencePermit, reflection_end
from carecoord.store.bulk import NewCase, NewRegistration

# The grounds a choice after the bedenktijd gives for a permit (an application follows a report).
GROUND_OF_OUTCOME = {"report_filed": "report_filed", "other_cooperation": "other_cooperation"}


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


class TrackHistories(PeopleGenerator):
    """Legal track, CoMensha registration and identification route of one case."""

    def _end_of(self, history: list[PhaseChange]) -> date:
        """The last day anything can happen on the case: its close, or the data's today."""
        closed = next((c.changed_on for c in history if c.to_phase == "closed"), None)
        return closed if closed is not None else self.today

    def _legal(self, p: Profile, history: list[PhaseChange], case: NewCase) -> None:
        rng = self.rng
        entered = {c.to_phase: c.changed_on for c in history}
        opened = history[0].changed_on
        end = self._end_of(history)
        ground, applied = None, None
        taken_on = [entered[k] for k in ("intake", "shelter") if k in entered]
        if p.reflection and taken_on:
            start = min(taken_on)
            case.reflection = self._reflection(p, opened, start, end)
            outcome = case.reflection.outcome
            if outcome in GROUND_OF_OUTCOME:
                ground, applied = GROUND_OF_OUTCOME[outcome], case.reflection.outcome_on
            elif outcome == "no_cooperation" and rng.random() < CANNOT_COOPERATE_SHARE:
                # The exception for who cannot cooperate (threat, medical; domain.md §1.2 row 5).
                ground, applied = "cannot_cooperate", case.reflection.outcome_on
        elif p.witness_reporter:
            ground, applied = "witness_reporter", entered.get("intake", opened)
        elif p.eu_permit:
            ground = str(pick(rng, {"report_filed": 70, "other_cooperation": 30}))
            applied = entered.get("intake", opened) + timedelta(days=rng.randint(7, 90))
            applied = applied if applied <= end else None
        if ground is not None and applied is not None:
            case.permits.append(self._permit(ground, applied, end, history[-1].closure_reason))

    def _reflection(self, p: Profile, opened: date, start: date, end: date) -> ReflectionPeriod:
        rng = self.rng
        offered = max(opened, start - timedelta(days=rng.randint(0, 3)))
        informed = start + timedelta(days=rng.randint(0, 5))
        last = reflection_end(start)
        choice = min(start + timedelta(days=rng.randint(14, 92)), last)
        outcome, outcome_on = "pending", None
        if end < choice and end < self.today:
            outcome, outcome_on = "withdrawn", end  # closed (out of sight, returned) before it
        elif choice <= end:
            outcome, outcome_on = str(pick(rng, REFLECTION_OUTCOME_SHARES)), choice
        return ReflectionPeriod(
            offered_on=offered,
            offered_by=p.signaller if p.signaller in ("kmar", "labour_inspectorate") else "police",
            ind_informed_on=informed if informed <= self.today else None,
            started_on=start,
            # The choice ends the bedenktijd when it comes before the three months are over.
            ends_on=outcome_on if outcome_on is not None and outcome_on < last else None,
            outcome=outcome,
            outcome_on=outcome_on,
        )

    def _permit(
        self, ground: str, applied: date, end: date, closure_reason: str | None
    ) -> ResidencePermit:
        rng = self.rng
        decided = applied + timedelta(days=rng.randint(30, 150))
        if decided > end:
            return ResidencePermit(ground=ground, applied_on=applied)
        if rng.random() >= PERMIT_GRANTED_SHARE:
            return ResidencePermit(ground=ground, applied_on=applied, rejected_on=decided)
        granted, valid = decided, add_years(decided, 1)
        asked, answer, won = None, None, None
        mark = add_years(granted, 3)  # voortgezet verblijf after three years in B8/3
        stop = end
        if mark <= end and rng.random() < CONTINUED_APPLIED_SHARE:
            asked = mark - timedelta(days=rng.randint(0, 30))
            answer = asked + timedelta(days=rng.randint(60, 180))
            if answer <= end:
                won = rng.random() < CONTINUED_GRANTED_SHARE
                stop = answer if won else end  # a granted continued residence is not renewed
            else:
                answer = None
        renewals = []
        current = valid
        while current < stop:
            renewals.append(
                PermitRenewal(
                    renewed_on=current - timedelta(days=30), valid_until=add_years(current, 1)
                )
            )
            current = add_years(current, 1)
        return ResidencePermit(
            ground=ground,
            applied_on=applied,
            granted_on=granted,
            valid_until=valid,
            renewals=tuple(renewals),
            # A client who went home gives the permit up; it does not end with the care case.
            ended_on=end if closure_reason == "returned_origin" else None,
            continued_applied_on=asked,
            continued_outcome=None if answer is None else ("granted" if won else "rejected"),
            continued_decided_on=answer,
        )

    def _comensha(self, p: Profile, history: list[PhaseChange], case: NewCase, birth: date) -> None:
        rng = self.rng
        basis = pick(rng, COMENSHA_BASIS_SHARES)
        day = history[0].changed_on + timedelta(days=rng.randint(0, 14))
        if basis is None or day > self._end_of(history):
            return
        if p.signaller in OBLIGED_REGISTRARS:
            already = p.signaller  # police, KMar and NLA must register (domain.md §1.2 row 2)
        else:
            already = str(pick(rng, {"none": 80, "unknown": 20}))
        registration = ComenshaRegistration(
            registered_on=day,
            basis=str(basis),
            already_registered_by=already,
            recorded_by="demo",
            recorded_at=_noon(day),
        )
        index = None
        if basis == "consent":
            given = max(history[0].changed_on, day - timedelta(days=rng.randint(0, 2)))
            case.consents.append(
                Consent(
                    client_id=0,
                    recipient_id=self._comensha_org(),
                    purposes=(CONSENT_PURPOSE,),
                    data_categories=("exploitation", "identity"),
                    given_on=given,
                    given_by="guardian" if age_on(birth, given) < CONSENT_AGE else "client",
                    valid_until=add_years(given, 1),
                )
            )
            index = len(case.consents) - 1
        case.comensha.append(NewRegistration(registration, index))

    def _comensha_org(self) -> int:
        return next(
            self.orgs[i]
            for i, (_n, services, _a) in enumerate(DIRECTORY)
            if "cosm_placement" in services
        )

    def _identification(self, p: Profile, history: list[PhaseChange], case: NewCase) -> None:
        rng = self.rng
        entered = {c.to_phase: c.changed_on for c in history}
        taken_on = [entered[k] for k in ("intake", "shelter") if k in entered]
        if not taken_on:
            return  # never taken on: nobody looked at the route
        start, end = min(taken_on), self._end_of(history)
        cooperated = ("report_filed", "other_cooperation")
        reported = any(permit.ground in cooperated for permit in case.permits) or (
            case.reflection is not None and case.reflection.outcome in cooperated
        )
        if reported:
            route = "criminal_law"
        elif p.group in ("nl", "eu"):
            route = str(pick(rng, NL_EU_ROUTE_SHARES))
        else:
            route = str(pick(rng, {"criminal_law": 30, "none": 70}))  # assumption
        if route != "mdt":
            case.identification = IdentificationRoute(
                route=route, recorded_by="demo", recorded_at=_noon(start)
            )
            return
        requested = start + timedelta(days=rng.randint(7, 60))
        meeting = requested + timedelta(days=rng.randint(14, 42))
        advised = meeting + timedelta(days=rng.randint(0, 14))
        advice = str(pick(rng, MDT_ADVICE_SHARES))
        if advice == "pending" or advised > end:
            advice, advised_on = "pending", None
        else:
            advised_on = advised
        held = meeting <= end
        case.identification = IdentificationRoute(
            route="mdt",
            mdt_requested_on=requested if requested <= end else None,
            mdt_meeting_on=meeting if held else None,
            mdt_advice=advice if held else None,
            mdt_advice_on=advised_on if held else None,
            recorded_by="demo",
            recorded_at=_noon(min(end, advised_on or meeting if held else requested)),
        )
