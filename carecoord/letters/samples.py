"""Synthetic sample documents for the preview, the benchmarks and the tests.

Every name, address and date here is invented (the organisation "Gemeente Voorbeeldstad" does
not exist); nothing refers to a real person.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib

from carecoord.letters.model import (
    AccessEntry,
    AccessReport,
    ClientDetails,
    Consent,
    HandoverSummary,
    Language,
    Letterhead,
    LetterRequest,
    Recipient,
    RecoverySheet,
    Referral,
    Selection,
    StatusDate,
)

SAMPLE_DATE = dt.date(2026, 11, 28)


def sample_logo_png(size: int = 96) -> bytes:
    """A plain emblem (blue shield with three white bars) as PNG, made without image libraries."""
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter type 0 per scanline
        for x in range(size):
            inside = min(x, size - 1 - x) >= 0 and (
                y < size * 0.62 or abs(x - size / 2) < (size - y) * 1.25
            )
            bar = inside and 0.18 * size < x < 0.82 * size and int(y / (size / 8)) in (2, 4)
            if not inside:
                row += bytes([255, 255, 255, 0])
            elif bar:
                row += bytes([255, 255, 255, 255])
            else:
                row += bytes([31, 69, 115, 255])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def sample_letterhead(*, logo: bool = True) -> Letterhead:
    return Letterhead(
        organisation="Gemeente Voorbeeldstad",
        department="Team Zorg en Veiligheid",
        address_lines=("Postbus 1234", "1000 AB Voorbeeldstad"),
        logo_png=sample_logo_png() if logo else None,
        coordinator_name="Anna de Vries",
        coordinator_role="Zorgcoördinator mensenhandel",
        phone="020 123 45 67",
        email="zorgcoordinatie@voorbeeldstad.example",
        signature_lines=("Team Zorg en Veiligheid",),
    )


def sample_client() -> ClientDetails:
    return ClientDetails(
        given_names="Ioana Maria",
        family_name="Testescu",
        birth_date=dt.date(1999, 4, 3),
        language="Roemeens",
        interpreter_needed=True,
        status_dates=(
            StatusDate(phase="signalled", on=dt.date(2026, 10, 1)),
            StatusDate(phase="shelter", on=dt.date(2026, 10, 6)),
        ),
        safety_notes="Niet bellen tussen 20:00 en 08:00; geen post naar het oude adres.",
        shelter_address=("Verborgenlaan 7", "9999 ZZ Nergenshuizen"),
    )


def sample_recipient() -> Recipient:
    return Recipient(
        organisation="Stichting Veilig Onderdak",
        attention="t.a.v. de intakecoördinator",
        address_lines=("Kerkstraat 12", "3500 AA Utrecht"),
    )


def sample_consent(language: Language = "nl") -> Consent:
    scope = (
        "aanmelding voor een opvangplaats en de afstemming daarover"
        if language == "nl"
        else "application for a place in a shelter and the arrangements for it"
    )
    return Consent(
        given_on=dt.date(2026, 11, 20),
        scope=scope,
        purposes=("shelter", "medical"),
        recipient="Stichting Veilig Onderdak",
        valid_until=dt.date(2027, 5, 20),
    )


def sample_letter(language: Language = "nl", **selection: bool) -> LetterRequest:
    reason = {
        "nl": (
            "Cliënt is op 1 oktober 2026 gesignaleerd als mogelijk slachtoffer van "
            "arbeidsuitbuiting en kan niet terug naar de huisvesting die de werkgever regelde.\n\n"
            "Er is een acuut veiligheidsrisico: de werkgever kent het huidige tijdelijke adres."
        ),
        "en": (
            "The client was identified on 1 October 2026 as a possible victim of labour "
            "exploitation and cannot return to the housing arranged by the employer.\n\n"
            "There is an acute safety risk: the employer knows the current temporary address."
        ),
    }[language]
    client = sample_client()
    if language == "en":
        client = client.model_copy(
            update={
                "language": "Romanian",
                "safety_notes": "Do not call between 20:00 and 08:00; no post to the old address.",
            }
        )
    return LetterRequest(
        language=language,
        letter_date=SAMPLE_DATE,
        letterhead=sample_letterhead(),
        referral=Referral(
            id="42",
            reference="ZC-2026-0042",
            type_code="shelter",
            urgency="urgent",
            reason=reason,
            recipient=sample_recipient(),
        ),
        client=client,
        selection=Selection(
            **{"language": True, "interpreter": True, "status_dates": True, **selection}
        ),
        consent=sample_consent(language),
    )


def sample_handover(language: Language = "nl") -> HandoverSummary:
    return HandoverSummary(
        language=language,
        summary_date=SAMPLE_DATE,
        letterhead=sample_letterhead(),
        reference="ZC-2026-0042",
        to_region="Utrecht",
        recipient=Recipient(
            organisation="Zorgcoördinatie mensenhandel regio Utrecht",
            address_lines=("Postbus 16200", "3500 CE Utrecht"),
        ),
        phase="shelter",
        exploitation_forms=("labour",),
        open_referrals=("legal_aid", "medical"),
        client=sample_client(),
        consent=Consent(
            given_on=dt.date(2026, 11, 25),
            scope="overdracht van de zorgcoördinatie"
            if language == "nl"
            else "handover of care coordination",
            purposes=("other",),
            recipient="Zorgcoördinatie mensenhandel regio Utrecht",
            valid_until=dt.date(2027, 2, 25),
        ),
    )


def sample_recovery_sheet(language: Language = "nl") -> RecoverySheet:
    return RecoverySheet(
        language=language,
        recovery_key="7KQ2X-M9TPA-4HV8C-RW3NE-5BJ6D-Y2ZGF-Q8KMS-1XT4H",
        created_on=SAMPLE_DATE,
        organisation="Gemeente Voorbeeldstad",
    )


def sample_access_report(language: Language = "nl") -> AccessReport:
    at = dt.datetime(2026, 11, 2, 9, 15)
    return AccessReport(
        language=language,
        report_date=SAMPLE_DATE,
        letterhead=sample_letterhead(),
        client_reference="ZC-2026-0042",
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 11, 27),
        entries=(
            AccessEntry(
                at=at,
                user="anna",
                role="zorgcoördinator",
                workstation="WS-014",
                action="inzien",
                what="dossier",
            ),
            AccessEntry(
                at=at + dt.timedelta(days=3, hours=2),
                user="anna",
                role="zorgcoördinator",
                workstation="WS-014",
                action="afdrukken",
                what="verwijsbrief ZC-2026-0042",
            ),
        ),
    )
