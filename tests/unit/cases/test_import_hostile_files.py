"""Import of malformed and hostile files (issue 12): every one is refused with one clear line,
no message repeats a cell's content, and nothing is written."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from carecoord import import_table
from carecoord.case_import import COLUMNS, MAX_PROBLEMS_SHOWN, import_cases
from carecoord.errors import InputRejected
from carecoord.store.case_store import CaseStore
from tests.conftest import PASSPHRASE, VaultFixture
from tests.support.hostile_imports import HEADER, MALFORMED, ROW
from tests.support.vault_content import content_digest

PERSONAL = ("Maria", "Popescu", "1995-03-01", "José", "Jos\xe9")


@pytest.fixture
def store(vault_fx: VaultFixture) -> CaseStore:
    return CaseStore.without_audit_for_tests(
        vault_fx.vault.db, user="anna", clock=lambda: datetime(2025, 6, 15, 12, tzinfo=UTC)
    )


def refused(store: CaseStore, path: Path) -> InputRejected:
    with pytest.raises(InputRejected) as info:
        import_cases(store, path)
    error = info.value
    text = "\n".join([error.message, *error.problems])
    for personal in PERSONAL:
        assert personal not in text
    assert store.db.scalar("SELECT count(*) FROM cases") == 0
    assert store.db.scalar("SELECT count(*) FROM clients") == 0
    return error


@pytest.mark.parametrize("make", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_file_is_refused_in_one_line(
    store: CaseStore, tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    error = refused(store, make(tmp_path))
    assert "\n" not in error.message and error.message.endswith(".")
    assert error.exit_code == 5


def test_openpyxl_parses_with_defusedxml() -> None:
    """pyproject.toml names defusedxml so that openpyxl's sheet parser refuses entities."""
    assert openpyxl.DEFUSEDXML is True


def test_zip_bomb_is_refused_before_unpacking(store: CaseStore, tmp_path: Path) -> None:
    path = MALFORMED["zip bomb"](tmp_path)
    tracemalloc.start()
    try:
        error = refused(store, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "would unpack to more than a case list needs" in error.message
    assert peak < 5 * 1024 * 1024


def test_declared_size_over_the_limit_is_refused(
    store: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet over the size limit at an ordinary ratio (the limit lowered to keep the file
    small; the check reads the archive's declared sizes either way)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for n in range(3000):
        sheet.append([f"R-{n}", f"name {n * 7919 % 10007}"] + [None] * 5 + ["2025-01-01"])
    path = tmp_path / "large.xlsx"
    book.save(path)
    monkeypatch.setattr(import_table, "MAX_XLSX_MEMBER_BYTES", 100 * 1024)
    assert "would unpack" in refused(store, path).message
    monkeypatch.undo()
    assert len(import_cases(store, path)) == 3000


def test_file_without_header_row_is_not_echoed(store: CaseStore, tmp_path: Path) -> None:
    path = tmp_path / "no-header.csv"
    path.write_text("\n".join(ROW.format(n=n) for n in range(3)) + "\n", encoding="utf-8")
    error = refused(store, path)
    assert "not a header row" in error.message
    assert "CL-0" not in error.message + "".join(error.problems)


def test_header_names_that_are_not_column_names_are_not_echoed(
    store: CaseStore, tmp_path: Path
) -> None:
    path = tmp_path / "odd.csv"
    header = HEADER + ",Maria Popescu,\x1b[2Jremarks,remarks"
    path.write_text(header + "\nCL-1,,,,,,,2025-01-01\n", encoding="utf-8")
    error = refused(store, path)
    assert error.problems == [
        "row 1, column 15: unknown column (not shown: not a column name)",
        "row 1, column 16: unknown column (not shown: not a column name)",
        "row 1, column 17: unknown column 'remarks'",
    ]


def test_shifted_columns_do_not_echo_names_or_dates(store: CaseStore, tmp_path: Path) -> None:
    """Every cell one column to the right: names land in date and code columns."""
    path = tmp_path / "shifted.csv"
    rows = [",CL-1,Maria,Popescu,1995-03-01,female,RO,GM0363,2025-01-10,police,sexual,,"]
    rows.append(
        "CL-2,Popescu,Maria,1995-03-01,Maria,Popescu,Maria,Popescu,Maria,Maria,Maria,Maria,Maria"
    )
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    error = refused(store, path)
    columns = {p.split(": ", 1)[0] for p in error.problems}
    assert "row 3, column gender" in columns and "row 3, column signal_date" in columns
    assert "row 2, column birth_date" in columns
    assert any("use one of: female, male, other, unknown" in p for p in error.problems)


def test_control_characters_in_a_name_are_refused(store: CaseStore, tmp_path: Path) -> None:
    path = tmp_path / "escape.csv"
    path.write_text(HEADER + "\nCL-1,Ma\x1b]0;x\x07ria,,,,,,2025-01-01\n", encoding="utf-8")
    error = refused(store, path)
    assert error.problems == [
        "row 2, column given_name: contains a control character (such as a terminal escape)"
    ]


def test_many_bad_rows_list_the_first_thousand_and_count_the_rest(
    store: CaseStore, tmp_path: Path
) -> None:
    rows = [f"CL-{n},Maria,Popescu,1995-02-30,woman,,,2025-01-01" for n in range(1500)]
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    error = refused(store, path)
    assert error.message == (
        "The import file has 3000 problems (the first 1000 are listed); nothing was imported."
    )
    assert len(error.problems) == MAX_PROBLEMS_SHOWN + 1
    assert error.problems[0].startswith("row 2, column birth_date:")
    assert error.problems[999].startswith("row 501, column gender:")
    assert error.problems[-1] == "… and 2000 more problems"


def test_bad_row_after_many_good_ones_writes_nothing(
    vault_fx: VaultFixture, store: CaseStore, tmp_path: Path
) -> None:
    """Rows are written in batches while they are good; a bad row at the end rolls all back."""
    rows = [ROW.format(n=n) for n in range(5000)] + ["CL-BAD,,,,,,,2031-01-01"]
    path = tmp_path / "late.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    vault_fx.vault.lock()
    before = content_digest(vault_fx.folder, PASSPHRASE)
    vault = vault_fx.reopen()
    late = CaseStore.without_audit_for_tests(
        vault.db, user="anna", clock=lambda: datetime(2025, 6, 15, 12, tzinfo=UTC)
    )
    error = refused(late, path)
    assert error.problems == ["row 5002, column signal_date: the date lies in the future"]
    vault.lock()
    assert content_digest(vault_fx.folder, PASSPHRASE) == before
    assert vault_fx.reopen().verify().ok


def test_import_memory_does_not_grow_with_the_rows(store: CaseStore, tmp_path: Path) -> None:
    """Streaming: Python's allocations for 5 000 rows stay far below what holding them takes
    (before issue 12: every row's case objects, ~7 kB per row, were kept until the write)."""
    rows = [ROW.format(n=n) for n in range(5000)]
    path = tmp_path / "many.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    tracemalloc.start()
    try:
        assert len(import_cases(store, path)) == 5000
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 12 * 1024 * 1024, peak
