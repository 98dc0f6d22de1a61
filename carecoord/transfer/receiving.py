"""Receiving a package: who sent it, whether it may be received, and the new case it makes.

Every refusal (not for this vault, changed, from another signer than the region it claims, an
unknown sender not confirmed, received before, an unknown format version) is an InputRejected
raised before anything is written. The new case, its letters, the record of the package id, a
newly confirmed region and the access-log entries are written in one transaction.
Runs on the vault worker.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from carecoord.audit.actions import Action
from carecoord.audit.log import AccessLog
from carecoord.domain.referral import Organisation
from carecoord.errors import InputRejected, UsageError
from carecoord.i18n import _
from carecoord.letters.archive import DocumentArchive
from carecoord.store.bulk import BulkWriter
from carecoord.store.case_store import CaseStore
from carecoord.store.sqlvalues import dt2s
from carecoord.transfer import identity
from carecoord.transfer.envelope import OpenedPackage, Sender, open_package
from carecoord.transfer.fingerprint import normalised
from carecoord.transfer.keys import NotForThisVault
from carecoord.transfer.payload import TransferPayload, parse_payload
from carecoord.transfer.rebuild import new_case
from carecoord.transfer.regions import (
    KnownRegion,
    add_region,
    by_name,
    by_recipient,
    by_signing,
    checked_name,
)
from carecoord.vault import Vault

MAX_REFERENCE = 40  # carecoord.domain.client.REFERENCE_PATTERN
MAX_PACKAGE = 512 * 1024 * 1024  # far above a case with its letters; a larger file is not one


def read_package(path: Path) -> bytes:
    """The package file's bytes (still sealed), or UsageError naming the file only."""
    try:
        if path.stat().st_size > MAX_PACKAGE:
            raise UsageError(
                _("%(name)s is too large to be a transfer package.") % {"name": path.name}
            )
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise UsageError(_("No such file: %(name)s") % {"name": path.name}) from None
    except OSError as exc:
        raise UsageError(
            _("%(name)s cannot be read (%(reason)s).")
            % {"name": path.name, "reason": exc.strerror or type(exc).__name__}
        ) from None


@dataclass(frozen=True)
class Inspected:
    """An opened, verified package, before it is received: its sender (a known region, or
    keys to confirm by their fingerprint) and its payload, in memory."""

    package: OpenedPackage
    region: KnownRegion | None
    payload: TransferPayload

    @property
    def sender(self) -> Sender:
        return self.package.sender


@dataclass(frozen=True)
class ReceivedCase:
    case_id: int
    reference: str
    region: str
    sender_reference: str
    new_region: bool


def _wrong_signer() -> InputRejected:
    return InputRejected(
        _(
            "This package names a known region but is signed with other keys than that "
            "region's: it is not from the sender it claims; nothing was received."
        )
    )


def inspect_package(store: CaseStore, data: bytes) -> Inspected:
    """Open and check a package without writing anything."""
    if not identity.has_identity(store.db):
        raise NotForThisVault(
            _(
                "This package is sealed to another vault, not to this one; nothing was "
                "received. Ask the sender to seal it to this vault's recipient."
            )
        )
    own = identity.public_keys(store.db)
    opened = open_package(
        data, identity=identity.age_identity(store.db), own_recipient=own.recipient
    )
    sender = opened.sender
    region = by_signing(store.db, sender.signing_public)
    if region is not None and region.recipient != sender.recipient:
        raise _wrong_signer()
    if region is None and (
        by_recipient(store.db, sender.recipient) is not None
        or by_name(store.db, checked_name(sender.region)) is not None
    ):
        raise _wrong_signer()
    if store.db.scalar(
        "SELECT 1 FROM received_packages WHERE package_id = ?", (opened.package_id,)
    ):
        raise InputRejected(
            _("This package was received before; a package is received once. Nothing changed.")
        )
    return Inspected(package=opened, region=region, payload=parse_payload(opened.payload))


