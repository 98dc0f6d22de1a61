"""Trend per quarter (issue 17): no trend number lets a withheld quarter be worked out, none is a
number a quarter's own protection withholds, and the report repeats only registered quarters.

The attack here is written independently of the library: a year is exactly the sum of its four
quarters and counts are not negative, so from a published year total T and the released
quarters, the withheld quarters together hold R = T − Σ released; one withheld quarter is then
known exactly, several each lie anywhere in [0, R].
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pikepdf
from pikepdf.pdfa import validate_written
from reportlab.graphics.charts.barcharts import VerticalBarChart

from carecoord.stats.export import export_statistics
from carecoord.stats.pdf_report import report_bytes, trend_chart
from carecoord.stats.period import Period
from carecoord.stats.protect import protect
from carecoord.stats.register import prior_releases
from carecoord.stats.release import Release
from carecoord.stats.trend import preview_trends, released_trends
from carecoord.stats.trend_guard import grand_total
from tests.conftest import VaultFixture
from tests.support.letters_pdf import all_text
from tests.support.stats_records import REGION, sample_records

K = 5
YEAR = 2024
PERSONS = "cases_by_municipality_form"
TABLES = (PERSONS, "cases_by_signaller", "referrals_by_type_status")
WHEN = datetime(2025, 2, 1, 12, 0, tzinfo=UTC)


def _small_last_quarter():  # type: ignore[no-untyped-def]
    """Busy first three quarters, three persons in the fourth (their case started then)."""
    autumn = date(YEAR, 10, 1)
    records = [r for r in sample_records(200) if r.case_start < autumn or r.cohort != "started"]
    late = [
        r for r in sample_records(200, seed=9) if r.case_start >= autumn and r.cohort == "started"
    ][:3]
    # Persons of their own (the same key would count them in the quarter of their first case).
    return records + [r.model_copy(update={"person_key": f"late{i}"}) for i, r in enumerate(late)]


def _quarter(q: int) -> Period:
    return Period(year=YEAR, quarter=q)


def _widths(year_total: int | None, values: list[int | None]) -> dict[int, float]:
    """How wide the attacker's range of each withheld quarter is (0: worked out exactly)."""
    hidden = [i for i, v in enumerate(values) if v is None]
    if year_total is None:
        return {i: float("inf") for i in hidden}
    rest = year_total - sum(v for v in values if v is not None)
    return {i: 0.0 if len(hidden) == 1 else float(rest) for i in hidden}


def test_quarters_protected_one_by_one_would_give_the_small_quarter_away() -> None:
    """The premise: what a trend drawn from four separate quarter previews would show."""
    records = _small_last_quarter()
    population = frozenset(REGION)
    year = protect(records, Period(year=YEAR), population, table_ids=TABLES)
    alone = [
        grand_total(protect(records, _quarter(q), population).table(PERSONS)) for q in (1, 2, 3, 4)
    ]
    total = grand_total(year.table(PERSONS))
    assert total is not None and alone[3] is None and None not in alone[:3]
    assert total - sum(v for v in alone[:3] if v is not None) == 3  # the three persons of Q4
    assert _widths(total, alone)[3] == 0.0


def test_the_screen_trend_gives_no_withheld_quarter_away() -> None:
    records = _small_last_quarter()
    population = frozenset(REGION)
    year = protect(records, Period(year=YEAR), population)
    trends = preview_trends(records, year, [])
    assert PERSONS in trends and "cases_by_gender_age" not in trends  # same total: one trend
    assert trends[PERSONS].values[3] is None  # the small quarter
    for table_id, trend in trends.items():
        total = grand_total(year.table(table_id))
        if total == 0:
            continue  # a year of 0 says by itself that every quarter is 0
        for quarter, width in _widths(total, trend.values).items():
            assert width >= K, (table_id, quarter + 1, trend.values, total)
    # Every number shown is one the quarter's own release publishes (all its tables, as
    # preview_period protects them).
    for q in (1, 2, 3, 4):
        own = protect(records, _quarter(q), population)
        for table_id, trend in trends.items():
            shown = trend.points[q - 1]
            assert shown.quarter == q
            if shown.value is not None:
                assert grand_total(own.table(table_id)) == shown.value, (table_id, q)
                assert shown.state == "released"
            else:
                assert shown.state == "withheld"


def test_a_quarter_on_the_page_keeps_its_own_numbers_in_the_trend() -> None:
    records = sample_records(400)
    population = frozenset(REGION)
    second = protect(records, _quarter(2), population)
    trends = preview_trends(records, second, [])
    for table_id, trend in trends.items():
        assert trend.values[1] == grand_total(second.table(table_id))
    # Busy quarters have nothing to withhold.
    assert None not in trends[PERSONS].values


