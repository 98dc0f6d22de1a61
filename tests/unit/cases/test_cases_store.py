"""CaseStore over a real encrypted vault: writes, rules enforced at the store, queries, audit hook."""

from __future__ import annotations

from datetime import date

import pytest

from carecoord.domain.case import CaseFacts, Signal
from carecoord.domain.case_work import CaseGoal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.consent import Consent, ConsentMissing
from carecoord.domain.legal import ReflectionPeriod
from carecoord.domain.pathway import TransitionRefused
from carecoord.domain.referral import Organisation, ReferralStatusRefused
from carecoord.domain.support import ShelterStay
from carecoord.errors import InputRejected
from carecoord.store import case_list
from carecoord.store.audit import AuditEvent
from carecoord.store.case_list import CaseQuery
from carecoord.store.case_store import CaseStore
from tests.conftest import VaultFixture

TODAY = date(2025, 6, 15)
OVERRIDE = "Client in acute danger and cannot sign today; police asked for placement."


def new_case(
    store: CaseStore,
    ref: str = "CL-1",
    *,
    given: str = "Maria",
    family: str = "Popescu",
    birth: date | None = date(1995, 3, 1),
    signal_date: date = date(2025, 1, 10),
    forms: tuple[str, ...] = ("sexual",),
    municipality: str = "GM0363",
) -> int:
    client_id = store.clients.register(
        ClientFacts(reference=ref, gender="female", nationality="RO"),
        ClientIdentity(given_name=given, family_name=family, birth_date=birth),
    )
    return store.cases.open(
        client_id,
        Signal(
            signal_date=signal_date,
            signaller="police",
            exploitation_forms=forms,
            municipality=municipality,
            sector="window_licensed",
        ),
    )


def org(store: CaseStore, name: str = "Opvang Noord") -> int:
    return store.organisations.add(Organisation(name=name, services=("shelter",)))


def test_open_case_records_facts_history_and_reference(store: CaseStore) -> None:
    case_id = new_case(store)
    case = store.cases.case_file(case_id)
    assert case.summary.reference == "2025-000001"
    assert case.phase == "signalled"
    assert case.age_at_signal == 29
    assert case.facts.exploitation_forms == ("sexual",)
    assert case.client.identity is not None and case.client.identity.given_name == "Maria"
    assert [(p.from_phase, p.to_phase) for p in case.phase_history] == [(None, "signalled")]
    assert len(case.signals) == 1
    assert new_case(store, "CL-2") and store.read.summary(2).reference == "2025-000002"


def test_signal_before_birth_refused_and_nothing_written(store: CaseStore) -> None:
    with pytest.raises(InputRejected, match="birth date"):
        new_case(store, birth=date(2025, 2, 1), signal_date=date(2025, 1, 10))
    # The client itself was written in its own transaction; the case was not.
    assert store.db.scalar("SELECT count(*) FROM cases") == 0


def test_duplicate_client_reference_refused(store: CaseStore) -> None:
    new_case(store, "CL-1")
    with pytest.raises(InputRejected, match="already exists"):
        new_case(store, "CL-1")


def test_phase_change_and_refusal_leave_history_consistent(store: CaseStore) -> None:
    case_id = new_case(store)
    store.pathway.change_phase(
        case_id, "intake", on=date(2025, 1, 12), reason="entered late after leave"
    )
    store.pathway.change_phase(case_id, "shelter")
    with pytest.raises(TransitionRefused, match=r"'shelter'.*'intake'"):
        store.pathway.change_phase(case_id, "intake")
    with pytest.raises(TransitionRefused, match="'reported' is no longer a phase"):
        store.pathway.change_phase(case_id, "reported")
    case = store.cases.case_file(case_id)
    assert case.phase == "shelter"
    assert [p.to_phase for p in case.phase_history] == ["signalled", "intake", "shelter"]
    assert case.phase_history[1].reason == "entered late after leave"
    assert case.phase_history[2].changed_by == "anna"


def test_consent_gate_at_the_store(store: CaseStore) -> None:
    case_id = new_case(store)
    client_id = store.read.summary(case_id).client_id
    shelter = org(store)
    other = org(store, "Ander")
    referral = store.referrals.create(case_id, shelter, "shelter", urgency="urgent")
    with pytest.raises(ConsentMissing):
        store.referrals.send(referral)
    assert store.read.referral(referral).status == "draft"
    # A consent for another recipient does not help.
    store.consents.record(
        Consent(
            client_id=client_id,
            recipient_id=other,
            purposes=("shelter",),
            data_categories=("identity",),
            given_on=date(2025, 2, 1),
        )
    )
    with pytest.raises(ConsentMissing):
        store.referrals.send(referral)
    consent_id = store.consents.record(
        Consent(
            client_id=client_id,
            recipient_id=shelter,
            purposes=("shelter",),
            data_categories=("identity", "health"),
            given_on=date(2025, 2, 1),
            valid_until=date(2025, 12, 31),
        )
    )
    decision = store.referrals.send(referral, on=date(2025, 6, 1))
    assert decision.consent_id == consent_id
    sent = store.read.referral(referral)
    assert sent.status == "sent" and sent.consent_id == consent_id and sent.override_reason is None
    assert [e.status for e in sent.events] == ["draft", "sent"]


