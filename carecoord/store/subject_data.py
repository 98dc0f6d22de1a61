"""Unlogged reads for the subject export (AVG art. 15); the export logs itself, once per case."""

from __future__ import annotations

import json
from typing import Any

from carecoord.vault.database import Database


def identity_history(db: Database, client_id: int) -> list[dict[str, Any]]:
    """Earlier identities (rectification history), oldest first."""
    return [
        {"replaced_at": r[0], "replaced_by": r[1], "previous": json.loads(r[2])}
        for r in db.all(
            "SELECT replaced_at, replaced_by, previous FROM client_identity_history"
            " WHERE client_id = ? ORDER BY id",
            (client_id,),
        )
    ]


def legal_hold(db: Database, case_id: int) -> dict[str, Any] | None:
    rows = db.all("SELECT reason, set_on, set_by FROM legal_holds WHERE case_id = ?", (case_id,))
    if not rows:
        return None
    return {"reason": rows[0][0], "set_on": rows[0][1], "set_by": rows[0][2]}


def register_lines(db: Database, case_id: int) -> list[dict[str, Any]]:
    """What retention or erasure did to this case (the register holds no contents)."""
    return [
        {"done_at": r[0], "done_by": r[1], "action": r[2], "rule": r[3]}
        for r in db.all(
            "SELECT done_at, done_by, action, rule FROM destruction_register"
            " WHERE case_id = ? ORDER BY id",
            (case_id,),
        )
    ]
