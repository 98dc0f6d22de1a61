"""The demo's pathway: the phases a case passes and the support they imply."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

from carecoord.demo.people import PeopleGenerator, Profile
from carecoord.demo.shares import PLAN_GOALS, SHELTER_PROVIDER, pick
from carecoord.domain.case import PhaseChange
from carecoord.domain.dates import add_months, add_years
from carecoord.domain.legal import PermitRenewal, ReflectionPeriod, ResidencePermit
from carecoord.domain.support import ExitProgramme, Milestone, PlanItem, ShelterStay
from carecoord.store.bulk import NewCase


class PathwayHistories(PeopleGenerator):
    """Phase histories; reflection period, permits, shelter stays and exit programme from them."""

    def _route(self, p: Profile) -> list[tuple[str, int, int]]:
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

    def _history(self, p: Profile, opened: date) -> list[PhaseChange]:
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

    def _support(self, p: Profile, history: list[PhaseChange], case: NewCase) -> None:
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
                        pick(
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

    def _shelter_type(self, p: Profile) -> str:
        if p.minor:
            return "nidos_protected" if p.group == "non_eu" else "youth_care"
        options = {"womens_shelter" if p.gender == "female" else "mens_shelter": 60}
        options.update({"social_shelter": 15, "omm": 12, "crisis": 8, "other": 5})
        return str(pick(self.rng, options))

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
