"""Export files, register and preview against a real vault database."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pikepdf
import pytest

from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.export import AuditFailed, export_statistics, preview, render_files
from carecoord.stats.period import Period
from carecoord.stats.register import list_exports, prior_releases
from carecoord.stats.tables import STANDARD_IDS
from tests.conftest import VaultFixture
from tests.support.stats_records import REGION, sample_records

WHEN = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)


def test_export_writes_every_file_with_matching_hashes(
    vault_fx: VaultFixture, tmp_path: Path
) -> None:
    db = vault_fx.vault.db
    out = tmp_path / "export"
    result = export_statistics(
        db, sample_records(150), Period(year=2024), frozenset(REGION), out, created_by="anna"
    )
    names = {p.name for p in out.iterdir()}
    expected = {f"{t}.csv" for t in STANDARD_IDS} | {
        "metadata.json",
        "statistieken.xlsx",
        "rapport.pdf",
    }
    assert names == expected
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert set(metadata["files"]) == expected - {"metadata.json"}
    for name, digest in metadata["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert metadata["export_id"] == result.export_id
    assert metadata["rules"]["k"] == 5 and metadata["rules"]["mode"] == "suppress"
    assert metadata["audit"]["all_protected"] is True
    assert metadata["counting_unit"]
    # Every table with its unit and which persons it counts (issue 15: cohorts and parts).
    listed = {t["table_id"]: t for t in metadata["tables"]}
    assert list(listed) == list(STANDARD_IDS)
    assert {
        t: (e["unit"], e["cohort"], e["only"])
        for t, e in listed.items()
        if e["cohort"] != "started" or e["only"]
    } == {
        "reflection_by_outcome": ("persons", "reflection_ended", None),
        "permits_by_ground": ("persons", "started", "has_permit"),
        "closures_by_reason": ("persons", "closed", None),
        "labour_migrants_by_sector": ("persons", "started", "labour_migrant"),
        # Issue 18: signals and controls count themselves.
        "signals_by_location_sector": ("signals", "signal", None),
        "controls_by_location_type": ("controls", "control", None),
    }
    assert listed["referrals_by_type_status"]["unit"] == "referrals"
    assert metadata["period"] == {"id": "2024", "start": "2024-01-01", "end": "2024-12-31"}
    # Issue 13: only the total withheld count; nothing that tells primary from secondary.
    withheld = 0
    for name in STANDARD_IDS:
        with (out / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            withheld += sum(1 for row in csv.DictReader(handle) if row["status"] == "C")
    assert metadata["withheld"] == withheld
    assert "ranges" not in metadata["audit"] and "suppression" not in metadata
    text = (out / "metadata.json").read_text(encoding="utf-8")
    for telling in ('"A"', '"D"', "primary_suppressed", "secondary_suppressed"):
        assert telling not in text
    # Nothing half-written is left behind.
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    assert list_exports(db)[0].export_id == result.export_id


def test_csv_layout_and_no_published_cell_below_k(vault_fx: VaultFixture, tmp_path: Path) -> None:
    out = tmp_path / "e"
    export_statistics(
        vault_fx.vault.db,
        sample_records(120),
        Period(year=2024),
        frozenset(REGION),
        out,
        created_by="anna",
        formats=("csv",),
    )
    with (out / "cases_by_municipality_form.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["municipality", "exploitation_form", "value", "status"]
    assert {r["municipality"] for r in rows} == {*REGION, "_T"}
    assert any(r["municipality"] == "_T" and r["exploitation_form"] == "_T" for r in rows)
    for name in STANDARD_IDS:
        with (out / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                assert row["status"] in {"F", "C"}
                if row["status"] == "F":
                    assert row["value"] != "" and not 1 <= int(row["value"]) < 5
                else:
                    assert row["value"] == ""


def test_workbook_and_report(vault_fx: VaultFixture, tmp_path: Path) -> None:
    out = tmp_path / "e"
    export_statistics(
        vault_fx.vault.db,
        sample_records(60),
        Period(year=2024, quarter=2),
        frozenset(REGION),
        out,
        created_by="anna",
        formats=("xlsx", "pdf"),
    )
    workbook = openpyxl.load_workbook(out / "statistieken.xlsx")
    assert workbook.sheetnames[0] == "Toelichting"
    assert set(STANDARD_IDS) <= set(workbook.sheetnames)
    text = [c.value for row in workbook["Toelichting"].iter_rows() for c in row if c.value]
    assert "– = geheim." in text  # the mark of the statistics page and the PDF report
    assert any("som van de zichtbare cellen" in str(line) for line in text)
    # Issue 13: one status for every withheld cell, in the human formats too.
    assert any(str(line).startswith("Status C") for line in text)
    assert not any("Status A" in str(line) or "Status D" in str(line) for line in text)
    shown = [
        c.value
        for name in STANDARD_IDS
        for row in workbook[name].iter_rows(min_row=4)
        for c in row[1:]
    ]
    assert "–" in shown  # a quarter of 60 persons in three municipalities has small cells
    assert all(v == "–" or isinstance(v, int) for v in shown if v is not None)
    for name in STANDARD_IDS:
        column_a = [row[0].value for row in workbook[name].iter_rows()]
        withheld = any(c.value == "–" for row in workbook[name].iter_rows() for c in row[1:])
        # The legend under every table that withholds a number, and only there.
        assert ("– = geheim." in column_a) == withheld, name
    with pikepdf.open(out / "rapport.pdf") as pdf:
        assert len(pdf.pages) >= 2
        fonts = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
        ]
        assert fonts and all("/FontFile2" in f for f in fonts)  # embedded TrueType


def test_render_is_deterministic() -> None:
    from carecoord.stats.protect import protect

    records = sample_records(80)
    first = protect(records, Period(year=2024), frozenset(REGION))
    second = protect(list(reversed(records)), Period(year=2024), frozenset(REGION))
    a = render_files(first, ("csv", "xlsx", "pdf"), export_id="e1", created_at=WHEN)
    b = render_files(second, ("csv", "xlsx", "pdf"), export_id="e1", created_at=WHEN)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name


def test_rounding_refused_when_it_cannot_protect_a_table(
    vault_fx: VaultFixture, tmp_path: Path
) -> None:
    with pytest.raises(AuditFailed, match="use suppression instead"):
        export_statistics(
            vault_fx.vault.db,
            sample_records(150),
            Period(year=2024),
            frozenset(REGION),
            tmp_path / "refused",
            created_by="anna",
            settings=DisclosureSettings(mode="round5"),
            table_ids=("labour_migrants_by_sector",),
        )
    assert not (tmp_path / "refused" / "metadata.json").exists()
    assert prior_releases(vault_fx.vault.db, 2024) == []


def test_preview_writes_nothing(vault_fx: VaultFixture, tmp_path: Path) -> None:
    release = preview(vault_fx.vault.db, sample_records(50), Period(year=2024), frozenset(REGION))
    assert release.audit_ok
    assert list(tmp_path.iterdir()) == [vault_fx.folder]
    assert prior_releases(vault_fx.vault.db, 2024) == []
    reasons = {c.reason for t in release.tables for c in t.cells if c.status == "A"}
    assert reasons <= {"small", "group", "zero"}
    assert all(c.reason == "secondary" for t in release.tables for c in t.cells if c.status == "D")


# Rounding cannot protect a sparse two-way table whose withheld cells share a row with rounded
# neighbours (the audit then refuses, test below): the two new two-way tables of the sample are.
ROUNDABLE = tuple(
    t for t in STANDARD_IDS if t not in ("labour_migrants_by_sector", "permits_by_ground")
)


def test_rounding_mode(vault_fx: VaultFixture, tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = export_statistics(
        vault_fx.vault.db,
        sample_records(150),
        Period(year=2024),
        frozenset(REGION),
        out,
        created_by="anna",
        settings=DisclosureSettings(mode="round5"),
        formats=("csv", "xlsx"),
        table_ids=ROUNDABLE,
    )
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["rules"]["mode"] == "round5"
    assert metadata["rules"]["rounding"]["base"] == 5
    for table in result.release.tables:
        for cell in table.cells:
            assert cell.status in {"F", "A"}
            if cell.value is not None:
                assert cell.value % 5 == 0
    workbook = openpyxl.load_workbook(out / "statistieken.xlsx")
    text = " ".join(
        str(c.value) for row in workbook["Toelichting"].iter_rows() for c in row if c.value
    )
    assert "afgerond" in text.lower()


def test_mostly_hidden_table_suggests_the_coarser_table() -> None:
    from carecoord.stats.protect import protect

    release = protect(sample_records(12), Period(year=2024), frozenset(REGION))
    table = release.table("cases_by_municipality_form")
    assert table.mostly_hidden
    assert table.advice is not None and "cases_by_form" in table.advice
    coarse = protect(
        sample_records(12), Period(year=2024), frozenset(REGION), table_ids=["cases_by_form"]
    )
    assert coarse.audit_ok


def test_a_folder_holding_an_export_is_not_mixed_with_another(
    vault_fx: VaultFixture, tmp_path: Path
) -> None:
    from carecoord.errors import UsageError

    db = vault_fx.vault.db
    args = (db, sample_records(40), Period(year=2024), frozenset(REGION), tmp_path / "x")
    export_statistics(*args, created_by="anna", formats=("csv",))
    before = {p.name: p.read_bytes() for p in (tmp_path / "x").iterdir()}
    with pytest.raises(UsageError, match="already holds an export"):
        export_statistics(*args, created_by="anna", formats=("csv", "pdf"))
    assert {p.name: p.read_bytes() for p in (tmp_path / "x").iterdir()} == before
    assert len(list_exports(db)) == 1


def test_hooks_hear_of_each_export_and_metadata_names_only_written_files(
    vault_fx: VaultFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carecoord.stats import export

    heard: list[tuple[str, str, list[str]]] = []
    monkeypatch.setattr(export, "EXPORT_HOOKS", [lambda *event: heard.append(event)])
    result = export_statistics(
        vault_fx.vault.db,
        sample_records(30),
        Period(year=2024, quarter=1),
        frozenset(REGION),
        tmp_path / "x",
        created_by="anna",
        formats=("xlsx",),
    )
    assert heard == [(result.export_id, "2024-Q1", ["metadata.json", "statistieken.xlsx"])]
    metadata = json.loads((tmp_path / "x" / "metadata.json").read_text(encoding="utf-8"))
    assert all(t["file"] is None for t in metadata["tables"])


def test_workbook_carries_the_export_time_not_the_clock() -> None:
    """openpyxl stamps "modified" with the clock on save; two renders a second apart must still
    give the same bytes, so the workbook says the export's own time."""
    import io

    from carecoord.stats.protect import protect

    release = protect(sample_records(40), Period(year=2024), frozenset(REGION))
    files = render_files(release, ("xlsx",), export_id="e1", created_at=WHEN)
    workbook = openpyxl.load_workbook(io.BytesIO(files["statistieken.xlsx"]))
    assert workbook.properties.modified == WHEN.replace(tzinfo=None)
    assert workbook.properties.created == WHEN.replace(tzinfo=None)


def test_people_read_the_advice_in_words_not_table_ids() -> None:
    """The workbook and report are Dutch: the advice names the table by its title (the English
    advice with table ids stays in metadata.json, which programs read)."""
    import io

    from carecoord.stats.labels import advice_text
    from carecoord.stats.protect import protect
    from carecoord.stats.xlsx_writer import workbook_bytes

    release = protect(sample_records(12), Period(year=2024), frozenset(REGION))
    table = release.table("cases_by_municipality_form")
    assert table.mostly_hidden
    dutch = advice_text(table, quarterly=False)
    assert dutch is not None and "hele regio" in dutch and "cases_by" not in dutch
    assert "whole region" in (advice_text(table, quarterly=False, language="en") or "")
    book = openpyxl.load_workbook(
        io.BytesIO(
            workbook_bytes(release, export_id="e", created_at=datetime(2025, 1, 1, tzinfo=UTC))
        )
    )
    lines = [str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value]
    advice_lines = [line for line in lines if line.startswith("Advies")]
    assert advice_lines and all("_" not in line for line in advice_lines), advice_lines
    assert any(table.definition.title_nl in line for line in advice_lines)
