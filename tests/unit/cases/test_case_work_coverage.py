"""Every table that holds a case's or client's data is covered by retention, anonymisation and the
subject access export: the list of tables is read from a real vault's schema (sqlite_master and
the foreign keys), not written here, so a table added later without coverage fails this test.

A table belongs to a case when it has a ``case_id`` column or hangs off such a table (or off the
client) by an ``ON DELETE CASCADE`` foreign key. Case A of tests/support/retention_data.py is
filled with every kind of case work, a canary in every free-text field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from carecoord.audit.integrations import store_sink
from carecoord.domain.comensha import ComenshaRegistration
from carecoord.domain.identification import IdentificationRoute
from carecoord.retention import Retention
from carecoord.retention.subject_export import SubjectExport
from carecoord.store.case_store import CaseStore
from carecoord.store.retention_repository import RetentionRule, RetentionRules
from carecoord.vault.database import Database
from tests.conftest import USER, VaultFixture
from tests.support.retention_data import A_CANARIES, Filled, fill

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

# The issue-16 tables (schema 0051/0052): the discovery below must find each of them, so that a
# change to the discovery cannot quietly leave them out.
CASE_WORK = frozenset(
    {
        "case_goals",
        "case_contacts",
        "case_contact_persons",
        "case_meetings",
        "meeting_participants",
        "meeting_actions",
        "safety_assessments",
        "consent_recipients",
    }
)
# Tables of a case that case A does not fill (yet), each with where it is tested. A new table is
# in neither list: case A must then be given such a row (and the three checks pass for it).
NOT_FILLED = {
    "case_locations": "issue 18, tests/unit/locations (a link to a risk location, codes only)",
    "sent_packages": "issue 19, tests/unit/transfer (its override reason is in anonymise.py)",
    "legal_holds": "tests/unit/test_retention.py (a held case is neither destroyed nor anonymised)",
}
# Kept on purpose: the destruction register says what was done to a case (no contents, DESIGN 4).
KEPT = frozenset({"destruction_register"})
# Values that are codes, dates, times, user names, references or JSON lists of codes: no words.
CODED = re.compile(r'^[\[\]"A-Za-z0-9_.:;,+@-]*$')
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# The who and when of a row: the vault's user, not the client's data.
BOOKKEEPING = frozenset({"recorded_by", "recorded_at", "created_by", "created_at"})
# Columns derived from others for queries and statistics (the export shows what they come from).
DERIVED = frozenset({("clients", "nationality_group")})


@dataclass(frozen=True)
class Link:
    table: str
    owner_column: str | None  # the column by which the row hangs off its owner
    where: str  # SQL condition on the table's rows for :case / :client


def case_tables(db: Database) -> dict[str, Link]:
    """The tables holding a case's or its client's data, each with how its rows link to them."""
    names = [
        r[0]
        for r in db.all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    columns = {t: [r[1] for r in db.all(f"PRAGMA table_info('{t}')")] for t in names}
    keys = {t: db.all(f"PRAGMA foreign_key_list('{t}')") for t in names}
    links: dict[str, Link] = {
        "cases": Link("cases", "id", "id = :case"),
        "clients": Link("clients", "id", "id = :client"),
    }
    grew = True
    while grew:
        grew = False
        for table in names:
            if table in links:
                continue
            if "case_id" in columns[table]:
                links[table] = Link(table, "case_id", "case_id = :case")
                grew = True
                continue
            for key in keys[table]:
                parent, column, to, on_delete = key[2], key[3], key[4], key[6]
                if parent in links and on_delete == "CASCADE":
                    to = to or "id"
                    links[table] = Link(
                        table,
                        column,
                        f"{column} IN (SELECT {to} FROM {parent} WHERE {links[parent].where})",
                    )
                    grew = True
                    break
    return links


def rows_of(db: Database, link: Link, params: dict[str, int]) -> list[dict[str, Any]]:
    cols = [r[1] for r in db.all(f"PRAGMA table_info('{link.table}')")]
    return [
        dict(zip(cols, r, strict=True))
        for r in db.all(f"SELECT * FROM {link.table} WHERE {link.where}", params)
    ]


def carries_canary(value: object) -> bool:
    text = str(value).lower()
    return any(word in text for word in A_CANARIES.values())


@pytest.fixture
def filled(vault_fx: VaultFixture) -> Filled:
    db = vault_fx.vault.db
    audit = store_sink(vault_fx.vault)
    filled = fill(db, USER, audit=audit)
    # Case A's legal track and identification too (codes and dates only: no canary needed).
    store = CaseStore(db, user=USER, audit=audit, clock=lambda: datetime(2006, 1, 9, tzinfo=UTC))
    case_id = int(db.scalar("SELECT id FROM cases WHERE reference = ?", (filled.a_case,)))
    permit = store.legal.apply_permit(case_id, ground="report_filed", applied_on=date(2005, 3, 13))
    store.legal.grant_permit(permit, granted_on=date(2005, 4, 1), valid_until=date(2005, 10, 1))
    store.legal.renew_permit(permit, date(2005, 9, 20), date(2006, 10, 1))
    store.identification.set_route(case_id, IdentificationRoute(route="criminal_law"))
    store.comensha.register(
        case_id, ComenshaRegistration(registered_on=date(2005, 3, 14), basis="anonymous")
    )
    return filled


@pytest.fixture
def case_a(vault_fx: VaultFixture, filled: Filled) -> dict[str, int]:
    db = vault_fx.vault.db
    case_id, client_id = db.all(
        "SELECT id, client_id FROM cases WHERE reference = ?", (filled.a_case,)
    )[0]
    return {"case": int(case_id), "client": int(client_id)}


@pytest.fixture
def tables(vault_fx: VaultFixture) -> dict[str, Link]:
    return {t: link for t, link in case_tables(vault_fx.vault.db).items() if t not in KEPT}


def filled_rows(
    db: Database, tables: dict[str, Link], case_a: dict[str, int]
) -> dict[str, list[dict[str, Any]]]:
    return {t: rows for t, link in tables.items() if (rows := rows_of(db, link, case_a))}


def test_schema_discovery_finds_case_work_and_case_a_fills_every_table(
    vault_fx: VaultFixture, tables: dict[str, Link], case_a: dict[str, int]
) -> None:
    assert CASE_WORK <= set(tables)
    assert set(NOT_FILLED) <= set(tables), "a table listed as not filled is gone: drop it"
    rows = filled_rows(vault_fx.vault.db, tables, case_a)
    missing = set(tables) - set(rows) - set(NOT_FILLED)
    assert not missing, (
        f"tables of a case that case A does not fill: {sorted(missing)}; fill them in "
        "tests/support/retention_data.py and cover them in retention, anonymisation and export"
    )
    now_filled = set(NOT_FILLED) & set(rows)
    assert not now_filled, f"now filled: drop {sorted(now_filled)} from NOT_FILLED"
    # Every free-text value carries a canary, so the scans below see it: what does not is a code.
    words = [
        (t, column, value)
        for t, table_rows in rows.items()
        for row in table_rows
        for column, value in row.items()
        if isinstance(value, str)
        and column not in BOOKKEEPING
        and not carries_canary(value)
        and not CODED.match(value)
    ]
    assert words == [], "free text without a canary: give it one in retention_data.py"


def test_destroyed_case_leaves_no_row_in_any_table_of_a_case(
    vault_fx: VaultFixture, filled: Filled, tables: dict[str, Link], case_a: dict[str, int]
) -> None:
    db = vault_fx.vault.db
    before = filled_rows(db, tables, case_a)
    service = Retention(vault_fx.vault, clock=lambda: NOW)
    service.set_hold(filled.d_case, "criminal case pending")
    service.set_rules(RetentionRules(support_given=RetentionRule(years=15, action="destroy")))
    assert filled.a_case in service.apply().destroyed
    left = {}
    for table, rows in before.items():
        now = {tuple(r) for r in db.all(f"SELECT * FROM {table}")}
        kept = [row for row in rows if tuple(row.values()) in now]
        if kept:
            left[table] = len(kept)
    assert left == {}
    # Nothing of case A's text anywhere in those tables either (a row re-linked elsewhere).
    for table in tables:
        for row in db.all(f"SELECT * FROM {table}"):
            assert not any(carries_canary(v) for v in row if isinstance(v, str)), table


def test_anonymised_case_keeps_no_free_text_in_any_table_of_a_case(
    vault_fx: VaultFixture, filled: Filled, tables: dict[str, Link], case_a: dict[str, int]
) -> None:
    db = vault_fx.vault.db
    before = filled_rows(db, tables, case_a)
    free_text = {
        (t, column)
        for t, rows in before.items()
        for row in rows
        for column, value in row.items()
        if isinstance(value, str) and carries_canary(value)
    }
    assert {t for t, _ in free_text} >= CASE_WORK - {
        "meeting_participants",  # codes and links only
        "consent_recipients",
        "case_contacts",  # the person's words are in case_contact_persons
    }
    service = Retention(vault_fx.vault, clock=lambda: NOW)
    service.set_hold(filled.d_case, "criminal case pending")
    assert filled.a_case in service.apply().anonymised
    after = filled_rows(db, tables, case_a)
    for table, column in sorted(free_text):
        for row in after.get(table, []):
            assert row[column] in (None, ""), (table, column)
    for table, rows in after.items():
        for row in rows:
            assert not any(carries_canary(v) for v in row.values()), table
    # The codes are kept: the case work's coded rows are still there for the statistics.
    for table in ("case_goals", "case_contacts", "case_meetings", "safety_assessments"):
        assert len(after.get(table, [])) == len(before[table]), table


def _flat(node: object) -> Iterator[object]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _flat(value)
    elif isinstance(node, list):
        for value in node:
            yield from _flat(value)
    elif isinstance(node, bool):
        yield int(node)  # the vault keeps a flag as 0 or 1
    else:
        yield node


def _norm(value: object) -> str:
    """One spelling per value: a moment as the vault writes it (+00:00) or as JSON does (Z)."""
    text = str(value)
    if MOMENT.match(text):
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    return text


def _dicts(node: object) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _dicts(value)


def _expected(table: str, row: dict[str, Any], owner_column: str | None) -> set[object]:
    """What of a row the export must show: its words and codes (a JSON list's codes one by
    one) and its links to other things (organisations, consents); not its own id or owner."""
    out: set[object] = set()
    for column, value in row.items():
        if value is None or column in BOOKKEEPING or column in ("id", owner_column):
            continue
        if (table, column) in DERIVED:
            continue
        if isinstance(value, str) and value.startswith(("[", "{")):
            out.update(_flat(json.loads(value)))
        elif isinstance(value, str) and ";" in value and CODED.match(value):
            out.update(value.split(";"))  # a list of codes kept in one column
        else:
            out.add(value)
    return out


def test_subject_export_holds_every_row_of_every_table_of_a_case(
    vault_fx: VaultFixture,
    tables: dict[str, Link],
    case_a: dict[str, int],
    tmp_path: Path,
) -> None:
    db = vault_fx.vault.db
    before = filled_rows(db, tables, case_a)
    out = tmp_path / "out"
    out.mkdir()
    files = SubjectExport(vault_fx.vault, clock=lambda: NOW).write("CL-A", out, "en")
    data = json.loads(files.json.read_text(encoding="utf-8"))
    objects = [{_norm(v) for v in _flat(d)} for d in _dicts(data)]
    missing = []
    for table, rows in before.items():
        link = tables[table]
        for row in rows:
            want = {_norm(v) for v in _expected(table, row, link.owner_column)}
            if not any(want <= seen for seen in objects):
                missing.append((table, sorted(want - max(objects, key=lambda s: len(want & s)))))
    assert missing == [], "\n".join(map(str, missing))
