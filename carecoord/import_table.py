"""Reading an import file (CSV or XLSX) row by row, within limits fit for a case list.

The file comes from outside and may be malformed or hostile: every way it can fail to be read
becomes an :class:`InputRejected` with one clear line (exit 5), never a parser's exception, and
no row is held in memory beyond the one being read. The limits (documented in the README):

- a CSV line at most ``MAX_LINE_CHARS`` characters, a cell at most the csv module's field limit;
- an XLSX archive is refused before anything is unpacked when its declared sizes exceed
  ``MAX_XLSX_MEMBER_BYTES`` for one part (the sheet), ``MAX_XLSX_TOTAL_BYTES`` in all, or a part
  larger than 1 MB is compressed more than ``MAX_XLSX_RATIO`` : 1 (a zip bomb); zipfile never
  inflates a part beyond its declared size, so the declared sizes bound the memory;
- at most ``MAX_ROWS`` data rows and ``MAX_COLUMNS`` columns.

Messages never repeat the file's content: a cell can hold a name or a birth date.
"""

from __future__ import annotations

import csv
import itertools
import zipfile
from collections.abc import Callable, Generator, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from carecoord.errors import InputRejected
from carecoord.i18n import _

MAX_ROWS = 1_000_000
MAX_COLUMNS = 64
MAX_LINE_CHARS = 1 << 20
FIELD_LIMIT = 131_072  # the csv module's default, set explicitly so nothing else changes it
MAX_XLSX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_XLSX_TOTAL_BYTES = 400 * 1024 * 1024
MAX_XLSX_MEMBERS = 1_000
MAX_XLSX_RATIO = 100
_RATIO_FROM_BYTES = 1024 * 1024


class Rows(Iterator[tuple[int, list[str]]]):
    """The rows, and ``close()`` for the file also when they were never read (a generator's
    ``finally`` only runs once it has started)."""

    def __init__(
        self, rows: Generator[tuple[int, list[str]], None, None], close: Callable[[], None]
    ) -> None:
        self._rows = rows
        self._close = close

    def __next__(self) -> tuple[int, list[str]]:
        return next(self._rows)

    def close(self) -> None:
        self._rows.close()
        self._close()


