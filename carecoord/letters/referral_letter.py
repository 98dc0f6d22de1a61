"""The referral letter: checked first, then laid out; PDF/A-2b bytes, nothing on disk."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

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
from carecoord.letters.model import ClientDetails, LetterRequest
from carecoord.letters.page_style import make_styles
from carecoord.letters.templates import Labels, fill, load_labels, load_template


def document_title(labels: Labels, reference: str) -> str:
    """Neutral metadata: the kind of document and the reference, never a client's name."""
    return f"{labels['title']} {reference}"


def render_referral_letter(request: LetterRequest, *, templates_dir: Path | None = None) -> bytes:
    """PDF/A-2b bytes of the letter, or InputRejected naming what is missing (nothing written).

    Pure function of ``request`` (and the template files): the same input gives the same bytes.
    """
    letterhead = require_letterhead(request.letterhead)
    referral = request.referral
    recipient = require_recipient(referral.recipient)
    ground = require_sharing_ground(
        request.consent,
        request.override,
        recipient=recipient.organisation,
        purpose=referral.type_code,
        on=request.letter_date,
    )
    language = request.language
    labels = load_labels(language, templates_dir)
    template = load_template(referral.template_name, language, templates_dir)
    client = request.client
    rows = client_rows(client, request.selection, labels, language)
    # Only what is printed must be printable: an unticked field never blocks a letter.
    require_printable(request.model_copy(update={"client": ClientDetails()}), dict(rows))
    styles = make_styles()

    client_label = (
        client.full_name
        if request.selection.full_name and client.full_name
        else client.initials or "–"
    )
    values = {
        "client": client_label,
        "recipient": recipient.organisation,
        "organisation": letterhead.organisation,
        "reference": referral.reference,
        "coordinator": letterhead.coordinator_name,
        "contact": contact_line(letterhead),
        "urgency": labels["urgency_level." + referral.urgency],
        "type": labels["referral_type." + referral.type_code],
    }
    date_text = long_date(request.letter_date, language)
    subject_markup = f"<b>{fill(template.subject, values)}</b>"
    reference_rows = [
        (labels["date"], text(date_text)),
        (labels["our_reference"], text(referral.reference)),
        (labels["contact"], text(f"{letterhead.coordinator_name}, {contact_line(letterhead)}")),
        (labels["urgency"], text(labels["urgency_level." + referral.urgency])),
        (labels["subject"], subject_markup),
    ]

    page = Page(
        labels=labels,
        styles=styles,
        organisation=letterhead.organisation,
        reference=referral.reference,
        date_text=date_text,
    )

    setup_letter_page(page, letterhead, recipient, reference_rows)

    story: list[Flowable] = [Paragraph(fill(template.salutation, values), styles.body)]
    story += [Paragraph(fill(p, values), styles.body) for p in template.paragraphs]
    if referral.reason.strip():
        story.append(Paragraph(text(labels["reason_heading"]), styles.heading))
        story += [
            Paragraph(text(part.strip()), styles.body)
            for part in referral.reason.strip().split("\n\n")
            if part.strip()
        ]
    if rows:
        story.append(Paragraph(text(labels["client_heading"]), styles.heading))
        story.append(label_value_table(rows, styles))
    if template.request.strip():
        story.append(Paragraph(text(labels["request_heading"]), styles.heading))
        story.append(Paragraph(fill(template.request, values), styles.body))
    story.append(consent_block(ground, recipient.organisation, labels, styles, language))
    story.append(Spacer(1, 6 * mm))
    story.append(signature(letterhead, fill(template.closing, values), styles))
    story.append(Paragraph(text(labels["handling_notice"]), styles.notice))

    return build_pdf(
        story,
        page,
        title=document_title(labels, referral.reference),
        author=letterhead.organisation,
        language=language,
        day=request.letter_date,
    )
