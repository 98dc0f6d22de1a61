"""Schema migrations: forward only, a backup before migrating, a newer schema refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord.errors import VaultTooNew
from carecoord.vault import Credentials, Vault, migrations
from carecoord.vault.database import Database, DatabaseError
from carecoord.vault.migrations import Migration
from tests.conftest import PASSPHRASE, VaultFixture

SHIPPED = migrations.all_migrations()
LATEST = SHIPPED[-1].version
EXTRA = Migration(
    LATEST + 1,
    "extra_test",
    "-- added by a test\nCREATE TABLE extra_test (id INTEGER PRIMARY KEY) STRICT;\n"
    "INSERT INTO extra_test (id) VALUES (1);\n",
)


def _with(monkeypatch: pytest.MonkeyPatch, *extra: Migration) -> None:
    monkeypatch.setattr(migrations, "all_migrations", lambda: [*SHIPPED, *extra])


def _seed(vault: Vault) -> None:
    vault.db.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY, body TEXT)")
    vault.db.executemany("INSERT INTO kept (body) VALUES (?)", [(f"row {i}",) for i in range(20)])


def test_shipped_migrations_are_numbered_and_applied(vault_fx: VaultFixture) -> None:
    versions = [m.version for m in SHIPPED]
    assert versions[0] == 1
    assert versions == sorted(set(versions))
    assert vault_fx.vault.db.user_version == LATEST
    assert migrations.migrate(vault_fx.vault.db) == 0  # nothing to do, nothing done


def test_a_backup_is_taken_before_migrating_an_existing_vault(
    vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(vault_fx.vault)
    dek = vault_fx.vault.dek
    vault_fx.vault.lock()
    backups = vault_fx.folder / "backups"
    assert not backups.exists() or not list(backups.glob("pre-migration-*"))

    _with(monkeypatch, EXTRA)
    vault = vault_fx.reopen()
    assert vault.db.user_version == LATEST + 1
    assert vault.db.scalar("SELECT count(*) FROM extra_test") == 1
    assert vault.verify().ok
    vault.lock()

    taken = list(backups.glob(f"pre-migration-v{LATEST}-*.db"))
    assert len(taken) == 1
    assert not taken[0].read_bytes().startswith(b"SQLite format 3")
    copy = Database.open(taken[0], dek)
    try:
        assert copy.user_version == LATEST
        assert copy.scalar("SELECT count(*) FROM kept") == 20
        assert copy.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'extra_test'") == 0
    finally:
        copy.close()
    # Migrating again does nothing and takes no second backup.
    vault_fx.reopen().lock()
    assert len(list(backups.glob("pre-migration-*"))) == 1


def test_migrations_only_go_forward(
    vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault_fx.vault.lock()
    _with(monkeypatch, EXTRA)
    vault_fx.reopen().lock()
    # The app without the extra migration is now older than the vault: it refuses, never downgrades.
    monkeypatch.setattr(migrations, "all_migrations", lambda: SHIPPED)
    with pytest.raises(VaultTooNew, match=f"schema version {LATEST + 1}"):
        Vault.unlock(vault_fx.folder, Credentials(passphrase=PASSPHRASE))
    _with(monkeypatch, EXTRA)
    assert vault_fx.reopen().db.user_version == LATEST + 1


def test_a_failing_migration_leaves_the_previous_version_intact(
    vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(vault_fx.vault)
    vault_fx.vault.lock()
    broken = Migration(
        LATEST + 1,
        "broken",
        "CREATE TABLE half_done (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);\n",
    )
    _with(monkeypatch, broken)
    with pytest.raises(DatabaseError):
        Vault.unlock(vault_fx.folder, Credentials(passphrase=PASSPHRASE))
    monkeypatch.setattr(migrations, "all_migrations", lambda: SHIPPED)
    vault = vault_fx.reopen()
    assert vault.db.user_version == LATEST
    assert vault.db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'") == 0
    assert vault.db.scalar("SELECT count(*) FROM kept") == 20
    assert vault.verify().ok


def test_numbering_rules_are_enforced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def folder(*names: str) -> Path:
        path = tmp_path / "-".join(names)
        path.mkdir()
        for name in names:
            (path / name).write_text("SELECT 1;", encoding="utf-8")
        return path

    def use(path: Path) -> None:
        monkeypatch.setattr(migrations.resources, "files", lambda _package: path)

    use(folder("0001_a.sql", "0002_b.sql", "0002_c.sql"))
    with pytest.raises(RuntimeError, match="unique numbers"):
        migrations.all_migrations()
    use(folder("0002_b.sql"))
    with pytest.raises(RuntimeError, match="starting at 0001"):
        migrations.all_migrations()
    use(folder("0001_a.sql", "0010_x.sql", "README"))
    assert [m.version for m in migrations.all_migrations()] == [1, 10]


def test_statements_with_trigger_bodies_run_whole(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "plain.db", None, create=True)
    try:
        with db.transaction():
            migrations._run_statements(
                db,
                "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);\n"
                "CREATE TABLE log (n INTEGER);\n"
                "-- a comment between statements\n"
                "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN\n"
                "  INSERT INTO log (n) VALUES (new.n);\n"
                "END;\n",
            )
        db.execute("INSERT INTO t (n) VALUES (7)")
        assert db.scalar("SELECT n FROM log") == 7
        with pytest.raises(RuntimeError, match="incomplete"):
            migrations._run_statements(db, "CREATE TABLE u (id INTEGER")
    finally:
        db.close()


def test_a_data_step_runs_after_its_statements_in_their_transaction(
    vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int]] = []

    def step(db: Database) -> None:
        # The statements of its version have run, the version is not bumped yet.
        seen.append((db.scalar("SELECT count(*) FROM extra_test"), db.user_version))
        db.execute("INSERT INTO extra_test (id) VALUES (2)")

    vault_fx.vault.lock()
    _with(monkeypatch, Migration(EXTRA.version, EXTRA.name, EXTRA.sql, step))
    vault = vault_fx.reopen()
    assert seen == [(1, LATEST)]
    assert vault.db.user_version == LATEST + 1
    assert vault.db.scalar("SELECT count(*) FROM extra_test") == 2


def test_a_failing_data_step_leaves_the_previous_version_intact(
    vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(vault_fx.vault)
    vault_fx.vault.lock()

    def step(db: Database) -> None:
        db.execute("UPDATE kept SET body = 'changed by the step'")
        raise RuntimeError("the data step failed")

    _with(monkeypatch, Migration(EXTRA.version, EXTRA.name, EXTRA.sql, step))
    with pytest.raises(RuntimeError, match="data step failed"):
        Vault.unlock(vault_fx.folder, Credentials(passphrase=PASSPHRASE))
    monkeypatch.setattr(migrations, "all_migrations", lambda: SHIPPED)
    vault = vault_fx.reopen()
    assert vault.db.user_version == LATEST
    assert vault.db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'extra_test'") == 0
    assert vault.db.scalar("SELECT count(*) FROM kept WHERE body = 'changed by the step'") == 0
    assert vault.verify().ok


def test_shipped_data_steps_are_found_beside_their_statements() -> None:
    with_step = {m.name for m in SHIPPED if m.step is not None}
    assert "pathway_tracks" in with_step
    assert "key_generation" not in with_step


def test_a_data_step_without_its_statements_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("0001_a.sql", "0002_b.py"):
        (tmp_path / name).write_text("SELECT 1;", encoding="utf-8")
    monkeypatch.setattr(migrations.resources, "files", lambda _package: tmp_path)
    with pytest.raises(RuntimeError, match=r"0002_b\.py"):
        migrations.all_migrations()
