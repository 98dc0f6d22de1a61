"""``carecoord locations import FILE`` and ``carecoord controls import FILE`` (issue 18).

Municipalities keep their risk locations and controls in spreadsheets today. Both imports read a
CSV or XLSX file through :mod:`carecoord.import_table` (its limits against hostile files apply),
check every row as the case import does (:mod:`carecoord.case_import`: row, column and reason for
each problem, never a cell's content, the allowed codes for a code column) and write all rows in
one transaction, or none. A register is small: at most ``MAX_ROWS`` rows, checked whole before
anything is written. The columns are documented in the README ("Importing risk locations and
controls").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from carecoord.case_import import (
    _CONTROL,
    MAX_PROBLEMS_SHOWN,
    _date,
    _not_a_code,
    _Row,
    header_problems,
)
from carecoord.domain.client import REFERENCE_PATTERN
from carecoord.domain.codelists import codelist
from carecoord.domain.location import (
    ADDRESS_MAX,
    NAME_MAX,
    REASON_MAX,
    LocationControl,
    RiskLocation,
)
from carecoord.domain.municipalities import is_municipality, municipalities
from carecoord.errors import InputRejected
from carecoord.i18n import _, ngettext
from carecoord.import_table import read_table
from carecoord.store.case_store import CaseStore

MAX_ROWS = 100_000

LOCATION_COLUMNS = (
    "reference",
    "name",
    "location_type",
    "municipality",
    "address",
    "sector",
    "indicators",
    "first_seen",
    "last_seen",
    "status",
)
LOCATION_REQUIRED = ("name", "municipality", "first_seen")
CONTROL_COLUMNS = (
    "location_ref",
    "control_date",
    "control_by",
    "reason",
    "outcome",
    "follow_ups",
)
CONTROL_REQUIRED = ("location_ref", "control_date", "control_by", "outcome")


def _rejection(problems: list[str], total: int) -> InputRejected:
    shown = list(problems)
    if total > len(shown):
        message = _(
            "The import file has %(total)d problems (the first %(shown)d are listed); "
            "nothing was imported."
        ) % {"total": total, "shown": len(shown)}
        shown.append(
            ngettext(
                "… and %(rest)d more problem", "… and %(rest)d more problems", total - len(shown)
            )
            % {"rest": total - len(shown)}
        )
    else:
        message = ngettext(
            "The import file has %(total)d problem; nothing was imported.",
            "The import file has %(total)d problems; nothing was imported.",
            total,
        ) % {"total": total}
    return InputRejected(message, shown)


def check_header(header: list[str], columns: Sequence[str], required: Sequence[str]) -> None:
    """As the case import's header check, for these columns."""
    named = [name for name in header if name]
    if len([n for n in named if n in columns]) * 2 < len(named):
        raise InputRejected(
            _(
                "The first row of the import file is not a header row (it names too few of the "
                "columns); nothing was imported. The first row must name the columns: %(columns)s."
            )
            % {"columns": ", ".join(columns)}
        )
    problems = header_problems(header, columns, required)
    if problems:
        raise InputRejected(
            _("The import file's header is not valid; nothing was imported."), problems
        )


def _code(row: _Row, column: str, list_name: str, value: str, default: str) -> str:
    if not value:
        return default
    if value not in codelist(list_name):
        row.bad(column, _not_a_code(list_name))
    return value


def _codes(row: _Row, column: str, list_name: str, value: str) -> tuple[str, ...]:
    found = tuple(v.strip() for v in value.split(";") if v.strip())
    for position, code in enumerate(found, start=1):
        if code not in codelist(list_name):
            row.bad(
                column,
                _("code %(position)d: %(reason)s")
                % {"position": position, "reason": _not_a_code(list_name)},
            )
    return found


def _text(row: _Row, column: str, value: str, limit: int, *, required: bool = False) -> str:
    if required and not value:
        row.bad(column, _("a value is required"))
    elif len(value) > limit:
        row.bad(column, _("longer than %(limit)d characters") % {"limit": limit})
    elif _CONTROL.search(value):
        row.bad(column, _("contains a control character (such as a terminal escape)"))
    return value


