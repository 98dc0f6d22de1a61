"""Filling a vault with demo data: the directory, a letterhead and the cases, all or nothing."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from carecoord.demo.generator import DemoGenerator
from carecoord.demo.locations import add_locations
from carecoord.demo_directory import DEMO_LETTERHEAD, DIRECTORY, demo_address
from carecoord.domain.municipalities import municipalities, municipalities_in_safety_region
from carecoord.domain.referral import Organisation
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters.model import Letterhead
from carecoord.letters.provider import load_letterhead, save_letterhead
from carecoord.store.bulk import BulkWriter, NewCase
from carecoord.store.case_store import CaseStore

Progress = Callable[[int], None]


def demo_today(seed: int) -> date:
    """The data's reference date: fixed per seed, never the clock (so runs can be compared)."""
    return date(2025, 12, 31) - timedelta(days=seed % 90)


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
    # Issue 18: the register of risk locations and their controls.
    locations: int = 0
    controls: int = 0


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
        generator = DemoGenerator(seed, today, org_ids, region, user=store.user)
        now = datetime.combine(today, time(12), tzinfo=UTC)
        writer = BulkWriter(store.db, user=store.user, now=now, audit=store.audit_sink)
        kinds: list[tuple[str, str | None]] = []

        def noted(cases: Iterator[NewCase]) -> Iterator[NewCase]:
            # Each case's location type and municipality, to link some to a location after.
            for case in cases:
                kinds.append((case.facts.location_type, case.facts.municipality))
                yield case

        written = writer.write(noted(generator.cases(count)), progress=progress, action="demo")
        loose = [generator.signal_without_person() for _ in range(max(1, count // 8))]
        writer.write_signals(loose)
        located = add_locations(
            store,
            seed,
            today,
            tuple(region),
            [(case_id, *kind) for case_id, kind in zip(written, kinds, strict=True)],
            min(150, max(6, count // 20)),
        )
    return DemoResult(len(written), len(loose), today, located.locations, located.controls)
