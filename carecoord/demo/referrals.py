"""The demo's referrals: which services a case needs, their consents and their events."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from carecoord.demo.people import PeopleGenerator, Profile
from carecoord.demo.shares import OVERRIDE_REASONS, pick
from carecoord.demo_directory import DIRECTORY
from carecoord.domain.case import PhaseChange
from carecoord.domain.consent import Consent
from carecoord.domain.dates import CONSENT_AGE, add_years, age_on
from carecoord.domain.referral import Referral
from carecoord.store.bulk import NewCase, NewReferral


class ReferralHistories(PeopleGenerator):
    """Referrals of a case, each with its consent (or override) and lifecycle events."""

    def _referral_types(self, p: Profile, case: NewCase) -> list[str]:
        types = [
            "legal_aid",
            "medical",
            "mental_health",
            "income_support",
            "housing",
            "brp_registration",
        ]
        if any(s.shelter_type == "cosm" for s in case.shelter_stays):
            types += ["cosm_placement"] * 3  # COSM places go through CoMensha (domain.md §1.1)
        elif case.shelter_stays:
            types += ["shelter"] * 3
        if "labour" in p.forms:
            types += ["fairwork"] * 2
        if case.reflection is not None:
            types += ["police_report", "immigration", "compensation_fund"]
        if case.exit_programme is not None:
            types.append("exit_programme")
        if p.group != "nl":
            types.append("return")
        if p.group in ("non_eu", "unknown"):
            # Insurance: Zvw once the stay is lawful, the scheme for the uninsured (RZA) in the
            # bedenktijd (domain.md §1.2 row 7).
            types.append("health_insurance")
        else:
            types.append("social_team")  # wijkteam/Wmo for ambulant support at home
        if p.minor:
            types += ["youth_protection", "veilig_thuis"]
        types += ["debt_support", "victim_support"]
        return types

    def _referrals(
        self, p: Profile, history: list[PhaseChange], case: NewCase, birth: date
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
        urgency = str(pick(rng, {"routine": 70, "urgent": 25, "immediate": 5}))
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
                status = str(pick(rng, {"accepted": 80, "rejected": 12, "revoked": 8}))
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
