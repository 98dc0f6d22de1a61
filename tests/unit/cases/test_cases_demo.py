"""Demo data: deterministic per seed, internally consistent, roughly the published shares."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from carecoord import demo
from carecoord.demo_directory import DEMO_TOWNS
from carecoord.domain.pathway import ALLOWED_TRANSITIONS
from carecoord.errors import InputRejected
from carecoord.letters.checks import require_letterhead
from carecoord.letters.model import Letterhead
from carecoord.letters.provider import load_letterhead, save_letterhead
from carecoord.store.case_store import CaseStore
from carecoord.store.integrity import check_case_records
from carecoord.vault import Vault
from carecoord.workspace import open_store
from tests.conftest import PASSPHRASE, USER

TABLES = (
    "clients",
    "client_identity",
    "cases",
    "case_forms",
    "signals",
    "phase_changes",
    "reflection_periods",
    "residence_permits",
    "permit_renewals",
    "shelter_stays",
    "exit_programmes",
    "exit_milestones",
    "consents",
    "referrals",
    "referral_events",
    "tasks",
    "notes",
    "comensha_registrations",
    "identification_routes",
    "consent_recipients",
    "case_goals",
    "case_contacts",
    "case_contact_persons",
    "case_meetings",
    "meeting_participants",
    "meeting_actions",
    "safety_assessments",
    "organisations",
    "settings",
)


def dump(store: CaseStore) -> dict[str, list[tuple[object, ...]]]:
    # created_at / recorded_at come from the demo's reference date, so every column compares.
    return {t: store.db.all(f"SELECT * FROM {t} ORDER BY 1, 2") for t in TABLES}


def fresh_store(folder: Path) -> tuple[Vault, CaseStore]:
    vault, _ = Vault.create(folder, USER, PASSPHRASE)
    return vault, open_store(vault)


@pytest.fixture
def demo_store(tmp_path: Path):
    vault, store = fresh_store(tmp_path / "a")
    demo.generate(store, 400, seed=11)
    yield store
    vault.lock()


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path, demo_store: CaseStore) -> None:
    vault_b, store_b = fresh_store(tmp_path / "b")
    demo.generate(store_b, 400, seed=11)
    vault_c, store_c = fresh_store(tmp_path / "c")
    demo.generate(store_c, 400, seed=12)
    try:
        assert dump(demo_store) == dump(store_b)
        assert dump(demo_store)["client_identity"] != dump(store_c)["client_identity"]
        assert dump(demo_store)["case_contact_persons"] != dump(store_c)["case_contact_persons"]
    finally:
        vault_b.lock()
        vault_c.lock()


def test_reference_date_from_seed_not_clock() -> None:
    assert demo.demo_today(11) == demo.demo_today(11)
    assert demo.demo_today(11) <= date(2025, 12, 31)


def test_histories_follow_the_state_machine(demo_store: CaseStore) -> None:
    rows = demo_store.db.all(
        "SELECT case_id, from_phase, to_phase, changed_on FROM phase_changes ORDER BY case_id, id"
    )
    last: dict[int, tuple[str, str]] = {}
    for case_id, before, after, day in rows:
        if case_id in last:
            assert before == last[case_id][0]
            assert after in ALLOWED_TRANSITIONS[before]
            assert day >= last[case_id][1]
        else:
            assert before is None and after == "signalled"
        last[case_id] = (after, day)
    phases = dict(demo_store.db.all("SELECT id, phase FROM cases"))
    assert all(phases[c] == p for c, (p, _) in last.items())


def test_every_sent_referral_passed_the_consent_gate(demo_store: CaseStore) -> None:
    sent = demo_store.db.all(
        "SELECT r.id, r.consent_id, r.override_reason, r.sent_on, r.organisation_id,"
        " r.referral_type FROM referrals r WHERE r.sent_on IS NOT NULL"
    )
    assert sent
    overrides = 0
    for _rid, consent_id, override, sent_on, org, rtype in sent:
        if consent_id is None:
            assert override and len(override) >= 20
            overrides += 1
            continue
        consent = demo_store.read.consent(consent_id)
        assert consent.covers(org, rtype, date.fromisoformat(sent_on))
    assert 0 < overrides < len(sent) / 5


def test_distributions_near_published_shares(demo_store: CaseStore) -> None:
    n = demo_store.db.scalar("SELECT count(*) FROM cases")
    signallers = Counter(
        dict(demo_store.db.all("SELECT signaller, count(*) FROM cases GROUP BY 1"))
    )
    for code, share in (("police", 31.0), ("care_coordination", 28.3), ("fairwork", 24.2)):
        assert abs(100 * signallers[code] / n - share) < 7, code
    minors = demo_store.db.scalar("SELECT count(*) FROM cases WHERE age_at_signal < 18")
    assert 0.05 < minors / n < 0.3
    forms = dict(demo_store.db.all("SELECT form, count(*) FROM case_forms GROUP BY 1"))
    assert forms["labour"] > n * 0.25 and forms["sexual"] > n * 0.2
    fairwork_labour = demo_store.db.scalar(
        "SELECT avg(forms LIKE '%labour%') FROM cases WHERE signaller = 'fairwork'"
    )
    assert fairwork_labour > 0.75
    unlinked = demo_store.db.scalar("SELECT count(*) FROM signals WHERE case_id IS NULL")
    assert unlinked == 400 // 8
    assert demo_store.db.scalar("SELECT count(*) FROM notes") > 0
    assert demo_store.db.scalar("SELECT count(*) FROM exit_programmes") > 0
    # The exit programme's plan is goals of the case plan that name the programme: of the same
    # case, in the programme's life domains, dated from the enrolment on (schema 0052).
    exit_plan = demo_store.db.all(
        "SELECT g.domain, g.status, g.status_on >= p.enrolled_on, g.case_id = p.case_id"
        " FROM case_goals g JOIN exit_programmes p ON p.id = g.exit_programme_id"
    )
    assert exit_plan
    assert {r[0] for r in exit_plan} <= {
        "housing",
        "income_debts",
        "health",
        "social_network",
        "work_education",
    }
    assert all(r[2] and r[3] for r in exit_plan)
    assert "in_progress" in {r[1] for r in exit_plan}
    assert demo_store.db.scalar("SELECT count(*) FROM clients") < n  # some clients have 2 cases


def test_tracks_beside_the_phase_have_plausible_shares(demo_store: CaseStore) -> None:
    """The shares of demo/shares.py, roughly: the legal track for non-EU clients only (mostly a
    bedenktijd, mostly in COSM), none for Dutch clients; CoMensha mostly on consent; MDT for some
    Dutch/EU clients; every closed case with its reason."""
    db = demo_store.db

    def share(sql: str) -> float:
        return float(db.scalar(sql))

    by_group = dict(
        db.all(
            "SELECT cl.nationality_group, avg(r.id IS NOT NULL) FROM cases c"
            " JOIN clients cl ON cl.id = c.client_id"
            " LEFT JOIN reflection_periods r ON r.case_id = c.id GROUP BY 1"
        )
    )
    assert by_group["non_eu"] > 0.6 and by_group["nl"] == 0
    in_cosm = share(
        "SELECT avg(EXISTS (SELECT 1 FROM shelter_stays s WHERE s.case_id = r.case_id"
        " AND s.shelter_type = 'cosm')) FROM reflection_periods r"
    )
    assert in_cosm > 0.6
    grounds = dict(db.all("SELECT ground, count(*) FROM residence_permits GROUP BY 1"))
    assert grounds["report_filed"] > grounds.get("other_cooperation", 0) > 0
    assert (
        db.scalar(
            "SELECT count(*) FROM residence_permits p JOIN cases c ON c.id = p.case_id"
            " JOIN clients cl ON cl.id = c.client_id WHERE cl.nationality_group = 'nl'"
        )
        == 0
    )
    bases = dict(db.all("SELECT basis, count(*) FROM comensha_registrations GROUP BY 1"))
    assert bases["consent"] > bases["anonymous"] > 0
    # A registration on consent names a consent for that purpose; police cases were registered.
    assert (
        db.scalar(
            "SELECT count(*) FROM comensha_registrations r LEFT JOIN consents c ON c.id = r.consent_id"
            " WHERE r.basis = 'consent' AND (c.id IS NULL OR c.purposes NOT LIKE '%comensha%')"
        )
        == 0
    )
    assert (
        db.scalar(
            "SELECT count(*) FROM comensha_registrations r JOIN cases c ON c.id = r.case_id"
            " WHERE c.signaller = 'police' AND r.already_registered_by != 'police'"
        )
        == 0
    )
    mdt = dict(
        db.all(
            "SELECT cl.nationality_group, count(*) FROM identification_routes i"
            " JOIN cases c ON c.id = i.case_id JOIN clients cl ON cl.id = c.client_id"
            " WHERE i.route = 'mdt' GROUP BY 1"
        )
    )
    assert mdt.get("nl", 0) + mdt.get("eu", 0) > 0 and "non_eu" not in mdt
    assert (
        db.scalar("SELECT count(*) FROM cases WHERE phase = 'closed' AND closure_reason IS NULL")
        == 0
    )
    assert (
        db.scalar(
            "SELECT count(*) FROM cases WHERE phase != 'closed' AND closure_reason IS NOT NULL"
        )
        == 0
    )
    migrants = db.all(
        "SELECT housing_tied_to_employer, residence_registration FROM clients WHERE labour_migrant = 1"
    )
    assert migrants and all(h is not None and r is not None for h, r in migrants)
    assert db.scalar("SELECT count(employer) FROM client_identity") > 0
    assert db.scalar("SELECT count(*) FROM clients WHERE custody = 'nidos'") > 0
    criminal = {s for (s,) in db.all("SELECT sector FROM cases WHERE forms = 'criminal'")}
    assert criminal & {"drugs", "shoplifting", "fraud_money_mule", "begging"}
    types = {t for (t,) in db.all("SELECT DISTINCT referral_type FROM referrals")}
    assert {"cosm_placement", "health_insurance", "victim_support", "social_team"} <= types


def test_same_seed_twice_in_one_vault_refused(demo_store: CaseStore) -> None:
    with pytest.raises(InputRejected, match="seed 11"):
        demo.generate(demo_store, 10, seed=11)


POSTCODE_LINE = re.compile(r"^0\d{3} [A-Z]{2}  [A-Z][a-z]+$")


def test_demo_partners_have_fictitious_postal_addresses(demo_store: CaseStore) -> None:
    """Every partner can be written to; postcodes 0000-0999 are never issued in the Netherlands,
    and the town is made up, so no address is a real organisation's."""
    orgs = demo_store.organisations.all()
    assert len(orgs) == len(demo.DIRECTORY)
    addresses = []
    for org in orgs:
        assert org.address, org.name
        lines = org.address.splitlines()
        assert len(lines) == 2
        assert re.match(r"^[A-Z][a-z]+(?:[ -][A-Za-z]+)* \d{1,3}[a-z]?$", lines[0]), lines[0]
        assert POSTCODE_LINE.match(lines[1]), lines[1]
        assert lines[1].endswith(tuple(DEMO_TOWNS))
        addresses.append(org.address)
    assert len(set(addresses)) == len(addresses)


