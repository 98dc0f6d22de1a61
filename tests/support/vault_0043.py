"""A vault as the release before issue 15 left it: schema 0043 and old-style rows.

Built from the old schema itself (the migration files up to 0043 are still shipped), filled by
SQL with the old columns and codes: old phases, old reflection decisions, permits with renewals,
shelter stays open and closed around the history dates, consents valid, expired, withdrawn and
for another purpose, and the derived deadlines the old release stored for these rows (checked
once by running that release's store on them). Used by the migration tests and the frozen build's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord.vault import Vault, migrations
from carecoord.vault.database import Database

OLD_VERSION = 43  # the newest schema of the release before issue 15
REC = "2024-01-01T09:00:00+00:00"

# -- the old vault's rows ---------------------------------------------------------------------
CLIENTS = [
    (1, "CL-1", "female", "NG", "non_eu", REC),
    (2, "CL-2", "female", "BG", "eu", REC),
    (3, "CL-3", "male", "NL", "nl", REC),
    (4, "CL-4", "female", "VN", "non_eu", REC),
    (5, "CL-5", "male", "RO", "eu", REC),
]

# id, reference, client, opened_on, old phase, phase_rank in the old list, phase_since, closed_on
CASES = [
    (1, "MH-001", 1, "2024-01-10", "residence_permit", 4, "2024-05-01", None),
    (2, "MH-002", 2, "2024-03-01", "closed", 9, "2024-06-01", "2024-06-01"),
    (3, "MH-003", 3, "2024-04-01", "reflection_period", 3, "2024-04-10", None),
    (4, "MH-004", 4, "2024-06-20", "residence_permit", 4, "2024-09-01", None),
    (5, "MH-005", 5, "2024-01-01", "outflow", 7, "2024-02-01", None),
]

# id, case, from_phase, to_phase, changed_on, recorded_at
HISTORY = [
    (101, 1, None, "signalled", "2024-01-10", "2024-01-10T10:00:00+00:00"),
    (102, 1, "signalled", "reported", "2024-01-12", "2024-01-12T11:00:00+00:00"),
    (103, 1, "reported", "intake", "2024-01-20", REC),
    (104, 1, "intake", "reflection_period", "2024-02-01", REC),  # stay 1 open -> shelter
    (105, 1, "reflection_period", "shelter", "2024-03-01", REC),  # repeats shelter: goes
    (106, 1, "shelter", "residence_permit", "2024-05-01", REC),  # stay 1 ended 04-30 -> support
    (201, 2, None, "signalled", "2024-03-01", REC),
    (202, 2, "signalled", "reported", "2024-03-05", "2024-03-05T08:30:00+00:00"),
    (203, 2, "reported", "reflection_period", "2024-03-10", REC),  # stay starts that day -> shelter
    (204, 2, "reflection_period", "closed", "2024-06-01", REC),
    (301, 3, None, "signalled", "2024-04-01", REC),
    (302, 3, "signalled", "reported", "2024-04-02", "2024-04-02T12:00:00+00:00"),
    (303, 3, "reported", "reported", "2024-04-03", REC),  # entered twice: one registration
    (304, 3, "reported", "intake", "2024-04-05", REC),
    (305, 3, "intake", "reflection_period", "2024-04-10", REC),  # stay ended that day -> support
    (401, 4, None, "signalled", "2024-06-20", REC),
    (402, 4, "signalled", "reported", "2024-07-01", "2024-07-01T16:00:00+00:00"),
    (403, 4, "reported", "shelter", "2024-07-02", REC),
    (404, 4, "shelter", "residence_permit", "2024-09-01", REC),  # stay open -> shelter: goes
    (501, 5, None, "signalled", "2024-01-01", REC),
    (502, 5, "signalled", "intake", "2024-01-05", REC),
    (503, 5, "intake", "support", "2024-01-10", REC),
    (504, 5, "support", "support", "2024-01-15", REC),  # a double entry: goes
    (505, 5, "support", "outflow", "2024-02-01", REC),
]

# id, case, shelter_type, started_on, ended_on
STAYS = [
    (1, 1, "cosm", "2024-01-25", "2024-04-30"),
    (2, 2, "cosm", "2024-03-10", "2024-06-01"),
    (3, 3, "womens_shelter", "2024-03-20", "2024-04-10"),
    (4, 4, "cosm", "2024-07-02", None),
]

# id, client, purposes, given_on, valid_until, withdrawn_on
CONSENTS = [
    (11, 1, '["shelter", "comensha_registration"]', "2024-01-05", "2024-12-31", None),
    (21, 2, '["comensha_registration"]', "2024-01-01", "2024-02-28", None),  # expired
    (22, 2, '["comensha_registration"]', "2024-03-01", None, "2024-03-05"),  # withdrawn that day
    (23, 2, '["shelter"]', "2024-03-01", None, None),  # another purpose
    (41, 4, '["comensha_registration"]', "2024-01-01", "2024-07-01", None),  # ends that day
    (42, 4, '["comensha_registration", "medical"]', "2024-07-01", None, None),  # given that day
]

# id, case, started_on, ends_on, decision, decided_on
REFLECTIONS = [
    (1, 1, "2024-02-01", "2024-05-01", "report_to_police", "2024-04-15"),
    (2, 2, "2024-03-10", "2024-06-10", "none", "2024-05-30"),
    (3, 3, "2024-04-10", "2024-07-10", None, None),
    (4, 4, "2024-07-02", "2024-10-02", "other_cooperation", "2024-08-20"),
]

# id, case, granted_on, valid_until, ended_on
PERMITS = [(1, 1, "2024-05-01", "2025-05-01", None), (2, 4, "2024-09-01", "2025-09-01", None)]
RENEWALS = [(1, 1, "2025-04-20", "2026-05-01"), (2, 2, "2025-08-15", "2026-09-01")]

# id, case, kind, due_on, source_id, title: what the old release derived from the rows above
# (and one manual task)
TASKS = [
    (1, 1, "consent_expiry", "2024-12-31", 11, None),
    (2, 1, "permit_renewal", "2026-05-01", 1, None),
    (3, 1, "permit_three_years", "2027-05-01", 1, None),
    (4, 3, "manual", "2024-05-01", None, "call the lawyer"),
    (5, 3, "reflection_end", "2024-07-10", 3, None),
    (6, 4, "consent_expiry", "2024-07-01", 41, None),
    (7, 4, "cosm_term", "2024-10-02", 4, None),
    (8, 4, "permit_renewal", "2026-09-01", 2, None),
    (9, 4, "permit_three_years", "2027-09-01", 2, None),
]
NEXT_DEADLINE = {1: "2024-12-31", 3: "2024-05-01", 4: "2024-07-01"}


def _fill_old_vault(db: Database) -> None:
    """Rows as the release before issue 15 wrote them (its columns, its codes)."""
    with db.transaction():
        db.execute("INSERT INTO organisations (id, name) VALUES (1, 'CoMensha')")
        db.executemany(
            "INSERT INTO clients (id, reference, gender, nationality, nationality_group,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            CLIENTS,
        )
        db.executemany(
            "INSERT INTO client_identity (client_id, given_name, family_name) VALUES (?, ?, ?)",
            [(c[0], "Test", f"Client {c[0]}") for c in CLIENTS],
        )
        db.executemany(
            "INSERT INTO cases (id, reference, client_id, opened_on, phase, phase_rank,"
            " phase_since, closed_on, signaller, sector, location_type, forms, form_mask,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'police', 'unknown', 'unknown',"
            " 'labour', 2, '2024-01-01T09:00:00+00:00')",
            CASES,
        )
        db.executemany(
            "INSERT INTO case_forms (case_id, form) VALUES (?, 'labour')", [(c[0],) for c in CASES]
        )
        db.executemany(
            "INSERT INTO phase_changes (id, case_id, from_phase, to_phase, changed_on, changed_by,"
            " reason, recorded_at) VALUES (?, ?, ?, ?, ?, 'anna', NULL, ?)",
            HISTORY,
        )
        db.executemany(
            "INSERT INTO shelter_stays (id, case_id, shelter_type, started_on, ended_on, end_reason)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(*stay, None if stay[-1] is None else "moved_on") for stay in STAYS],
        )
        db.executemany(
            "INSERT INTO consents (id, client_id, recipient_id, purposes, data_categories,"
            " given_on, given_by, valid_until, withdrawn_on, recorded_by, recorded_at)"
            " VALUES (?, ?, 1, ?, '[\"identity\"]', ?, 'client', ?, ?, 'anna', ?)",
            [(*c, REC) for c in CONSENTS],
        )
        db.executemany(
            "INSERT INTO reflection_periods (id, case_id, started_on, ends_on, decision,"
            " decided_on) VALUES (?, ?, ?, ?, ?, ?)",
            REFLECTIONS,
        )
        db.executemany(
            "INSERT INTO residence_permits (id, case_id, granted_on, valid_until, ended_on)"
            " VALUES (?, ?, ?, ?, ?)",
            PERMITS,
        )
        db.executemany(
            "INSERT INTO permit_renewals (id, permit_id, renewed_on, valid_until)"
            " VALUES (?, ?, ?, ?)",
            RENEWALS,
        )
        db.executemany(
            "INSERT INTO tasks (id, case_id, kind, due_on, source_id, title) VALUES (?, ?, ?, ?, ?, ?)",
            TASKS,
        )
        db.executemany(
            "UPDATE cases SET next_deadline = ? WHERE id = ?",
            [(due, case_id) for case_id, due in NEXT_DEADLINE.items()],
        )


def build_old_vault(folder: Path, user: str, passphrase: str) -> None:
    """Create a vault at ``folder`` with only the migrations up to 0043, fill it, lock it."""
    shipped = migrations.all_migrations()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            migrations, "all_migrations", lambda: [m for m in shipped if m.version <= OLD_VERSION]
        )
        vault, _recovery = Vault.create(folder, user, passphrase)
        try:
            assert vault.db.user_version == OLD_VERSION
            columns = {row[1] for row in vault.db.all("PRAGMA table_info(reflection_periods)")}
            assert "decision" in columns and "outcome" not in columns
            _fill_old_vault(vault.db)
        finally:
            vault.lock()
