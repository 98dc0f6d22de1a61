"""``carecoord import FILE``: cases from CSV or XLSX (DESIGN.md §5), all rows or none.

The file is read, checked and written row by row (memory stays bounded at any size), in one
transaction: rows are written in batches while no problem has been found, and the first problem
turns the rest into a check only; a file with any bad row is rolled back whole, and the error
lists the first ``MAX_PROBLEMS_SHOWN`` problems (row, column, reason) and counts the rest.

Problems never repeat a cell's content: a cell meant for a code or a date may hold a name or a
birth date (a file without a header, shifted columns), and the message is shown on screen and
may end up in a ticket. A code column's problem names the allowed codes instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from carecoord.domain.case import CaseFacts, PhaseChange, Signal
from carecoord.domain.client import REFERENCE_PATTERN, ClientFacts, ClientIdentity
from carecoord.domain.codelists import codelist
from carecoord.domain.municipalities import is_municipality
from carecoord.domain.nationality import is_nationality
from carecoord.domain.pathway import INITIAL_PHASE, removed_phase_hint
from carecoord.errors import InputRejected
from carecoord.i18n import _, ngettext
from carecoord.import_table import Rows, read_table
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
    "closure_reason",
)
REQUIRED = ("client_ref", "signal_date")
MAX_PROBLEMS_SHOWN = 1000
CHECK_BATCH = 500  # rows whose references are looked up in the vault at once
IMPORT_REASON = "imported from file; earlier phases not recorded"

Progress = Callable[[str, int], None]  # (stage, rows so far): stage is "checked" or "written"

_CODE_COLUMNS = {
    "gender": "gender",
    "signaller": "signaller",
    "sector": "sector",
    "location_type": "location_type",
}


@dataclass
class _Row:
    number: int
    problems: list[str]

    def bad(self, column: str, reason: str) -> None:
        self.problems.append(
            _("row %(row)d, column %(column)s: %(reason)s")
            % {"row": self.number, "column": column, "reason": reason}
        )


def _date(row: _Row, column: str, value: str, *, today: date) -> date | None:
    if not value:
        return None
    # Never the value: shifted columns can put a birth date or a name in any date column.
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        row.bad(column, _("the date is not a real date in the form YYYY-MM-DD"))
        return None
    if len(value) != 10:
        row.bad(column, _("the date is not in the form YYYY-MM-DD"))
        return None
    if parsed > today:
        row.bad(column, _("the date lies in the future"))
        return None
    return parsed


def _not_a_code(list_name: str) -> str:
    """The reason for a cell that is not a code: the allowed codes, never the cell."""
    return _("not a code of %(list)s; use one of: %(codes)s") % {
        "list": list_name,
        "codes": ", ".join(codelist(list_name).values),
    }


def _code(row: _Row, column: str, list_name: str, value: str) -> str:
    if not value:
        return "unknown" if "unknown" in codelist(list_name) else ""
    if value not in codelist(list_name):
        row.bad(column, _not_a_code(list_name))
    return value


def _phase(row: _Row, phase: str, closure_reason: str) -> tuple[str, str | None]:
    """The care phase and, for a closed case, why it was closed (required then, refused else).

    A phase of vaults before issue 15 (``reported``, ``reflection_period``, ``residence_permit``)
    is refused with what to record instead: the code is one of three fixed words, so naming it
    repeats no cell content."""
    if not phase:
        phase = INITIAL_PHASE
    elif phase not in codelist("phase"):
        hint = removed_phase_hint(phase)
        row.bad("phase", hint if hint is not None else _not_a_code("phase"))
    if phase == "closed":
        if not closure_reason:
            row.bad("closure_reason", _("a closure reason is required when the phase is closed"))
            return phase, None
        if closure_reason not in codelist("closure_reason"):
            row.bad("closure_reason", _not_a_code("closure_reason"))
            return phase, None
        return phase, closure_reason
    if closure_reason:
        row.bad("closure_reason", _("only a closed case has a closure reason; leave it empty"))
    return phase, None


# C0/C1 control characters and bidi overrides: in a name they would reach letters and screens.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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
    birth = _date(row, "birth_date", cells.get("birth_date", ""), today=today)
    signal_date = _date(row, "signal_date", cells.get("signal_date", ""), today=today)
    if not cells.get("signal_date"):
        row.bad("signal_date", _("a signal date is required"))
    if birth is not None and signal_date is not None and signal_date < birth:
        row.bad("signal_date", _("the signal date lies before the birth date"))
    codes = {
        col: _code(row, col, list_name, cells.get(col, ""))
        for col, list_name in _CODE_COLUMNS.items()
    }
    phase, closure_reason = _phase(row, cells.get("phase", ""), cells.get("closure_reason", ""))
    nationality = cells.get("nationality", "").upper() or None
    if nationality is not None and not is_nationality(nationality):
        row.bad(
            "nationality",
            _("not an ISO 3166-1 alpha-2 country code (two letters, such as NL or RO)"),
        )
    municipality = cells.get("municipality", "").upper() or None
    if municipality is not None and not is_municipality(municipality):
        row.bad(
            "municipality",
            _("not a CBS municipality code (GM and four digits, such as GM0363)"),
        )
    forms = tuple(f.strip() for f in cells.get("exploitation_forms", "").split(";") if f.strip())
    for position, form in enumerate(forms, start=1):
        if form not in codelist("exploitation_form"):
            row.bad(
                "exploitation_forms",
                _("code %(position)d: %(reason)s")
                % {"position": position, "reason": _not_a_code("exploitation_form")},
            )
    for column in ("given_name", "family_name"):
        if len(cells.get(column, "")) > 100:
            row.bad(column, _("longer than 100 characters"))
        elif _CONTROL.search(cells.get(column, "")):
            row.bad(column, _("contains a control character (such as a terminal escape)"))
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
            reason=None if phase == INITIAL_PHASE else IMPORT_REASON,
            closure_reason=closure_reason,
        )
    ]
    client = ClientFacts(reference=reference, gender=codes["gender"], nationality=nationality)
    return NewCase(client, identity, facts, [signal], history), []


# What a column name looks like; a header cell that does not is not repeated (it may be data).
_COLUMN_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}\Z")


def check_header(header: list[str]) -> None:
    named = [name for name in header if name]
    known = [name for name in named if name in COLUMNS]
    if len(known) * 2 < len(named):
        # Mostly not our column names: a file without a header, whose first row is a case.
        raise InputRejected(
            _(
                "The first row of the import file is not a header row (it names too few of the "
                "columns); nothing was imported. The first row must name the columns, such as "
                "client_ref and signal_date."
            )
        )
    problems = header_problems(header, COLUMNS, REQUIRED)
    if problems:
        raise InputRejected(
            _("The import file's header is not valid; nothing was imported."), problems
        )


class _Check:
    """Checks rows as they are read; yields the good cases only while no problem was found.

    Keeps the first MAX_PROBLEMS_SHOWN problems and counts the rest, one dict of the file's
    references (for duplicates) and one batch of rows: memory does not grow with the rows.
    """

    def __init__(
        self, store: CaseStore, header: list[str], today: date, progress: Progress | None
    ) -> None:
        self.store = store
        self.header = header
        self.today = today
        self.progress = progress
        self.problems: list[str] = []
        self.total = 0
        self.rows = 0
        self.first_row: dict[str, int] = {}

    def add(self, problems: list[str]) -> None:
        self.total += len(problems)
        room = MAX_PROBLEMS_SHOWN - len(self.problems)
        if room > 0:
            self.problems += problems[:room]

    def cases(self, rows: Rows) -> Iterator[NewCase]:
        """The good cases, in file order; raises InputRejected at the end if any row was bad
        (inside the writer's transaction, which is then rolled back)."""
        batch: list[tuple[int, NewCase | None, list[str]]] = []
        for number, cells in rows:
            batch.append(self._row(number, cells))
            if len(batch) >= CHECK_BATCH:
                yield from self._settle(batch)
                batch = []
        yield from self._settle(batch)
        if self.rows == 0:
            raise InputRejected(_("The import file has no data rows."))
        if self.progress is not None:
            self.progress("checked", self.rows)
        if self.total:
            raise self._rejection()

    def _row(self, number: int, cells: list[str]) -> tuple[int, NewCase | None, list[str]]:
        self.rows += 1
        if self.progress is not None and self.rows % 1000 == 0:
            self.progress("checked", self.rows)
        if len(cells) > len(self.header):
            problem = _("row %(row)d: more cells than columns in the header") % {"row": number}
            return number, None, [problem]
        values = dict(zip(self.header, cells + [""] * (len(self.header) - len(cells)), strict=True))
        case, problems = parse_row(number, values, self.today)
        reference = values.get("client_ref", "")
        if reference in self.first_row:
            problems.append(
                _("row %(row)d, column client_ref: the reference also occurs in row %(first)d")
                % {"row": number, "first": self.first_row[reference]}
            )
        elif reference:
            self.first_row[reference] = number
        return number, case, problems

    def _settle(self, batch: list[tuple[int, NewCase | None, list[str]]]) -> Iterator[NewCase]:
        # A client reference already in the vault is an error too (a new case for an existing
        # client is added in the app, where the coordinator sees whose file it is).
        existing = self.store.clients.existing_references(
            [case.client.reference for _, case, problems in batch if case and not problems]
        )
        for number, case, problems in batch:
            if case is not None and case.client.reference in existing:
                problems.append(
                    _("row %(row)d, column client_ref: a client with this reference already exists")
                    % {"row": number}
                )
            self.add(problems)
            if case is not None and not problems and not self.total:
                yield case

    def _rejection(self) -> InputRejected:
        shown = list(self.problems)
        if self.total > len(shown):
            message = _(
                "The import file has %(total)d problems (the first %(shown)d are listed); "
                "nothing was imported."
            ) % {"total": self.total, "shown": len(shown)}
            shown.append(
                ngettext(
                    "… and %(rest)d more problem",
                    "… and %(rest)d more problems",
                    self.total - len(shown),
                )
                % {"rest": self.total - len(shown)}
            )
        else:
            message = ngettext(
                "The import file has %(total)d problem; nothing was imported.",
                "The import file has %(total)d problems; nothing was imported.",
                self.total,
            ) % {"total": self.total}
        return InputRejected(message, shown)


def import_cases(
    store: CaseStore, path: Path, *, today: date | None = None, progress: Progress | None = None
) -> list[int]:
    """Check and write every row in one transaction, streaming; raise InputRejected listing the
    problems if any row is bad (and write nothing)."""
    today = today or store.today()
    header, rows = read_table(Path(path))
    try:
        check_header(header)
        check = _Check(store, header, today, progress)
        writer = BulkWriter(store.db, user=store.user, now=store.now(), audit=store.audit_sink)
        return writer.write(
            check.cases(rows),
            progress=None if progress is None else (lambda n: progress("written", n)),
        )
    finally:
        rows.close()  # the file, also when the header or a row was refused


def header_problems(
    header: Sequence[str], columns: Collection[str], required: Iterable[str]
) -> list[str]:
    """Every fault of an import file's header row (unknown, doubled or missing columns), named
    by position; a cell that is not a column name is not repeated (it may be a person's data).
    Shared by the case import and the location and control imports (issue 18)."""
    problems: list[str] = []
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if name not in columns:
            if _COLUMN_NAME.match(name):
                problems.append(
                    _("row 1, column %(position)d: unknown column '%(name)s'")
                    % {"position": position, "name": name}
                )
            else:
                problems.append(
                    _("row 1, column %(position)d: unknown column (not shown: not a column name)")
                    % {"position": position}
                )
        elif name in seen:
            problems.append(
                _("row 1, column %(position)d: column '%(name)s' appears twice")
                % {"position": position, "name": name}
            )
        seen.add(name)
    return problems + [
        _("row 1: the required column '%(column)s' is missing") % {"column": c}
        for c in required
        if c not in seen
    ]