def read_table(path: Path) -> tuple[list[str], Rows]:
    """The header and (row number, cells) for each non-empty data row; row 1 is the header.

    The rows are read lazily: an error further down the file is raised while iterating.
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise InputRejected(_("The import file must be .csv or .xlsx."))


def _too_many_rows() -> InputRejected:
    return InputRejected(
        _("The import file has more than %(limit)d rows; split it into smaller files.")
        % {"limit": MAX_ROWS}
    )


def _unreadable(exc: OSError) -> InputRejected:
    return InputRejected(
        _("The import file cannot be read (%(strerror)s).") % {"strerror": exc.strerror}
    )


# -- CSV ---------------------------------------------------------------------------------------


class _LineTooLong(Exception):
    pass


def _lines(handle: Any) -> Iterator[str]:
    """The file's lines, none longer than MAX_LINE_CHARS (a file without line breaks would
    otherwise be read whole into memory)."""
    while True:
        line = handle.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        if len(line) > MAX_LINE_CHARS:
            raise _LineTooLong
        yield line


def _read_csv(path: Path) -> tuple[list[str], Rows]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise _unreadable(exc) from exc
    try:
        lines = _lines(handle)
        first = next(lines, "")
    except (UnicodeDecodeError, _LineTooLong, OSError) as exc:
        handle.close()
        raise _csv_error(exc, 1) from exc
    # Dutch spreadsheet software writes ';'-separated CSV; the header tells which one it is.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError, _LineTooLong, OSError) as exc:
        handle.close()
        raise _csv_error(exc, 1) from exc
    if header is None:
        handle.close()
        raise InputRejected(_("The import file is empty."))

    def rows() -> Generator[tuple[int, list[str]], None, None]:
        number = 1
        try:
            while True:
                number += 1
                try:
                    cells = next(reader, None)
                except (csv.Error, UnicodeDecodeError, _LineTooLong, OSError) as exc:
                    raise _csv_error(exc, number) from exc
                if cells is None:
                    return
                if number > MAX_ROWS + 1:
                    raise _too_many_rows()
                if any(cells):
                    yield number, [c.strip() for c in cells]
        finally:
            handle.close()

    return [h.strip() for h in header], Rows(rows(), handle.close)


def _csv_error(exc: Exception, row: int) -> InputRejected:
    if isinstance(exc, UnicodeDecodeError):
        return InputRejected(
            _("The CSV file is not UTF-8 text; save it as 'CSV UTF-8' and try again.")
        )
    if isinstance(exc, _LineTooLong):
        return InputRejected(
            _("Row %(row)d of the CSV file is longer than %(limit)d characters.")
            % {"row": row, "limit": MAX_LINE_CHARS}
        )
    if isinstance(exc, OSError):
        return _unreadable(exc)
    if "field larger than field limit" in str(exc):
        return InputRejected(
            _("Row %(row)d of the CSV file has a cell longer than %(limit)d characters.")
            % {"row": row, "limit": FIELD_LIMIT}
        )
    # The csv module's other errors are about quotes and line breaks; its text names no value.
    return InputRejected(
        _("Row %(row)d of the CSV file is not valid CSV (check its quotes).") % {"row": row}
    )


# -- XLSX --------------------------------------------------------------------------------------


def _not_a_workbook() -> InputRejected:
    return InputRejected(_("The XLSX file cannot be read as a workbook."))


def check_archive(path: Path) -> None:
    """Refuse an XLSX archive whose declared sizes are too large, before anything is unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except OSError as exc:
        raise _unreadable(exc) from exc
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise _not_a_workbook() from exc
    total = sum(m.file_size for m in members)
    too_compressed = any(
        m.file_size > _RATIO_FROM_BYTES and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if (
        len(members) > MAX_XLSX_MEMBERS
        or total > MAX_XLSX_TOTAL_BYTES
        or any(m.file_size > MAX_XLSX_MEMBER_BYTES for m in members)
        or too_compressed
    ):
        raise InputRejected(
            _(
                "The XLSX file would unpack to more than a case list needs (at most %(limit)d MB "
                "per sheet, compressed at most %(ratio)d:1); it was not opened."
            )
            % {"limit": MAX_XLSX_MEMBER_BYTES // (1024 * 1024), "ratio": MAX_XLSX_RATIO}
        )
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise _not_a_workbook()


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


def _open_workbook(path: Path) -> tuple[Any, Callable[[], None]]:
    """The workbook in read-only (streaming) mode and the function that closes it."""
    import openpyxl

    check_archive(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _unreadable(exc) from exc
    # openpyxl parses a file from outside: whatever it raises on malformed input (zip, XML,
    # defusedxml's refusal of entities, its own descriptors' TypeErrors) means "not readable".
    # openpyxl uses defusedxml when it is installed (a dependency, pyproject.toml).
    try:
        # Our own handle: openpyxl leaves its file open when loading fails.
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except OSError as exc:
        handle.close()
        raise _unreadable(exc) from exc
    except Exception as exc:
        handle.close()
        raise _not_a_workbook() from exc

    def close() -> None:
        book.close()
        handle.close()

    return book, close


def _read_xlsx(path: Path) -> tuple[list[str], Rows]:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    book, close = _open_workbook(path)
    try:
        # DESIGN.md §5: the first sheet; a chart sheet there is not a table of cases.
        first = book[book.sheetnames[0]] if book.sheetnames else None
        if not isinstance(first, ReadOnlyWorksheet):
            raise InputRejected(
                _("The workbook's first sheet is not a table (it is a chart or missing).")
            )
        values = first.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header_row = next(values, None)
    except InputRejected:
        close()
        raise
    except Exception as exc:
        close()
        raise _sheet_error(1) from exc
    if header_row is None:
        close()
        raise InputRejected(_("The import file is empty."))
    header = _trimmed([_cell(v) for v in header_row])

    def rows() -> Generator[tuple[int, list[str]], None, None]:
        number = 1
        try:
            while True:
                number += 1
                try:
                    row = next(values, None)
                except Exception as exc:
                    raise _sheet_error(number) from exc
                if row is None:
                    return
                if number > MAX_ROWS + 1:
                    raise _too_many_rows()
                cells = _trimmed([_cell(v) for v in row])
                if cells:
                    yield number, cells
        finally:
            close()

    return header, Rows(rows(), close)


def _trimmed(cells: list[str]) -> list[str]:
    """Without the empty cells at the end, which read-only mode adds up to the sheet's width."""
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _sheet_error(row: int) -> InputRejected:
    return InputRejected(
        _(
            "The first sheet of the XLSX file cannot be read from row %(row)d on (it is "
            "truncated, damaged or holds XML entities)."
        )
        % {"row": row}
    )
