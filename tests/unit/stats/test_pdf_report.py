"""The PDF report (issue 17): a chart per table in Dutch labels with withheld totals marked, not
drawn as 0, and the file stays PDF/A-2b."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pikepdf
from pikepdf.pdfa import validate_written
from reportlab.graphics.charts.barcharts import HorizontalBarChart

from carecoord.domain.municipalities import municipalities
from carecoord.stats.grid import bars_of
from carecoord.stats.pdf_report import _chart, report_bytes
from carecoord.stats.period import Period
from carecoord.stats.protect import protect
from tests.support.stats_records import REGION, sample_records

WHEN = datetime(2025, 2, 1, 12, 0, tzinfo=UTC)


def _release():  # type: ignore[no-untyped-def]
    return protect(sample_records(60), Period(year=2024, quarter=1), frozenset(REGION))


def test_charts_mark_withheld_totals_and_use_labels() -> None:
    release = _release()
    charts = {t.table_id: _chart(t) for t in release.tables}
    drawn = [c for c in charts.values() if c is not None]
    # A chart where a number is published; none where every bar would be withheld or empty.
    with_bars = [t for t in release.tables if any(b.value for b in bars_of(t, "nl")[1])]
    assert len(drawn) == len(with_bars) >= 5
    by_municipality = charts["cases_by_municipality_form"]
    assert by_municipality is not None
    bar = next(x for x in by_municipality.contents if isinstance(x, HorizontalBarChart))
    names = bar.categoryAxis.categoryNames
    assert all(any(m.name in n for m in municipalities().values()) for n in names)
    assert not any(n.startswith("GM") for n in names)
    table = release.table("cases_by_municipality_form")
    totals = {c.coords[0]: c.value for c in table.cells if c.coords[1] == "_T"}
    values = bar.data[0]
    assert 0 not in values  # zeros are left out, withheld totals are None (no bar)
    withheld = sum(1 for code, v in totals.items() if v is None and code != "_T")
    assert values.count(None) == withheld
    assert sum(1 for n in names if n.endswith("(– geheim)")) == withheld
    gender = next(
        x for x in charts["cases_by_gender_age"].contents if isinstance(x, HorizontalBarChart)
    )
    assert set(gender.categoryAxis.categoryNames) <= {"vrouw", "man", "anders", "onbekend"} | {
        f"{g} (– geheim)" for g in ("vrouw", "man", "anders", "onbekend")
    }


def test_report_has_charts_and_is_pdfa() -> None:
    pdf = report_bytes(_release(), export_id="e1", created_at=WHEN, app_version="0.1.0")
    assert validate_written(io.BytesIO(pdf), "2b").passed
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        text = b"".join(
            page.obj.Contents.read_bytes()
            if not isinstance(page.obj.Contents, pikepdf.Array)
            else b"".join(c.read_bytes() for c in page.obj.Contents)
            for page in doc.pages
        )
    # The charts' bars are filled rectangles in the bar colour (0.231 0.431 0.561 rg).
    assert text.count(b".231373 .431373 .560784 rg") >= 5


def test_a_chart_counts_in_whole_steps_and_none_is_drawn_when_all_is_withheld() -> None:
    release = protect(sample_records(12), Period(year=2024), frozenset(REGION))
    for table in release.tables:
        chart = _chart(table)
        cells = [c for c in table.cells if c.value is not None and c.value > 0]
        if chart is None:
            continue
        bar = next(x for x in chart.contents if isinstance(x, HorizontalBarChart))
        assert bar.valueAxis.valueStep >= 1 and float(bar.valueAxis.valueStep).is_integer()
        assert cells, table.table_id  # a chart only where some number is published
    whole = protect(sample_records(2), Period(year=2024), frozenset(REGION))
    assert all(_chart(t) is None for t in whole.tables if all(c.value is None for c in t.cells))