def test_withdrawn_consent_blocks_and_override_is_recorded(store: CaseStore) -> None:
    case_id = new_case(store)
    client_id = store.read.summary(case_id).client_id
    shelter = org(store)
    consent_id = store.consents.record(
        Consent(
            client_id=client_id,
            recipient_id=shelter,
            purposes=("shelter",),
            data_categories=("identity",),
            given_on=date(2025, 2, 1),
        )
    )
    store.consents.withdraw(consent_id, date(2025, 5, 1))
    referral = store.referrals.create(case_id, shelter, "shelter")
    with pytest.raises(ConsentMissing):
        store.referrals.send(referral)
    with pytest.raises(ConsentMissing, match="written reason"):
        store.referrals.send(referral, override_reason="urgent")
    store.referrals.send(referral, override_reason=OVERRIDE)
    sent = store.read.referral(referral)
    assert sent.status == "sent" and sent.consent_id is None
    assert sent.override_reason == OVERRIDE and sent.override_by == "anna"
    assert sent.override_at is not None


def test_referral_lifecycle(store: CaseStore) -> None:
    case_id = new_case(store)
    referral = store.referrals.create(case_id, org(store), "shelter")
    with pytest.raises(ReferralStatusRefused):
        store.referrals.set_status(referral, "accepted")
    store.referrals.send(referral, override_reason=OVERRIDE)
    store.referrals.set_status(referral, "accepted", on=date(2025, 6, 15))
    store.referrals.set_status(referral, "done")
    with pytest.raises(ReferralStatusRefused):
        store.referrals.set_status(referral, "revoked")
    lines = store.referrals.lines()
    assert [(x.id, x.referral_type, x.status, x.organisation) for x in lines] == [
        (referral, "shelter", "done", "Opvang Noord")
    ]


def test_referral_lines_page_and_count(store: CaseStore, events: list[AuditEvent]) -> None:
    case_id = new_case(store)
    organisation = org(store)
    made = [store.referrals.create(case_id, organisation, "shelter") for _ in range(5)]
    for referral in made[:3]:
        store.referrals.send(referral, override_reason=OVERRIDE)
    assert store.referrals.count() == 5
    assert store.referrals.count(status="sent") == 3
    first = store.referrals.lines(status="sent", limit=2)
    rest = store.referrals.lines(status="sent", offset=2, limit=2)
    assert [x.id for x in first + rest] == made[:3]
    assert [x.id for x in store.referrals.lines(offset=3, limit=10)] == made[3:]
    # Each line names its case by reference (no names), and the list is logged as a read of it.
    reference = store.read.summary(case_id).reference
    assert {(x.case_id, x.case_reference) for x in first} == {(case_id, reference)}
    events.clear()
    store.referrals.lines(limit=1)
    assert [(e.action, e.case_ids) for e in events] == [("list", (case_id,))]


def test_under_16_consent_needs_guardian_at_store(store: CaseStore) -> None:
    case_id = new_case(store, birth=date(2010, 1, 1))
    client_id = store.read.summary(case_id).client_id
    consent = Consent(
        client_id=client_id,
        recipient_id=org(store),
        purposes=("shelter",),
        data_categories=("identity",),
        given_on=date(2025, 2, 1),
    )
    with pytest.raises(InputRejected, match="guardian"):
        store.consents.record(consent)
    store.consents.record(consent.model_copy(update={"given_by": "guardian"}))


def test_deadlines_follow_facts_and_feed_due_queries(store: CaseStore) -> None:
    case_id = new_case(store)
    store.legal.save_reflection(case_id, ReflectionPeriod(started_on=date(2025, 3, 31)))
    stay = store.support.add_shelter_stay(
        case_id, ShelterStay(shelter_type="cosm", started_on=date(2025, 4, 1))
    )
    store.tasks.add(case_id, "Call lawyer", date(2025, 6, 20))
    kinds = {(t.kind, t.due_on) for t in store.read.tasks(case_id)}
    assert ("reflection_end", date(2025, 6, 30)) in kinds
    assert ("cosm_term", date(2025, 7, 1)) in kinds
    assert store.read.summary(case_id).next_deadline == date(2025, 6, 20)
    assert [i.kind for i in store.tasks.due_soon(today=TODAY, days=14)] == ["manual"]
    assert [i.kind for i in store.tasks.overdue(today=date(2025, 7, 2))] == [
        "manual",
        "reflection_end",
        "cosm_term",
    ]
    store.legal.set_reflection_outcome(case_id, "report_filed", date(2025, 6, 10))
    store.support.end_shelter_stay(stay, date(2025, 6, 14), "moved_on")
    task = next(t for t in store.read.tasks(case_id) if t.kind == "manual")
    store.tasks.complete(task.id or 0)
    assert store.read.tasks(case_id)[0].done_on == TODAY
    assert store.tasks.overdue(today=date(2025, 7, 2)) == []
    assert store.read.summary(case_id).next_deadline is None


