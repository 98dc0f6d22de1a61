"""The ``documents`` table: produced PDFs kept inside the vault with their referral or case.

All SQL of the letters area is here. Runs on the vault worker (the connection's thread).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from pydantic import BaseModel, ConfigDict

from carecoord.errors import CareCoordError, InputRejected, VaultDamaged
from carecoord.i18n import _
from carecoord.letters.events import DocumentKind
from carecoord.letters.model import Language
from carecoord.vault.database import Database

_COLUMNS = (
    "id, kind, referral_id, case_ref, language, reference, created_at, created_by, sha256, size"
)


class DocumentInfo(BaseModel):
    """A document's description, without its content (for lists)."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    id: int
    kind: DocumentKind
    referral_id: str | None
    case_ref: str | None
    language: Language
    reference: str
    created_at: dt.datetime
    created_by: str
    sha256: str
    size: int


class ArchivedDocument(BaseModel):
    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    info: DocumentInfo
    content: bytes


def _info(row: tuple[object, ...]) -> DocumentInfo:
    names = [name.strip() for name in _COLUMNS.split(",")]
    return DocumentInfo.model_validate(dict(zip(names, row, strict=True)))


class DocumentArchive:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        content: bytes,
        *,
        kind: DocumentKind,
        language: Language,
        reference: str,
        created_by: str,
        referral_id: str | None = None,
        case_ref: str | None = None,
        created_at: dt.datetime | None = None,
    ) -> DocumentInfo:
        if not content.startswith(b"%PDF-"):
            raise InputRejected(_("Only PDF documents can be kept in the vault."))
        if kind == "referral_letter" and not referral_id:
            raise InputRejected(_("A referral letter must be kept with its referral."))
        when = (created_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        digest = hashlib.sha256(content).hexdigest()
        with self._db.transaction():
            self._db.execute(
                "INSERT INTO documents (kind, referral_id, case_ref, language, reference, "
                "created_at, created_by, sha256, size, content) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind,
                    referral_id,
                    case_ref,
                    language,
                    reference,
                    when.isoformat(timespec="seconds"),
                    created_by,
                    digest,
                    len(content),
                    content,
                ),
            )
            new_id = self._db.scalar("SELECT last_insert_rowid()")
        return self.info(int(new_id))

    def info(self, document_id: int) -> DocumentInfo:
        rows = self._db.all(f"SELECT {_COLUMNS} FROM documents WHERE id = ?", (document_id,))
        if not rows:
            raise CareCoordError(
                _("There is no archived document %(document_id)s.") % {"document_id": document_id}
            )
        return _info(tuple(rows[0]))

    def get(self, document_id: int) -> ArchivedDocument:
        """The document with its content, checked against the digest stored with it."""
        info = self.info(document_id)
        content = self._db.scalar("SELECT content FROM documents WHERE id = ?", (document_id,))
        data = bytes(content)
        if hashlib.sha256(data).hexdigest() != info.sha256 or len(data) != info.size:
            raise VaultDamaged(
                _(
                    "Archived document %(document_id)s does not match its checksum; "
                    "restore the vault from a backup."
                )
                % {"document_id": document_id}
            )
        return ArchivedDocument(info=info, content=data)

    def for_referral(self, referral_id: str) -> list[DocumentInfo]:
        rows = self._db.all(
            f"SELECT {_COLUMNS} FROM documents WHERE referral_id = ? ORDER BY created_at, id",
            (referral_id,),
        )
        return [_info(tuple(row)) for row in rows]

    def for_case(self, case_ref: str) -> list[DocumentInfo]:
        rows = self._db.all(
            f"SELECT {_COLUMNS} FROM documents WHERE case_ref = ? ORDER BY created_at, id",
            (case_ref,),
        )
        return [_info(tuple(row)) for row in rows]

    def remove(self, document_id: int) -> None:
        """Remove one document (retention); the access log records who did it, not here."""
        with self._db.transaction():
            self._db.execute("DELETE FROM documents WHERE id = ?", (document_id,))
