"""The printed recovery key sheet for a vault's first run.

It says what the key is for and where to keep it, with the date; it deliberately cannot show
where the vault is (the model has no such field): a lost sheet should not lead anyone to it.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer

from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters.checks import require_printable
from carecoord.letters.first_page import draw_confidential_mark
from carecoord.letters.flowables import table, text
from carecoord.letters.formatting import long_date
from carecoord.letters.layout import Page, build_pdf
from carecoord.letters.model import RecoverySheet
from carecoord.letters.page_style import LABEL_WIDTH, TEXT_WIDTH, make_styles
from carecoord.letters.templates import load_labels

GROUPS_PER_LINE = 4


def _key_groups(recovery_key: str) -> list[str]:
    groups = [g for g in recovery_key.strip().upper().split("-") if g]
    if len(groups) < 2 or any(not g.isalnum() for g in groups):
        raise InputRejected(
            _("The recovery key to print is not in its grouped form (XXXXX-XXXXX-…).")
        )
    return groups


def render_recovery_sheet(sheet: RecoverySheet) -> bytes:
    """PDF/A-2b bytes of the recovery key sheet (kept in memory; print it, don't save it)."""
    groups = _key_groups(sheet.recovery_key)
    require_printable(sheet)
    labels = load_labels(sheet.language)
    styles = make_styles()
    date_text = long_date(sheet.created_on, sheet.language)
    organisation = sheet.organisation.strip() or "CareCoord"
    page = Page(
        labels=labels,
        styles=styles,
        organisation=organisation,
        reference="",
        date_text=date_text,
        first_frame_top=30 * mm,
    )

    def first_page(canvas: Canvas) -> None:
        draw_confidential_mark(canvas, labels, 12 * mm)

    page.first_page = first_page

    key_rows: list[list[Flowable]] = []
    index_style = styles.label
    for start in range(0, len(groups), GROUPS_PER_LINE):
        line = groups[start : start + GROUPS_PER_LINE]
        key_rows.append([Paragraph(str(start + i + 1), index_style) for i in range(len(line))])
        key_rows.append([Paragraph(text(group), styles.mono_key) for group in line])
    column = TEXT_WIDTH / GROUPS_PER_LINE
    key_table = table(key_rows, [column] * GROUPS_PER_LINE, box=True)

    facts = [
        [
            Paragraph(text(labels["recovery.created"]), styles.label),
            Paragraph(text(date_text), styles.body),
        ]
    ]
    if sheet.organisation.strip():
        facts.append(
            [
                Paragraph(text(labels["recovery.organisation"]), styles.label),
                Paragraph(text(sheet.organisation.strip()), styles.body),
            ]
        )
    story: list[Flowable] = [
        Paragraph(text(labels["recovery.heading"]), styles.title),
        Paragraph(text(labels["recovery.intro"]), styles.body),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>{text(labels['recovery.key_label'])}</b>", styles.heading),
        key_table,
        Spacer(1, 5 * mm),
        table(facts, [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH], labels=True),
        Paragraph(text(labels["recovery.keep_heading"]), styles.heading),
    ]
    for item in ("keep_1", "keep_2", "keep_3"):
        story.append(
            Paragraph(
                text(labels[f"recovery.{item}"]),
                styles.bullet,
                bulletText="•",
            )
        )
    story += [
        Paragraph(text(labels["recovery.use_heading"]), styles.heading),
        Paragraph(text(labels["recovery.use_text"]), styles.body),
    ]
    return build_pdf(
        story,
        page,
        title=labels["recovery.title"],
        author=organisation,
        language=sheet.language,
        day=sheet.created_on,
    )
