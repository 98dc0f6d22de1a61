"""Keeps the derived deadlines of a case (rows of ``tasks`` with kind <> 'manual') and the case's
``next_deadline`` in step with its facts. Called inside every write transaction that touches them."""

from __future__ import annotations

from carecoord.domain.deadlines import Deadline, derive_deadlines
from carecoord.store.case_reader import CaseReader
from carecoord.store.rows import deadline_row, insert_sql
from carecoord.vault.database import Database


def consent_holder_case(db: Database, client_id: int) -> int | None:
    """Consents belong to the client; their expiry is shown on the client's latest open case."""
    value = db.scalar(
        "SELECT id FROM cases WHERE client_id = ? AND phase <> 'closed'"
        " ORDER BY opened_on DESC, id DESC LIMIT 1",
        (client_id,),
    )
    return None if value is None else int(value)


def refresh_case(db: Database, case_id: int) -> list[Deadline]:
    reader = CaseReader(db)
    client_id, phase = db.all("SELECT client_id, phase FROM cases WHERE id = ?", (case_id,))[0]
    holder = consent_holder_case(db, client_id)
    deadlines = derive_deadlines(
        closed=phase == "closed",
        reflection=reader.reflection(case_id),
        permits=reader.permits(case_id),
        shelter_stays=reader.shelter_stays(case_id),
        exit_programme=reader.exit_programme(case_id),
        referrals=reader.referrals(case_id),
        consents=reader.consents(client_id) if holder == case_id else [],
        goals=reader.goals(case_id),
        meeting_actions=reader.meeting_actions(case_id),
        safety=reader.safety_assessments(case_id),
    )
    write_deadlines(db, case_id, deadlines)
    update_next_deadline(db, case_id)
    return deadlines


def refresh_client(db: Database, client_id: int) -> None:
    for (case_id,) in db.all("SELECT id FROM cases WHERE client_id = ?", (client_id,)):
        refresh_case(db, case_id)


def write_deadlines(db: Database, case_id: int, deadlines: list[Deadline]) -> None:
    db.execute("DELETE FROM tasks WHERE case_id = ? AND kind <> 'manual'", (case_id,))
    # The same row as the bulk writer's (store/rows.py): one write path per table.
    db.executemany(insert_sql("tasks"), [deadline_row(case_id, d) for d in deadlines])


def update_next_deadline(db: Database, case_id: int) -> None:
    db.execute(
        "UPDATE cases SET next_deadline = (SELECT min(due_on) FROM tasks"
        " WHERE case_id = ?1 AND done_on IS NULL) WHERE id = ?1",
        (case_id,),
    )
