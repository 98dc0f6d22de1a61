"""Sending a case to another region: the consent gate, the package, closing the case.

The package file, the record of the sending (``sent_packages``), the closing of the case with
``transferred_region`` and the access-log entries go together in one transaction: the file is
written last, inside it, so when writing fails nothing is closed, recorded or logged.
Runs on the vault worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carecoord.audit.actions import Action
from carecoord.audit.log import AccessLog
from carecoord.domain.consent import ConsentMissing, consent_gate
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters.saving import save_document
from carecoord.output_paths import output_file
from carecoord.store.case_store import CaseStore
from carecoord.store.sqlvalues import dt2s
from carecoord.transfer import identity
from carecoord.transfer.envelope import seal
from carecoord.transfer.keys import checked_recipient
from carecoord.transfer.payload import build_payload, payload_bytes
from carecoord.transfer.refs import case_for_reference, own_region_name
from carecoord.transfer.regions import KnownRegion, by_recipient
from carecoord.vault import Vault

PURPOSE = "transfer"  # consent_purpose code


@dataclass(frozen=True)
class SentPackage:
    package_id: str
    case_reference: str
    region: str
    size: int
    on_override: bool


def known_region(store: CaseStore, recipient: str) -> KnownRegion:
    region = by_recipient(store.db, checked_recipient(recipient))
    if region is None:
        raise InputRejected(
            _(
                "This recipient is not a known region. Add the region first, with the "
                "fingerprint its coordinator reads to you by phone (carecoord transfer "
                "add-region, or Settings); nothing was sent."
            )
        )
    return region


def send_case(
    vault: Vault,
    store: CaseStore,
    reference: str,
    *,
    recipient: str,
    out: Path,
    override_reason: str | None = None,
) -> SentPackage:
    out = output_file(out, vault.folder, create=False)
    region = known_region(store, recipient)
    case_id = case_for_reference(store, reference)
    summary = store.read.summary(case_id)
    if summary.phase == "closed":
        raise InputRejected(_("This case is closed; only an open case can be handed over."))
    if store.db.scalar("SELECT anonymised_on FROM cases WHERE id = ?", (case_id,)):
        raise InputRejected(_("This case is anonymised; it cannot be handed over."))
    today = store.today()
    try:
        decision = consent_gate(
            store.read.consents(summary.client_id),
            recipient_id=region.organisation_id,
            purpose=PURPOSE,
            on=today,
            override_reason=override_reason,
        )
    except ConsentMissing:
        if override_reason is not None:
            raise  # the gate's own words: the reason is too short
        raise ConsentMissing(
            _(
                "No valid consent of the client covers handing the case over to %(region)s "
                "(purpose 'transfer'). Record the client's consent, or hand over with an "
                "override and a written reason; nothing was sent."
            )
            % {"region": region.name}
        ) from None
    sender_name = own_region_name(store)
    payload = build_payload(
        store, case_id, from_region=sender_name, to_region=region.name, on=today
    )
    keys = identity.public_keys(store.db)
    package_id, sealed = seal(
        payload_bytes(payload),
        recipient=region.recipient,
        sender_region=sender_name,
        sender_recipient=keys.recipient,
        signing_key=identity.signing_key(store.db),
    )
    log = AccessLog(vault)
    with store.db.transaction():
        store.db.execute(
            "INSERT INTO sent_packages(package_id, case_id, region_id, sent_at, sent_by,"
            " consent_id, override_reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                package_id,
                case_id,
                region.id,
                dt2s(store.now()),
                store.user,
                decision.consent_id,
                decision.override_reason,
            ),
        )
        detail: dict[str, str | int] = {
            "what": "transfer",
            "package": package_id,
            "region": region.id,
        }
        log.record(Action.EXPORT, case_ref=case_id, client_ref=summary.client_id, detail=detail)
        if decision.override_reason is not None:
            log.record(
                Action.CONSENT_OVERRIDE,
                case_ref=case_id,
                client_ref=summary.client_id,
                detail=detail,
            )
        store.pathway.change_phase(case_id, "closed", closure_reason="transferred_region")
        save_document(sealed, out, vault.folder)
    return SentPackage(
        package_id=package_id,
        case_reference=summary.reference,
        region=region.name,
        size=len(sealed),
        on_override=decision.override_reason is not None,
    )
