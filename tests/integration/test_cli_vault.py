"""Every ``carecoord vault`` command and its exit codes, through the real CLI in a subprocess."""

from __future__ import annotations

import re
import stat
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
    flip_byte,
    key_slots,
    row_ids,
)

NEW_PASSPHRASE = "a brand new passphrase 42"
BOB = "bob"
BOB_PASSPHRASE = "tulips along the canal 7"
RECOVERY_KEY = re.compile(r"^(?:[0-9A-Z]{5}-){7}[0-9A-Z]{5}$")


@pytest.fixture
def cli_vault(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> tuple[Path, str]:
    return copy_of_cli_vault(tmp_path_factory, tmp_path)


def ok(result: CliResult) -> CliResult:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result


failed = one_line_error


def opens(folder: Path, passphrase: str, *extra: str) -> bool:
    result = run_cli(*extra, "vault", "verify", vault=folder, stdin=passphrase + "\n")
    assert result.returncode in (0, 3), result.stderr
    return result.returncode == 0


# -- vault init ------------------------------------------------------------------------------------


def test_init_prints_the_recovery_key_once_and_writes_owner_only_files(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    result = ok(run_cli("--user", USER, "vault", "init", vault=folder, stdin=PASSPHRASE + "\n"))
    keys = [line for line in result.stdout.splitlines() if RECOVERY_KEY.match(line.strip())]
    assert len(keys) == 1
    recovery_key = keys[0].strip()
    assert result.stdout.count(recovery_key) == 1
    assert PASSPHRASE not in result.stdout
    # Neither secret is stored in the vault folder in any readable form.
    for path in folder.iterdir():
        if path.is_file():
            data = path.read_bytes()
            assert recovery_key.encode() not in data
            assert recovery_key.replace("-", "").encode() not in data
            assert PASSPHRASE.encode() not in data
    assert stat.S_IMODE((folder / KEYS).stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / DB).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    ok(run_cli("vault", "verify", vault=folder, env={"CARECOORD_RECOVERY_KEY": recovery_key}))


def test_init_takes_the_passphrase_from_the_environment(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    ok(
        run_cli(
            "--user", USER, "vault", "init", vault=folder, env={"CARECOORD_PASSPHRASE": PASSPHRASE}
        )
    )
    assert opens(folder, PASSPHRASE)


def test_init_refuses_a_weak_passphrase_and_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    line = failed(run_cli("--user", USER, "vault", "init", vault=folder, stdin="short\n"), 5)
    assert "too weak" in line
    assert not (folder / KEYS).exists()
    assert not (folder / DB).exists()


def test_second_init_in_the_same_folder_is_refused(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    before = file_hashes(folder)
    line = failed(
        run_cli("--user", "other", "vault", "init", vault=folder, stdin=NEW_PASSPHRASE + "\n"), 2
    )
    assert "already holds a vault" in line
    assert file_hashes(folder) == before
    assert opens(folder, PASSPHRASE)
    assert not opens(folder, NEW_PASSPHRASE)


# -- vault verify ----------------------------------------------------------------------------------


def test_verify_passes_on_a_healthy_vault(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    result = ok(run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n"))
    names = [line.split(":")[0].split(maxsplit=1) for line in result.stdout.splitlines()]
    assert {name for status, name in names if status == "ok"} >= {
        "key file",
        "encryption",
        "page integrity",
        "database structure",
        "schema",
    }
    assert all(status == "ok" for status, _ in names)


def test_verify_names_the_failed_check(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    fill_rows(folder, PASSPHRASE, 400)
    flip_byte(folder / DB, (folder / DB).stat().st_size // 2)
    result = run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n")
    line = failed(result, 4)
    assert "'page integrity'" in line
    assert "FAILED page integrity" in result.stdout


# -- vault passwd ----------------------------------------------------------------------------------


def test_passwd_reads_the_new_passphrase_from_the_next_stdin_line(
    cli_vault: tuple[Path, str],
) -> None:
    folder, recovery_key = cli_vault
    ok(run_cli("vault", "passwd", vault=folder, stdin=f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n"))
    assert not opens(folder, PASSPHRASE)
    assert opens(folder, NEW_PASSPHRASE)
    ok(run_cli("vault", "verify", vault=folder, env={"CARECOORD_RECOVERY_KEY": recovery_key}))


def test_passwd_reads_the_new_passphrase_from_the_environment(
    cli_vault: tuple[Path, str],
) -> None:
    folder, _ = cli_vault
    ok(
        run_cli(
            "vault",
            "passwd",
            vault=folder,
            env={"CARECOORD_PASSPHRASE": PASSPHRASE, "CARECOORD_NEW_PASSPHRASE": NEW_PASSPHRASE},
        )
    )
    assert not opens(folder, PASSPHRASE)
    assert opens(folder, NEW_PASSPHRASE)


def test_passwd_refuses_a_weak_new_passphrase_and_keeps_the_old(
    cli_vault: tuple[Path, str],
) -> None:
    folder, _ = cli_vault
    before = key_slots(folder)
    line = failed(run_cli("vault", "passwd", vault=folder, stdin=f"{PASSPHRASE}\nabc\n"), 5)
    assert "too weak" in line
    assert key_slots(folder) == before
    assert opens(folder, PASSPHRASE)


def test_passwd_with_the_recovery_key_resets_a_named_user(cli_vault: tuple[Path, str]) -> None:
    folder, recovery_key = cli_vault
    env = {"CARECOORD_RECOVERY_KEY": recovery_key}
    failed(run_cli("vault", "passwd", vault=folder, stdin=NEW_PASSPHRASE + "\n", env=env), 2)
    ok(
        run_cli(
            "--user", USER, "vault", "passwd", vault=folder, stdin=NEW_PASSPHRASE + "\n", env=env
        )
    )
    assert not opens(folder, PASSPHRASE)
    assert opens(folder, NEW_PASSPHRASE, "--user", USER)


# -- vault add-user / remove-user ------------------------------------------------------------------


def _add_bob(folder: Path) -> None:
    ok(run_cli("vault", "add-user", BOB, vault=folder, stdin=f"{PASSPHRASE}\n{BOB_PASSPHRASE}\n"))


def test_add_user_gives_the_new_user_their_own_passphrase(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    _add_bob(folder)
    assert opens(folder, BOB_PASSPHRASE)
    assert opens(folder, BOB_PASSPHRASE, "--user", BOB)
    assert not opens(folder, BOB_PASSPHRASE, "--user", USER)
    assert opens(folder, PASSPHRASE)
    # A second user by the same name (any case) is refused.
    line = failed(
        run_cli(
            "vault", "add-user", "BOB", vault=folder, stdin=f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n"
        ),
        5,
    )
    assert "already exists" in line
    failed(
        run_cli(
            "vault", "add-user", "recovery", vault=folder, stdin=f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n"
        ),
        5,
    )


def test_remove_user_locks_them_out_and_rotates_the_data_key(cli_vault: tuple[Path, str]) -> None:
    folder, recovery_key = cli_vault
    _add_bob(folder)
    fill_rows(folder, PASSPHRASE, 300)
    vault = Vault.unlock(folder, Credentials(passphrase=BOB_PASSPHRASE))
    old_dek = vault.dek
    vault.lock()
    old_db = (folder / DB).read_bytes()

    result = ok(run_cli("vault", "remove-user", BOB, vault=folder, stdin=PASSPHRASE + "\n"))
    assert "rotated" in result.stdout

    line = failed(run_cli("vault", "verify", vault=folder, stdin=BOB_PASSPHRASE + "\n"), 3)
    assert "passphrase" in line
    assert opens(folder, PASSPHRASE)
    ok(run_cli("vault", "verify", vault=folder, env={"CARECOORD_RECOVERY_KEY": recovery_key}))
    # Every page was re-encrypted under a new key: the old key opens nothing.
    new_db = (folder / DB).read_bytes()
    pages = len(old_db) // 4096
    same = sum(
        old_db[i * 4096 : (i + 1) * 4096] == new_db[i * 4096 : (i + 1) * 4096] for i in range(pages)
    )
    assert pages > 20
    assert same == 0
    with pytest.raises(VaultDamaged):
        Database.open(folder / DB, old_dek)
    assert row_ids(folder, PASSPHRASE) == set(range(300))


def test_remove_user_refusals(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    before = key_slots(folder)
    assert "no user" in failed(
        run_cli("vault", "remove-user", "nobody", vault=folder, stdin=PASSPHRASE + "\n"), 5
    )
    assert "your own" in failed(
        run_cli("vault", "remove-user", USER, vault=folder, stdin=PASSPHRASE + "\n"), 5
    )
    assert key_slots(folder) == before


# -- vault backup / restore ------------------------------------------------------------------------


def test_backup_and_restore_bring_back_the_data_of_the_backup(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    fill_rows(folder, PASSPHRASE, 50)
    backup = tmp_path / "vault-backup.zip"
    ok(run_cli("vault", "backup", str(backup), vault=folder, stdin=PASSPHRASE + "\n"))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    fill_rows(folder, PASSPHRASE, 50, start=50)
    assert row_ids(folder, PASSPHRASE) == set(range(100))

    result = ok(run_cli("vault", "restore", str(backup), vault=folder, stdin=PASSPHRASE + "\n"))
    assert row_ids(folder, PASSPHRASE) == set(range(50))
    ok(run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\n"))
    # The vault it replaced is kept, still encrypted.
    kept = list((folder / "backups").glob("before-restore-*"))
    assert len(kept) == 1
    assert str(kept[0]) in result.stdout
    assert (kept[0] / DB).exists()
    assert not (kept[0] / DB).read_bytes().startswith(b"SQLite format 3")


def test_restore_into_an_empty_folder(cli_vault: tuple[Path, str], tmp_path: Path) -> None:
    folder, recovery_key = cli_vault
    fill_rows(folder, PASSPHRASE, 10)
    backup = tmp_path / "b.zip"
    ok(run_cli("vault", "backup", str(backup), vault=folder, stdin=PASSPHRASE + "\n"))
    elsewhere = tmp_path / "new-workstation"
    ok(
        run_cli(
            "vault",
            "restore",
            str(backup),
            vault=elsewhere,
            env={"CARECOORD_RECOVERY_KEY": recovery_key},
        )
    )
    assert row_ids(elsewhere, PASSPHRASE) == set(range(10))


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "not a zip"])
def test_restoring_a_damaged_backup_changes_nothing(
    cli_vault: tuple[Path, str], tmp_path: Path, damage: str
) -> None:
    folder, _ = cli_vault
    fill_rows(folder, PASSPHRASE, 200)
    backup = tmp_path / "b.zip"
    ok(run_cli("vault", "backup", str(backup), vault=folder, stdin=PASSPHRASE + "\n"))
    size = backup.stat().st_size
    if damage == "flipped byte":
        flip_byte(backup, size // 2)
    elif damage == "truncated":
        backup.write_bytes(backup.read_bytes()[: size // 2])
    else:
        backup.write_bytes(b"just some text\n")
    before = file_hashes(folder)
    line = failed(
        run_cli("vault", "restore", str(backup), vault=folder, stdin=PASSPHRASE + "\n"), 4
    )
    assert "nothing was restored" in line
    assert file_hashes(folder) == before
    assert row_ids(folder, PASSPHRASE) == set(range(200))


def test_restore_with_the_wrong_passphrase_changes_nothing(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    backup = tmp_path / "b.zip"
    ok(run_cli("vault", "backup", str(backup), vault=folder, stdin=PASSPHRASE + "\n"))
    before = file_hashes(folder)
    failed(run_cli("vault", "restore", str(backup), vault=folder, stdin="not the passphrase\n"), 3)
    assert file_hashes(folder) == before


def test_backup_and_restore_usage_errors(cli_vault: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = cli_vault
    before = key_slots(folder)
    failed(
        run_cli(
            "vault",
            "backup",
            # A folder, not a file (a missing folder is created since issue 12: see
            # tests/integration/test_output_paths_cli.py).
            str(tmp_path),
            vault=folder,
            stdin=PASSPHRASE + "\n",
        ),
        2,
    )
    failed(
        run_cli(
            "vault", "restore", str(tmp_path / "missing.zip"), vault=folder, stdin=PASSPHRASE + "\n"
        ),
        2,
    )
    assert key_slots(folder) == before


# -- where secrets come from, and usage errors ------------------------------------------------------


def test_secret_sources(cli_vault: tuple[Path, str]) -> None:
    folder, recovery_key = cli_vault
    ok(run_cli("vault", "verify", vault=folder, env={"CARECOORD_PASSPHRASE": PASSPHRASE}))
    ok(run_cli("vault", "verify", vault=folder, stdin=PASSPHRASE + "\r\n"))
    # The recovery key is accepted in any case and with spaces instead of dashes.
    typed = recovery_key.lower().replace("-", " ")
    ok(run_cli("vault", "verify", vault=folder, env={"CARECOORD_RECOVERY_KEY": typed}))
    # The environment wins over standard input.
    ok(
        run_cli(
            "vault",
            "verify",
            vault=folder,
            stdin="wrong\n",
            env={"CARECOORD_PASSPHRASE": PASSPHRASE},
        )
    )
    # The vault folder may come from the environment too.
    ok(run_cli("vault", "verify", stdin=PASSPHRASE + "\n", env={"CARECOORD_VAULT": str(folder)}))
    line = failed(run_cli("vault", "verify", vault=folder, stdin=""), 3)
    assert "CARECOORD_PASSPHRASE" in line


@pytest.mark.parametrize(
    "argv",
    [
        (),
        ("vault",),
        ("vault", "explode"),
        ("vault", PASSPHRASE),
        ("vault", "add-user"),
        ("vault", "remove-user"),
        ("vault", "backup"),
        ("vault", "restore"),
        ("vault", "verify", "--passphrase", PASSPHRASE),
        ("vault", "init", PASSPHRASE),
        ("nonsense",),
    ],
)
def test_usage_errors_exit_2_on_one_line(
    cli_vault: tuple[Path, str], argv: tuple[str, ...]
) -> None:
    folder, _ = cli_vault
    before = file_hashes(folder)
    line = failed(run_cli(*argv, vault=folder, stdin=PASSPHRASE + "\n"), 2)
    assert "usage error" in line
    assert PASSPHRASE not in line
    assert file_hashes(folder) == before


def test_missing_vault_is_not_a_vault(tmp_path: Path) -> None:
    line = failed(
        run_cli("vault", "verify", vault=tmp_path / "nothing", stdin=PASSPHRASE + "\n"), 4
    )
    assert "No vault" in line


NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def test_bind_device_without_a_keyring_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    line = failed(
        run_cli(
            "--user",
            USER,
            "vault",
            "init",
            "--bind-device",
            vault=folder,
            stdin=PASSPHRASE + "\n",
            env=NO_KEYRING,
        ),
        2,
    )
    assert "No secure system keyring" in line
    assert "without --bind-device" in line
    assert not (folder / KEYS).exists()


def test_add_user_bound_without_a_keyring_is_a_usage_error(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    before = file_hashes(folder)
    line = failed(
        run_cli(
            "vault",
            "add-user",
            BOB,
            "--bind-device",
            vault=folder,
            stdin=f"{PASSPHRASE}\n{BOB_PASSPHRASE}\n",
            env=NO_KEYRING,
        ),
        2,
    )
    assert "without --bind-device" in line
    assert file_hashes(folder) == before
