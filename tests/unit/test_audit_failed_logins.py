"""Failed unlocks: a sidecar file outside the encrypted vault, moved into the log at the next unlock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carecoord.audit import AccessLog, failed_attempts_since_last_session, pending
from carecoord.errors import AuthenticationFailed
from carecoord.vault import Credentials, Vault
from tests.conftest import PASSPHRASE, USER, VaultFixture

WRONG = "not the passphrase at all"


def _files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in ("vault.db", "vault.keys")}


def _fail(folder: Path, credentials: Credentials) -> None:
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(folder, credentials)


def test_failed_unlock_leaves_the_vault_untouched_and_writes_only_the_sidecar(
    vault_fx: VaultFixture,
) -> None:
    vault_fx.vault.lock()
    before = _files(vault_fx.folder)
    _fail(vault_fx.folder, Credentials(passphrase=WRONG, user=USER))
    assert _files(vault_fx.folder) == before
    text = (vault_fx.folder / pending.FILE_NAME).read_text()
    assert WRONG not in text
    events = pending.read(vault_fx.folder).events
    assert [(e.action, e.user, e.method) for e in events] == [("failed_login", USER, "passphrase")]
    assert pending.failed_attempts_waiting(vault_fx.folder) == 1


def test_a_passphrase_typed_as_user_name_is_not_written_down(vault_fx: VaultFixture) -> None:
    vault_fx.vault.lock()
    _fail(vault_fx.folder, Credentials(passphrase=WRONG, user=PASSPHRASE))
    _fail(vault_fx.folder, Credentials(passphrase=WRONG))
    _fail(vault_fx.folder, Credentials(recovery_key="AAAAA-AAAAA"))
    assert PASSPHRASE not in (vault_fx.folder / pending.FILE_NAME).read_text()
    users = [e.user for e in pending.read(vault_fx.folder).events]
    assert users == [pending.UNKNOWN_USER, pending.ANY_USER, "recovery"]


def test_next_unlock_moves_attempts_into_the_log_and_clears_the_sidecar(
    vault_fx: VaultFixture,
) -> None:
    vault_fx.vault.lock()
    for _ in range(3):
        _fail(vault_fx.folder, Credentials(passphrase=WRONG, user=USER))
    vault = vault_fx.reopen()
    assert not (vault_fx.folder / pending.FILE_NAME).exists()
    entries = AccessLog(vault).for_user(USER)
    # The log_read of this very query is recorded after it, so it is not in the result.
    actions = [e.action for e in entries]
    assert actions == ["login", "lock", "failed_login", "failed_login", "failed_login", "login"]
    shown = failed_attempts_since_last_session(vault)
    assert len(shown) == 3 and all(a.user == USER for a in shown)
    failed = [e for e in entries if e.action == "failed_login"]
    assert [a.at for a in shown] == [e.at for e in failed]
    # The next session starts clean.
    vault = vault_fx.reopen()
    assert failed_attempts_since_last_session(vault) == []


def test_a_full_sidecar_keeps_counting(
    vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pending, "MAX_EVENTS", 2)
    vault_fx.vault.lock()
    for _ in range(5):
        _fail(vault_fx.folder, Credentials(passphrase=WRONG, user=USER))
    assert pending.failed_attempts_waiting(vault_fx.folder) == 5
    vault = vault_fx.reopen()
    rows = vault.db.all("SELECT action, detail FROM access_log WHERE action = 'failed_login'")
    assert [r[1] for r in rows] == ['{"method":"passphrase"}'] * 2 + ['{"more_attempts":3}']


def test_a_tampered_sidecar_cannot_smuggle_text_into_the_log(vault_fx: VaultFixture) -> None:
    vault_fx.vault.lock()
    document = {
        "format": pending.FORMAT,
        "version": 1,
        "events": [
            {
                "action": "failed_login",
                "at_utc": "yesterday",
                "user": "Maria Jansen, Kerkstraat 1!",
                "workstation": "a b c",
            },
            {"action": "delete", "at_utc": "x", "user": "x", "workstation": "x"},
            "garbage",
        ],
        "dropped": -4,
    }
    (vault_fx.folder / pending.FILE_NAME).write_text(json.dumps(document))
    vault = vault_fx.reopen()
    rows = vault.db.all(
        "SELECT user_name, workstation FROM access_log WHERE action = 'failed_login'"
    )
    assert rows == [(pending.UNKNOWN_USER, "?")]
    assert "delete" not in [r[0] for r in vault.db.all("SELECT action FROM access_log")]


def test_an_unreadable_sidecar_does_not_block_unlocking(vault_fx: VaultFixture) -> None:
    vault_fx.vault.lock()
    (vault_fx.folder / pending.FILE_NAME).write_bytes(b"\xff\x00 not json")
    vault = vault_fx.reopen()
    assert vault.is_open
    assert failed_attempts_since_last_session(vault) == []
