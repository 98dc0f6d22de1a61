"""The access log against a real vault: API, transactions, event coverage, tamper detection."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from carecoord.audit import AccessLog, Action
from carecoord.vault import Credentials, Vault, keyfile
from carecoord.vault.backup import create_backup, restore_backup
from tests.conftest import PASSPHRASE, USER, VaultFixture
from tests.support import audit_tamper

OTHER_PASSPHRASE = "purple elephant dances quietly"


def actions(vault: Vault, after: int = 0) -> list[str]:
    rows = vault.db.all("SELECT action FROM access_log WHERE seq > ? ORDER BY seq", (after,))
    return [r[0] for r in rows]


def last(vault: Vault) -> int:
    return audit_tamper.last_seq(vault.db)


def access_log_check(vault: Vault) -> tuple[bool, str]:
    check = next(c for c in vault.verify().checks if c.name == "access log")
    return check.ok, check.detail


# -- recording and reading ------------------------------------------------------------------------


def test_fresh_vault_logs_its_first_login_and_verifies(vault_fx: VaultFixture) -> None:
    vault = vault_fx.vault
    assert actions(vault) == ["login"]
    assert vault.keys.audit_head is not None and vault.keys.audit_head.seq == 1
    assert access_log_check(vault) == (True, "1 entry up to entry 1; chain and head intact")


def test_record_stores_who_where_what_and_for_whom(vault_fx: VaultFixture) -> None:
    log = AccessLog(vault_fx.vault)
    seq = log.record(Action.READ, case_ref="case-17", client_ref="client-4", on_behalf_of="bert")
    entry = log.entries(after_seq=seq - 1, limit=1)[0]
    assert (entry.seq, entry.user, entry.action) == (seq, USER, "read")
    assert entry.workstation == vault_fx.vault.workstation
    assert (entry.case_ref, entry.client_ref, entry.on_behalf_of) == ("case-17", "client-4", "bert")
    assert abs(entry.at - datetime.now(UTC)) < timedelta(minutes=1)


def test_on_behalf_of_is_left_empty_when_it_is_the_acting_user(vault_fx: VaultFixture) -> None:
    log = AccessLog(vault_fx.vault)
    seq = log.record(Action.UPDATE, case_ref="c1", on_behalf_of=USER.upper())
    assert (
        vault_fx.vault.db.scalar("SELECT on_behalf_of FROM access_log WHERE seq = ?", (seq,))
        is None
    )


def test_per_case_view_is_chronological_and_only_that_case(vault_fx: VaultFixture) -> None:
    log = AccessLog(vault_fx.vault)
    for action, case in [
        (Action.CREATE, "c-1"),
        (Action.READ, "c-2"),
        (Action.UPDATE, "c-1"),
        (Action.PRINT, "c-1"),
    ]:
        log.record(action, case_ref=case)
    view = log.for_case("c-1")
    assert [e.action for e in view] == ["create", "update", "print"]
    assert [e.seq for e in view] == sorted(e.seq for e in view)
    # Reading the log of a file is itself an access to that file's record.
    assert actions(vault_fx.vault)[-1] == "log_read"
    reads = log.for_case("c-1")
    assert [e.action for e in reads][-1] == "log_read"


def test_per_user_and_period_views_and_paging(vault_fx: VaultFixture) -> None:
    vault = vault_fx.vault
    vault.add_user("bert", OTHER_PASSPHRASE)
    log = AccessLog(vault)
    for i in range(5):
        log.record(Action.READ, case_ref=f"c-{i}", on_behalf_of="bert")
    vault.lock()
    bert = Vault.unlock(vault_fx.folder, Credentials(passphrase=OTHER_PASSPHRASE, user="bert"))
    try:
        AccessLog(bert).record(Action.READ, case_ref="c-9")
        mine = AccessLog(bert).for_user("BERT")
        assert [e.action for e in mine] == ["login", "read"]
        assert all(e.user == "bert" for e in mine)
        first = AccessLog(bert).entries(limit=3)
        second = AccessLog(bert).entries(after_seq=first[-1].seq, limit=3)
        assert [e.seq for e in first + second] == list(range(1, 7))
        future = datetime.now(UTC) + timedelta(days=1)
        assert AccessLog(bert).in_period(future, future + timedelta(days=1)) == []
        today = AccessLog(bert).in_period(future - timedelta(days=2), future)
        assert len(today) > 8
    finally:
        bert.lock()


@pytest.mark.parametrize(
    "detail",
    [
        {"note": "Maria Jansen came by"},
        {"reason": "x" * 65},
        {"Bad Key": "code"},
        {"nested": ["a"]},
        {"target_user": "not a valid user!"},
    ],
)
def test_detail_refuses_free_text_and_never_echoes_it(
    vault_fx: VaultFixture, detail: dict[str, object]
) -> None:
    log = AccessLog(vault_fx.vault)
    before = last(vault_fx.vault)
    with pytest.raises(ValueError) as raised:
        log.record(Action.EXPORT, case_ref="c1", detail=detail)  # type: ignore[arg-type]
    assert "Maria" not in str(raised.value)
    assert last(vault_fx.vault) == before


@pytest.mark.parametrize("ref", ["Maria Jansen", "", "x" * 65, "a;b"])
def test_references_must_be_opaque_ids(vault_fx: VaultFixture, ref: str) -> None:
    with pytest.raises(ValueError):
        AccessLog(vault_fx.vault).record(Action.READ, case_ref=ref)


def test_unknown_action_is_refused(vault_fx: VaultFixture) -> None:
    with pytest.raises(ValueError):
        AccessLog(vault_fx.vault).record("peek")
    with pytest.raises(ValueError, match="written by the access log itself"):
        AccessLog(vault_fx.vault).record(Action.LOG_INTEGRITY_ALERT)


def test_search_terms_are_kept_only_as_keyed_hashes(vault_fx: VaultFixture) -> None:
    vault = vault_fx.vault
    log = AccessLog(vault)
    log.record(Action.SEARCH, search_terms="Jansen,  Maria")
    log.record(Action.SEARCH, search_terms="Muñoz")
    dump = " ".join(str(v) for row in vault.db.all("SELECT * FROM access_log") for v in row)
    for word in ("jansen", "maria", "munoz", "muñoz"):
        assert word not in dump.casefold()
    assert [e.action for e in log.searched_for("maria JANSEN")] == ["search"]
    assert len(log.searched_for("munoz")) == 1
    assert log.searched_for("Pieters") == []
    assert actions(vault)[-1] == "log_read"


# -- transactions and the head ----------------------------------------------------------------------


def test_entry_rolls_back_with_the_callers_transaction(vault_fx: VaultFixture) -> None:
    vault = vault_fx.vault
    head, before = vault.keys.audit_head, last(vault)
    with pytest.raises(RuntimeError), vault.db.transaction():
        AccessLog(vault).record(Action.DELETE, case_ref="c1")
        raise RuntimeError("the store's change failed")
    assert last(vault) == before
    assert vault.keys.audit_head == head


def test_head_moves_once_when_the_outer_transaction_commits(vault_fx: VaultFixture) -> None:
    vault = vault_fx.vault
    head = vault.keys.audit_head
    with vault.db.transaction():
        first = AccessLog(vault).record(Action.CREATE, case_ref="c1")
        AccessLog(vault).record(Action.UPDATE, case_ref="c1")
        assert vault.keys.audit_head == head  # not before the commit
    new = vault.keys.audit_head
    assert new is not None and new.seq == first + 1
    assert new.mac == vault.db.scalar("SELECT mac FROM access_log WHERE seq = ?", (new.seq,))


def test_triggers_keep_the_log_append_only(vault_fx: VaultFixture) -> None:
    from carecoord.vault.database import DatabaseError

    with pytest.raises(DatabaseError, match="append-only"):
        vault_fx.vault.db.execute("UPDATE access_log SET user_name = 'x'")
    with pytest.raises(DatabaseError, match="pruning"):
        vault_fx.vault.db.execute("DELETE FROM access_log")


# -- every vault action produces exactly one entry ----------------------------------------------


def test_lock_and_login_each_add_one_entry(vault_fx: VaultFixture) -> None:
    before = last(vault_fx.vault)
    vault = vault_fx.reopen()
    assert actions(vault, before) == ["lock", "login"]


def test_recovery_key_login_is_logged_as_recovery(vault_fx: VaultFixture) -> None:
    vault_fx.vault.lock()
    vault = Vault.unlock(vault_fx.folder, Credentials(recovery_key=vault_fx.recovery_key))
    try:
        entry = AccessLog(vault).entries(after_seq=last(vault) - 1)[0]
        assert (entry.action, entry.user) == ("login", "recovery")
    finally:
        vault.lock()


def test_key_slot_changes_add_one_entry_each(vault_fx: VaultFixture) -> None:
    vault = vault_fx.vault
    steps = [
        ("add_user", lambda: vault.add_user("bert", OTHER_PASSPHRASE)),
        ("passwd", lambda: vault.change_passphrase(PASSPHRASE + " again")),
        ("remove_user", lambda: vault.remove_user("bert")),
    ]
    for change, step in steps:
        before = last(vault)
        step()
        entries = AccessLog(vault).entries(after_seq=before)
        assert [e.action for e in entries[:1]] == ["key_slot_change"]
        assert last(vault) == before + 2  # the change, then the log_read of entries() above
        assert entries[0].detail["change"] == change
    assert access_log_check(vault)[0]


def test_the_chain_survives_a_data_key_rotation(vault_fx: VaultFixture) -> None:
    vault = vault_fx.vault
    AccessLog(vault).record(Action.SEARCH, search_terms="Jansen")
    vault.add_user("bert", OTHER_PASSPHRASE)
    old_dek = vault.dek
    vault.remove_user("bert")
    assert vault.dek != old_dek
    vault = vault_fx.reopen()
    assert access_log_check(vault)[0]
    assert len(AccessLog(vault).searched_for("jansen")) == 1


def test_backup_and_restore_each_add_one_entry(vault_fx: VaultFixture, tmp_path: Path) -> None:
    vault = vault_fx.vault
    before = last(vault)
    create_backup(vault, tmp_path / "backup.zip")
    assert actions(vault, before) == ["backup"]
    at_backup = before  # the snapshot was taken before its own entry
    AccessLog(vault).record(Action.READ, case_ref="c1")
    vault.lock()
    restore_backup(vault_fx.folder, tmp_path / "backup.zip", Credentials(passphrase=PASSPHRASE))
    vault = vault_fx.reopen()
    assert actions(vault, at_backup) == ["restore", "login"]
    assert access_log_check(vault)[0]


# -- tampering is detected and the first bad entry named ----------------------------------------


def _filled(vault_fx: VaultFixture, n: int = 6) -> Vault:
    log = AccessLog(vault_fx.vault)
    for i in range(n):
        log.record(Action.READ, case_ref=f"c-{i}")
    return vault_fx.vault


@pytest.mark.parametrize("column", ["user_name", "action", "at_utc", "case_ref", "mac"])
def test_a_modified_entry_is_named(vault_fx: VaultFixture, column: str) -> None:
    vault = _filled(vault_fx)
    audit_tamper.modify(vault.db, 4, column)
    ok, detail = access_log_check(vault)
    assert not ok
    assert detail.startswith("entry 4 fails its MAC check")


def test_a_deleted_entry_is_named(vault_fx: VaultFixture) -> None:
    vault = _filled(vault_fx)
    audit_tamper.delete(vault.db, 3)
    assert access_log_check(vault) == (
        False,
        "entry 3 is missing: the log jumps from entry 2 to entry 4 (entries were deleted)",
    )


def test_reordered_entries_are_named(vault_fx: VaultFixture) -> None:
    vault = _filled(vault_fx)
    audit_tamper.swap(vault.db, 2)
    ok, detail = access_log_check(vault)
    assert not ok and detail.startswith("entry 2 fails")


def test_an_inserted_entry_is_named(vault_fx: VaultFixture) -> None:
    vault = _filled(vault_fx)
    audit_tamper.insert(vault.db, 5)
    ok, detail = access_log_check(vault)
    assert not ok and detail.startswith("entry 5 fails")


def test_deleting_the_newest_entries_is_detected(vault_fx: VaultFixture) -> None:
    vault = _filled(vault_fx)  # entries 1..7
    audit_tamper.truncate(vault.db, 5)
    ok, detail = access_log_check(vault)
    assert not ok
    assert detail.startswith("entry 6 is missing: the log ends at entry 5 but vault.keys records")


def test_truncation_stays_detected_after_more_entries_are_added(vault_fx: VaultFixture) -> None:
    vault = _filled(vault_fx)
    audit_tamper.truncate(vault.db, 5)
    head = vault.keys.audit_head
    vault = vault_fx.reopen()  # lock and login are appended after the gap
    assert vault.keys.audit_head == head  # frozen: never anchored to a log that diverged
    ok, detail = access_log_check(vault)
    assert not ok
    assert detail.startswith(
        "entry 6 does not continue the log that vault.keys records up to entry 7"
    )
    assert "log_integrity_alert" in actions(vault, 5)


def test_rolling_the_database_back_is_detected(vault_fx: VaultFixture, tmp_path: Path) -> None:
    vault = _filled(vault_fx, 2)
    vault.lock()  # entries 1..4 (login, 2 reads, lock)
    shutil.copy(vault_fx.folder / "vault.db", tmp_path / "old.db")
    vault = _filled(vault_fx, 0)
    vault = vault_fx.reopen()
    AccessLog(vault).record(Action.EXPORT, case_ref="c-1")
    vault.lock()
    shutil.copy(tmp_path / "old.db", vault_fx.folder / "vault.db")
    vault = vault_fx.reopen()
    ok, detail = access_log_check(vault)
    assert not ok
    assert detail.startswith("entry 5 does not continue the log")


def test_a_key_file_without_head_is_detected(vault_fx: VaultFixture) -> None:
    vault = _filled(vault_fx, 2)
    dek = vault.dek
    vault.lock()
    # As if vault.keys were put back from a copy made before the access log existed.
    headless = vault.keys.model_copy(update={"audit_head": None, "mac": ""}).sealed_with(dek)
    keyfile.write(vault_fx.folder / "vault.keys", headless)
    vault = vault_fx.reopen()
    ok, detail = access_log_check(vault)
    assert not ok and "replaced by an older copy" in detail


# -- retention of the log itself ------------------------------------------------------------------


def test_pruning_removes_old_entries_and_the_chain_still_verifies(vault_fx: VaultFixture) -> None:
    vault = _filled(vault_fx, 4)  # entries 1..5
    cutoff = datetime.now(UTC) + timedelta(seconds=1)
    removed = AccessLog(vault).prune_before(cutoff)
    assert removed == 5
    assert actions(vault) == ["log_prune"]
    prune = AccessLog(vault).entries()[0]
    assert prune.seq == 6 and prune.detail["entries"] == 5 and prune.detail["through_seq"] == 5
    assert access_log_check(vault)[0]
    vault = vault_fx.reopen()
    assert access_log_check(vault)[0]
    # Nothing is older than a cutoff in the past.
    assert AccessLog(vault).prune_before(datetime(2000, 1, 1, tzinfo=UTC)) == 0


def test_pruning_keeps_entries_from_the_cutoff_on(vault_fx: VaultFixture) -> None:
    vault = _filled(vault_fx, 3)  # 1..4
    third = vault.db.scalar("SELECT at_utc FROM access_log WHERE seq = 3")
    cutoff = datetime.strptime(third, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert AccessLog(vault).prune_before(cutoff) == 2
    assert [r[0] for r in vault.db.all("SELECT seq FROM access_log ORDER BY seq")] == [3, 4, 5]
    assert access_log_check(vault)[0]


def test_pruning_refuses_a_log_that_does_not_verify(vault_fx: VaultFixture) -> None:
    vault = _filled(vault_fx, 2)  # 1..3
    audit_tamper.unprotect(vault.db)
    vault.db.execute("UPDATE access_log SET at_utc = '2019-01-01T00:00:00.000000Z' WHERE seq <= 2")
    # The entries were backdated, which is tampering: pruning must refuse rather than hide it.
    from carecoord.errors import VaultDamaged

    with pytest.raises(VaultDamaged, match="nothing was pruned"):
        AccessLog(vault).prune_before(datetime(2021, 1, 1, tzinfo=UTC))
    assert audit_tamper.last_seq(vault.db) == 3


def test_pruned_log_still_detects_tampering(vault_fx: VaultFixture) -> None:
    vault = _filled(vault_fx, 2)
    AccessLog(vault).prune_before(datetime.now(UTC) + timedelta(seconds=1))  # 1..3 go, prune 4
    _filled(vault_fx, 3)  # 5..7
    audit_tamper.modify(vault.db, 4, "detail")
    ok, detail = access_log_check(vault)
    assert not ok and detail.startswith("entry 4 fails")


@pytest.mark.parametrize("action", [a for a in Action if a is not Action.LOG_INTEGRITY_ALERT])
def test_each_action_recorded_through_the_api_adds_exactly_one_entry(
    vault_fx: VaultFixture, action: Action
) -> None:
    vault = vault_fx.vault
    before = AccessLog(vault).count()
    AccessLog(vault).record(action, case_ref="case-1")
    assert AccessLog(vault).count() == before + 1
    assert actions(vault, last(vault) - 1) == [action.value]


def test_an_unwritable_log_refuses_the_action_and_the_unlock(vault_fx: VaultFixture) -> None:
    from carecoord.errors import CareCoordError

    vault = vault_fx.vault
    vault.db.execute("CREATE TABLE scratch (x TEXT) STRICT")
    vault.db.execute("ALTER TABLE access_log RENAME TO access_log_gone")
    with pytest.raises(CareCoordError, match="could not be written"), vault.db.transaction():
        vault.db.execute("INSERT INTO scratch VALUES ('the store changed something')")
        AccessLog(vault).record(Action.UPDATE, case_ref="c1")
    assert vault.db.scalar("SELECT count(*) FROM scratch") == 0
    vault.lock()  # its lock entry cannot be written either; locking happens regardless
    for _ in range(2):  # the refused unlock released the vault: the second is not "in use"
        with pytest.raises(CareCoordError, match="could not be written"):
            Vault.unlock(vault_fx.folder, Credentials(passphrase=PASSPHRASE))


def test_iter_entries_pages_through_everything_and_logs_one_read(
    vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carecoord.audit import log as log_module

    monkeypatch.setattr(log_module, "MAX_PAGE", 3)
    vault = _filled(vault_fx, 7)  # 1..8
    before = last(vault)
    listed = list(AccessLog(vault).iter_entries())
    assert [e.seq for e in listed] == list(range(1, 9))
    assert actions(vault, before) == ["log_read"]
    by_case = list(AccessLog(vault).iter_entries(case_ref="c-1"))
    assert [e.case_ref for e in by_case] == ["c-1"]
    assert vault.db.scalar("SELECT case_ref FROM access_log ORDER BY seq DESC LIMIT 1") == "c-1"


def test_a_rolled_back_log_can_be_acknowledged_once_investigated(
    vault_fx: VaultFixture, tmp_path: Path
) -> None:
    from carecoord.errors import UsageError

    with pytest.raises(UsageError):
        AccessLog(vault_fx.vault).acknowledge_break()
    vault = _filled(vault_fx, 2)
    vault.lock()
    shutil.copy(vault_fx.folder / "vault.db", tmp_path / "old.db")
    vault = _filled(vault_fx, 0)
    vault = vault_fx.reopen()
    vault.lock()
    shutil.copy(tmp_path / "old.db", vault_fx.folder / "vault.db")
    vault = vault_fx.reopen()
    assert not access_log_check(vault)[0]
    assert AccessLog(vault).acknowledge_break() == 5
    assert access_log_check(vault)[0]
    assert actions(vault, 4) == ["log_integrity_alert", "login", "log_integrity_acknowledged"]
    vault = vault_fx.reopen()
    assert access_log_check(vault)[0]


def test_a_modified_entry_cannot_be_acknowledged(vault_fx: VaultFixture) -> None:
    from carecoord.errors import VaultDamaged

    vault = _filled(vault_fx, 3)
    audit_tamper.modify(vault.db, 2)
    head = vault.keys.audit_head
    with pytest.raises(VaultDamaged, match="cannot be acknowledged"):
        AccessLog(vault).acknowledge_break()
    assert vault.keys.audit_head == head
    assert not access_log_check(vault)[0]
