"""Turn ReportLab's output into validated, byte-reproducible PDF/A-2b, entirely in memory.

Why not ``pikepdf.pdfa.save``: written to a stream it goes through ``tempfile.TemporaryFile``,
a plaintext copy of the letter on disk (a named file on Windows). So we call ``prepare``, save
into a ``BytesIO`` with the settings ``resolve_save_kwargs`` pins, and validate those bytes with
``validate_written`` on a ``BytesIO``.

Why the metadata fix-up: ``prepare`` stamps ``xmp:MetadataDate`` with the current time and
the file ID is random unless asked otherwise, so two renders of the same letter would differ.
We date everything (DocInfo, XMP create/modify/metadata dates) with the document's own date
and save with ``deterministic_id=True`` (an ID computed from the content).
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pikepdf
from pikepdf import Name, Pdf
from pikepdf.pdfa import prepare, resolve_save_kwargs, validate_written

from carecoord.errors import CareCoordError
from carecoord.i18n import _

FLAVOUR = "2b"
CREATOR = "CareCoord"

_METADATA_DATE = re.compile(
    rb"(<xmp:MetadataDate>)[^<]*(</xmp:MetadataDate>)|(xmp:MetadataDate=\")[^\"]*(\")"
)


class PdfaFailed(CareCoordError):
    """The produced file did not pass PDF/A validation: a programming error, never user input."""


def _pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000+00'00'"


def _xmp_date(day: dt.date) -> bytes:
    return f"{day:%Y-%m-%d}T00:00:00+00:00".encode()


def _pin_metadata_date(pdf: Pdf, day: dt.date) -> None:
    stream = pdf.Root.Metadata
    packet = stream.read_bytes()
    stamp = _xmp_date(day)

    def replace(match: re.Match[bytes]) -> bytes:
        if match.group(1) is not None:
            return match.group(1) + stamp + match.group(2)
        return match.group(3) + stamp + match.group(4)

    pinned, count = _METADATA_DATE.subn(replace, packet)
    if count != 1:  # pragma: no cover - would mean pikepdf changed its packet layout
        raise PdfaFailed(_("Could not fix the PDF metadata date; the document was not produced."))
    stream.write(pinned)


def finalise(
    raw: bytes, *, title: str, author: str, lang: str, day: dt.date, validate: bool = True
) -> bytes:
    """PDF/A-2b bytes from ReportLab bytes; same input, same output, byte for byte."""
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        for page in pdf.pages:
            # ReportLab writes an empty page transition dict on every page; it serves nothing.
            if Name.Trans in page.obj:
                del page.obj[Name.Trans]
        pdf.Root.Lang = pikepdf.String(lang)
        info = pdf.docinfo
        for key in list(info.keys()):
            del info[key]
        info[Name.Title] = pikepdf.String(title)
        info[Name.Author] = pikepdf.String(author)
        info[Name.Creator] = pikepdf.String(CREATOR)
        info[Name.CreationDate] = pikepdf.String(_pdf_date(day))
        info[Name.ModDate] = pikepdf.String(_pdf_date(day))
        # The XMP packet is rebuilt from scratch, from DocInfo, so nothing of ReportLab's stays.
        if Name.Metadata in pdf.Root:
            del pdf.Root[Name.Metadata]
        prepare(pdf, FLAVOUR)
        _pin_metadata_date(pdf, day)
        settings = resolve_save_kwargs(FLAVOUR, deterministic_id=True)
        out = io.BytesIO()
        pdf.save(out, **settings)
    data = out.getvalue()
    if validate:
        report = validate_written(io.BytesIO(data), FLAVOUR, save_kwargs=settings)
        if not report.passed:
            rules = sorted({finding.rule for finding in report.findings})
            raise PdfaFailed(
                _(
                    "The document did not pass PDF/A-2b validation (rules %(rules)s); "
                    "nothing was written."
                )
                % {"rules": ", ".join(rules[:8])}
            )
    return data
