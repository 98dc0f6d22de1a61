"""The printed handover summary (PDF/A) of a case for the receiving region.

The region is the one the case was handed over to (its last sent package), else the one given;
the ground is the one the handover was sent on, else a valid consent of the client for purpose
``transfer`` naming that region. The PDF is kept with the case in the vault, and its saving or
printing is in the access log, as for a referral letter (:mod:`carecoord.letters.issue`).
Runs on the vault worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carecoord.domain.codelists import codelist
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters import provider
from carecoord.letters.archive import DocumentArchive
from carecoord.letters.events import DocumentAction, DocumentEvent, record_document_event
from carecoord.letters.handover_summary import render_handover_summary
from carecoord.letters.model import (
    Consent,
    ConsentOverride,
    HandoverSummary,
    Language,
    Recipient,
    Selection,
)
from carecoord.letters.saving import save_document
from carecoord.store.case_store import CaseStore
from carecoord.store.sqlvalues import s2dt
from carecoord.transfer.refs import case_for_reference
from carecoord.transfer.regions import KnownRegion, all_regions
from carecoord.transfer.sending import PURPOSE, known_region
from carecoord.vault import Vault

OPEN_REFERRAL = frozenset({"draft", "sent", "accepted"})


@dataclass(frozen=True)
class PrintedSummary:
    pdf: bytes
    reference: str
    region: str


def _sent(
    store: CaseStore, case_id: int
) -> tuple[KnownRegion, int | None, str | None, str, str] | None:
    rows = store.db.all(
        "SELECT region_id, consent_id, override_reason, sent_by, sent_at FROM sent_packages"
        " WHERE case_id = ? ORDER BY sent_at DESC LIMIT 1",
        (case_id,),
    )
    if not rows:
        return None
    region_id, consent_id, reason, by, at = rows[0]
    region = next(r for r in all_regions(store.db) if r.id == region_id)
    return region, consent_id, reason, str(by), str(at)


def handover_summary_for(
    store: CaseStore,
    reference: str,
    *,
    recipient: str | None = None,
    language: Language = "nl",
    selection: Selection | None = None,
) -> HandoverSummary:
    case_id = case_for_reference(store, reference)
    case = store.cases.case_file(case_id)
    today = store.today()
    sent = _sent(store, case_id)
    override = None
    consent_id = None
    if recipient is not None:
        region = known_region(store, recipient)
    elif sent is not None:
        region = sent[0]
    else:
        raise InputRejected(
            _("This case was not handed over yet: say to which region (--to, its age recipient).")
        )
    if sent is not None and sent[0].id == region.id:
        consent_id = sent[1]
        if sent[2] is not None:
            at = s2dt(sent[4])
            override = ConsentOverride(
                reason=sent[2], recorded_by=sent[3], recorded_on=at.date() if at else today
            )
    chosen = [c for c in case.consents if c.id == consent_id] or [
        c
        for c in case.consents
        if region.organisation_id in c.recipient_ids
        and PURPOSE in c.purposes
        and c.is_valid_on(today)
    ]
    organisation = store.organisations.get(region.organisation_id)
    consent = None
    if chosen:
        found = chosen[-1]
        consent = Consent(
            given_on=found.given_on,
            scope=", ".join(codelist("consent_purpose").label(p, language) for p in found.purposes),
            purposes=(),
            recipient=organisation.name,
            valid_until=found.valid_until,
            withdrawn_on=found.withdrawn_on,
        )
    return HandoverSummary(
        language=language,
        summary_date=today,
        letterhead=provider.load_letterhead(store),
        reference=case.summary.reference,
        to_region=region.name,
        recipient=Recipient(
            organisation=organisation.name,
            attention=organisation.contact_person or "",
            address_lines=tuple(
                line.strip() for line in (organisation.address or "").splitlines() if line.strip()
            ),
        ),
        phase=case.phase,
        exploitation_forms=case.facts.exploitation_forms,
        open_referrals=tuple(
            sorted({r.referral_type for r in case.referrals if r.status in OPEN_REFERRAL})
        ),
        client=provider.client_details(case),
        selection=selection or Selection(),
        consent=consent,
        override=override,
    )


def issue_summary(
    vault: Vault,
    store: CaseStore,
    reference: str,
    *,
    recipient: str | None = None,
    language: Language = "nl",
    selection: Selection | None = None,
    save_to: Path | None = None,
    printing: bool = False,
) -> PrintedSummary:
    """Render, keep in the vault, log, and save where the user chose (all or nothing)."""
    summary = handover_summary_for(
        store, reference, recipient=recipient, language=language, selection=selection
    )
    pdf = render_handover_summary(summary, templates_dir=provider.templates_dir_for(vault))
    case_ref = str(case_for_reference(store, reference))
    actions: list[DocumentAction] = ["archive"]
    if save_to is not None:
        actions.append("save")
    if printing:
        actions.append("print")
    with vault.db.transaction():
        DocumentArchive(vault.db).add(
            pdf,
            kind="handover_summary",
            language=language,
            reference=summary.reference,
            created_by=vault.user,
            case_ref=case_ref,
        )
        for action in actions:
            record_document_event(
                vault,
                DocumentEvent(
                    action=action,
                    kind="handover_summary",
                    reference=summary.reference,
                    case_ref=case_ref,
                    language=language,
                ),
            )
        if save_to is not None:
            save_document(pdf, save_to, vault.folder)
    return PrintedSummary(pdf=pdf, reference=summary.reference, region=summary.to_region)