def _export(vault_fx: VaultFixture, tmp_path: Path, records, period: Period) -> Release:  # type: ignore[no-untyped-def]
    result = export_statistics(
        vault_fx.vault.db,
        records,
        period,
        frozenset(REGION),
        tmp_path / period.id,
        created_by="anna",
        formats=("pdf", "xlsx"),
        # One after the other, as the register orders them.
        created_at=WHEN + timedelta(days=period.quarter or 0),
    )
    return result.release


def test_the_report_repeats_only_registered_quarters(
    vault_fx: VaultFixture, tmp_path: Path
) -> None:
    records = _small_last_quarter()
    year = _export(vault_fx, tmp_path, records, Period(year=YEAR))
    first = _export(vault_fx, tmp_path, records, _quarter(1))
    second = _export(vault_fx, tmp_path, records, _quarter(2))
    # The third quarter, exported after the year and the first two: its total would give the
    # fourth's three persons away, so the joint audit withholds it.
    third = _export(vault_fx, tmp_path, records, _quarter(3))
    history = prior_releases(vault_fx.vault.db, YEAR)
    assert [p.period_id for p in history] == ["2024", "2024-Q1", "2024-Q2", "2024-Q3"]
    history = history[:-1]  # the register as the third quarter's export read it
    trend = released_trends(third, history)[PERSONS]
    shown = [(p.value, p.state) for p in trend.points]
    assert shown == [
        (grand_total(first.table(PERSONS)), "released"),
        (grand_total(second.table(PERSONS)), "released"),
        (None, "withheld"),
        (None, "not_exported"),
    ]
    total = grand_total(year.table(PERSONS))
    assert all(w >= K for w in _widths(total, trend.values).values())

    # Drawn: bars for the released quarters only; the withheld and unexported ones are named.
    chart = next(x for x in trend_chart(trend).contents if isinstance(x, VerticalBarChart))
    assert chart.data == [trend.values] and chart.data[0][2:] == [None, None]
    names = chart.categoryAxis.categoryNames
    assert names[2].endswith("(– geheim)") and names[3].endswith("(niet geëxporteerd)")
    assert names[:2] == ["kwartaal 1", "kwartaal 2"]

    # The report of the third quarter carries the trend and stays PDF/A-2b.
    pdf = (tmp_path / "2024-Q3" / "rapport.pdf").read_bytes()
    assert validate_written(io.BytesIO(pdf), "2b").passed
    text = _pdf_text(pdf)
    assert "Totaal per kwartaal, 2024" in text
    assert "kwartaal 4 niet geëxporteerd" in text  # its row in the quarter table
    plain = report_bytes(third, export_id="e", created_at=WHEN, app_version="0")
    assert "Totaal per kwartaal" not in _pdf_text(plain)  # no trend without the register

    workbook = openpyxl.load_workbook(tmp_path / "2024-Q3" / "statistieken.xlsx")
    marks = {c.value for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row}
    assert "–" in marks and "x" not in marks


def test_a_report_without_exported_quarters_draws_no_trend() -> None:
    year = protect(sample_records(60), Period(year=YEAR), frozenset(REGION))
    trends = released_trends(year, [])
    assert all(p.state == "not_exported" for t in trends.values() for p in t.points)
    pdf = report_bytes(year, export_id="e", created_at=WHEN, app_version="0", trends=trends)
    assert "Totaal per kwartaal" not in _pdf_text(pdf)


def _pdf_text(pdf: bytes) -> str:
    """The report's text as a reader copies it (QtPdf: the glyphs back to characters)."""
    with pikepdf.open(io.BytesIO(pdf)) as check:
        assert len(check.pages) >= 2
    return " ".join(all_text(pdf).split())


def test_a_small_quarter_share_of_a_year_number_is_not_given_away() -> None:
    """Rule 2 of trend_guard: a year cell of 6 among 60 persons, a quarter of 55: the quarter
    holds at least 6 − 5 = 1 of that cell and at most 6, a range of 5 (k = 5): fine. With a
    quarter of 57 it holds 3..6, too narrow for a share that may be 1..4."""
    from carecoord.stats.trend_guard import _part_rule, _share_rule

    wide = [55, None, None, None]
    assert not _share_rule(wide, [(6.0, 6.0)], [60], K, zeros_unsafe=False)
    narrow = [57, None, None, None]
    assert _share_rule(narrow, [(6.0, 6.0)], [60], K, zeros_unsafe=False)
    assert narrow == [None, None, None, None]
    # A quarter known to hold none of a year number, or at least k of it, reveals no small share.
    assert not _share_rule([0, 30, 30, None], [(6.0, 6.0)], [66], K, zeros_unsafe=False)
    assert not _share_rule([57, None, None, None], [(8.0, 8.0)], [60], K, zeros_unsafe=False)
    # Rule 3: 12 new persons, 10 of them with a permit: 2 without one would be out.
    whole, part = [12, 20, None, None], [10, 9, None, None]
    assert _part_rule(whole, part, K) and part == [None, 9, None, None]
