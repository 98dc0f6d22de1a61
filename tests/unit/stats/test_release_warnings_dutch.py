"""The release's warnings (counts changed since an earlier export, numbers already published
under other rules) reach the Statistics page and the command line in the app's language.

Needs the Dutch catalog filled (tools/fill_translations.py): an untranslated entry fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from carecoord import i18n
from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.export import export_statistics, preview
from carecoord.stats.period import Period
from tests.conftest import VaultFixture
from tests.support.stats_records import REGION, sample_records

TABLES = ("cases_by_municipality_form", "cases_by_gender_age")


@pytest.fixture
def dutch() -> Iterator[None]:
    i18n.set_language("nl")
    yield
    i18n.set_language("en")


def test_warnings_of_a_changed_and_stricter_release_are_dutch(
    vault_fx: VaultFixture, tmp_path: Path, dutch: None
) -> None:
    db = vault_fx.vault.db
    records = sample_records(70, seed=11)
    region = frozenset(REGION)
    period = Period(year=2024)
    first = export_statistics(
        db,
        records,
        period,
        region,
        tmp_path / "first",
        created_by="anna",
        settings=DisclosureSettings(k=3),
        table_ids=TABLES,
        formats=("csv",),
    )
    # Later: three cases fewer, and a stricter threshold. Numbers of 3 or 4 that the first
    # export published are unsafe now, and some counts differ from what was published.
    release = preview(db, records[3:], period, region, DisclosureSettings(k=5), table_ids=TABLES)
    warnings = release.warnings
    changed = (
        f"De aantallen van {period.id} zijn gewijzigd sinds export {first.export_id}; de"
        " wijzigingen zelf zijn alleen per cel beschermd."
    )
    assert changed in warnings, warnings
    published = [w for w in warnings if "al gepubliceerd door een eerdere export onder andere" in w]
    assert len(published) == 1, warnings
    assert "ingetrokken" in published[0]
    assert not [w for w in warnings if "export" in w and "published" in w]
