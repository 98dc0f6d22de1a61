"""The answer to an access request (AVG art. 15) as a PDF/A: everything held about one client.

The subject-export code (:mod:`carecoord.retention.subject_export`) flattens the records into
titled sections of label/value rows; this module only lays them out, with the same page
machinery as the letters. Text the letter font cannot show is replaced by '?' with a note, not
refused: the client has a right to the overview, and the JSON beside it keeps the exact text.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from carecoord.letters.first_page import setup_report_page
from carecoord.letters.flowables import report_opening, ruled, table, text
from carecoord.letters.fonts import unprintable
from carecoord.letters.formatting import long_date, short_datetime
from carecoord.letters.layout import Page, build_pdf
from carecoord.letters.model import AccessEntry, Language
from carecoord.letters.page_style import TEXT_WIDTH, make_styles
from carecoord.letters.templates import load_labels


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


class SubjectRow(_Model):
    label: str
    value: str


class SubjectSection(_Model):
    """``kind`` names the heading label (client, identity_history, consents, case,
    organisations, documents); ``title`` is added after it (e.g. the case reference)."""

    kind: str
    title: str = ""
    rows: tuple[SubjectRow, ...] = ()


class SubjectReport(_Model):
    language: Language = "nl"
    report_date: dt.date
    organisation: str = ""
    client_reference: str
    sections: tuple[SubjectSection, ...] = ()
    documents: tuple[SubjectRow, ...] = ()
    entries: tuple[AccessEntry, ...] = ()


def _clean(value: str) -> tuple[str, bool]:
    missing = unprintable(value)
    if not missing:
        return value, False
    return "".join("?" if ch in missing else ch for ch in value), True


def render_subject_report(report: SubjectReport) -> bytes:
    """PDF/A-2b bytes of the whole overview for one client."""
    language = report.language
    labels = load_labels(language)
    styles = make_styles()
    date_text = long_date(report.report_date, language)
    page = Page(
        labels=labels,
        styles=styles,
        organisation=report.organisation,
        reference=report.client_reference,
        date_text=date_text,
    )
    setup_report_page(page, None)
    replaced = False

    def cell(value: str, style: object) -> Paragraph:
        nonlocal replaced
        shown, changed = _clean(value)
        replaced = replaced or changed
        return Paragraph(text(shown), style)

    story: list[Flowable] = [
        *report_opening(
            labels["subject_access.heading"],
            labels,
            styles,
            cell(report.client_reference, styles.body),
            cell(date_text, styles.body),
        ),
        Paragraph(text(labels.fill("subject_access.intro", date=date_text)), styles.body),
    ]
    note_at = len(story)
    wide = 50 * mm
    for section in (
        *report.sections,
        SubjectSection(kind="documents", rows=report.documents),
    ):
        story.append(Spacer(1, 4 * mm))
        heading = labels[f"subject_access.{section.kind}"]
        story.append(cell(f"{heading} {section.title}".strip(), styles.heading))
        if not section.rows:
            story.append(Paragraph(text(labels["subject_access.none"]), styles.body))
            continue
        rows = [[cell(r.label, styles.small), cell(r.value, styles.small)] for r in section.rows]
        story.append(ruled(table(rows, [wide, TEXT_WIDTH - wide])))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(text(labels["subject_access.log"]), styles.heading))
    entries = sorted(report.entries, key=lambda e: e.at)
    if not entries:
        story.append(Paragraph(text(labels["access.empty"]), styles.body))
    else:
        header = [
            Paragraph(f"<b>{text(labels[key])}</b>", styles.small)
            for key in ("access.when", "access.user", "access.action", "access.what")
        ]
        log_rows = [header] + [
            [
                Paragraph(text(short_datetime(e.at, language)), styles.small),
                cell(e.user, styles.small),
                cell(e.action, styles.small),
                cell(e.what, styles.small),
            ]
            for e in entries
        ]
        widths = [32 * mm, 38 * mm, 40 * mm, TEXT_WIDTH - 110 * mm]
        story.append(ruled(table(log_rows, widths), header=True))
    if replaced:
        story.insert(note_at, Paragraph(text(labels["subject_access.replaced"]), styles.small))
    return build_pdf(
        story,
        page,
        title=f"{labels['subject_access.title']} {report.client_reference}",
        author=report.organisation or "CareCoord",
        language=language,
        day=report.report_date,
    )
