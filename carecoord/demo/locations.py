"""Demo risk locations (issue 18): a register with controls, and signals and cases linked to it.

Its own random stream (from the seed), so that the cases of a seed stay what they were before
locations existed. The names and addresses are made up from word lists (no real business); the
mix of kinds follows the VNG's examples of where controls enlarge a municipality's information
position (horeca, holiday parks, business parks: research/domain.md §0) [assumption: the shares].
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from carecoord.domain.location import LocationControl, RiskLocation
from carecoord.store.case_store import CaseStore

# (location type, its sectors, name stems): the demo's kinds of risk location.
KINDS = (
    ("horeca", ("hospitality",), ("Café", "Restaurant", "Snackbar", "Shisha-lounge")),
    ("holiday_park", ("agriculture", "construction"), ("Vakantiepark", "Camping", "Bungalowpark")),
    (
        "business_park",
        ("industry", "transport_logistics", "construction"),
        ("Bedrijfshal", "Loods"),
    ),
    ("agricultural_site", ("agriculture",), ("Kwekerij", "Tuinbouwbedrijf", "Champignonkwekerij")),
    ("hotel", ("hospitality", "escort"), ("Hotel", "Pension")),
    ("sex_business", ("window_licensed",), ("Club", "Raamexploitatie")),
    ("private_home", ("unlicensed", "domestic_work"), ("Woning", "Bovenwoning")),
)
KIND_WEIGHTS = (5, 4, 4, 3, 2, 1, 2)
NAMES = ("De Eik", "Noord", "Het Anker", "De Linde", "Zuid", "De Hoeve", "Aurora", "De Brug")
STREETS = ("Industrieweg", "Dorpsstraat", "Kanaalweg", "Parklaan", "Havenstraat", "Polderweg")
INDICATORS = {
    "horeca": ("no_contracts", "excessive_hours", "wage_withheld", "controlled_by_others"),
    "holiday_park": ("many_registered", "overcrowded_housing", "housing_tied_to_employer"),
    "business_park": ("no_contracts", "housing_tied_to_employer", "frequent_changes"),
    "agricultural_site": ("housing_tied_to_employer", "debt_bondage", "excessive_hours"),
    "hotel": ("advertisements", "frequent_changes", "controlled_by_others"),
    "sex_business": ("controlled_by_others", "documents_held", "advertisements"),
    "private_home": ("many_registered", "advertisements", "unlicensed_sex_work"),
}
BY = ("municipal_enforcement", "police", "labour_inspectorate", "riec", "joint")
OUTCOMES = ("no_indication", "indication_exploitation", "other_violation", "referred")
OUTCOME_WEIGHTS = (6, 2, 3, 1)
FOLLOW_UP = {
    "no_indication": ("none",),
    "indication_exploitation": ("signal_made", "referral", "case_opened"),
    "other_violation": ("none", "referral"),
    "referred": ("referral",),
}
REASONS = ("signaal van buurtbewoners", "integrale controle", "tip van de wijkagent", "hercontrole")


@dataclass(frozen=True)
class LocationResult:
    locations: int
    controls: int


def _location(
    rng: random.Random,
    n: int,
    region: tuple[str, ...],
    today: date,
    seen: tuple[str, str, date] | None,
) -> RiskLocation:
    """A location; ``seen`` (kind, municipality, date) of a signal makes it where and when that
    signal was: first seen on the signal's day."""
    kind, sectors, stems = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
    first = today - timedelta(days=rng.randint(60, 5 * 365))
    if seen is not None:
        kind, sectors, stems = next(k for k in KINDS if k[0] == seen[0])
        region = (seen[1],)
        first = min(seen[2], today)
    last = first + timedelta(days=rng.randint(0, (today - first).days))
    closed = rng.random() < 0.15
    return RiskLocation(
        reference=f"RL-{n:04d}",
        name=f"{rng.choice(stems)} {rng.choice(NAMES)}",
        location_type=kind,
        municipality=rng.choice(region),
        address=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
        sector=rng.choice(sectors),
        indicators=tuple(rng.sample(INDICATORS[kind], rng.randint(1, 2))),
        first_seen=first,
        last_seen=last,
        status="closed" if closed else "watch",
        closed_on=last if closed else None,
    )


def _controls(
    rng: random.Random, location_id: int, location: RiskLocation, today: date
) -> list[LocationControl]:
    out = []
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
        span = (today - location.first_seen).days
        outcome = rng.choices(OUTCOMES, weights=OUTCOME_WEIGHTS)[0]
        out.append(
            LocationControl(
                location_id=location_id,
                control_date=location.first_seen + timedelta(days=rng.randint(0, span)),
                control_by=rng.choice(BY),
                reason=rng.choice(REASONS),
                outcome=outcome,
                follow_ups=(rng.choice(FOLLOW_UP[outcome]),),
            )
        )
    return out


def add_locations(
    store: CaseStore,
    seed: int,
    today: date,
    region: tuple[str, ...],
    cases: list[tuple[int, str, str | None]],
    count: int,
) -> LocationResult:
    """``count`` locations in ``region`` with their controls; then some signals without a person
    and some cases (id, location type, municipality) of the same kind and municipality linked to
    them. Runs in the caller's transaction."""
    rng = random.Random(f"locations-{seed}")  # noqa: S311 - synthetic data, not secrets
    today = min(today, store.today())  # the store refuses dates after its own clock
    # Where signals without a person were made, so that the register and the signals meet.
    kinds = {k[0] for k in KINDS}
    seen = sorted(
        {
            (s.location_type, s.municipality, s.signal_date)
            for s in store.signals.list_without_person(limit=2000)
            if s.location_type in kinds and s.municipality in region
        }
    )
    locations = [
        _location(rng, n, region, today, rng.choice(seen) if seen and n % 2 else None)
        for n in range(1, count + 1)
    ]
    ids = store.locations.add_many(locations)
    controls = [
        c for i, loc in zip(ids, locations, strict=True) for c in _controls(rng, i, loc, today)
    ]
    store.locations.record_controls(controls)
    by_kind: dict[tuple[str, str], list[tuple[int, date]]] = {}
    for location_id, location in zip(ids, locations, strict=True):
        by_kind.setdefault((location.location_type, location.municipality), []).append(
            (location_id, location.first_seen)
        )
    for signal in store.signals.list_without_person(limit=2000):
        # A signal links to a location already known on its day.
        places = [
            i
            for i, first in by_kind.get((signal.location_type, signal.municipality or ""), [])
            if first <= signal.signal_date
        ]
        if places and signal.id is not None and rng.random() < 0.6:
            store.signals.set_location(signal.id, rng.choice(places))
    linked_cases = 0
    for case_id, location_type, municipality in cases:
        places = [i for i, _first in by_kind.get((location_type, municipality or ""), [])]
        if places and rng.random() < 0.3 and linked_cases < 300:
            store.locations.link_case(case_id, rng.choice(places))
            linked_cases += 1
    return LocationResult(len(ids), len(controls))
