"""One write path per table, checked in the source: no module of the core spells out its own
``INSERT INTO`` for a table whose rows ``carecoord/store/rows.py`` builds, and the store's single
writes reach every such table through :func:`rows.insert_sql`.

``test_one_write_path.py`` proves that the two writers leave equal rows for one case; this file
keeps a third, hand-written INSERT from creeping back in for a column that case does not exercise.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import carecoord
from carecoord.store import rows

CORE = Path(carecoord.__file__).parent
STORE = CORE / "store"
# The builders' own module: it alone spells out the INSERT for each of its tables.
BUILDERS = {STORE / "rows.py"}
# Migrations' data steps write rows as their schema version has them, forever (the builders
# follow the newest schema): they are the one other writer, and only ever run once per vault.
MIGRATIONS = CORE / "schema"
INSERT = re.compile(r"\b(?:INSERT|REPLACE)\s+(?:OR\s+\w+\s+)?INTO\s+(\w+)", re.IGNORECASE)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _inserted_tables(path: Path) -> set[str]:
    """Tables named after ``INSERT INTO`` in any string literal of the module (adjacent literals
    are one constant to the parser, so statements split over lines are seen whole)."""
    found: set[str] = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.update(m.group(1).lower() for m in INSERT.finditer(node.value))
    return found


def _insert_sql_tables(path: Path) -> set[str]:
    """Tables passed by name to ``insert_sql(...)`` in the module."""
    found: set[str] = set()
    for node in ast.walk(_tree(path)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else None
        if isinstance(node.func, ast.Name):
            name = node.func.id
        first = node.args[0]
        if name == "insert_sql" and isinstance(first, ast.Constant):
            found.add(str(first.value))
    return found


def test_no_core_module_writes_a_builders_table_with_its_own_insert() -> None:
    own = {
        str(path.relative_to(CORE)): sorted(_inserted_tables(path) & set(rows.COLUMNS))
        for path in sorted(CORE.rglob("*.py"))
        if path not in BUILDERS and path.parent != MIGRATIONS
    }
    assert {module: tables for module, tables in own.items() if tables} == {}


def test_the_scan_sees_a_hand_written_insert(tmp_path: Path) -> None:
    # The check above must be able to fail: a statement split over two literals is still found.
    module = tmp_path / "sneaky.py"
    module.write_text(
        'db.execute(\n    "INSERT INTO notes(case_id, body)"\n    " VALUES (?, ?)", (1, "x")\n)\n'
        'db.execute("insert or replace into tasks(id) values (1)")\n'
        "db.execute(\"INSERT INTO notes_fts(notes_fts) VALUES ('optimize')\")\n",
        encoding="utf-8",
    )
    assert _inserted_tables(module) & set(rows.COLUMNS) == {"notes", "tasks"}


def test_the_store_writes_every_builders_table_through_insert_sql() -> None:
    # bulk.py builds its statements for all tables at once (a comprehension over COLUMNS);
    # the store's single writes name each table, so each one has a builder-made statement.
    single_writes = set().union(
        *(_insert_sql_tables(p) for p in STORE.glob("*.py") if p.name not in {"rows.py", "bulk.py"})
    )
    assert set(rows.COLUMNS) - single_writes == set()
    assert single_writes <= set(rows.COLUMNS)


def test_upsert_replaces_every_column_but_the_key() -> None:
    sql = rows.insert_sql("exit_programmes", upsert_on=("case_id",))
    assert sql == (
        "INSERT INTO exit_programmes(case_id, scheme_name, enrolled_on, outcome, outcome_on)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET"
        " scheme_name = excluded.scheme_name, enrolled_on = excluded.enrolled_on,"
        " outcome = excluded.outcome, outcome_on = excluded.outcome_on"
    )
    identity = rows.insert_sql("client_identity", upsert_on=("client_id",))
    updated = identity.split("DO UPDATE SET ", 1)[1].split(", ")
    assert updated == [f"{c} = excluded.{c}" for c in rows.COLUMNS["client_identity"][1:]]


def test_upsert_on_a_column_the_table_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match="no column"):
        rows.insert_sql("notes", upsert_on=("written_by",))
