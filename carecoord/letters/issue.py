"""Issuing a referral letter: render it in memory, keep it in the vault with the referral, and
either save it where the user chose or hand it back for printing. Shared by the command line and
the app. Runs on the vault worker.

The archive entry, the saved file and the access-log entries go together: if saving fails,
nothing is kept and nothing is logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carecoord.letters import provider
from carecoord.letters.archive import DocumentArchive
from carecoord.letters.events import DocumentAction, DocumentEvent, record_document_event
from carecoord.letters.model import Language, Selection
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.saving import save_document
from carecoord.store.case_store import CaseStore
from carecoord.vault import Vault


@dataclass(frozen=True)
class IssuedLetter:
    pdf: bytes
    reference: str
    language: Language


def preview_letter(
    vault: Vault,
    store: CaseStore,
    referral_id: str,
    *,
    language: Language | None = None,
    selection: Selection | None = None,
    attention_contact_id: int | None = None,
) -> bytes:
    """The letter as it would be issued, in memory only, to be looked at on screen: not kept in
    the vault, not printed or saved (so not logged as either; reading the case is)."""
    request = provider.letter_request_for(
        store, referral_id, language, selection=selection, attention_contact_id=attention_contact_id
    )
    if language is not None and request.language != language:
        request = request.model_copy(update={"language": language})
    return render_referral_letter(request, templates_dir=provider.templates_dir_for(vault))


def issue_letter(
    vault: Vault,
    store: CaseStore,
    referral_id: str,
    *,
    language: Language | None = None,
    selection: Selection | None = None,
    save_to: Path | None = None,
    printing: bool = False,
    attention_contact_id: int | None = None,
) -> IssuedLetter:
    request = provider.letter_request_for(
        store,
        referral_id,
        language,
        selection=selection,
        attention_contact_id=attention_contact_id,
    )
    if language is not None and request.language != language:
        request = request.model_copy(update={"language": language})
    pdf = render_referral_letter(request, templates_dir=provider.templates_dir_for(vault))
    reference = request.referral.reference
    case_ref = provider.case_ref_for(store, referral_id)
    actions: list[DocumentAction] = ["archive"]
    if save_to is not None:
        actions.append("save")
    if printing:
        actions.append("print")
    with vault.db.transaction():
        DocumentArchive(vault.db).add(
            pdf,
            kind="referral_letter",
            language=request.language,
            reference=reference,
            created_by=vault.user,
            referral_id=request.referral.id,
        )
        # Logged before the file is written (NEN 7513: an export that left must be on record);
        # if writing fails, the transaction and with it the log entries roll back.
        for action in actions:
            record_document_event(
                vault,
                DocumentEvent(
                    action=action,
                    kind="referral_letter",
                    reference=reference,
                    referral_id=request.referral.id,
                    case_ref=case_ref,
                    language=request.language,
                ),
            )
        if save_to is not None:
            save_document(pdf, save_to, vault.folder)
    return IssuedLetter(pdf, reference, request.language)