def test_demo_stores_a_complete_letterhead_but_keeps_one_already_set(tmp_path: Path) -> None:
    vault, store = fresh_store(tmp_path / "b")
    try:
        demo.generate(store, 5, seed=2)
        stored = load_letterhead(store)
        assert stored is not None
        assert require_letterhead(stored) is stored
        assert POSTCODE_LINE.match(stored.address_lines[-1])
    finally:
        vault.lock()
    vault, store = fresh_store(tmp_path / "c")
    try:
        own = Letterhead(organisation="Eigen gemeente", coordinator_name="A")
        save_letterhead(store, own)
        demo.generate(store, 5, seed=2)
        assert load_letterhead(store) == own
    finally:
        vault.lock()


def test_case_work_follows_the_stores_rules(demo_store: CaseStore) -> None:
    """Plans, contacts, meetings and safety assessments, each kind present, as the store would
    take them: every participant covered by a consent for case consultation on the meeting's
    date or the meeting's legal ground, an MDT meeting on the route's date, a review date at
    medium and high risk, the coordinator's own actions on the signed-in user."""
    db = demo_store.db
    for table in ("case_goals", "case_contact_persons", "meeting_actions", "safety_assessments"):
        assert int(db.scalar(f"SELECT count(*) FROM {table}")) > 50, table
    assert {r[0] for r in db.all("SELECT DISTINCT kind FROM case_meetings")} == {
        "casusoverleg",
        "zorg_en_veiligheidshuis",
        "mdt",
    }
    assert {r[0] for r in db.all("SELECT DISTINCT status FROM case_goals")} == {
        "open",
        "in_progress",
        "reached",
        "dropped",
    }
    grounds = 0
    for meeting_id, held_on, ground in db.all(
        "SELECT id, held_on, legal_ground FROM case_meetings"
    ):
        for org, consent_id in db.all(
            "SELECT organisation_id, consent_id FROM meeting_participants WHERE meeting_id = ?",
            (meeting_id,),
        ):
            if consent_id is None:
                assert ground and len(ground) >= 20
                grounds += 1
            else:
                consent = demo_store.read.consent(consent_id)
                assert consent.covers(org, "case_consultation", date.fromisoformat(held_on))
    assert 0 < grounds
    assert (
        db.scalar(
            "SELECT count(*) FROM case_meetings m LEFT JOIN identification_routes i"
            " ON i.case_id = m.case_id WHERE m.kind = 'mdt'"
            " AND (i.route IS NOT 'mdt' OR i.mdt_meeting_on IS NOT m.held_on)"
        )
        == 0
    )
    assert (
        db.scalar(
            "SELECT count(*) FROM safety_assessments WHERE risk_level IN ('medium', 'high')"
            " AND (review_on IS NULL OR review_on <= assessed_on)"
        )
        == 0
    )
    assert demo_store.meetings.open_actions()  # "my open actions" of the signed-in user
    assert all(
        phone.startswith("010-0") for (phone,) in db.all("SELECT phone FROM case_contact_persons")
    )
    kinds = {r[0] for r in db.all("SELECT DISTINCT kind FROM tasks")}
    assert {"goal_target", "meeting_action", "safety_review"} <= kinds
    assert check_case_records(db).ok  # vault verify: every consent's first recipient recorded