def receive_package(
    vault: Vault,
    store: CaseStore,
    data: bytes,
    *,
    expected_fingerprint: str | None = None,
    confirm: Callable[[Sender], bool] | None = None,
) -> ReceivedCase:
    """Receive a package as a new case.

    A sender that is not a known region is received only when ``expected_fingerprint`` (the
    one heard by phone) matches its keys, or, without one, when ``confirm`` (a question to the
    coordinator, shown the sender's name and fingerprint) says yes; it then becomes a known
    region. For a known sender a given ``expected_fingerprint`` must match as well."""
    inspected = inspect_package(store, data)
    sender = inspected.sender
    if expected_fingerprint is not None and normalised(expected_fingerprint) != sender.fingerprint:
        raise InputRejected(
            _(
                "The sender's fingerprint is not the one given: the package may not be from "
                "whom you think; nothing was received."
            )
        )
    if inspected.region is None and expected_fingerprint is None:
        if confirm is None or not confirm(sender):
            raise InputRejected(
                _(
                    "The sender is not a known region. Confirm its fingerprint with its "
                    "coordinator by phone and give it (--from); nothing was received."
                )
            )
    return _write(vault, store, inspected)


def _write(vault: Vault, store: CaseStore, inspected: Inspected) -> ReceivedCase:
    db = store.db
    payload = inspected.payload
    sender = inspected.sender
    today = store.today()
    with db.transaction():
        region = inspected.region
        new_region = region is None
        if region is None:
            region = add_region(
                store,
                sender.region,
                recipient=sender.recipient,
                signing_public=sender.signing_public,
                confirmed_fingerprint=sender.fingerprint,
            )
        organisation_ids = {
            organisation.key: _local_organisation(store, organisation.key, payload)
            for organisation in payload.organisations
        }
        case = new_case(
            payload,
            organisation_ids=organisation_ids,
            client_reference=_free_client_reference(store, payload.case.client.facts.reference),
            region=region.name,
            received_on=today,
        )
        writer = BulkWriter(db, user=store.user, now=store.now(), audit=store.audit_sink)
        (case_id,) = writer.write([case], action="transfer")
        _letters(store, payload, case_id)
        db.execute(
            "INSERT INTO received_packages(package_id, region_id, received_at, received_by)"
            " VALUES (?, ?, ?, ?)",
            (inspected.package.package_id, region.id, dt2s(store.now()), store.user),
        )
        AccessLog(vault).record(
            Action.IMPORT,
            case_ref=case_id,
            detail={
                "what": "transfer",
                "package": inspected.package.package_id,
                "region": region.id,
            },
        )
        reference = str(db.scalar("SELECT reference FROM cases WHERE id = ?", (case_id,)))
    return ReceivedCase(
        case_id=case_id,
        reference=reference,
        region=region.name,
        sender_reference=payload.handover.reference,
        new_region=new_region,
    )


def _local_organisation(store: CaseStore, key: int, payload: TransferPayload) -> int:
    """This vault's organisation of that name, or a new directory entry with the package's
    details (never changing an existing entry: the coordinator's directory is theirs)."""
    given = payload.organisation(key)
    found = store.organisations.by_name(given.name)
    if found is not None and found.id is not None:
        return found.id
    return store.organisations.add(
        Organisation(
            name=given.name,
            services=given.services,
            contact_person=given.contact_person,
            email=given.email,
            phone=given.phone,
            address=given.address,
        )
    )


def _free_client_reference(store: CaseStore, wanted: str) -> str:
    """The sender's client reference when it is free here, else with a number added."""
    if store.clients.id_for_reference(wanted) is None:
        return wanted
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = wanted[: MAX_REFERENCE - len(suffix)] + suffix
        if store.clients.id_for_reference(candidate) is None:
            return candidate
        number += 1


def _letters(store: CaseStore, payload: TransferPayload, case_id: int) -> None:
    """The letters sent, kept with the new case's referrals as they were printed."""
    new_referrals = [
        int(row[0])
        for row in store.db.all(
            "SELECT id FROM referrals WHERE case_id = ? ORDER BY id", (case_id,)
        )
    ]
    sender_referrals = [r.id for r in payload.case.referrals]
    archive = DocumentArchive(store.db)
    for letter in payload.letters:
        referral_id = None
        if letter.referral_key is not None and letter.referral_key in sender_referrals:
            referral_id = str(new_referrals[sender_referrals.index(letter.referral_key)])
        archive.add(
            base64.b64decode(letter.pdf, validate=True),
            kind=letter.kind,
            language=letter.language,
            reference=letter.reference,
            created_by=letter.created_by,
            referral_id=referral_id,
            case_ref=None if referral_id is not None else str(case_id),
            created_at=letter.created_at,
        )
