"""The access request (AVG art. 15): everything held about one client, as PDF/A and JSON."""

from __future__ import annotations

import base64
import io
import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from pikepdf.pdfa import validate_written

from carecoord.audit.integrations import store_sink
from carecoord.errors import InputRejected, UsageError
from carecoord.retention.subject_export import SubjectExport
from tests.conftest import USER, VaultFixture
from tests.support.letters_pdf import page_texts
from tests.support.retention_data import A_CANARIES, Filled, fill

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def filled(vault_fx: VaultFixture) -> Filled:
    return fill(vault_fx.vault.db, USER, audit=store_sink(vault_fx.vault))


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


def test_export_holds_everything_about_the_client_and_nothing_else(
    vault_fx: VaultFixture, filled: Filled, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = _files(tmp_path)
    vault_files = _files(vault_fx.folder)
    files = SubjectExport(vault_fx.vault, clock=lambda: NOW).write("CL-A", out, "en")
    # Only the two files, in the chosen folder, owner-only, with names that say nothing.
    assert _files(tmp_path) - before == {files.pdf, files.json}
    assert _files(vault_fx.folder) <= vault_files | {vault_fx.folder / "vault.db-wal"}
    for path in (files.pdf, files.json):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.name.startswith("subject-export-20261101-")
        assert "cl-a" not in path.name.lower() and "quirinax" not in path.name.lower()

    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert data["format"] == "carecoord-subject-export"
    assert data["client"]["reference"] == "CL-A"
    assert data["client"]["identity"]["given_name"] == "Quirinaxr"
    # The rectification history shows what was corrected.
    assert data["client"]["identity_history"][0]["previous"]["given_name"] == "Quirinaxq"
    assert [c["summary"]["reference"] for c in data["cases"]] == [filled.a_case]
    case = data["cases"][0]
    text = json.dumps(data).lower()
    for word in A_CANARIES.values():
        if word != "letterbodyq":  # inside the document, base64-encoded
            assert word in text, word
    assert case["signals"][0]["description"].endswith("street")
    assert [p["to_phase"] for p in case["phase_history"]] == [
        "signalled",
        "intake",
        "shelter",
        "closed",
    ]
    assert case["referrals"][0]["status"] == "sent"
    assert data["organisations"][0]["name"] == "Opvang Noord"  # the recipient
    assert data["consents"][0]["note"] == "signed consentnoteq"
    assert case["notes"][0]["body"].startswith("Met her")
    assert any(t["title"] == "Call tasktitleq" for t in case["tasks"])
    document = data["documents"][0]
    assert document["kind"] == "referral_letter"
    assert b"letterbodyq" in base64.b64decode(document["content_base64"])
    # The access log of the file: the store's own entries for this case and client.
    actions = {e["action"] for e in data["access_log"]}
    assert {"create", "update", "rectify"} <= actions
    # No other client's data.
    for other in ("bertaq", "ceesq", "heldnameq", "cl-b", "cl-d"):
        assert other not in text, other

    pdf = files.pdf.read_bytes()
    report = validate_written(io.BytesIO(pdf), "2b")
    assert report.passed, [str(f) for f in report.findings]
    with pikepdf.open(files.pdf) as document_pdf:
        assert document_pdf.open_metadata()["pdfaid:part"] == "2"
    shown = " ".join(page_texts(pdf))
    for needle in (
        "Quirinaxr",
        "Opvang Noord",
        "notebodyq",
        "What data do we hold about you?",
        "Your consents",
        f"File {filled.a_case}",
    ):
        assert needle in shown, needle
    assert "referral_letter" in shown and "rectify" in shown
    # Codes in the code list's words; the JSON keeps the codes.
    assert "labour exploitation, sexual exploitation" in shown
    assert case["facts"]["exploitation_forms"] == ["labour", "sexual"]
    # The legal track and the circumstances too (issue 15): the bedenktijd's outcome shares its
    # key with the exit programme's and still gets its own list's words.
    assert case["reflection"]["outcome"] == "report_filed" and "report filed" in shown
    assert data["client"]["circumstances"]["residence_registration"] == "brp"
    assert "Uitzendbureau Werkgeverq" in shown
    # Case work (issue 16): the contact person's details, the meeting's participants by name and
    # its kind in the list's words.
    assert case["contacts"][0]["person"]["name"] == "Mr Contactnameq"
    assert case["meetings"][0]["kind"] == "zorg_en_veiligheidshuis"
    assert "care and safety house" in shown and "Politie Noord" in shown


def test_export_is_logged_once_per_case(
    vault_fx: VaultFixture, filled: Filled, tmp_path: Path
) -> None:
    db = vault_fx.vault.db
    start = int(db.scalar("SELECT max(seq) FROM access_log"))
    SubjectExport(vault_fx.vault, clock=lambda: NOW).write("CL-A", tmp_path, "nl")
    case_id = str(db.scalar("SELECT id FROM cases WHERE reference = ?", (filled.a_case,)))
    client_id = str(db.scalar("SELECT id FROM clients WHERE reference = 'CL-A'"))
    rows = db.all(
        "SELECT case_ref, client_ref FROM access_log WHERE seq > ? AND action = 'subject_export'",
        (start,),
    )
    assert rows == [(case_id, client_id)]
    other = db.all(
        "SELECT DISTINCT action FROM access_log WHERE seq > ? AND action <> 'subject_export'",
        (start,),
    )
    assert other == [("log_read",)]  # reading the client's log for the export, as every read


def test_export_refuses_the_vault_folder_and_unknown_client(
    vault_fx: VaultFixture, filled: Filled, tmp_path: Path
) -> None:
    exporter = SubjectExport(vault_fx.vault, clock=lambda: NOW)
    # Never into the vault (issue 12); a missing folder is created, but only when writing.
    with pytest.raises(UsageError, match="inside the vault folder"):
        exporter.write("CL-A", vault_fx.folder / "backups", "nl")
    with pytest.raises(InputRejected, match="no client"):
        exporter.write("CL-Z", tmp_path / "missing", "nl")
    assert list(tmp_path.iterdir()) == [vault_fx.folder]
    files = exporter.write("CL-A", tmp_path / "missing", "nl")
    assert files.pdf.parent == (tmp_path / "missing").resolve()


def test_pdf_replaces_characters_the_font_cannot_show(
    vault_fx: VaultFixture, tmp_path: Path
) -> None:
    from carecoord.domain.client import ClientFacts, ClientIdentity
    from carecoord.workspace import open_store

    store = open_store(vault_fx.vault)
    store.clients.register(
        ClientFacts(reference="CL-Z"), ClientIdentity(given_name="\u738b\u82b3", family_name="Li")
    )
    files = SubjectExport(vault_fx.vault, clock=lambda: NOW).write("CL-Z", tmp_path, "en")
    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert data["client"]["identity"]["given_name"] == "\u738b\u82b3"  # exact in the JSON
    shown = " ".join(page_texts(files.pdf.read_bytes()))
    assert "??" in shown and "JSON file holds the exact text" in shown
    assert data["cases"] == []
