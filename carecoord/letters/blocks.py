"""Building blocks shared by the letters: client details, consent statement, signature."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from carecoord.letters.checks import SharingGround
from carecoord.letters.flowables import table, text
from carecoord.letters.formatting import long_date
from carecoord.letters.model import ClientDetails, Language, Letterhead, Selection
from carecoord.letters.page_style import LABEL_WIDTH, TEXT_WIDTH, Styles
from carecoord.letters.templates import Labels


def contact_line(letterhead: Letterhead) -> str:
    return " / ".join(part for part in (letterhead.phone, letterhead.email) if part.strip())


def client_rows(
    client: ClientDetails, selection: Selection, labels: Labels, language: Language
) -> list[tuple[str, str]]:
    """Only the ticked items, as (label, markup) rows. Initials unless the full name is ticked."""
    rows: list[tuple[str, str]] = []
    if selection.full_name and client.full_name:
        rows.append((labels["name"], text(client.full_name)))
    elif client.initials:
        rows.append((labels["initials"], text(client.initials)))
    if selection.birth_date and client.birth_date is not None:
        rows.append((labels["birth_date"], text(long_date(client.birth_date, language))))
    if selection.language and client.language.strip():
        rows.append((labels["language"], text(client.language)))
    if selection.interpreter and client.interpreter_needed is not None:
        rows.append(
            (labels["interpreter"], labels["yes"] if client.interpreter_needed else labels["no"])
        )
    if selection.status_dates and client.status_dates:
        lines = [
            f"{text(long_date(item.on, language))}: {text(labels['phase.' + item.phase])}"
            for item in sorted(client.status_dates, key=lambda s: s.on)
        ]
        rows.append((labels["status_dates"], "<br/>".join(lines)))
    if selection.safety_notes and client.safety_notes.strip():
        rows.append((labels["safety_notes"], text(client.safety_notes.strip())))
    if selection.shelter_address and any(line.strip() for line in client.shelter_address):
        rows.append(
            (
                labels["shelter_address"],
                "<br/>".join(text(line) for line in client.shelter_address if line.strip()),
            )
        )
    return rows


def label_value_table(rows: list[tuple[str, str]], styles: Styles) -> Flowable:
    return table(
        [
            [Paragraph(text(label), styles.label), Paragraph(value, styles.body)]
            for label, value in rows
        ],
        [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH],
        labels=True,
    )


def consent_block(
    ground: SharingGround, recipient: str, labels: Labels, styles: Styles, language: Language
) -> Flowable:
    if ground.consent is not None:
        consent = ground.consent
        heading = labels["consent_heading"]
        if consent.valid_until is None:  # valid until withdrawn
            statement = labels.fill(
                "consent_statement_open",
                given_on=long_date(consent.given_on, language),
                recipient=recipient,
                scope=consent.scope.strip(),
            )
        else:
            statement = labels.fill(
                "consent_statement",
                given_on=long_date(consent.given_on, language),
                recipient=recipient,
                scope=consent.scope.strip(),
                valid_until=long_date(consent.valid_until, language),
            )
    else:
        assert ground.override is not None
        override = ground.override
        heading = labels["override_heading"]
        statement = labels.fill(
            "override_statement",
            reason=override.reason.strip(),
            recorded_by=override.recorded_by.strip(),
            recorded_on=long_date(override.recorded_on, language),
        )
    # One cell: a table never splits inside a row, so the statement stays in one piece.
    inner = [[Paragraph(f"<b>{text(heading)}</b><br/>{statement}", styles.small)]]
    box = table(inner, [TEXT_WIDTH], box=True)
    # spaceBefore, unlike a Spacer, is dropped when the box starts a new page.
    box.spaceBefore = 3 * mm
    return box


def signature(letterhead: Letterhead, closing: str, styles: Styles) -> Flowable:
    lines = [f"<b>{text(letterhead.coordinator_name)}</b>", text(letterhead.coordinator_role)]
    lines += [text(line) for line in letterhead.signature_lines if line.strip()]
    lines.append(text(letterhead.organisation))
    return KeepTogether(
        [
            Paragraph(closing, styles.body),
            Spacer(1, 12 * mm),
            Paragraph("<br/>".join(lines), styles.body),
        ]
    )
