"""The payload of a transfer package: one case file, versioned JSON (docs/transfer-format.md).

The case file is the store's own :class:`~carecoord.domain.casefile.CaseFile` (client identity,
coded facts, the tracks, consents, referrals, shelter stays, exit programme, plan, contacts,
meetings, safety, tasks, notes), the organisations it names by value (the receiver's directory
numbers them differently), the letters sent (the archived PDFs), and the handovers of this
case. Never the access log: the receiving vault logs its own reading, and this package says
only that a handover happened. The ids inside the case file are the sender's; they only link the
package's records to each other.

Runs on the vault worker.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from carecoord.domain.casefile import CaseFile
from carecoord.domain.client import PERSONAL
from carecoord.domain.code_literals import ReferralType
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters.archive import DocumentArchive
from carecoord.store.case_store import CaseStore

FORMAT: Final = "carecoord.case-transfer"
FORMAT_VERSION: Final = 1  # raise on any change a version-1 reader would misread


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


class PackageOrganisation(_Part):
    """An organisation the case names, by value; ``key`` is the id the case file uses."""

    key: int
    name: str = Field(min_length=1, max_length=200)
    services: tuple[ReferralType, ...] = ()
    contact_person: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None


class PackageLetter(_Part):
    """A letter sent for the case, exactly as it was printed (PDF/A, base64)."""

    kind: Literal["referral_letter", "handover_summary", "access_report"]
    language: Literal["nl", "en"]
    reference: str
    created_at: datetime
    created_by: str
    referral_key: int | None = None  # the referral's id in the case file
    pdf: str  # base64


class Handover(_Part):
    """One handover of this case from a region to another (this one last)."""

    from_region: str
    to_region: str
    on: date
    reference: str  # the case's reference in the region it left


class TransferPayload(BaseModel):
    model_config = PERSONAL

    format: Literal["carecoord.case-transfer"] = FORMAT
    version: Literal[1] = FORMAT_VERSION
    case: CaseFile
    organisations: tuple[PackageOrganisation, ...] = ()
    letters: tuple[PackageLetter, ...] = ()
    handovers: tuple[Handover, ...] = Field(min_length=1)

    @property
    def handover(self) -> Handover:
        return self.handovers[-1]

    def organisation(self, key: int) -> PackageOrganisation:
        for organisation in self.organisations:
            if organisation.key == key:
                return organisation
        raise InputRejected(_("The package names an organisation it does not hold."))


def organisation_keys(case: CaseFile) -> list[int]:
    """Every organisation the case file names, in a stable order."""
    keys: list[int | None] = []
    for consent in case.consents:
        keys += consent.recipient_ids
    keys += [r.organisation_id for r in case.referrals]
    keys += [s.provider_id for s in case.shelter_stays]
    keys += [c.organisation_id for c in case.contacts]
    for meeting in case.meetings:
        keys += [p.organisation_id for p in meeting.participants]
        keys += [a.owner_organisation_id for a in meeting.actions]
    return sorted({k for k in keys if k is not None})


def build_payload(
    store: CaseStore, case_id: int, *, from_region: str, to_region: str, on: date
) -> TransferPayload:
    """The payload for one case as it stands (read through the store, which logs the read)."""
    case = store.cases.case_file(case_id)
    organisations = []
    for key in organisation_keys(case):
        found = store.organisations.get(key)
        organisations.append(
            PackageOrganisation(
                key=key,
                name=found.name,
                services=found.services,
                contact_person=found.contact_person,
                email=found.email,
                phone=found.phone,
                address=found.address,
            )
        )
    return TransferPayload(
        case=case,
        organisations=tuple(organisations),
        letters=tuple(_letters(store, case)),
        handovers=(
            *_earlier_handovers(store, case_id),
            Handover(
                from_region=from_region,
                to_region=to_region,
                on=on,
                reference=case.summary.reference,
            ),
        ),
    )


def _letters(store: CaseStore, case: CaseFile) -> list[PackageLetter]:
    archive = DocumentArchive(store.db)
    infos = {info.id: info for info in archive.for_case(str(case.id))}
    for referral in case.referrals:
        infos.update({info.id: info for info in archive.for_referral(str(referral.id))})
    letters = []
    for document_id in sorted(infos):
        document = archive.get(document_id)
        info = document.info
        letters.append(
            PackageLetter(
                kind=info.kind,
                language=info.language,
                reference=info.reference,
                created_at=info.created_at,
                created_by=info.created_by,
                referral_key=int(info.referral_id) if info.referral_id else None,
                pdf=base64.b64encode(document.content).decode("ascii"),
            )
        )
    return letters


def _earlier_handovers(store: CaseStore, case_id: int) -> list[Handover]:
    """A case that was itself received carries where it came from (one step back)."""
    rows = store.db.all(
        "SELECT received_from, received_on, sender_reference FROM cases"
        " WHERE id = ? AND received_from IS NOT NULL",
        (case_id,),
    )
    if not rows:
        return []
    region, on, reference = rows[0]
    return [
        Handover(
            from_region=str(region),
            to_region="",
            on=date.fromisoformat(str(on)),
            reference=str(reference),
        )
    ]


def payload_bytes(payload: TransferPayload) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8 (the signature covers its hash)."""
    data = payload.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def parse_payload(data: bytes) -> TransferPayload:
    """The payload, or InputRejected: another format, a newer or unknown version, or fields
    this version does not know. Validation errors are not shown (they would quote the data)."""
    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputRejected(_("The package's contents are not a case file.")) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputRejected(_("The package's contents are not a case file."))
    version = raw.get("version")
    if version != FORMAT_VERSION:
        raise InputRejected(
            _(
                "This package has format version %(version)s; this version of CareCoord reads "
                "version %(known)d. Update CareCoord, or ask the sender for version %(known)d."
            )
            % {"version": str(version)[:10], "known": FORMAT_VERSION}
        )
    try:
        return TransferPayload.model_validate(raw)
    except ValidationError:
        raise InputRejected(
            _("The package's case file is incomplete or holds values this version does not know.")
        ) from None
