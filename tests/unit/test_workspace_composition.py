"""The store is opened with the access log attached, explicitly, in one place (fails closed)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from carecoord.domain.client import ClientFacts
from carecoord.store import audit as store_audit
from carecoord.store.case_store import CaseStore
from carecoord.workspace import open_store
from tests.conftest import VaultFixture


def _log_rows(vault_fx: VaultFixture) -> list[tuple[str, str | None]]:
    return [
        (r[0], r[1])
        for r in vault_fx.vault.db.all("SELECT action, client_ref FROM access_log ORDER BY seq")
    ]


def test_a_store_opened_by_the_composition_function_logs_every_access(
    vault_fx: VaultFixture,
) -> None:
    store = open_store(vault_fx.vault)
    before = len(_log_rows(vault_fx))
    client_id = store.clients.register(ClientFacts(reference="CL-1", gender="female"), None)
    store.clients.get(client_id)
    assert [action for action, _ref in _log_rows(vault_fx)[before:]] == ["create", "read"]


def test_a_store_cannot_be_built_without_naming_its_audit_sink(vault_fx: VaultFixture) -> None:
    with pytest.raises(TypeError, match="audit"):
        CaseStore(vault_fx.vault.db, user="anna")  # type: ignore[call-arg]
    assert not hasattr(CaseStore, "for_vault")
    assert not hasattr(store_audit, "AUDIT_SINK_FACTORIES")


def _fresh_process(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CARECOORD_INSECURE_TEST_KDF": "1"}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(body), str(tmp_path / "vault")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_log_is_connected_by_one_explicit_call(tmp_path: Path) -> None:
    """A fresh process: importing modules connects nothing; ``connect_access_log`` does."""
    done = _fresh_process(
        tmp_path,
        """
        import secrets, sys
        from pathlib import Path
        from carecoord.domain.client import ClientFacts
        from carecoord.vault import Vault
        from carecoord.workspace import connect_access_log, open_store

        assert "carecoord.audit" not in sys.modules
        connect_access_log()
        vault, _key = Vault.create(Path(sys.argv[1]), "anna", secrets.token_urlsafe(24))
        logins = vault.db.scalar("SELECT count(*) FROM access_log WHERE action = 'login'")
        before = vault.db.scalar("SELECT count(*) FROM access_log WHERE action = 'create'")
        open_store(vault).clients.register(ClientFacts(reference="CL-1", gender="male"), None)
        after = vault.db.scalar("SELECT count(*) FROM access_log WHERE action = 'create'")
        vault.lock()
        print(logins, after - before)
        """,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1", "1"]


def test_without_the_log_no_vault_opens_and_nothing_is_written(tmp_path: Path) -> None:
    """Fails closed: a program that forgot to connect the log gets no vault, and no files."""
    done = _fresh_process(
        tmp_path,
        """
        import secrets, sys
        from pathlib import Path
        import carecoord.audit  # importing the package alone must not connect it
        from carecoord.errors import AccessLogNotConnected
        from carecoord.vault import Credentials, Vault

        folder = Path(sys.argv[1])
        for attempt in (
            lambda: Vault.create(folder, "anna", secrets.token_urlsafe(24)),
            lambda: Vault.unlock(folder, Credentials(passphrase="x" * 20)),
        ):
            try:
                attempt()
            except AccessLogNotConnected:
                print("refused")
        print(folder.exists())
        """,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["refused", "refused", "False"]