def _reference(row: _Row, column: str, value: str) -> None:
    if value and not re.match(REFERENCE_PATTERN, value):
        row.bad(
            column, _("use 1 to 40 letters, digits and . _ / -, starting with a letter or digit")
        )


@cache
def _by_name() -> dict[str, str]:
    return {m.name.casefold(): code for code, m in municipalities().items()}


def municipality_code(value: str) -> str | None:
    """A CBS code, or a municipality's name as spreadsheets write it (any case)."""
    if is_municipality(value.upper()):
        return value.upper()
    return _by_name().get(value.strip().casefold())


def parse_location(number: int, cells: dict[str, str], today: date) -> tuple[Any, list[str]]:
    row = _Row(number, [])
    reference = cells.get("reference", "")
    _reference(row, "reference", reference)
    name = _text(row, "name", cells.get("name", ""), NAME_MAX, required=True)
    address = _text(row, "address", cells.get("address", ""), ADDRESS_MAX)
    municipality = None
    if not cells.get("municipality"):
        row.bad("municipality", _("a municipality is required"))
    else:
        municipality = municipality_code(cells["municipality"])
        if municipality is None:
            row.bad(
                "municipality",
                _("not a municipality: use its CBS code (such as GM0363) or its name"),
            )
    first = _date(row, "first_seen", cells.get("first_seen", ""), today=today)
    if not cells.get("first_seen"):
        row.bad("first_seen", _("a date is required"))
    last = _date(row, "last_seen", cells.get("last_seen", ""), today=today) or first
    if first is not None and last is not None and last < first:
        row.bad("last_seen", _("lies before first_seen"))
    values = {
        "location_type": _code(
            row, "location_type", "location_type", cells.get("location_type", ""), "unknown"
        ),
        "sector": _code(row, "sector", "sector", cells.get("sector", ""), "unknown"),
        "status": _code(row, "status", "location_status", cells.get("status", ""), "watch"),
        "indicators": _codes(row, "indicators", "location_indicator", cells.get("indicators", "")),
    }
    if row.problems:
        return None, row.problems
    return _model(
        row,
        RiskLocation,
        {
            "reference": reference or None,
            "name": name,
            "address": address or None,
            "municipality": municipality,
            "first_seen": first,
            "last_seen": last,
            # An imported closed location is closed on the day it was last seen.
            "closed_on": last if values["status"] == "closed" else None,
            **values,
        },
    )


def parse_control(number: int, cells: dict[str, str], today: date) -> tuple[Any, list[str]]:
    row = _Row(number, [])
    reference = cells.get("location_ref", "")
    if not reference:
        row.bad("location_ref", _("the location's reference is required"))
    _reference(row, "location_ref", reference)
    day = _date(row, "control_date", cells.get("control_date", ""), today=today)
    if not cells.get("control_date"):
        row.bad("control_date", _("a date is required"))
    by, outcome = cells.get("control_by", ""), cells.get("outcome", "")
    for column, list_name, value in (
        ("control_by", "control_by", by),
        ("outcome", "control_outcome", outcome),
    ):
        if not value:
            row.bad(
                column,
                _("a code is required; use one of: %(codes)s")
                % {"codes": ", ".join(codelist(list_name).values)},
            )
        elif value not in codelist(list_name):
            row.bad(column, _not_a_code(list_name))
    follow_ups = _codes(row, "follow_ups", "control_follow_up", cells.get("follow_ups", ""))
    if "none" in follow_ups and len(set(follow_ups)) > 1:
        row.bad("follow_ups", _("'none' cannot be combined with another follow-up"))
    reason = _text(row, "reason", cells.get("reason", ""), REASON_MAX)
    if row.problems:
        return None, row.problems
    # The location id is filled in once the references are looked up (location_id 0 until then).
    return _model(
        row,
        LocationControl,
        {
            "location_id": 0,
            "control_date": day,
            "control_by": by,
            "outcome": outcome,
            "follow_ups": follow_ups,
            "reason": reason or None,
        },
    )


