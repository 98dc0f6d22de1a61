"""Issue 13: the register accepts the one published status C and keeps the A/D of older releases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carecoord.stats.register import prior_releases
from carecoord.vault import migrations
from carecoord.vault.database import Database, DatabaseError

BEFORE = [m for m in migrations.all_migrations() if m.version < 43]


def _old_register(path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    db = Database.open(path, None, create=True)
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "all_migrations", lambda: BEFORE)
        migrations.migrate(db)
    db.execute(
        "INSERT INTO stats_export (export_id, created_at, created_by, period_id, year, "
        "population, mode, parameters, app_version, audit_ok, files) "
        "VALUES ('old', '2025-01-01T00:00:00+00:00', 'anna', '2024', 2024, ?, 'suppress', ?, "
        "'0.1', 1, '{}')",
        (json.dumps(["GM0034", "GM0037"]), json.dumps({"k": 7, "zeros_unsafe": True})),
    )
    db.executemany(
        "INSERT INTO stats_export_cell (export_id, table_id, coords, value, status) "
        "VALUES ('old', 'cases_by_signaller', ?, ?, ?)",
        [('["police"]', None, "A"), ('["kmar"]', None, "D"), ('["_T"]', 40, "F")],
    )
    return db


def test_older_releases_keep_a_and_d_and_new_ones_can_say_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _old_register(tmp_path / "v.db", monkeypatch)
    try:
        with pytest.raises(DatabaseError):
            db.execute(
                "INSERT INTO stats_export_cell (export_id, table_id, coords, value, status) "
                "VALUES ('old', 'cases_by_signaller', '[\"self\"]', NULL, 'C')"
            )
        migrations.migrate(db)
        db.execute(
            "INSERT INTO stats_export_cell (export_id, table_id, coords, value, status) "
            "VALUES ('old', 'cases_by_signaller', '[\"self\"]', NULL, 'C')"
        )
        (prior,) = prior_releases(db, 2024)
        statuses = {c.coords: c.status for c in prior.cells}
        assert statuses == {("police",): "A", ("kmar",): "D", ("_T",): "F", ("self",): "C"}
        assert prior.population == ("GM0034", "GM0037")
        assert (prior.k, prior.zeros_unsafe) == (7, True)
        with pytest.raises(DatabaseError):
            db.execute(
                "INSERT INTO stats_export_cell (export_id, table_id, coords, value, status) "
                "VALUES ('old', 'cases_by_signaller', '[\"x\"]', NULL, 'Z')"
            )
    finally:
        db.close()
