"""Reading produced PDFs in tests: text per page (QtPdf), fonts and metadata (pikepdf)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

BASE14 = {
    "Courier",
    "Courier-Bold",
    "Courier-BoldOblique",
    "Courier-Oblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-BoldOblique",
    "Helvetica-Oblique",
    "Symbol",
    "Times-Bold",
    "Times-BoldItalic",
    "Times-Italic",
    "Times-Roman",
    "ZapfDingbats",
}


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page as QtPdf extracts it (the renderer the app prints with)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    texts = [document.getAllText(i).text() for i in range(document.pageCount())]
    document.close()
    return texts


def all_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


@dataclass
class FontUse:
    base_font: str
    subtype: str
    embedded: bool


def fonts_used(pdf: bytes) -> list[FontUse]:
    """Every font dictionary reachable from any page, including Type0 descendants."""
    found: dict[tuple[int, int], FontUse] = {}

    def visit(font: pikepdf.Object) -> None:
        key = font.objgen
        if key in found and key != (0, 0):
            return
        descriptor = font.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        found[key if key != (0, 0) else (len(found), -1)] = FontUse(
            str(font.get("/BaseFont", "")), str(font.get("/Subtype", "")), embedded
        )
        for child in font.get("/DescendantFonts", []):
            visit(child)

    def walk_resources(resources: pikepdf.Object | None) -> None:
        if resources is None:
            return
        for font in resources.get("/Font", {}).values():
            visit(font)
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form":
                walk_resources(xobject.get("/Resources"))

    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            walk_resources(page.obj.get("/Resources"))
        # Fonts hidden anywhere else in the file count too.
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                visit(obj)
    return list(found.values())


def strip_subset(name: str) -> str:
    name = name.lstrip("/")
    if len(name) > 7 and name[6] == "+" and name[:6].isupper():
        return name[7:]
    return name
