"""A case summary for handing a client over to the care coordinator of another region.

Minimal by design: the coded facts the receiving coordinator needs (phase, forms of
exploitation, open referrals) and only the client details that were ticked. Sharing needs a
consent that covers the receiving organisation, or a recorded override, like a referral.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from carecoord.i18n import _
from carecoord.letters.blocks import (
    client_rows,
    consent_block,
    contact_line,
    label_value_table,
    signature,
)
from carecoord.letters.checks import (
    require_letterhead,
    require_printable,
    require_recipient,
    require_sharing_ground,
)
from carecoord.letters.first_page import setup_letter_page
from carecoord.letters.flowables import text
from carecoord.letters.formatting import long_date
from carecoord.letters.layout import Page, build_pdf
from carecoord.letters.model import ClientDetails, HandoverSummary
from carecoord.letters.page_style import make_styles
from carecoord.letters.templates import load_labels


def render_handover_summary(
    summary: HandoverSummary, *, templates_dir: Path | None = None
) -> bytes:
    """PDF/A-2b bytes of the handover summary, or InputRejected naming what is missing."""
    letterhead = require_letterhead(summary.letterhead)
    recipient = require_recipient(summary.recipient, _("The handover"))
    ground = require_sharing_ground(
        summary.consent,
        summary.override,
        recipient=recipient.organisation,
        purpose=None,
        on=summary.summary_date,
    )
    language = summary.language
    labels = load_labels(language, templates_dir)
    details = client_rows(summary.client, summary.selection, labels, language)
    require_printable(summary.model_copy(update={"client": ClientDetails()}), dict(details))
    styles = make_styles()
    date_text = long_date(summary.summary_date, language)
    heading = labels.fill("handover.heading", region=summary.to_region)
    rows = [
        (labels["date"], text(date_text)),
        (labels["our_reference"], text(summary.reference)),
        (labels["contact"], text(f"{letterhead.coordinator_name}, {contact_line(letterhead)}")),
        (labels["subject"], f"<b>{heading}</b>"),
    ]
    page = Page(
        labels=labels,
        styles=styles,
        organisation=letterhead.organisation,
        reference=summary.reference,
        date_text=date_text,
    )
    setup_letter_page(page, letterhead, recipient, rows)

    none = labels["handover.none"]
    facts = [
        (labels["handover.phase"], text(labels["phase_name." + summary.phase])),
        (
            labels["handover.forms"],
            text(
                ", ".join(labels["exploitation_form." + f] for f in summary.exploitation_forms)
                or none
            ),
        ),
        (
            labels["handover.open_referrals"],
            text(", ".join(labels["referral_type." + r] for r in summary.open_referrals) or none),
        ),
    ]
    if summary.notes.strip():
        facts.append((labels["handover.notes"], text(summary.notes.strip())))

    story: list[Flowable] = [
        Paragraph(text(labels["handover.intro"]), styles.body),
        Spacer(1, 2 * mm),
        label_value_table(facts, styles),
    ]
    if details:
        story.append(Paragraph(text(labels["client_heading"]), styles.heading))
        story.append(label_value_table(details, styles))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(text(labels["handover.closing"]), styles.body))
    story.append(consent_block(ground, recipient.organisation, labels, styles, language))
    story.append(Spacer(1, 6 * mm))
    closing = "Met vriendelijke groet," if language == "nl" else "Yours sincerely,"
    story.append(signature(letterhead, text(closing), styles))
    story.append(Paragraph(text(labels["handling_notice"]), styles.notice))
    return build_pdf(
        story,
        page,
        title=f"{labels['handover.title']} {summary.reference}",
        author=letterhead.organisation,
        language=language,
        day=summary.summary_date,
    )
