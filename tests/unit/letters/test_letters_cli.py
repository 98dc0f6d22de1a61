"""``carecoord letter`` in-process, with the store provider replaced by sample data."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pikepdf
import pytest

from carecoord.cli import main
from carecoord.letters import provider
from carecoord.letters.archive import DocumentArchive
from carecoord.letters.events import DOCUMENT_EVENT_HOOKS, DocumentEvent
from carecoord.letters.model import Language, LetterRequest
from carecoord.letters.samples import sample_letter
from carecoord.store.case_store import CaseStore
from tests.conftest import PASSPHRASE, VaultFixture


@pytest.fixture
def locked_vault(vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch) -> VaultFixture:
    vault_fx.vault.lock()
    monkeypatch.setenv("CARECOORD_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("CARECOORD_RECOVERY_KEY", raising=False)
    return vault_fx


@pytest.fixture
def sample_provider(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    calls: list[tuple[str, str | None]] = []

    def fake(
        store: CaseStore, referral_id: str, lang: Language | None, **_options: object
    ) -> LetterRequest:
        assert store.db.scalar("SELECT 1") == 1  # the open vault's store
        calls.append((referral_id, lang))
        return sample_letter("nl")

    monkeypatch.setattr(provider, "letter_request_for", fake)
    monkeypatch.setattr(provider, "case_ref_for", lambda _store, _referral_id: "7")
    return calls


def test_writes_pdfa_letter_and_keeps_it_in_the_vault(
    locked_vault: VaultFixture,
    sample_provider: list[tuple[str, str | None]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    events: list[DocumentEvent] = []
    DOCUMENT_EVENT_HOOKS.append(lambda _vault, event: events.append(event))
    try:
        out = tmp_path / "out" / "verwijzing.pdf"
        out.parent.mkdir()
        code = main(
            ["--vault", str(locked_vault.folder), "letter", "42", "--out", str(out), "--lang", "en"]
        )
    finally:
        DOCUMENT_EVENT_HOOKS.pop()
    assert code == 0, capsys.readouterr().err
    assert sample_provider == [("42", "en")]
    assert "written to" in capsys.readouterr().out
    with pikepdf.open(out) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"  # --lang wins over the referral's language
        assert str(pdf.docinfo["/Title"]) == "Referral ZC-2026-0042"
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == ["verwijzing.pdf"]
    assert [(e.action, e.referral_id) for e in events] == [("archive", "42"), ("save", "42")]

    vault = locked_vault.reopen()
    kept = DocumentArchive(vault.db).for_referral("42")
    assert len(kept) == 1
    assert DocumentArchive(vault.db).get(kept[0].id).content == out.read_bytes()


def test_refused_letter_writes_nothing(
    locked_vault: VaultFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    without_consent = sample_letter("nl").model_copy(update={"consent": None})
    monkeypatch.setattr(provider, "letter_request_for", lambda *_a, **_k: without_consent)
    out = tmp_path / "brief.pdf"
    code = main(["--vault", str(locked_vault.folder), "letter", "42", "--out", str(out)])
    assert code == 5
    err = capsys.readouterr().err
    assert "no valid consent" in err and "Testescu" not in err
    assert not out.exists()
    assert DocumentArchive(locked_vault.reopen().db).for_referral("42") == []


def test_an_unknown_referral_is_refused(
    locked_vault: VaultFixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brief.pdf"
    code = main(["--vault", str(locked_vault.folder), "letter", "42", "--out", str(out)])
    assert code == 5
    assert "no referral with id 42" in capsys.readouterr().err
    assert not out.exists()


def test_output_into_the_vault_is_a_usage_error(
    locked_vault: VaultFixture, sample_provider: list[tuple[str, str | None]], tmp_path: Path
) -> None:
    # Issue 12: a missing folder is now created (0700), so the usage error shown here is the
    # destination inside the vault (before: a missing folder was refused).
    before = (locked_vault.folder / "vault.db").read_bytes()
    code = main(
        [
            "--vault",
            str(locked_vault.folder),
            "letter",
            "42",
            "--out",
            str(locked_vault.folder / "vault.db"),
        ]
    )
    assert code == 2
    assert sample_provider == []  # refused before the vault was asked for anything
    assert (locked_vault.folder / "vault.db").read_bytes() == before


def test_failed_save_keeps_nothing_in_the_vault(
    locked_vault: VaultFixture,
    sample_provider: list[tuple[str, str | None]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    import carecoord.letters.issue as commands

    def failing_save(_data: bytes, _path: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(commands, "save_document", failing_save)
    code = main(
        ["--vault", str(locked_vault.folder), "letter", "42", "--out", str(tmp_path / "b.pdf")]
    )
    assert code == 1
    assert DocumentArchive(locked_vault.reopen().db).for_referral("42") == []
