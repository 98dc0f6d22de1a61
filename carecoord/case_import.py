"""``carecoord import FILE``: cases from CSV or XLSX (DESIGN.md §5), all rows or none.

Every row is checked before anything is written; the error lists every bad row, column and
reason. Problems never repeat a name or a birth date from the file (only codes, which are not
personal data), because the message is shown on screen and may end up in a ticket.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from carecoord.domain.case import CaseFacts, PhaseChange, Signal
from carecoord.domain.client import REFERENCE_PATTERN, ClientFacts, ClientIdentity
from carecoord.domain.codelists import codelist
from carecoord.domain.municipalities import is_municipality
from carecoord.domain.nationality import is_nationality
from carecoord.errors import InputRejected
from carecoord.i18n import _, ngettext
from carecoord.store.bulk import BulkWriter, NewCase
from carecoord.store.case_store import CaseStore

COLUMNS = (
    "client_ref",
    "given_name",
    "family_name",
    "birth_date",
    "gender",
    "nationality",
    "municipality",
    "signal_date",
    "signaller",
    "exploitation_forms",
    "sector",
    "location_type",
    "phase",
)
REQUIRED = ("client_ref", "signal_date")
MAX_PROBLEMS_SHOWN = 200
IMPORT_REASON = "imported from file; earlier phases not recorded"

Progress = Callable[[str, int], None]  # (stage, rows so far): stage is "checked" or "written"

_CODE_COLUMNS = {
    "gender": "gender",
    "signaller": "signaller",
    "sector": "sector",
    "location_type": "location_type",
    "phase": "phase",
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and (row number, cells) for each data row; row 1 is the header."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise InputRejected(_("The import file must be .csv or .xlsx."))


def _read_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputRejected(_("The CSV file is not UTF-8 text.")) from exc
    except OSError as exc:
        raise InputRejected(
            _("The import file cannot be read (%(strerror)s).") % {"strerror": exc.strerror}
        ) from exc
    first_line = text.split("\n", 1)[0]
    # Dutch spreadsheet software writes ';'-separated CSV; the header tells which one it is.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise InputRejected(_("The import file is empty."))
    rows = (
        (n, [c.strip() for c in cells]) for n, cells in enumerate(reader, start=2) if any(cells)
    )
    return [h.strip() for h in header], rows


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputRejected(_("The XLSX file cannot be read as a workbook.")) from exc
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header_row = next(values, None)
    if header_row is None:
        raise InputRejected(_("The import file is empty."))
    header = [_cell(v) for v in header_row]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, row in enumerate(values, start=2):
            cells = [_cell(v) for v in row]
            if any(cells):
                yield number, cells
        book.close()

    return header, rows()


@dataclass
class _Row:
    number: int
    problems: list[str]

    def bad(self, column: str, reason: str) -> None:
        self.problems.append(
            _("row %(row)d, column %(column)s: %(reason)s")
            % {"row": self.number, "column": column, "reason": reason}
        )


def _date(row: _Row, column: str, value: str, *, personal: bool, today: date) -> date | None:
    if not value:
        return None
    # A birth date is personal data: the reason then leaves the value out.
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        if personal:
            row.bad(column, _("the date is not a real date in the form YYYY-MM-DD"))
        else:
            row.bad(
                column,
                _("the date '%(value)s' is not a real date in the form YYYY-MM-DD")
                % {"value": value},
            )
        return None
    if len(value) != 10:
        if personal:
            row.bad(column, _("the date is not in the form YYYY-MM-DD"))
        else:
            row.bad(
                column, _("the date '%(value)s' is not in the form YYYY-MM-DD") % {"value": value}
            )
        return None
    if parsed > today:
        row.bad(column, _("the date lies in the future"))
        return None
    return parsed


def _code(row: _Row, column: str, list_name: str, value: str) -> str:
    if not value:
        return "unknown" if "unknown" in codelist(list_name) else ""
    if value not in codelist(list_name):
        row.bad(
            column, _("'%(value)s' is not a code of %(list)s") % {"value": value, "list": list_name}
        )
    return value


def parse_row(number: int, cells: dict[str, str], today: date) -> tuple[NewCase | None, list[str]]:
    row = _Row(number, [])
    reference = cells.get("client_ref", "")
    if not reference:
        row.bad("client_ref", _("a client reference is required"))
    elif not re.match(REFERENCE_PATTERN, reference):
        row.bad(
            "client_ref",
            _("use 1 to 40 letters, digits and . _ / -, starting with a letter or digit"),
        )
    birth = _date(row, "birth_date", cells.get("birth_date", ""), personal=True, today=today)
    signal_date = _date(
        row, "signal_date", cells.get("signal_date", ""), personal=False, today=today
    )
    if not cells.get("signal_date"):
        row.bad("signal_date", _("a signal date is required"))
    if birth is not None and signal_date is not None and signal_date < birth:
        row.bad("signal_date", _("the signal date lies before the birth date"))
    codes = {
        col: _code(row, col, list_name, cells.get(col, ""))
        for col, list_name in _CODE_COLUMNS.items()
    }
    phase = cells.get("phase") or "signalled"
    nationality = cells.get("nationality", "").upper() or None
    if nationality is not None and not is_nationality(nationality):
        row.bad(
            "nationality",
            _("'%(value)s' is not an ISO 3166-1 alpha-2 country code")
            % {"value": cells["nationality"]},
        )
    municipality = cells.get("municipality", "").upper() or None
    if municipality is not None and not is_municipality(municipality):
        row.bad(
            "municipality",
            _("'%(value)s' is not a CBS municipality code (GM….)")
            % {"value": cells["municipality"]},
        )
    forms = tuple(f.strip() for f in cells.get("exploitation_forms", "").split(";") if f.strip())
    for form in forms:
        if form not in codelist("exploitation_form"):
            row.bad(
                "exploitation_forms",
                _("'%(value)s' is not a code of %(list)s")
                % {"value": form, "list": "exploitation_form"},
            )
    for column in ("given_name", "family_name"):
        if len(cells.get(column, "")) > 100:
            row.bad(column, _("longer than 100 characters"))
    if row.problems or signal_date is None:
        return None, row.problems
    facts = CaseFacts(
        exploitation_forms=forms,
        sector=codes["sector"],
        location_type=codes["location_type"],
        signaller=codes["signaller"],
        municipality=municipality,
    )
    identity = ClientIdentity(
        given_name=cells.get("given_name") or None,
        family_name=cells.get("family_name") or None,
        birth_date=birth,
    )
    signal = Signal(
        signal_date=signal_date,
        signaller=facts.signaller,
        location_type=facts.location_type,
        sector=facts.sector,
        municipality=municipality,
        exploitation_forms=facts.exploitation_forms,
    )
    history = [
        PhaseChange(
            from_phase=None,
            to_phase=phase,
            changed_on=signal_date,
            changed_by="import",
            reason=None if phase == "signalled" else IMPORT_REASON,
        )
    ]
    client = ClientFacts(reference=reference, gender=codes["gender"], nationality=nationality)
    return NewCase(client, identity, facts, [signal], history), []


def check_header(header: list[str]) -> None:
    problems = []
    seen = set()
    for position, name in enumerate(header, start=1):
        if name not in COLUMNS:
            problems.append(
                _("row 1, column %(position)d: unknown column '%(name)s'")
                % {"position": position, "name": name[:40]}
            )
        elif name in seen:
            problems.append(
                _("row 1, column %(position)d: column '%(name)s' appears twice")
                % {"position": position, "name": name}
            )
        seen.add(name)
    problems += [
        _("row 1: the required column '%(column)s' is missing") % {"column": c}
        for c in REQUIRED
        if c not in seen
    ]
    if problems:
        raise InputRejected(
            _("The import file's header is not valid; nothing was imported."), problems
        )


def parse_file(
    path: Path, *, today: date, progress: Progress | None = None
) -> tuple[list[tuple[int, NewCase]], list[str]]:
    """The good rows as (row number, case) and the problems of the bad ones."""
    header, rows = read_table(Path(path))
    check_header(header)
    cases: list[tuple[int, NewCase]] = []
    problems: list[str] = []
    first_row: dict[str, int] = {}
    count = 0
    for number, cells in rows:
        count += 1
        if len(cells) > len(header):
            problems.append(
                _("row %(row)d: more cells than columns in the header") % {"row": number}
            )
            continue
        values = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        case, row_problems = parse_row(number, values, today)
        reference = values.get("client_ref", "")
        if reference in first_row:
            row_problems.append(
                _("row %(row)d, column client_ref: the reference also occurs in row %(first)d")
                % {"row": number, "first": first_row[reference]}
            )
        elif reference:
            first_row[reference] = number
        problems += row_problems
        if case is not None and not row_problems:
            cases.append((number, case))
        if progress is not None and count % 1000 == 0:
            progress("checked", count)
    if count == 0:
        raise InputRejected(_("The import file has no data rows."))
    if progress is not None:
        progress("checked", count)
    return cases, problems


def import_cases(
    store: CaseStore, path: Path, *, today: date | None = None, progress: Progress | None = None
) -> list[int]:
    """Check every row, then write all in one transaction; raise InputRejected listing every
    problem if any row is bad (and write nothing)."""
    today = today or store.today()
    cases, problems = parse_file(path, today=today, progress=progress)
    # A client reference already in the vault is an error too (a new case for an existing
    # client is added in the app, where the coordinator sees whose file it is).
    existing = store.existing_client_references([c.client.reference for _, c in cases])
    for number, case in cases:
        if case.client.reference in existing:
            problems.append(
                _("row %(row)d, column client_ref: a client with this reference already exists")
                % {"row": number}
            )
    if problems:
        total = len(problems)
        shown = sorted(problems, key=_row_key)[:MAX_PROBLEMS_SHOWN]
        if total > MAX_PROBLEMS_SHOWN:
            message = _(
                "The import file has %(total)d problems (first %(shown)d shown); "
                "nothing was imported."
            ) % {"total": total, "shown": MAX_PROBLEMS_SHOWN}
        else:
            message = ngettext(
                "The import file has %(total)d problem; nothing was imported.",
                "The import file has %(total)d problems; nothing was imported.",
                total,
            ) % {"total": total}
        raise InputRejected(message, shown)
    writer = BulkWriter(store.db, user=store.user, now=store.now(), audit=store.audit_sink)
    return writer.write(
        (case for _, case in cases),
        progress=None if progress is None else (lambda n: progress("written", n)),
    )


def _row_key(problem: str) -> tuple[int, str]:
    head = problem.split(",", 1)[0].split(":", 1)[0]
    digits = "".join(ch for ch in head if ch.isdigit())
    return (int(digits) if digits else 0, problem)