def test_closing_removes_deadlines(store: CaseStore) -> None:
    case_id = new_case(store)
    store.legal.save_reflection(case_id, ReflectionPeriod(started_on=date(2025, 3, 31)))
    store.pathway.change_phase(case_id, "closed", closure_reason="returned_origin")
    assert store.read.tasks(case_id) == []
    summary = store.read.summary(case_id)
    assert summary.closed_on == TODAY
    assert (summary.closure_reason, summary.closure_migrated) == ("returned_origin", False)
    # The case list shows the reason wherever it shows the phase.
    (row,) = store.cases.page(CaseQuery(phases=("closed",))).rows
    assert (row.phase, row.closure_reason) == ("closed", "returned_origin")
    (change,) = [p for p in store.read.phase_history(case_id) if p.to_phase == "closed"]
    assert change.closure_reason == "returned_origin"


def test_exit_programme_uses_configured_name_and_follow_ups(store: CaseStore) -> None:
    store.settings.set_exit_scheme_name("Uitstapprogramma Regio Noord")
    case_id = new_case(store)
    programme = store.support.enrol_exit_programme(case_id, date(2024, 1, 10))
    store.plan.add_goal(
        case_id, CaseGoal(domain="housing", goal="own flat", exit_programme_id=programme)
    )
    store.support.record_milestone(programme, "stopped_sex_work", date(2024, 8, 31))
    case = store.cases.case_file(case_id)
    assert case.exit_programme is not None
    assert case.exit_programme.scheme_name == "Uitstapprogramma Regio Noord"
    assert [m.milestone for m in case.exit_programme.milestones] == [
        "registered",
        "stopped_sex_work",
    ]
    assert ("aftercare_follow_up", date(2025, 2, 28)) in {(t.kind, t.due_on) for t in case.tasks}


def test_region_setting_validated_and_stored(store: CaseStore, vault_fx: VaultFixture) -> None:
    with pytest.raises(InputRejected, match="GM9999"):
        store.settings.set_region(["GM0363", "GM9999"])
    store.settings.set_region(["GM0363", "GM0437"])
    reopened = CaseStore.without_audit_for_tests(vault_fx.reopen().db, user="anna")
    assert reopened.settings.region() == ("GM0363", "GM0437")


@pytest.mark.parametrize("selective_rows", [0, 2000], ids=["sort-index", "filter-index"])
def test_list_filters_sorts_and_pages(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch, selective_rows: int
) -> None:
    # Both query shapes (walk the sort index / drive from a selective filter) give one answer.
    monkeypatch.setattr(case_list, "SELECTIVE_ROWS", selective_rows)
    for i, (form, municipality, day) in enumerate(
        [
            ("sexual", "GM0363", date(2025, 3, 1)),
            ("labour", "GM0363", date(2025, 1, 1)),
            ("labour", "GM0599", date(2025, 2, 1)),
            ("criminal", "GM0599", date(2024, 12, 1)),
        ]
    ):
        new_case(store, f"CL-{i}", forms=(form,), municipality=municipality, signal_date=day)
    page = store.cases.page(CaseQuery(exploitation_form="labour"))
    assert [r.client_reference for r in page.rows] == ["CL-1", "CL-2"]
    page = store.cases.page(CaseQuery(municipalities=("GM0599",), sort="opened_on"))
    assert [r.client_reference for r in page.rows] == ["CL-3", "CL-2"]
    first = store.cases.page(CaseQuery(sort="opened_on", descending=True, limit=3))
    second = store.cases.page(CaseQuery(sort="opened_on", descending=True, limit=3, offset=3))
    assert first.has_more and not second.has_more
    assert [r.opened_on for r in first.rows + second.rows] == sorted(
        [date(2025, 3, 1), date(2025, 1, 1), date(2025, 2, 1), date(2024, 12, 1)], reverse=True
    )
    store.pathway.change_phase(1, "intake")
    assert [r.id for r in store.cases.page(CaseQuery(phases=("intake",))).rows] == [1]
    assert store.cases.page(CaseQuery(sort="phase", descending=True)).rows[0].id == 1
    assert store.cases.count(CaseQuery(municipalities=("GM0363",))) == 2
    store.tasks.add(3, "Call back", date(2025, 7, 1))
    store.tasks.add(2, "Visit", date(2025, 6, 20))
    by_deadline = store.cases.page(CaseQuery(sort="next_deadline")).rows
    assert [r.id for r in by_deadline[:2]] == [2, 3]  # cases without a deadline come last
    assert store.cases.page(CaseQuery(sort="next_deadline", descending=True)).rows[0].id == 3
    assert [r.id for r in store.cases.page(CaseQuery(deadline_before=date(2025, 6, 25))).rows] == [
        2
    ]


