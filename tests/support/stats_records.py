"""Random but reproducible coded records for statistics tests."""

from __future__ import annotations

import random
from datetime import date, timedelta

from carecoord.stats.records import Referral, StatsRecord

# Real CBS codes: the region setting accepts only municipalities of the reference list.
REGION = ("GM0034", "GM0037", "GM0047")


def sample_records(count: int, seed: int = 3, year: int = 2024) -> list[StatsRecord]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    start = date(year, 1, 1)
    out = []
    for i in range(count):
        out.append(
            StatsRecord(
                person_key=f"p{i:04d}",
                case_start=start + timedelta(days=rng.randrange(365)),
                municipality=rng.choice(REGION),
                exploitation_forms=frozenset(
                    rng.sample(["sexual", "labour", "criminal"], rng.choice([1, 1, 1, 2]))
                ),
                gender=rng.choice(["female", "male", "female"]),
                age_group=rng.choice(["adult", "adult", "minor"]),
                signaller=rng.choice(["police", "kmar", "shelter", "self"]),
                nationality_group=rng.choice(["nl", "eu", "non_eu"]),
                shelter_types=frozenset(rng.sample(["cosm", "crisis"], rng.choice([0, 1, 1]))),
                milestones=frozenset(["registered", "intake"][: rng.choice([0, 1, 2])]),
                referrals=tuple(
                    Referral(
                        type=rng.choice(["shelter", "legal_aid"]),
                        status=rng.choice(["sent", "done"]),
                    )
                    for _ in range(rng.choice([0, 1, 2]))
                ),
                location_type=rng.choice(["horeca", "private_home", "online"]),
                sector=rng.choice(["hospitality", "escort", "unknown"]),
            )
        )
    return out
