"""Malformed and hostile import files, made for real (issue 12), shared by core and CLI tests."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference

from carecoord.case_import import COLUMNS

HEADER = ",".join(COLUMNS)
ROW = "CL-{n},Maria,Popescu,1995-03-01,female,RO,GM0363,2025-01-10,police,sexual,,,"
ENTITIES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<!DOCTYPE worksheet [<!ENTITY a "Popescu Popescu Popescu ">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def huge_cell(folder: Path) -> Path:
    return _csv(
        folder / "huge-cell.csv", HEADER + "\nCL-1," + "Maria" * 40_000 + ",,,,,,2025-01-01\n"
    )


def huge_quoted_cell(folder: Path) -> Path:
    """A cell beyond the field limit spread over many short lines (an unclosed quote)."""
    return _csv(folder / "open-quote.csv", HEADER + '\nCL-1,"Maria\n' + "Popescu\n" * 30_000)


def line_without_breaks(folder: Path) -> Path:
    return _csv(folder / "one-line.csv", HEADER + "\n" + ",".join(["Maria"] * 300_000) + "\n")


def not_utf8_further_down(folder: Path) -> Path:
    """Good UTF-8 rows first (more than one read buffer), then a Latin-1 name."""
    rows = [ROW.format(n=n) for n in range(3000)] + ["CL-X,Jos\xe9,Popescu,,,,,2025-01-01"]
    path = folder / "latin1.csv"
    path.write_bytes((HEADER + "\n" + "\n".join(rows) + "\n").encode("latin-1"))
    return path


def _workbook(folder: Path, name: str = "good.xlsx") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(["X-1", "Maria", "Popescu", "1995-03-01", "female"] + [None] * 2 + ["2025-01-01"])
    path = folder / name
    book.save(path)
    return path


def _rewrite(source: Path, target: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, change(data) if info.filename == member else data)
    return target


def _body(xml: bytes) -> bytes:
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def truncated_sheet(folder: Path) -> Path:
    return _rewrite(
        _workbook(folder), folder / "truncated.xlsx", "xl/worksheets/sheet1.xml",
        lambda xml: xml[: len(xml) * 2 // 3],
    )  # fmt: skip


def truncated_archive(folder: Path) -> Path:
    data = _workbook(folder).read_bytes()
    path = folder / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def entity_sheet(folder: Path) -> Path:
    return _rewrite(
        _workbook(folder), folder / "entities.xlsx", "xl/worksheets/sheet1.xml",
        lambda xml: ENTITIES + _body(xml).replace(b"Popescu", b"&c;"),
    )  # fmt: skip


def chartsheet_first(folder: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(["X-1"] + [None] * 6 + ["2025-01-01"])
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=1, min_row=1, max_row=2))
    book.create_chartsheet(index=0).add_chart(chart)
    path = folder / "chart-first.xlsx"
    book.save(path)
    return path


def only_a_chartsheet(folder: Path) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    book.create_chartsheet().add_chart(BarChart())
    book.remove(first)
    path = folder / "chart-only.xlsx"
    book.save(path)
    return path


def zip_not_a_workbook(folder: Path) -> Path:
    path = folder / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday.txt", "Maria Popescu 1995-03-01")
    return path


def zip_bomb(folder: Path) -> Path:
    """A sheet that declares 150 MB of XML compressed to ~150 KB (a ratio of 1000:1)."""
    path = folder / "bomb.xlsx"
    source = _workbook(folder)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with zout.open(info.filename, "w", force_zip64=True) as member:
                    member.write(b"<worksheet>")
                    block = b"<row/>" * 100_000
                    for _ in range(250):
                        member.write(block)
                    member.write(b"</worksheet>")
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    return path


MALFORMED: dict[str, Callable[[Path], Path]] = {
    "cell beyond the field limit": huge_cell,
    "unclosed quote": huge_quoted_cell,
    "line without line breaks": line_without_breaks,
    "not UTF-8 after 3000 rows": not_utf8_further_down,
    "truncated sheet": truncated_sheet,
    "truncated archive": truncated_archive,
    "entities in the sheet": entity_sheet,
    "chartsheet first": chartsheet_first,
    "only a chartsheet": only_a_chartsheet,
    "zip that is not a workbook": zip_not_a_workbook,
    "zip bomb": zip_bomb,
}