def _model(row: _Row, model: Any, values: dict[str, Any]) -> tuple[Any, list[str]]:
    try:
        return model.model_validate(values), []
    except ValidationError as exc:  # hide_input_in_errors: the messages name no cell content
        for error in exc.errors():
            column = str(error["loc"][0]) if error["loc"] else "-"
            row.bad(column, str(error["msg"]))
        return None, row.problems


Parser = Callable[[int, dict[str, str], date], tuple[Any, list[str]]]


def _read(
    path: Path, columns: Sequence[str], required: Sequence[str], parse: Parser, today: date
) -> tuple[list[tuple[int, Any, dict[str, str]]], list[str], int]:
    """Every row parsed: (row number, model or None, cells), the problems shown and the total."""
    header, rows = read_table(Path(path))
    try:
        check_header(header, columns, required)
        parsed: list[tuple[int, Any, dict[str, str]]] = []
        problems: list[str] = []
        total = 0
        for count, (number, cells) in enumerate(rows, start=1):
            if count > MAX_ROWS:
                raise InputRejected(
                    _("The import file has more than %(limit)d rows; split it into smaller files.")
                    % {"limit": MAX_ROWS}
                )
            if len(cells) > len(header):
                found = [_("row %(row)d: more cells than columns in the header") % {"row": number}]
                values: dict[str, str] = {}
                item = None
            else:
                values = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
                item, found = parse(number, values, today)
            total += len(found)
            problems += found[: max(0, MAX_PROBLEMS_SHOWN - len(problems))]
            parsed.append((number, item, values))
    finally:
        rows.close()
    if not parsed:
        raise InputRejected(_("The import file has no data rows."))
    return parsed, problems, total


def import_locations(store: CaseStore, path: Path, *, today: date | None = None) -> list[int]:
    """Every row a risk location, all in one transaction; InputRejected lists every problem."""
    today = today or store.today()
    parsed, problems, total = _read(
        path, LOCATION_COLUMNS, LOCATION_REQUIRED, parse_location, today
    )
    first: dict[str, int] = {}
    references = [v.get("reference", "") for _n, _i, v in parsed]
    existing = store.locations.ids_of_references(r for r in references if r)
    for (number, _item, _values), reference in zip(parsed, references, strict=True):
        found = []
        if reference in first:
            found.append(
                _("row %(row)d, column reference: the reference also occurs in row %(first)d")
                % {"row": number, "first": first[reference]}
            )
        elif reference:
            first[reference] = number
        if reference in existing:
            found.append(
                _("row %(row)d, column reference: a location with this reference already exists")
                % {"row": number}
            )
        total += len(found)
        problems += found[: max(0, MAX_PROBLEMS_SHOWN - len(problems))]
    if total:
        raise _rejection(problems, total)
    return store.locations.add_many(item for _n, item, _v in parsed)


def import_controls(store: CaseStore, path: Path, *, today: date | None = None) -> list[int]:
    """Every row a control at a location of the register (by its reference), all or none."""
    today = today or store.today()
    parsed, problems, total = _read(path, CONTROL_COLUMNS, CONTROL_REQUIRED, parse_control, today)
    ids = store.locations.ids_of_references(
        v.get("location_ref", "") for _n, _i, v in parsed if v.get("location_ref")
    )
    controls = []
    for number, item, values in parsed:
        reference = values.get("location_ref", "")
        if reference and reference not in ids:
            total += 1
            if len(problems) < MAX_PROBLEMS_SHOWN:
                problems.append(
                    _("row %(row)d, column location_ref: no risk location has this reference")
                    % {"row": number}
                )
        elif item is not None:
            controls.append(item.model_copy(update={"location_id": ids[reference]}))
    if total:
        raise _rejection(problems, total)
    return store.locations.record_controls(controls)
