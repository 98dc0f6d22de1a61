"""The client access report: who opened, searched, printed or exchanged a client's file.

The access-log area (NEN 7513 display) builds an :class:`AccessReport` from the log and calls
:func:`render_access_report`; this module only lays it out. The client is named by the case
reference only: the report is handed to the client, who knows who they are.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from carecoord.letters.checks import require_letterhead, require_printable
from carecoord.letters.first_page import setup_report_page
from carecoord.letters.flowables import report_opening, ruled, table, text
from carecoord.letters.formatting import long_date, short_datetime
from carecoord.letters.layout import Page, build_pdf
from carecoord.letters.model import AccessReport
from carecoord.letters.page_style import TEXT_WIDTH, make_styles
from carecoord.letters.templates import load_labels


def render_access_report(report: AccessReport, *, templates_dir: Path | None = None) -> bytes:
    """PDF/A-2b bytes of the access report for one client, entries in time order."""
    letterhead = require_letterhead(report.letterhead)
    require_printable(report)
    language = report.language
    labels = load_labels(language, templates_dir)
    styles = make_styles()
    date_text = long_date(report.report_date, language)
    page = Page(
        labels=labels,
        styles=styles,
        organisation=letterhead.organisation,
        reference=report.client_reference,
        date_text=date_text,
    )
    setup_report_page(page, letterhead)
    story: list[Flowable] = [
        *report_opening(
            labels["access.heading"],
            labels,
            styles,
            Paragraph(text(report.client_reference), styles.body),
            Paragraph(text(date_text), styles.body),
        ),
        Paragraph(
            labels.fill(
                "access.intro",
                start=long_date(report.period_start, language),
                end=long_date(report.period_end, language),
            ),
            styles.body,
        ),
    ]
    entries = sorted(report.entries, key=lambda e: e.at)
    if not entries:
        story.append(Paragraph(text(labels["access.empty"]), styles.body))
    else:
        header = [
            Paragraph(f"<b>{text(labels[key])}</b>", styles.small)
            for key in (
                "access.when",
                "access.user",
                "access.action",
                "access.what",
                "access.workstation",
            )
        ]
        rows = [header]
        for entry in entries:
            who = entry.user + (f" ({entry.role})" if entry.role else "")
            action = entry.action + (f" – {labels['access.emergency']}" if entry.emergency else "")
            rows.append(
                [
                    Paragraph(text(short_datetime(entry.at, language)), styles.small),
                    Paragraph(text(who), styles.small),
                    Paragraph(text(action), styles.small),
                    Paragraph(text(entry.what), styles.small),
                    Paragraph(text(entry.workstation), styles.small),
                ]
            )
        widths = [30 * mm, 38 * mm, 32 * mm, TEXT_WIDTH - 130 * mm, 30 * mm]
        log_table = ruled(table(rows, widths), header=True)
        story.append(log_table)
    return build_pdf(
        story,
        page,
        title=f"{labels['access.title']} {report.client_reference}",
        author=letterhead.organisation,
        language=language,
        day=report.report_date,
    )
