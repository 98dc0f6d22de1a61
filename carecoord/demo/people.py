"""The demo's people: a client's profile and identity, the case facts and the signals."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from carecoord import demo_names as names
from carecoord.demo.shares import (
    CRIMINAL_SECTOR_SHARES,
    CUSTODY_SHARES_NON_EU,
    CUSTODY_SHARES_OTHER,
    EMPLOYER_NAME_SHARE,
    EMPLOYERS,
    FORM_SHARES_LABOUR_SIGNALLER,
    FORM_SHARES_OTHER,
    HOUSING_TIED_SHARES,
    LABOUR_MIGRANT_SHARE,
    LABOUR_SECTORS,
    LOCATION_FOR_SECTOR,
    MINOR_SHARE,
    MULTIPLE_FORMS_SHARE,
    NATIONALITY_SHARES,
    RESIDENCE_REGISTRATION_SHARES,
    SEXUAL_SECTORS,
    SIGNALLER_SHARES,
    pick,
)
from carecoord.domain.case import CaseFacts, Signal
from carecoord.domain.client import ClientCircumstances, ClientFacts, ClientIdentity
from carecoord.domain.municipalities import municipalities
from carecoord.domain.nationality import nationality_group


@dataclass
class Profile:
    nationality: str | None
    group: str
    minor: bool
    gender: str
    forms: tuple[str, ...]
    signaller: str
    # The legal track this client will have (drawn before the pathway, which depends on it).
    reflection: bool = False
    witness_reporter: bool = False
    eu_permit: bool = False


class PeopleGenerator:
    """The seeded state every part of the demo generator draws from, and the people it draws."""

    def __init__(
        self,
        seed: int,
        today: date,
        organisation_ids: list[int],
        region: tuple[str, ...],
        user: str = "demo",
    ) -> None:
        # Reproducible synthetic data, not secrets: a seeded PRNG is the point.
        self.rng = random.Random(seed)  # noqa: S311
        # Case work (issue 16) draws from its own stream, so that adding it left every earlier
        # part of a seed's data as it was.
        self.work_rng = random.Random(f"case-work-{seed}")  # noqa: S311
        self.user = user  # the owner of the coordinator's own meeting actions ("my actions")
        self.seed = seed
        self.today = today
        self.orgs = organisation_ids
        self.region = region
        self.all_municipalities = sorted(municipalities())
        self._closed_clients: list[tuple[ClientFacts, ClientIdentity | None, date]] = []

    def _profile(self) -> Profile:
        rng = self.rng
        signaller = str(pick(rng, SIGNALLER_SHARES))
        labour_signaller = signaller in ("fairwork", "labour_inspectorate")
        form_shares = FORM_SHARES_LABOUR_SIGNALLER if labour_signaller else FORM_SHARES_OTHER
        forms = {str(pick(rng, form_shares))}
        if rng.random() < MULTIPLE_FORMS_SHARE:
            forms.add(rng.choice(("labour", "criminal", "sexual")))
        if len(forms) > 1:
            forms.discard("unknown")
        nationality = pick(rng, NATIONALITY_SHARES)
        minor = rng.random() < (MINOR_SHARE * (1.8 if nationality == "NL" else 0.8))
        if "sexual" in forms:
            gender = str(pick(rng, {"female": 88, "male": 8, "other": 3, "unknown": 1}))
        elif "labour" in forms:
            gender = str(pick(rng, {"male": 68, "female": 30, "other": 1, "unknown": 1}))
        else:
            gender = str(pick(rng, {"male": 55, "female": 43, "other": 1, "unknown": 1}))
        nat = None if nationality is None else str(nationality)
        return Profile(nat, nationality_group(nat), minor, gender, tuple(sorted(forms)), signaller)

    def _identity(self, n: int, p: Profile, opened: date) -> ClientIdentity:
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

    def _facts(self, p: Profile, municipality: str) -> CaseFacts:
        rng = self.rng
        if "sexual" in p.forms:
            sector = rng.choice(SEXUAL_SECTORS)
        elif "labour" in p.forms:
            sector = rng.choice(LABOUR_SECTORS)
        elif "criminal" in p.forms:
            sector = str(pick(rng, CRIMINAL_SECTOR_SHARES))
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

    def _circumstances(self, p: Profile) -> ClientCircumstances | None:
        """Custody of a minor; for labour exploitation whether the client is a labour migrant and,
        if so, their ties to the employer (shares and sources: :mod:`carecoord.demo.shares`)."""
        rng = self.rng
        custody = None
        if p.minor:
            shares = CUSTODY_SHARES_NON_EU if p.group == "non_eu" else CUSTODY_SHARES_OTHER
            custody = str(pick(rng, shares))
        if "labour" not in p.forms or p.minor:
            return None if custody is None else ClientCircumstances(custody=custody)
        if rng.random() >= LABOUR_MIGRANT_SHARE[p.group]:
            return ClientCircumstances(custody=custody, labour_migrant=False)
        return ClientCircumstances(
            custody=custody,
            labour_migrant=True,
            housing_tied_to_employer=str(pick(rng, HOUSING_TIED_SHARES)),
            residence_registration=str(pick(rng, RESIDENCE_REGISTRATION_SHARES)),
            employer=rng.choice(EMPLOYERS) if rng.random() < EMPLOYER_NAME_SHARE else None,
        )

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
