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
    return _with_tracks(out, seed)


def _with_tracks(records: list[StatsRecord], seed: int) -> list[StatsRecord]:
    """The facts of issue 15, from a random source of their own (the draws above, which older
    tests' expected values rest on, stay as they were): permits for some non-EU persons, labour
    migrants among the labour cases, and the records of the cohorts 'reflection_ended' and
    'closed' for some persons."""
    rng = random.Random(seed + 7919)  # noqa: S311 - reproducible test data, not secrets
    out = []
    extra = []
    for record in records:
        update: dict[str, object] = {}
        if record.nationality_group == "non_eu" and rng.random() < 0.6:
            update["permit_ground"] = rng.choice(["report_filed", "other_cooperation", "unknown"])
            update["permit_state"] = rng.choice(["applied", "granted", "granted", "renewed"])
        if "labour" in record.exploitation_forms and rng.random() < 0.6:
            update["labour_migrant"] = True
            update["residence_registration"] = rng.choice(["brp", "rni", "rni"])
        out.append(record.model_copy(update=update))
        if record.nationality_group == "non_eu" and rng.random() < 0.7:
            extra.append(
                record.model_copy(
                    update={
                        "cohort": "reflection_ended",
                        "reflection_outcome": rng.choice(
                            ["report_filed", "report_filed", "no_cooperation", "pending"]
                        ),
                    }
                )
            )
        if rng.random() < 0.4:
            extra.append(
                record.model_copy(
                    update={
                        "cohort": "closed",
                        "closure_reason": rng.choice(
                            ["completed", "completed", "out_of_sight", "declined"]
                        ),
                    }
                )
            )
    return out + extra
