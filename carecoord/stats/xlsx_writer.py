"""The XLSX workbook: an explanation sheet in Dutch, then one cross-tab sheet per table.

A withheld number shows "–" (as on the statistics page and in the PDF report), explained on the
explanation sheet and under every table that has one.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from carecoord.stats.labels import advice_text
from carecoord.stats.period import Period
from carecoord.stats.release import Release, TableRelease
from carecoord.stats.tables import TOTAL
from carecoord.stats.text import SUPPRESSED_MARK, TOTAL_LABEL, explanation_nl

MAX_SHEET_NAME = 31


def _shown(value: int | None) -> int | str:
    return SUPPRESSED_MARK if value is None else value


def _label(code: str) -> str:
    return TOTAL_LABEL if code == TOTAL else code


def _table_sheet(workbook: Workbook, table: TableRelease) -> None:
    sheet = workbook.create_sheet(table.table_id[:MAX_SHEET_NAME])
    bold = Font(bold=True)
    sheet["A1"] = table.definition.title_nl
    sheet["A1"].font = bold
    values = {cell.coords: cell.value for cell in table.cells}
    names = table.dimension_names
    right = Alignment(horizontal="right")
    if len(names) == 1:
        sheet.cell(row=3, column=1, value=names[0]).font = bold
        sheet.cell(row=3, column=2, value="aantal").font = bold
        for offset, code in enumerate((*table.codes[0], TOTAL)):
            sheet.cell(row=4 + offset, column=1, value=_label(code))
            cell = sheet.cell(row=4 + offset, column=2, value=_shown(values[(code,)]))
            cell.alignment = right
    elif len(names) == 2:
        rows, cols = (*table.codes[0], TOTAL), (*table.codes[1], TOTAL)
        sheet.cell(row=3, column=1, value=f"{names[0]} \\ {names[1]}").font = bold
        for c, col in enumerate(cols):
            sheet.cell(row=3, column=2 + c, value=_label(col)).font = bold
        for r, row in enumerate(rows):
            sheet.cell(row=4 + r, column=1, value=_label(row)).font = bold
            for c, col in enumerate(cols):
                cell = sheet.cell(row=4 + r, column=2 + c, value=_shown(values[(row, col)]))
                cell.alignment = right
    else:  # more dimensions: the long form, as in the CSV
        for c, name in enumerate((*names, "aantal", "status")):
            sheet.cell(row=3, column=1 + c, value=name).font = bold
        for r, cell_data in enumerate(table.cells):
            for c, code in enumerate(cell_data.coords):
                sheet.cell(row=4 + r, column=1 + c, value=_label(code))
            sheet.cell(row=4 + r, column=1 + len(names), value=_shown(cell_data.value))
            sheet.cell(row=4 + r, column=2 + len(names), value=cell_data.published_status)
    if any(c.value is None for c in table.cells):
        # The legend under the table, where the reader of this sheet looks.
        sheet.cell(row=sheet.max_row + 2, column=1, value=f"{SUPPRESSED_MARK} = geheim.")
    sheet.column_dimensions["A"].width = 28


def workbook_bytes(release: Release, *, export_id: str, created_at: datetime) -> bytes:
    workbook = Workbook()
    info = workbook.active
    assert info is not None
    info.title = "Toelichting"
    info["A1"] = "Geanonimiseerde regionale cijfers mensenhandel"
    info["A1"].font = Font(bold=True, size=14)
    row = 3
    for line in explanation_nl(release):
        info.cell(row=row, column=1, value=line)
        row += 1
    if release.settings.mode == "round5":
        info.cell(row=row, column=1, value="Let op: afgeronde cijfers (basis 5).").font = Font(
            bold=True
        )
        row += 1
    row += 1
    info.cell(row=row, column=1, value=f"Export-id: {export_id}")
    info.cell(row=row + 1, column=1, value=f"Gemaakt: {created_at.isoformat()}")
    quarterly = Period.from_id(release.period_id).quarter is not None
    for table in release.tables:
        advice = advice_text(table, quarterly)
        if advice:
            row += 1
            info.cell(
                row=row + 2, column=1, value=f"Advies ({table.definition.title_nl}): {advice}"
            )
    info.column_dimensions["A"].width = 120
    for table in release.tables:
        _table_sheet(workbook, table)
    # Fixed document dates, so the same export gives the same workbook properties.
    workbook.properties.created = created_at.replace(tzinfo=None)
    workbook.properties.modified = created_at.replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _with_fixed_zip_times(buffer.getvalue(), created_at)


def _with_fixed_zip_times(data: bytes, when: datetime) -> bytes:
    """The same workbook gives the same bytes (and hash): zip entries carry the export's time, and
    so does the "modified" property, which openpyxl sets to the clock on every save."""
    modified = when.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + modified + rb"\g<2>",
                    content,
                )
            target.writestr(info, content)
    return out.getvalue()
