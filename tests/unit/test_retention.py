"""Retention over a real vault: review, apply, legal hold, register, erasure, rectification, and
"erased means erased" checked on a decrypted copy (tables, FTS shadow tables and index terms)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from carecoord.audit import AccessLog, Action
from carecoord.audit.integrations import store_sink
from carecoord.domain.case import Signal
from carecoord.domain.client import ClientFacts
from carecoord.domain.comensha import ComenshaRegistration
from carecoord.domain.legal import ReflectionPeriod
from carecoord.errors import InputRejected
from carecoord.retention import Retention
from carecoord.store.case_store import CaseStore
from carecoord.store.retention_repository import (
    RetentionRule,
    RetentionRules,
    add_years,
    closed_cases,
    load_rules,
)
from carecoord.workspace import open_store
from tests.conftest import USER, VaultFixture
from tests.support.retention_data import (
    A_CANARIES,
    D_CANARY,
    Filled,
    every_text,
    fill,
    fts_terms,
    plaintext_copy,
)

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def filled(vault_fx: VaultFixture) -> Filled:
    # With the real audit sink: the store's writes reach the access log as in the app.
    return fill(vault_fx.vault.db, USER, audit=store_sink(vault_fx.vault))


def retention(vault_fx: VaultFixture, now: datetime = NOW) -> Retention:
    return Retention(vault_fx.vault, clock=lambda: now)


def actions_since(vault_fx: VaultFixture, seq: int) -> list[tuple[str, str | None]]:
    rows = vault_fx.vault.db.all(
        "SELECT action, case_ref FROM access_log WHERE seq > ? ORDER BY seq", (seq,)
    )
    return [(r[0], r[1]) for r in rows]


def last_seq(vault_fx: VaultFixture) -> int:
    return int(vault_fx.vault.db.scalar("SELECT max(seq) FROM access_log"))


def case_id(vault_fx: VaultFixture, reference: str) -> str:
    return str(vault_fx.vault.db.scalar("SELECT id FROM cases WHERE reference = ?", (reference,)))


def test_defaults_follow_docs_retention() -> None:
    rules = RetentionRules()
    assert (rules.support_given.years, rules.no_support.years, rules.access_log_years) == (15, 5, 5)
    assert rules.support_given.action == rules.no_support.action == "anonymise"
    assert add_years(date(2004, 2, 29), 15) == date(2019, 2, 28)


def test_closure_reason_is_derived_from_the_pathway(vault_fx: VaultFixture, filled: Filled) -> None:
    cases = {c.reference: c for c in closed_cases(vault_fx.vault.db, RetentionRules())}
    assert cases[filled.a_case].reason == "support_given"
    assert cases[filled.a_case].due_on == date(2021, 1, 10)
    assert cases[filled.b_case].reason == "no_support"
    assert cases[filled.b_case].due_on == date(2024, 2, 1)
    assert cases[filled.c_case].due_on == date(2034, 2, 1)


def test_review_lists_due_cases_and_logs_one_entry_each(
    vault_fx: VaultFixture, filled: Filled
) -> None:
    service = retention(vault_fx)
    service.set_hold(filled.d_case, "criminal case pending")
    before = last_seq(vault_fx)
    due = service.review()
    # Oldest due first: D (2020), A (2021), B (2024); C is not due until 2034.
    assert [c.reference for c in due] == [filled.d_case, filled.a_case, filled.b_case]
    held = {c.reference: c.hold_reason for c in due}
    assert held[filled.d_case] == "criminal case pending" and held[filled.a_case] is None
    logged = actions_since(vault_fx, before)
    assert sorted(logged) == sorted(
        ("retention_review", case_id(vault_fx, ref))
        for ref in (filled.a_case, filled.b_case, filled.d_case)
    )


def test_configured_periods_change_what_is_due(vault_fx: VaultFixture, filled: Filled) -> None:
    service = retention(vault_fx)
    service.set_rules(
        RetentionRules(support_given=RetentionRule(years=30), no_support=RetentionRule(years=10))
    )
    assert load_rules(vault_fx.vault.db).support_given.years == 30
    assert service.review() == []


def test_apply_anonymises_due_cases_keeps_held_and_facts(
    vault_fx: VaultFixture, filled: Filled
) -> None:
    db = vault_fx.vault.db
    service = retention(vault_fx)
    service.set_hold(filled.d_case, "criminal case pending")
    count_query = (
        "SELECT count(*) FROM cases c JOIN case_forms f ON f.case_id = c.id"
        " WHERE c.municipality = 'GM0193' AND f.form = 'labour' AND c.phase = 'closed'"
    )
    assert db.scalar(count_query) == 1
    before = last_seq(vault_fx)
    result = service.apply()
    assert sorted(result.anonymised) == sorted([filled.a_case, filled.b_case])
    assert result.held == (filled.d_case,) and result.destroyed == ()
    # One entry per case done (and nothing for the held one), plus the log's own pruning check.
    logged = Counter(a for a, _ in actions_since(vault_fx, before))
    assert logged["retention_anonymise"] == 2 and "retention_destroy" not in logged
    anonymised = {c for a, c in actions_since(vault_fx, before) if a == "retention_anonymise"}
    assert anonymised == {case_id(vault_fx, filled.a_case), case_id(vault_fx, filled.b_case)}
    # The statistics still count the case: its coded facts are kept.
    assert db.scalar(count_query) == 1
    row = db.all(
        "SELECT phase, sector, signaller, forms, anonymised_on FROM cases WHERE reference = ?",
        (filled.a_case,),
    )[0]
    assert row == ("closed", "window_licensed", "police", "labour;sexual", "2026-11-01")
    assert db.scalar("SELECT count(*) FROM shelter_stays") == 1
    # The held case and the one not yet due are untouched.
    assert (
        db.scalar(
            "SELECT count(*) FROM notes n JOIN cases c ON c.id = n.case_id WHERE c.reference = ?",
            (filled.d_case,),
        )
        == 1
    )
    assert db.scalar("SELECT count(*) FROM client_identity") == 2  # C and D
    # Applied again: nothing more is due.
    assert retention(vault_fx).apply().anonymised == ()


def test_destruction_register_records_what_when_who_never_contents(
    vault_fx: VaultFixture, filled: Filled
) -> None:
    service = retention(vault_fx)
    service.set_rules(RetentionRules(no_support=RetentionRule(years=5, action="destroy")))
    service.apply()
    lines = {line.case_ref: line for line in service.register()}
    assert set(lines) == {filled.a_case, filled.b_case, filled.d_case}
    a, b = lines[filled.a_case], lines[filled.b_case]
    assert (a.action, a.rule, a.done_by) == ("anonymise", "support_given:15y", USER)
    assert (b.action, b.rule) == ("destroy", "no_support:5y")
    assert (b.closed_on, b.due_on) == (date(2019, 2, 1), date(2024, 2, 1))
    assert a.done_at == NOW
    # B is gone entirely, client and all.
    db = vault_fx.vault.db
    assert db.scalar("SELECT count(*) FROM cases WHERE reference = ?", (filled.b_case,)) == 0
    assert db.scalar("SELECT count(*) FROM clients WHERE reference = 'CL-B'") == 0
    register_text = " ".join(
        str(v) for r in db.all("SELECT * FROM destruction_register") for v in r
    ).lower()
    for word in (*A_CANARIES.values(), "bertaq", D_CANARY, "cl-a", "cl-b"):
        assert word not in register_text


def test_legal_hold_prevents_destruction_and_set_lift_are_logged(
    vault_fx: VaultFixture, filled: Filled
) -> None:
    service = retention(vault_fx)
    service.set_rules(RetentionRules(support_given=RetentionRule(years=15, action="destroy")))
    before = last_seq(vault_fx)
    service.set_hold(filled.d_case, "complaint procedure")
    with pytest.raises(InputRejected, match="already"):
        service.set_hold(filled.d_case, "second hold")
    d = case_id(vault_fx, filled.d_case)
    assert actions_since(vault_fx, before) == [("legal_hold_set", d)]
    assert filled.d_case not in retention(vault_fx).apply().destroyed
    assert (
        vault_fx.vault.db.scalar("SELECT count(*) FROM cases WHERE reference = ?", (filled.d_case,))
        == 1
    )
    mark = last_seq(vault_fx)
    service.lift_hold(filled.d_case)
    assert actions_since(vault_fx, mark) == [("legal_hold_lift", d)]
    assert retention(vault_fx).apply().destroyed == (filled.d_case,)
    with pytest.raises(InputRejected, match="reason"):
        service.set_hold(filled.c_case, " ")


def test_nothing_identifying_is_left_after_apply(
    vault_fx: VaultFixture, filled: Filled, tmp_path: Path
) -> None:
    db = vault_fx.vault.db
    open_store(vault_fx.vault).cases.search("quirinaxr")  # a search: only a digest is logged
    assert int(db.scalar("PRAGMA secure_delete")) == 1
    before = every_text(plaintext_copy(db, tmp_path / "before.db"))
    raw_before = (tmp_path / "before.db").read_bytes().lower()
    for word in A_CANARIES.values():
        assert word in before, word  # the scans see every canary while it is there
        assert word.encode() in raw_before, word
    assert {"quirinaxr", "notebodyq", "kitzelbaumq"} <= fts_terms(tmp_path / "before.db")

    service = retention(vault_fx)
    service.set_hold(filled.d_case, "criminal case pending")
    service.apply()

    after_path = plaintext_copy(db, tmp_path / "after.db")
    after = every_text(after_path)
    raw_after = after_path.read_bytes().lower()
    for word in A_CANARIES.values():
        assert word not in after, word
        assert word.encode() not in raw_after, word
    assert D_CANARY in after  # held cases keep their data
    terms = fts_terms(after_path)
    assert not {w for w in A_CANARIES.values() if w in terms}
    # The write-ahead log was folded into the file and emptied by the vacuum path.
    wal = vault_fx.folder / "vault.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    # VACUUM kept the vault's settings: WAL, exclusive locking, in-memory temp store (VACUUM's
    # working copy stays in memory: no plaintext temp file).
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.scalar("PRAGMA locking_mode") == "exclusive"
    assert int(db.scalar("PRAGMA temp_store")) == 2
    assert sorted(p.name for p in vault_fx.folder.iterdir() if p.name.startswith("vault.db")) in (
        ["vault.db"],
        ["vault.db", "vault.db-wal"],
    )


def test_vacuum_leaves_no_old_page_in_the_file(tmp_path: Path) -> None:
    """The same store code on a plain (unencrypted) database, where the raw file bytes can be
    read: the canaries are on disk before, and on no page (free ones included) after."""
    from carecoord.store.retention_repository import carry_out, vacuum
    from carecoord.vault import migrations
    from carecoord.vault.database import Database

    path = tmp_path / "plain.db"
    db = Database.open(path, None, create=True)
    try:
        migrations.migrate(db)
        filled = fill(db, USER)
        db.checkpoint()
        assert A_CANARIES["note"].encode() in path.read_bytes()
        with db.transaction():
            for ref in (filled.a_case,):
                cid = int(db.scalar("SELECT id FROM cases WHERE reference = ?", (ref,)))
                carry_out(db, cid, "anonymise", rule="test", at=NOW, by=USER)
        vacuum(db)
        raw = path.read_bytes().lower()
        for word in A_CANARIES.values():
            assert word.encode() not in raw, word
        assert int(db.scalar("SELECT count(*) FROM cases")) == 4
    finally:
        db.close()


def test_access_log_is_pruned_to_its_period_and_still_verifies(
    vault_fx: VaultFixture, filled: Filled
) -> None:
    log = AccessLog(vault_fx.vault)
    total = log.count()
    assert total > 20
    # Six years on, every entry so far is past the five-year period.
    later = datetime.now(UTC).replace(year=datetime.now(UTC).year + 6)
    result = retention(vault_fx, later).apply()
    assert result.log_entries_pruned >= total
    assert log.verify().ok
    assert vault_fx.vault.verify().ok
    first = vault_fx.vault.db.scalar("SELECT min(seq) FROM access_log")
    assert first > total
    # Nothing is pruned when no entry is old enough.
    assert retention(vault_fx).apply().log_entries_pruned == 0


def test_erasure_on_request_uses_the_same_mechanism_with_its_ground(
    vault_fx: VaultFixture, filled: Filled, tmp_path: Path
) -> None:
    service = retention(vault_fx)
    before = last_seq(vault_fx)
    with pytest.raises(InputRejected, match="ground"):
        service.erase_client("CL-C", "because")
    assert service.erase_client("CL-C", "art17_1b_consent_withdrawn") == (filled.c_case,)
    assert actions_since(vault_fx, before) == [
        ("retention_anonymise", case_id(vault_fx, filled.c_case))
    ]
    line = service.register()[-1]
    assert (line.case_ref, line.rule) == (filled.c_case, "erasure:art17_1b_consent_withdrawn")
    assert "ceesq" not in every_text(plaintext_copy(vault_fx.vault.db, tmp_path / "c.db"))
    # A legal hold suspends erasure too (art. 17(3)).
    service.set_hold(filled.d_case, "criminal case pending")
    with pytest.raises(InputRejected, match="legal hold"):
        service.erase_client("CL-D", "art17_1a_not_needed")
    assert vault_fx.vault.db.scalar("SELECT count(*) FROM client_identity") == 3


def test_rectification_keeps_history_and_is_logged(vault_fx: VaultFixture) -> None:
    from carecoord.domain.client import ClientFacts, ClientIdentity

    store = open_store(vault_fx.vault)
    client = store.clients.register(
        ClientFacts(reference="CL-R"), ClientIdentity(given_name="Anna", family_name="Smit")
    )
    before = last_seq(vault_fx)
    store.clients.rectify_identity(client, ClientIdentity(given_name="Anne", family_name="Smit"))
    rows = vault_fx.vault.db.all(
        "SELECT action, client_ref FROM access_log WHERE seq > ?", (before,)
    )
    assert rows == [(Action.RECTIFY.value, str(client))]
    assert store.clients.get(client).identity.given_name == "Anne"  # type: ignore[union-attr]
    history = store.clients.identity_history(client)
    assert [h[2].given_name for h in history] == ["Anna"]
    assert history[0][1] == USER
    # The history is identifying: anonymisation erases it with the identity.
    store.clients.anonymise(client)
    assert vault_fx.vault.db.scalar("SELECT count(*) FROM client_identity_history") == 0


def test_destroy_leaves_nothing_either(
    vault_fx: VaultFixture, filled: Filled, tmp_path: Path
) -> None:
    db = vault_fx.vault.db
    service = retention(vault_fx)
    service.set_rules(
        RetentionRules(
            support_given=RetentionRule(years=15, action="destroy"),
            no_support=RetentionRule(years=5, action="destroy"),
        )
    )
    result = service.apply()
    assert sorted(result.destroyed) == sorted([filled.a_case, filled.b_case, filled.d_case])
    assert [r[0] for r in db.all("SELECT reference FROM cases")] == [filled.c_case]
    assert db.scalar("SELECT count(*) FROM documents") == 0
    path = plaintext_copy(db, tmp_path / "after.db")
    text, raw = every_text(path), path.read_bytes().lower()
    for word in (*A_CANARIES.values(), D_CANARY, "bertaq"):
        assert word not in text and word.encode() not in raw, word
    assert "ceesq" in text  # the case that is not due keeps its data
    assert vault_fx.vault.verify().ok


def test_identity_stays_while_another_case_of_the_client_is_open(vault_fx: VaultFixture) -> None:
    from carecoord.domain.case import Signal
    from carecoord.domain.client import ClientFacts, ClientIdentity

    clock_now = [datetime(2005, 1, 5, 10, tzinfo=UTC)]
    store = CaseStore.without_audit_for_tests(
        vault_fx.vault.db, user=USER, clock=lambda: clock_now[0]
    )
    client = store.clients.register(
        ClientFacts(reference="CL-T"), ClientIdentity(given_name="Twocasesq")
    )
    signal = Signal(signal_date=date(2005, 1, 5), exploitation_forms=("labour",))
    old = store.cases.open(client, signal)
    store.tasks.add_note(old, "oldnoteq")
    clock_now[0] = datetime(2006, 2, 1, 10, tzinfo=UTC)
    store.pathway.change_phase(old, "closed", closure_reason="completed")
    current = store.cases.open(client, signal.model_copy(update={"signal_date": date(2006, 2, 1)}))
    store.tasks.add_note(current, "currentnoteq")

    result = retention(vault_fx).apply()
    assert result.anonymised == (store.read.summary(old).reference,)
    db = vault_fx.vault.db
    # The closed case lost its free text; the client (still in an open case) keeps the identity.
    assert [r[0] for r in db.all("SELECT body FROM notes")] == ["currentnoteq"]
    assert db.scalar("SELECT given_name FROM client_identity") == "Twocasesq"
    assert db.scalar("SELECT anonymised_on FROM clients") is None
    assert db.scalar("SELECT anonymised_on FROM cases WHERE id = ?", (current,)) is None


def test_apply_only_the_confirmed_cases(vault_fx: VaultFixture, filled: Filled) -> None:
    # The app confirms a reviewed list; a case that became due since waits for the next review.
    service = retention(vault_fx)
    result = service.apply(vacuum=False, only=[filled.b_case])
    assert result.anonymised == (filled.b_case,) and result.destroyed == ()
    still_due = {c.reference for c in service.review()}
    assert still_due == {filled.a_case, filled.d_case}


def test_holds_lists_every_hold_in_force(vault_fx: VaultFixture, filled: Filled) -> None:
    service = retention(vault_fx)
    assert service.holds() == []
    # C is not due: a hold can be set on any case, and the list shows it.
    service.set_hold(filled.c_case, "complaint pending")
    service.set_hold(filled.d_case, "criminal case pending")
    listed = {h.reference: (h.reason, h.set_on, h.set_by) for h in service.holds()}
    assert listed == {
        filled.c_case: ("complaint pending", NOW.date(), USER),
        filled.d_case: ("criminal case pending", NOW.date(), USER),
    }
    service.lift_hold(filled.c_case)
    assert [h.reference for h in service.holds()] == [filled.d_case]


def test_legal_track_counts_as_support_given_and_comensha_alone_does_not(
    vault_fx: VaultFixture,
) -> None:
    # Before issue 15 a bedenktijd or a permit were phases after intake, so they counted as
    # support given; they still do from the legal track. A registration with CoMensha was the
    # phase 'reported', which did not; and the closure reason never decides.
    store = CaseStore.without_audit_for_tests(
        vault_fx.vault.db, user=USER, clock=lambda: datetime(2010, 6, 1, 10, tzinfo=UTC)
    )
    opened = date(2010, 1, 5)

    def closed_case(ref: str, track: str) -> str:
        client = store.clients.register(ClientFacts(reference=ref), None)
        case = store.cases.open(client, Signal(signal_date=opened))
        if track == "reflection":
            store.legal.save_reflection(case, ReflectionPeriod(started_on=date(2010, 1, 6)))
        elif track == "permit":
            store.legal.apply_permit(case, ground="unknown", applied_on=date(2010, 1, 6))
        elif track == "comensha":
            store.comensha.register(
                case, ComenshaRegistration(registered_on=date(2010, 1, 6), basis="anonymous")
            )
        store.pathway.change_phase(case, "closed", closure_reason="declined")
        return store.read.summary(case).reference

    refs = {
        track: closed_case(f"CL-{track}", track)
        for track in ("reflection", "permit", "comensha", "none")
    }
    reasons = {c.reference: c.reason for c in closed_cases(vault_fx.vault.db, RetentionRules())}
    assert {track: reasons[ref] for track, ref in refs.items()} == {
        "reflection": "support_given",
        "permit": "support_given",
        "comensha": "no_support",
        "none": "no_support",
    }
