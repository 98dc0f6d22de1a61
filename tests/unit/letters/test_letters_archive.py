"""The documents table in a real SQLCipher vault."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from carecoord.errors import InputRejected, VaultDamaged
from carecoord.letters.archive import DocumentArchive
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.samples import sample_letter
from tests.conftest import VaultFixture


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    return render_referral_letter(sample_letter("nl"))


def test_keeps_the_exact_bytes_with_the_referral(vault_fx: VaultFixture, letter_pdf: bytes) -> None:
    archive = DocumentArchive(vault_fx.vault.db)
    info = archive.add(
        letter_pdf,
        kind="referral_letter",
        language="nl",
        reference="ZC-2026-0042",
        created_by=vault_fx.vault.user,
        referral_id="42",
        created_at=dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC),
    )
    assert info.sha256 == hashlib.sha256(letter_pdf).hexdigest()
    assert info.size == len(letter_pdf)
    assert info.created_at == dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)

    vault = vault_fx.reopen()
    archive = DocumentArchive(vault.db)
    assert [d.id for d in archive.for_referral("42")] == [info.id]
    assert archive.for_referral("43") == []
    assert archive.get(info.id).content == letter_pdf


def test_letter_content_is_not_readable_in_the_vault_files(
    vault_fx: VaultFixture, letter_pdf: bytes
) -> None:
    DocumentArchive(vault_fx.vault.db).add(
        letter_pdf,
        kind="referral_letter",
        language="nl",
        reference="ZC-1",
        created_by="anna",
        referral_id="42",
    )
    vault_fx.vault.lock()
    for path in vault_fx.folder.iterdir():
        if path.is_file():
            data = path.read_bytes()
            assert b"%PDF-" not in data, path.name
            assert b"ZC-1" not in data, path.name


def test_archived_documents_cannot_be_changed(vault_fx: VaultFixture, letter_pdf: bytes) -> None:
    archive = DocumentArchive(vault_fx.vault.db)
    info = archive.add(
        letter_pdf,
        kind="referral_letter",
        language="nl",
        reference="R",
        created_by="anna",
        referral_id="1",
    )
    with pytest.raises(Exception, match="cannot be changed"):
        vault_fx.vault.db.execute("UPDATE documents SET content = x'00' WHERE id = ?", (info.id,))
    assert archive.get(info.id).content == letter_pdf
    archive.remove(info.id)
    assert archive.for_referral("1") == []


def test_tampered_content_detected(vault_fx: VaultFixture, letter_pdf: bytes) -> None:
    archive = DocumentArchive(vault_fx.vault.db)
    info = archive.add(
        letter_pdf,
        kind="handover_summary",
        language="en",
        reference="R",
        created_by="anna",
        case_ref="ZC-9",
    )
    db = vault_fx.vault.db
    db.execute("DROP TRIGGER documents_are_immutable")
    db.execute(
        "UPDATE documents SET content = ? WHERE id = ?", (letter_pdf[:-10] + b"0" * 10, info.id)
    )
    with pytest.raises(VaultDamaged):
        archive.get(info.id)
    assert [d.id for d in archive.for_case("ZC-9")] == [info.id]


def test_refuses_what_is_not_a_kept_document(vault_fx: VaultFixture, letter_pdf: bytes) -> None:
    archive = DocumentArchive(vault_fx.vault.db)
    with pytest.raises(InputRejected):
        archive.add(
            b"hello",
            kind="referral_letter",
            language="nl",
            reference="R",
            created_by="a",
            referral_id="1",
        )
    with pytest.raises(InputRejected):
        archive.add(
            letter_pdf, kind="referral_letter", language="nl", reference="R", created_by="a"
        )
    with pytest.raises(Exception, match="CHECK"):
        vault_fx.vault.db.execute(
            "INSERT INTO documents (kind, language, reference, created_at, created_by, sha256, size, content) "
            "VALUES ('recovery_sheet', 'nl', 'R', '2026', 'a', ?, 1, x'00')",
            ("0" * 64,),
        )