def test_search_names_aliases_references_and_notes(store: CaseStore) -> None:
    a = new_case(store, "CL-A", given="Zoë", family="de Vries")
    b = new_case(store, "CL-B", given="Ivan", family="Petrov")
    store.tasks.add_note(b, "Meets contact at the harbour on Tuesdays.")
    client_a = store.read.summary(a).client_id
    store.clients.update_identity(
        client_a, ClientIdentity(given_name="Zoë", family_name="de Vries", aliases=("Bibi",))
    )
    assert [c.id for c in store.cases.search("zoe")] == [a]  # diacritics folded, prefix match
    assert [c.id for c in store.cases.search("vrie")] == [a]
    assert [c.id for c in store.cases.search("bibi")] == [a]
    assert [c.id for c in store.cases.search("harbour")] == [b]
    assert [c.id for c in store.cases.search("CL-B")] == [b]
    assert {c.id for c in store.cases.search("2025-0000")} == {a, b}
    assert store.cases.search('"NEAR(') == []  # FTS syntax in user text is inert


def test_audit_sink_sees_reads_and_writes_without_personal_data(
    store: CaseStore, events: list[AuditEvent]
) -> None:
    case_id = new_case(store)
    store.cases.case_file(case_id)
    store.cases.search("Maria")
    actions = [(e.action, e.detail) for e in events]
    assert ("create", "client") in actions and ("create", "case") in actions
    assert ("read", "case file") in actions
    search = next(e for e in events if e.action == "search")
    assert search.case_ids == (case_id,)
    assert all("Maria" not in e.detail and "Popescu" not in e.detail for e in events)


def test_audit_sink_failure_rolls_back_the_write(vault_fx: VaultFixture) -> None:
    def failing(_event: AuditEvent) -> None:
        raise RuntimeError("log full")

    store = CaseStore(vault_fx.vault.db, user="anna", audit=failing)
    with pytest.raises(RuntimeError):
        store.clients.register(ClientFacts(reference="X"), None)
    assert store.db.scalar("SELECT count(*) FROM clients") == 0


def test_anonymise_erases_identity_and_keeps_facts(store: CaseStore) -> None:
    case_id = new_case(store)
    client_id = store.read.summary(case_id).client_id
    store.tasks.add_note(case_id, "Lives with aunt in Zwolle")
    store.pathway.change_phase(
        case_id, "intake", on=date(2025, 6, 1), reason="late entry by colleague"
    )
    store.clients.anonymise(client_id)
    case = store.cases.case_file(case_id)
    assert case.client.identity is None and case.notes == ()
    assert case.phase_history[-1].reason is None
    assert case.facts == CaseFacts(
        exploitation_forms=("sexual",),
        signaller="police",
        sector="window_licensed",
        municipality="GM0363",
    )
    assert store.cases.search("Maria") == [] and store.cases.search("aunt") == []


def test_signals_without_person_and_further_signals(store: CaseStore) -> None:
    case_id = new_case(store)
    loose = store.signals.add(
        Signal(
            signal_date=date(2025, 5, 1),
            location_type="holiday_park",
            sector="agriculture",
            exploitation_forms=("labour",),
            description="Control found indications",
        )
    )
    store.signals.add(Signal(case_id=case_id, signal_date=date(2025, 5, 2), signaller="fairwork"))
    with pytest.raises(InputRejected, match="future"):
        store.signals.add(Signal(signal_date=date(2025, 7, 1)))
    assert [s.id for s in store.signals.list_without_person()] == [loose]
    assert len(store.cases.case_file(case_id).signals) == 2


def test_client_facts_update_keeps_references_unique(store: CaseStore) -> None:
    first = store.read.summary(new_case(store, "CL-1")).client_id
    new_case(store, "CL-2")
    with pytest.raises(InputRejected, match="already exists"):
        store.clients.update_facts(first, ClientFacts(reference="CL-2"))
    store.clients.update_facts(first, ClientFacts(reference="CL-1b", gender="male"))
    assert store.clients.get(first).facts == ClientFacts(reference="CL-1b", gender="male")
    assert [c.client_reference for c in store.cases.of_client(first)] == ["CL-1b"]
