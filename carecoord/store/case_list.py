"""The case list: paged, sorted, filtered queries and search. No query loads all cases."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from carecoord.domain.case import CaseSummary
from carecoord.domain.codelists import ExploitationForm, Phase
from carecoord.store.case_reader import SUMMARY_COLUMNS, SUMMARY_FROM, summary_from_row
from carecoord.store.sqlvalues import d2s
from carecoord.vault.database import Database

SortKey = Literal["reference", "opened_on", "phase", "next_deadline"]

# Each sort key maps to an indexed column; the reference breaks ties so pages are stable.
_SORT_COLUMNS: dict[str, str] = {
    "reference": "c.reference",
    "opened_on": "c.opened_on",
    "phase": "c.phase_rank",
    "next_deadline": "c.next_deadline",
}

MAX_PAGE = 500


class CaseQuery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    phases: tuple[Phase, ...] = ()
    exploitation_form: ExploitationForm | None = None
    municipalities: tuple[str, ...] = ()
    deadline_before: date | None = None  # cases with an open deadline on or before this date
    open_only: bool = False  # leave out closed cases
    sort: SortKey = "reference"
    descending: bool = False
    offset: int = Field(default=0, ge=0)
    limit: int = Field(default=50, ge=1, le=MAX_PAGE)


class CasePage(BaseModel):
    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    rows: tuple[CaseSummary, ...]
    offset: int
    limit: int
    has_more: bool


def _where(query: CaseQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if query.phases:
        clauses.append(f"c.phase IN ({', '.join('?' for _ in query.phases)})")
        params += list(query.phases)
    if query.exploitation_form is not None:
        clauses.append("c.id IN (SELECT case_id FROM case_forms WHERE form = ?)")
        params.append(query.exploitation_form)
    if query.municipalities:
        clauses.append(f"c.municipality IN ({', '.join('?' for _ in query.municipalities)})")
        params += list(query.municipalities)
    if query.deadline_before is not None:
        clauses.append("c.next_deadline <= ?")
        params.append(d2s(query.deadline_before))
    if query.open_only:
        clauses.append("c.phase <> 'closed'")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_cases(db: Database, query: CaseQuery) -> CasePage:
    where, params = _where(query)
    direction = "DESC" if query.descending else "ASC"
    column = _SORT_COLUMNS[query.sort]
    nulls = " NULLS LAST" if query.sort == "next_deadline" else ""
    order = f"{column} {direction}{nulls}"
    if query.sort != "reference":
        order += f", c.reference {direction}"
    # One extra row tells whether there is a next page without counting everything.
    rows = db.all(
        f"SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM}{where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, query.limit + 1, query.offset],
    )
    return CasePage(
        rows=tuple(summary_from_row(r) for r in rows[: query.limit]),
        offset=query.offset,
        limit=query.limit,
        has_more=len(rows) > query.limit,
    )


def count_cases(db: Database, query: CaseQuery) -> int:
    where, params = _where(query)
    return int(db.scalar(f"SELECT count(*) FROM cases c{where}", params))


_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query: every word must match as a prefix. Quoting each token keeps
    FTS5 operators (AND, NEAR, column filters, quotes) in the user's text inert."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    return " ".join(f'"{t}"*' for t in tokens[:8])


def _prefix_range(text: str) -> tuple[str, str]:
    # A range on the indexed column instead of LIKE (which ignores the index by default).
    return text, text + "\U0010ffff"


def search_cases(db: Database, text: str, limit: int = 50) -> list[CaseSummary]:
    """Cases whose reference or client reference starts with ``text``, or whose client's names
    or aliases, or whose notes, contain every word of ``text`` (as word prefixes)."""
    text = text.strip()
    if not text:
        return []
    low, high = _prefix_range(text)
    parts = [
        "SELECT id FROM cases WHERE reference >= ? AND reference < ?",
        "SELECT c.id FROM clients cl JOIN cases c ON c.client_id = cl.id"
        " WHERE cl.reference >= ? AND cl.reference < ?",
    ]
    params: list[Any] = [low, high, low, high]
    match = fts_query(text)
    if match is not None:
        parts.append(
            "SELECT c.id FROM client_names_fts f JOIN cases c ON c.client_id = f.rowid"
            " WHERE client_names_fts MATCH ?"
        )
        parts.append(
            "SELECT n.case_id FROM notes_fts f JOIN notes n ON n.id = f.rowid"
            " WHERE notes_fts MATCH ?"
        )
        params += [match, match]
    rows = db.all(
        f"WITH hits(id) AS ({' UNION '.join(parts)})"
        f" SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE c.id IN (SELECT id FROM hits)"
        " ORDER BY c.reference LIMIT ?",
        [*params, limit],
    )
    return [summary_from_row(r) for r in rows]
