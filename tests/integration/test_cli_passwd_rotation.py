"""A changed passphrase really replaces the old one (issue 12), through the real CLI.

``vault passwd`` rotates the data key for every remaining slot, and the database records the key
file's generation, so an old copy of ``vault.keys`` put back afterwards is refused (exit 4) with a
message that says what happened, instead of reviving the old passphrase.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carecoord.errors import VaultDamaged
from carecoord.vault import Credentials, Vault
from carecoord.vault.database import Database
from tests.conftest import PASSPHRASE, USER, CliResult, run_cli
from tests.support.cli_contract import one_line_error
from tests.support.vault_files import (
    DB,
    KEYS,
    copy_of_cli_vault,
    file_hashes,
    fill_rows,
    row_ids,
)

NEW_PASSPHRASE = "a brand new passphrase 42"
BOB = "bob"
BOB_PASSPHRASE = "tulips along the canal 7"
OLDER = "older than the database"


@pytest.fixture
def cli_vault(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> tuple[Path, str]:
    return copy_of_cli_vault(tmp_path_factory, tmp_path)


def ok(result: CliResult) -> CliResult:
    assert result.returncode == 0, result.stderr
    return result


refused = one_line_error


def verify(folder: Path, passphrase: str = PASSPHRASE, **env: str) -> CliResult:
    return run_cli("vault", "verify", vault=folder, stdin=passphrase + "\n", env=env or None)


def _passwd(folder: Path, old: str = PASSPHRASE, new: str = NEW_PASSPHRASE) -> None:
    ok(run_cli("vault", "passwd", vault=folder, stdin=f"{old}\n{new}\n"))


def _dek(folder: Path, passphrase: str) -> bytes:
    vault = Vault.unlock(folder, Credentials(passphrase=passphrase))
    try:
        return vault.dek
    finally:
        vault.lock()


def test_an_old_key_file_put_back_after_passwd_is_refused(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, recovery_key = cli_vault
    fill_rows(folder, PASSPHRASE, 200)
    old_dek = _dek(folder, PASSPHRASE)
    old_keys = tmp_path / "old-vault.keys"
    shutil.copy2(folder / KEYS, old_keys)

    _passwd(folder)
    fill_rows(folder, NEW_PASSPHRASE, 50, start=200)  # data written since the change
    current_keys = (folder / KEYS).read_bytes()
    # Every page is encrypted under a new data key: the old key opens nothing.
    with pytest.raises(VaultDamaged):
        Database.open(folder / DB, old_dek)

    shutil.copy2(old_keys, folder / KEYS)
    before = file_hashes(folder)
    for command in (("vault", "verify"), ("audit", "show"), ("vault", "passwd")):
        stdin = f"{PASSPHRASE}\nyet another long passphrase\n"
        line = refused(run_cli(*command, vault=folder, stdin=stdin), 4)
        assert OLDER in line, line
        assert "old copy of vault.keys" in line
        assert file_hashes(folder) == before  # refused, nothing changed
    # The new passphrase is not in the old file at all.
    refused(verify(folder, NEW_PASSPHRASE), 3)
    assert file_hashes(folder) == before

    # Putting the current key file back: the new passphrase and the recovery key still work.
    (folder / KEYS).write_bytes(current_keys)
    ok(verify(folder, NEW_PASSPHRASE))
    ok(run_cli("vault", "verify", vault=folder, env={"CARECOORD_RECOVERY_KEY": recovery_key}))
    refused(verify(folder, PASSPHRASE), 3)
    assert row_ids(folder, NEW_PASSPHRASE) == set(range(250))


def test_passwd_rotates_the_data_key_for_every_slot(cli_vault: tuple[Path, str]) -> None:
    folder, recovery_key = cli_vault
    ok(run_cli("vault", "add-user", BOB, vault=folder, stdin=f"{PASSPHRASE}\n{BOB_PASSPHRASE}\n"))
    fill_rows(folder, PASSPHRASE, 300)
    old_dek = _dek(folder, PASSPHRASE)
    old_db = (folder / DB).read_bytes()

    _passwd(folder)

    new_db = (folder / DB).read_bytes()
    pages = len(old_db) // 4096
    same = sum(
        old_db[i * 4096 : (i + 1) * 4096] == new_db[i * 4096 : (i + 1) * 4096] for i in range(pages)
    )
    assert pages > 20
    assert same == 0
    assert _dek(folder, NEW_PASSPHRASE) != old_dek
    # Bob, whose passphrase did not change, and the recovery key open the rotated vault.
    ok(verify(folder, BOB_PASSPHRASE))
    ok(run_cli("vault", "verify", vault=folder, env={"CARECOORD_RECOVERY_KEY": recovery_key}))
    assert row_ids(folder, BOB_PASSPHRASE) == set(range(300))


@pytest.mark.parametrize("change", ["add-user", "remove-user", "passwd by recovery key"])
def test_an_old_key_file_put_back_after_any_slot_change_is_refused(
    cli_vault: tuple[Path, str], tmp_path: Path, change: str
) -> None:
    folder, recovery_key = cli_vault
    if change == "remove-user":
        ok(
            run_cli(
                "vault", "add-user", BOB, vault=folder, stdin=f"{PASSPHRASE}\n{BOB_PASSPHRASE}\n"
            )
        )
    shutil.copy2(folder / KEYS, tmp_path / "old-vault.keys")
    if change == "add-user":
        ok(
            run_cli(
                "vault", "add-user", BOB, vault=folder, stdin=f"{PASSPHRASE}\n{BOB_PASSPHRASE}\n"
            )
        )
    elif change == "remove-user":
        ok(run_cli("vault", "remove-user", BOB, vault=folder, stdin=PASSPHRASE + "\n"))
    else:
        ok(
            run_cli(
                "--user",
                USER,
                "vault",
                "passwd",
                vault=folder,
                stdin=NEW_PASSPHRASE + "\n",
                env={"CARECOORD_RECOVERY_KEY": recovery_key},
            )
        )
    current = (folder / KEYS).read_bytes()
    shutil.copy2(tmp_path / "old-vault.keys", folder / KEYS)
    before = file_hashes(folder)
    line = refused(verify(folder), 4)
    assert OLDER in line, line
    line = refused(
        run_cli("vault", "verify", vault=folder, env={"CARECOORD_RECOVERY_KEY": recovery_key}), 4
    )
    assert OLDER in line, line
    assert file_hashes(folder) == before
    (folder / KEYS).write_bytes(current)
    ok(run_cli("vault", "verify", vault=folder, env={"CARECOORD_RECOVERY_KEY": recovery_key}))


def test_backup_and_restore_carry_a_consistent_pair_across_passwd(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, recovery_key = cli_vault
    fill_rows(folder, PASSPHRASE, 20)
    before_change = tmp_path / "before.zip"
    ok(run_cli("vault", "backup", str(before_change), vault=folder, stdin=PASSPHRASE + "\n"))
    _passwd(folder)
    fill_rows(folder, NEW_PASSPHRASE, 10, start=20)
    after_change = tmp_path / "after.zip"
    ok(run_cli("vault", "backup", str(after_change), vault=folder, stdin=NEW_PASSPHRASE + "\n"))

    # A backup from before the change opens with the passphrase of its time, as a whole.
    ok(run_cli("vault", "restore", str(before_change), vault=folder, stdin=PASSPHRASE + "\n"))
    ok(verify(folder, PASSPHRASE))
    assert row_ids(folder, PASSPHRASE) == set(range(20))
    # And the later one brings the changed passphrase and the later rows back.
    ok(run_cli("vault", "restore", str(after_change), vault=folder, stdin=NEW_PASSPHRASE + "\n"))
    ok(verify(folder, NEW_PASSPHRASE))
    refused(verify(folder, PASSPHRASE), 3)
    assert row_ids(folder, NEW_PASSPHRASE) == set(range(30))
    ok(run_cli("vault", "verify", vault=folder, env={"CARECOORD_RECOVERY_KEY": recovery_key}))


def test_a_backup_whose_key_file_is_older_than_its_database_is_refused(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    """A backup put together by hand from an old vault.keys and a later vault.db."""
    import hashlib
    import json
    import zipfile

    folder, _ = cli_vault
    old_keys = (folder / KEYS).read_bytes()
    ok(run_cli("vault", "add-user", BOB, vault=folder, stdin=f"{PASSPHRASE}\n{BOB_PASSPHRASE}\n"))
    made = tmp_path / "made.zip"
    ok(run_cli("vault", "backup", str(made), vault=folder, stdin=PASSPHRASE + "\n"))
    mixed = tmp_path / "mixed.zip"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(mixed, "w") as target:
        manifest = json.loads(source.read("manifest.json"))
        manifest["files"][KEYS] = hashlib.sha256(old_keys).hexdigest()
        target.writestr("manifest.json", json.dumps(manifest))
        target.writestr(KEYS, old_keys)
        target.writestr(DB, source.read(DB))
    before = file_hashes(folder)
    line = refused(
        run_cli("vault", "restore", str(mixed), vault=folder, stdin=PASSPHRASE + "\n"), 4
    )
    assert "older than its database" in line
    assert "nothing was restored" in line
    assert file_hashes(folder) == before
    ok(verify(folder))
