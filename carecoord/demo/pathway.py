"""The demo's pathway: the care phases a case passes, why it closed, and the support they imply."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

from carecoord.demo.people import PeopleGenerator, Profile
from carecoord.demo.shares import (
    CLOSURE_AFTER_PATHWAY,
    CLOSURE_EARLY,
    COSM_SHARE_IN_REFLECTION,
    EU_PERMIT_SHARE,
    NIGHT_PLACEMENT_SHARE,
    PLAN_GOALS,
    REFLECTION_SHARE_NON_EU,
    REFLECTION_SHARE_NON_EU_MINOR,
    SHELTER_PROVIDER,
    WITNESS_REPORTER_SHARE,
    pick,
)
from carecoord.domain.case import PhaseChange
from carecoord.domain.case_work import CaseGoal
from carecoord.domain.dates import add_months
from carecoord.domain.support import ExitProgramme, Milestone, ShelterStay
from carecoord.store.bulk import NewCase
from carecoord.store.bulk_case_work import NewGoal


class PathwayHistories(PeopleGenerator):
    """Care-phase histories (with the closure reason), and the shelter stays and exit programme
    they imply. The legal track, CoMensha and the identification route are in
    :mod:`carecoord.demo.tracks`; the pathway only asks whether a bedenktijd is planned."""

    def _plan_legal(self, p: Profile) -> None:
        """Which legal track the client will have (shares and sources: :mod:`.shares`)."""
        rng = self.rng
        if p.group in ("non_eu", "unknown"):
            share = REFLECTION_SHARE_NON_EU_MINOR if p.minor else REFLECTION_SHARE_NON_EU
            p.reflection = rng.random() < share
            p.witness_reporter = not p.reflection and rng.random() < WITNESS_REPORTER_SHARE
        elif p.group == "eu":
            p.eu_permit = rng.random() < EU_PERMIT_SHARE

    def _route(self, p: Profile) -> list[tuple[str, int, int]]:
        """The phases this case would pass, each with (min, max) days after the previous one."""
        rng = self.rng
        # Assumption: about one in twelve clients is placed in (crisis) shelter the night they are
        # found, before any intake (the pathway allows signalled → shelter).
        if rng.random() < NIGHT_PLACEMENT_SHARE:
            route = [("shelter", 0, 2), ("support", 14, 120)]
        else:
            route = [("intake", 2, 30)]
            if p.reflection:
                # The bedenktijd in shelter (mostly COSM, see _support), about its three months.
                route += [("shelter", 0, 7), ("support", 45, 120)]
            elif rng.random() < 0.55:
                route += [("shelter", 0, 21), ("support", 30, 240)]
            else:
                route.append(("support", 7, 60))
        route += [("outflow", 60, 365), ("aftercare", 14, 60), ("closed", 60, 365)]
        return route

    def _closure_reason(self, p: Profile, early: bool) -> str:
        shares = dict(CLOSURE_EARLY if early else CLOSURE_AFTER_PATHWAY)
        if p.group == "nl":
            shares.pop("returned_origin")  # a Dutch client has no country to return to
        return str(pick(self.rng, shares))

    def _history(self, p: Profile, opened: date) -> list[PhaseChange]:
        # Each change is recorded on its own day, as a coordinator using the app would: the
        # pathway rule (check_transition, applied by the bulk writer too) asks a reason only of
        # a change recorded after the day it names.
        def change(before: str | None, after: str, day: date, why: str | None) -> PhaseChange:
            recorded = datetime.combine(day, time(12), tzinfo=UTC)
            return PhaseChange(
                from_phase=before,
                to_phase=after,
                changed_on=day,
                changed_by="demo",
                recorded_at=recorded,
                closure_reason=why,
            )

        history = [change(None, "signalled", opened, None)]
        current, day = "signalled", opened
        for planned in self._route(p):
            # About one in twenty steps the client is out of sight or moves away: closed early.
            early = self.rng.random() < 0.05
            phase, low, high = ("closed", 7, 120) if early else planned
            day = day + timedelta(days=self.rng.randint(low, high))
            if day > self.today:
                break
            why = self._closure_reason(p, early) if phase == "closed" else None
            history.append(change(current, phase, day, why))
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
        if "shelter" in entered:
            night = history[1].to_phase == "shelter"
            if night:
                kind = "crisis"
            elif p.reflection and not p.minor and rng.random() < COSM_SHARE_IN_REFLECTION:
                kind = "cosm"  # placed through CoMensha (referral cosm_placement)
            else:
                kind = self._shelter_type(p)
            end = left.get("shelter")
            end_reason = None
            if end is not None:
                end_reason = str(
                    pick(
                        rng,
                        {"moved_on": 60, "own_housing": 25, "left_unannounced": 10, "returned": 5},
                    )
                )
                if kind == "cosm" and end_reason in ("moved_on", "own_housing"):
                    end_reason = "transferred"  # from the COSM on to regional shelter or housing
            case.shelter_stays.append(
                ShelterStay(
                    shelter_type=kind,
                    provider_id=self.orgs[SHELTER_PROVIDER[kind]],
                    started_on=entered["shelter"],
                    ended_on=end,
                    end_reason=end_reason,
                )
            )
        if "sexual" in p.forms and not p.minor and "support" in entered and rng.random() < 0.4:
            case.exit_programme = self._exit_programme(case, entered["support"], closed_on)

    def _shelter_type(self, p: Profile) -> str:
        if p.minor:
            return "nidos_protected" if p.group == "non_eu" else "youth_care"
        options = {"womens_shelter" if p.gender == "female" else "mens_shelter": 60}
        options.update({"social_shelter": 15, "omm": 12, "crisis": 8, "other": 5})
        return str(pick(self.rng, options))

    def _exit_programme(
        self, case: NewCase, enrolled: date, closed_on: date | None
    ) -> ExitProgramme:
        """The programme; its plan per life domain goes into the case plan (goals that name the
        programme: ``NewGoal(exit_programme=True)``)."""
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
        # The plan's status follows the milestones (no draw of its own, so the rest of the demo
        # stays as it was): reached with a sustained exit, in progress once the plan was agreed.
        agreed = next((m.reached_on for m in milestones if m.milestone == "plan_agreed"), None)
        status, status_on = "open", enrolled
        if outcome == "sustained_exit" and outcome_on is not None:
            status, status_on = "reached", outcome_on
        elif agreed is not None:
            status, status_on = "in_progress", agreed
        case.work.goals += [
            NewGoal(
                CaseGoal(
                    domain=d,
                    goal=PLAN_GOALS[d],
                    status=status,
                    status_on=status_on,
                    recorded_by="demo",
                    recorded_at=datetime.combine(enrolled, time(12), tzinfo=UTC),
                ),
                exit_programme=True,
            )
            for d in sorted(domains)
        ]
        return ExitProgramme(
            scheme_name="Uitstapprogramma",
            enrolled_on=enrolled,
            milestones=tuple(milestones),
            outcome=outcome,
            outcome_on=outcome_on,
        )
