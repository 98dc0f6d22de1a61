"""Case import: every kind of bad input is reported (row, column, reason), nothing half-written."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from carecoord.case_import import COLUMNS, import_cases
from carecoord.domain.client import ClientFacts
from carecoord.errors import InputRejected
from carecoord.store.audit import AuditEvent
from carecoord.store.case_list import CaseQuery
from carecoord.store.case_store import CaseStore
from tests.conftest import VaultFixture

HEADER = ",".join(COLUMNS)
GOOD = [
    "CL-001,Maria,Popescu,1995-03-01,female,RO,GM0363,2025-01-10,police,sexual;labour,window_licensed,sex_business,shelter",
    "CL-002,Jan,de Vries,,male,NL,GM0599,2024-11-30,fairwork,labour,agriculture,holiday_park,",
    "CL-003,,,,,,,2025-02-01,,,,,",
]


@pytest.fixture
def store(vault_fx: VaultFixture) -> CaseStore:
    return CaseStore.without_audit_for_tests(
        vault_fx.vault.db, user="anna", clock=lambda: datetime(2025, 6, 15, 12, tzinfo=UTC)
    )


def write_csv(tmp_path: Path, rows: list[str], header: str = HEADER, sep: str = ",") -> Path:
    path = tmp_path / "cases.csv"
    lines = [header.replace(",", sep), *rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems_of(store: CaseStore, path: Path) -> list[str]:
    with pytest.raises(InputRejected) as info:
        import_cases(store, path)
    assert "nothing was imported" in info.value.message
    assert store.db.scalar("SELECT count(*) FROM cases") == 0
    assert store.db.scalar("SELECT count(*) FROM clients") == 0
    return info.value.problems


def test_good_file_imports_every_row(store: CaseStore, tmp_path: Path) -> None:
    ids = import_cases(store, write_csv(tmp_path, GOOD))
    assert len(ids) == 3
    first = store.cases.case_file(ids[0])
    assert first.client.facts == ClientFacts(reference="CL-001", gender="female", nationality="RO")
    assert first.facts.exploitation_forms == ("labour", "sexual")
    assert first.phase == "shelter" and first.age_at_signal == 29
    assert first.phase_history[0].reason and "imported" in first.phase_history[0].reason
    empty = store.cases.case_file(ids[2])
    assert empty.facts.exploitation_forms == ("unknown",)
    assert empty.client.facts.gender == "unknown" and empty.client.facts.nationality is None
    assert empty.phase == "signalled" and empty.age_at_signal is None
    assert store.cases.search("popescu")[0].id == ids[0]
    assert store.cases.count(CaseQuery(exploitation_form="labour")) == 2


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (
            "CL-9,A,B,1990-01-01,woman,RO,GM0363,2025-01-10,police,sexual,,,",
            "gender",
            "not a code of gender; use one of: female, male, other, unknown",
        ),
        (
            "CL-9,A,B,1990-01-01,female,XX,GM0363,2025-01-10,police,sexual,,,",
            "nationality",
            "not an ISO 3166-1",
        ),
        (
            "CL-9,A,B,1990-01-01,female,RO,GM9999,2025-01-10,police,sexual,,,",
            "municipality",
            "not a CBS municipality code",
        ),
        (
            "CL-9,A,B,1990-01-01,female,RO,GM0363,2025-01-10,neighbour,sexual,,,",
            "signaller",
            "not a code of signaller; use one of: police,",
        ),
        (
            "CL-9,A,B,1990-01-01,female,RO,GM0363,2025-01-10,police,sexual;slavery,,,",
            "exploitation_forms",
            "code 2: not a code of exploitation_form; use one of: sexual,",
        ),
        (
            "CL-9,A,B,1990-01-01,female,RO,GM0363,2025-01-10,police,sexual,mining,,",
            "sector",
            "not a code of sector; use one of:",
        ),
        (
            "CL-9,A,B,1990-01-01,female,RO,GM0363,2025-01-10,police,sexual,,castle,",
            "location_type",
            "not a code of location_type; use one of:",
        ),
        (
            "CL-9,A,B,1990-01-01,female,RO,GM0363,2025-01-10,police,sexual,,,jail",
            "phase",
            "not a code of phase; use one of: signalled,",
        ),
        (
            "CL-9,A,B,1990-01-01,female,RO,GM0363,2025-02-30,police,sexual,,,",
            "signal_date",
            "not a real date",
        ),
        (
            "CL-9,A,B,1990-01-01,female,RO,GM0363,10-01-2025,police,sexual,,,",
            "signal_date",
            "YYYY-MM-DD",
        ),
        (
            "CL-9,A,B,1990-01-01,female,RO,GM0363,2025-07-01,police,sexual,,,",
            "signal_date",
            "future",
        ),
        (
            "CL-9,A,B,1990-13-01,female,RO,GM0363,2025-01-10,police,sexual,,,",
            "birth_date",
            "not a real date",
        ),
        (
            "CL-9,A,B,2025-03-01,female,RO,GM0363,2025-01-10,police,sexual,,,",
            "signal_date",
            "before the birth date",
        ),
        ("CL-9,A,B,1990-01-01,female,RO,GM0363,,police,sexual,,,", "signal_date", "required"),
        (",A,B,1990-01-01,female,RO,GM0363,2025-01-10,police,sexual,,,", "client_ref", "required"),
        (
            "CL 9!,A,B,1990-01-01,female,RO,GM0363,2025-01-10,police,sexual,,,",
            "client_ref",
            "letters, digits",
        ),
    ],
)
def test_each_kind_of_error_names_row_column_reason(
    store: CaseStore, tmp_path: Path, row: str, column: str, reason: str
) -> None:
    problems = problems_of(store, write_csv(tmp_path, [GOOD[0], row]))
    assert len(problems) == 1
    assert problems[0].startswith(f"row 3, column {column}:")
    assert reason in problems[0]
    # The cell's value is never repeated (issue 12): only the allowed codes are named.
    for value in ("woman", "XX", "GM9999", "neighbour", "slavery", "mining", "castle", "jail"):
        assert value not in problems[0]
    assert "10-01-2025" not in problems[0] and "2025-02-30" not in problems[0]


def test_every_bad_row_listed_and_no_personal_data_echoed(store: CaseStore, tmp_path: Path) -> None:
    rows = [
        "CL-1,Secretname,Hidden,1990-02-30,female,RO,GM0363,2025-01-10,police,sexual,,,",
        GOOD[1],
        "CL-3,Other,Person,2026-01-01,alien,RO,GM0363,2025-01-10,police,sexual,,,",
        "CL-4,,,,,,,2025-13-01,,,,,",
    ]
    problems = problems_of(store, write_csv(tmp_path, rows))
    assert [p.split(",")[0] for p in problems] == ["row 2", "row 4", "row 4", "row 5"]
    text = "\n".join(problems)
    for personal in ("Secretname", "Hidden", "1990-02-30", "2026-01-01"):
        assert personal not in text


BASE = "CL-9,A,B,1990-01-01,female,NG,GM0363,2025-01-10,police,sexual,,"


@pytest.mark.parametrize(
    ("old", "instead"),
    [
        ("reported", "record 'signalled'"),
        ("reflection_period", "bedenktijd on the legal track"),
        ("residence_permit", "permit on the legal track"),
    ],
)
def test_removed_phase_refused_with_what_to_record_instead(
    store: CaseStore, tmp_path: Path, old: str, instead: str
) -> None:
    problems = problems_of(store, write_csv(tmp_path, [f"{BASE},{old},"]))
    assert len(problems) == 1
    assert problems[0].startswith("row 2, column phase:")
    assert instead in problems[0]


@pytest.mark.parametrize(
    ("phase", "reason", "column", "expected"),
    [
        ("closed", "", "closure_reason", "a closure reason is required when the phase is closed"),
        ("support", "completed", "closure_reason", "only a closed case has a closure reason"),
        ("closed", "Maria Popescu", "closure_reason", "not a code of closure_reason; use one of:"),
    ],
)
def test_closure_reason_required_for_closed_only(
    store: CaseStore, tmp_path: Path, phase: str, reason: str, column: str, expected: str
) -> None:
    problems = problems_of(store, write_csv(tmp_path, [GOOD[0], f"{BASE},{phase},{reason}"]))
    assert problems == [f"row 3, column {column}: " + problems[0].split(": ", 1)[1]]
    assert expected in problems[0]
    assert "Maria" not in problems[0]  # a cell's content is never repeated


def test_closed_case_imported_with_its_reason(store: CaseStore, tmp_path: Path) -> None:
    ids = import_cases(store, write_csv(tmp_path, [f"{BASE},closed,returned_origin"]))
    row = store.db.all(
        "SELECT phase, closed_on, closure_reason FROM cases WHERE id = ?", (ids[0],)
    )[0]
    assert tuple(row) == ("closed", "2025-01-10", "returned_origin")
    change = store.db.all("SELECT to_phase, closure_reason FROM phase_changes")[0]
    assert tuple(change) == ("closed", "returned_origin")
    assert store.db.scalar("SELECT count(*) FROM tasks") == 0  # a closed case has no deadlines


def test_duplicate_reference_in_file(store: CaseStore, tmp_path: Path) -> None:
    problems = problems_of(store, write_csv(tmp_path, [GOOD[0], GOOD[1], GOOD[0]]))
    assert problems == ["row 4, column client_ref: the reference also occurs in row 2"]


def test_duplicate_reference_already_in_vault(store: CaseStore, tmp_path: Path) -> None:
    store.clients.register(ClientFacts(reference="CL-002"), None)
    with pytest.raises(InputRejected) as info:
        import_cases(store, write_csv(tmp_path, GOOD))
    assert info.value.problems == [
        "row 3, column client_ref: a client with this reference already exists"
    ]
    assert store.db.scalar("SELECT count(*) FROM cases") == 0


def test_header_problems(store: CaseStore, tmp_path: Path) -> None:
    header = HEADER.replace("signal_date", "signalled_on") + ",remarks"
    with pytest.raises(InputRejected) as info:
        import_cases(store, write_csv(tmp_path, [], header=header))
    assert "row 1, column 8: unknown column 'signalled_on'" in info.value.problems
    assert "row 1, column 15: unknown column 'remarks'" in info.value.problems
    assert "row 1: the required column 'signal_date' is missing" in info.value.problems


def test_optional_columns_may_be_left_out(store: CaseStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path, ["R-1,2025-01-01"], header="client_ref,signal_date")
    assert len(import_cases(store, path)) == 1


def test_semicolon_csv_and_progress(store: CaseStore, tmp_path: Path) -> None:
    rows = [r.replace(",", ";").replace("sexual;labour", '"sexual;labour"') for r in GOOD]
    path = tmp_path / "nl.csv"
    path.write_text(";".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8-sig")
    seen: list[tuple[str, int]] = []
    assert len(import_cases(store, path, progress=lambda s, n: seen.append((s, n)))) == 3
    assert ("checked", 3) in seen and ("written", 3) in seen
    assert store.cases.case_file(1).facts.exploitation_forms == ("labour", "sexual")


def test_xlsx_with_date_cells(store: CaseStore, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(["X-1", "Ana", "Silva", datetime(1990, 5, 4), "female", "BR", "GM0363",
                  datetime(2025, 1, 2), "police", "labour", "", "", "intake"])  # fmt: skip
    sheet.append([1234, None, None, None, None, None, None, date(2025, 3, 3)] + [None] * 5)
    path = tmp_path / "cases.xlsx"
    book.save(path)
    ids = import_cases(store, path)
    case = store.cases.case_file(ids[0])
    assert case.client.identity is not None
    assert case.client.identity.birth_date == date(1990, 5, 4)
    assert case.phase == "intake"
    assert store.cases.case_file(ids[1]).client.facts.reference == "1234"


def test_failure_while_writing_leaves_vault_unchanged(
    vault_fx: VaultFixture, tmp_path: Path
) -> None:
    def failing(event: AuditEvent) -> None:
        if event.action == "import":
            raise OSError("disk full")

    store = CaseStore(
        vault_fx.vault.db,
        user="anna",
        audit=failing,
        clock=lambda: datetime(2025, 6, 15, 12, tzinfo=UTC),
    )
    with pytest.raises(OSError):
        import_cases(store, write_csv(tmp_path, GOOD))
    for table in ("clients", "client_identity", "cases", "signals", "phase_changes", "tasks"):
        assert store.db.scalar(f"SELECT count(*) FROM {table}") == 0
    assert store.cases.search("popescu") == []


def test_wrong_file_type_and_empty_file(store: CaseStore, tmp_path: Path) -> None:
    other = tmp_path / "cases.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(InputRejected, match=r"\.csv or \.xlsx"):
        import_cases(store, other)
    with pytest.raises(InputRejected, match="no data rows"):
        import_cases(store, write_csv(tmp_path, []))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputRejected, match="workbook"):
        import_cases(store, broken)


def test_bulk_write_restores_page_cache_size(vault_fx: VaultFixture, tmp_path: Path) -> None:
    def failing(event: AuditEvent) -> None:
        if event.action == "import":
            raise OSError("disk full")

    db = vault_fx.vault.db
    before = db.scalar("PRAGMA cache_size")
    ok = CaseStore.without_audit_for_tests(
        db, user="anna", clock=lambda: datetime(2025, 6, 15, 12, tzinfo=UTC)
    )
    import_cases(ok, write_csv(tmp_path, GOOD[:1]))
    assert db.scalar("PRAGMA cache_size") == before
    broken = CaseStore(
        db, user="anna", audit=failing, clock=lambda: datetime(2025, 6, 15, 12, tzinfo=UTC)
    )
    with pytest.raises(OSError):
        import_cases(broken, write_csv(tmp_path, GOOD[1:]))
    assert db.scalar("PRAGMA cache_size") == before
