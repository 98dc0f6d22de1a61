"""The case list: paged, sorted, filtered queries and search. No query loads all cases."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from carecoord.domain.case import CaseSummary
from carecoord.domain.codelists import ExploitationForm, Phase
from carecoord.store.case_reader import (
    SUMMARY_COLUMNS,
    SUMMARY_JOINS,
    summary_from_row,
)
from carecoord.store.sqlvalues import FORM_BITS, d2s
from carecoord.vault.database import Database

SortKey = Literal["reference", "opened_on", "phase", "next_deadline"]

# Each sort key maps to a column and its covering index (schema 0003); the reference breaks
# ties so that pages are stable.
_SORT_COLUMNS: dict[str, str] = {
    "reference": "c.reference",
    "opened_on": "c.opened_on",
    "phase": "c.phase_rank",
    "next_deadline": "c.next_deadline",
}
_SORT_INDEXES: dict[str, str] = {
    "reference": "cases_list_by_reference",
    "opened_on": "cases_list_by_opened",
    "phase": "cases_list_by_phase",
    "next_deadline": "cases_list_by_deadline",
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


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


def _where(query: CaseQuery, *, form_from_table: bool = False) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if query.phases:
        clauses.append(f"c.phase IN ({_marks(query.phases)})")
        params += list(query.phases)
    if query.exploitation_form is not None:
        if form_from_table:
            clauses.append("c.id IN (SELECT case_id FROM case_forms WHERE form = ?)")
            params.append(query.exploitation_form)
        else:
            clauses.append("(c.form_mask & ?) <> 0")
            params.append(FORM_BITS[query.exploitation_form])
    if query.municipalities:
        clauses.append(f"c.municipality IN ({_marks(query.municipalities)})")
        params += list(query.municipalities)
    if query.deadline_before is not None:
        clauses.append("c.next_deadline <= ?")
        params.append(d2s(query.deadline_before))
    if query.open_only:
        clauses.append("c.phase <> 'closed'")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# Below this many matching cases, a filter drives the query and the few rows are sorted; above
# it, walking the sort index and filtering inside it reaches a page sooner.
SELECTIVE_ROWS = 2000


def _selective_filter(db: Database, query: CaseQuery) -> str | None:
    """The index of a filter that matches few cases, probed with a bounded count.

    SQLite's planner (even with ANALYZE statistics) picks the equality index for any filter
    and sorts every match, which at 100 000 cases takes hundreds of milliseconds for a broad
    filter; so the store decides, by probing, which index leads.
    """
    probes: list[tuple[str, str, list[Any]]] = []
    if query.municipalities:
        probes.append(
            (
                "cases_by_municipality",
                f"SELECT 1 FROM cases INDEXED BY cases_by_municipality"
                f" WHERE municipality IN ({_marks(query.municipalities)})",
                list(query.municipalities),
            )
        )
    if query.phases:
        probes.append(
            (
                "cases_by_phase",
                f"SELECT 1 FROM cases INDEXED BY cases_by_phase"
                f" WHERE phase IN ({_marks(query.phases)})",
                list(query.phases),
            )
        )
    if query.exploitation_form is not None:
        probes.append(
            (
                "case_forms",
                "SELECT 1 FROM case_forms WHERE form = ?",
                [query.exploitation_form],
            )
        )
    for index, sql, params in probes:
        if (
            db.scalar(f"SELECT count(*) FROM ({sql} LIMIT {SELECTIVE_ROWS})", params)
            < SELECTIVE_ROWS
        ):
            return index
    return None


def list_cases(db: Database, query: CaseQuery) -> CasePage:
    direction = "DESC" if query.descending else "ASC"
    column = _SORT_COLUMNS[query.sort]
    # Cases without a deadline go last either way (SQLite still walks the index for this).
    nulls = " NULLS LAST" if query.sort == "next_deadline" else ""
    order = f"{column} {direction}{nulls}"
    if query.sort != "reference":
        order += f", c.reference {direction}"
    driver = _selective_filter(db, query)
    where, params = _where(query, form_from_table=driver == "case_forms")
    if driver is None:
        # Walk the sort key's covering index in order, filtering inside it: no sort, no rows.
        source = f"cases c INDEXED BY {_SORT_INDEXES[query.sort]}"
    elif driver == "case_forms":
        source = "cases c"
    else:
        source = f"cases c INDEXED BY {driver}"
    # The page is chosen on the cases table alone; names are joined for the page's rows only.
    # One extra row tells whether there is a next page without counting everything.
    rows = db.all(
        f"SELECT {SUMMARY_COLUMNS} FROM (SELECT c.id FROM {source}{where}"
        f" ORDER BY {order} LIMIT ? OFFSET ?) page JOIN cases c ON c.id = page.id{SUMMARY_JOINS}"
        f" ORDER BY {order}",
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
    # Counting inside the narrow covering index beats scanning the table's wide rows.
    return int(
        db.scalar(f"SELECT count(*) FROM cases c INDEXED BY cases_list_by_reference{where}", params)
    )


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


def search_cases(
    db: Database, text: str, limit: int = 50, within: CaseQuery | None = None
) -> list[CaseSummary]:
    """Cases whose reference or client reference starts with ``text``, or whose client's names
    or aliases, or whose notes, contain every word of ``text`` (as word prefixes).

    Newest first. Each source contributes at most a few times ``limit`` candidates (newest
    first), so a common word costs the same as a rare one; the user refines a search that finds
    too much rather than paging through thousands of hits. ``within`` applies the case list's
    filters to the hits (so a filter may leave fewer than ``limit`` of a very broad search).
    """
    text = text.strip()
    if not text:
        return []
    low, high = _prefix_range(text)
    per_source = limit * 4
    parts = [
        "SELECT * FROM (SELECT id FROM cases WHERE reference >= ? AND reference < ?"
        " ORDER BY reference DESC LIMIT ?)",
        "SELECT * FROM (SELECT c.id FROM clients cl JOIN cases c ON c.client_id = cl.id"
        " WHERE cl.reference >= ? AND cl.reference < ? ORDER BY cl.reference DESC LIMIT ?)",
    ]
    params: list[Any] = [low, high, per_source, low, high, per_source]
    match = fts_query(text)
    if match is not None:
        parts.append(
            "SELECT c.id FROM (SELECT rowid AS client_id FROM client_names_fts"
            " WHERE client_names_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f"
            " JOIN cases c ON c.client_id = f.client_id"
        )
        parts.append(
            "SELECT n.case_id FROM (SELECT rowid AS note_id FROM notes_fts"
            " WHERE notes_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f"
            " JOIN notes n ON n.id = f.note_id"
        )
        params += [match, per_source, match, per_source]
    where, filters = _where(within) if within is not None else ("", [])
    rows = db.all(
        f"WITH hits(id) AS ({' UNION '.join(parts)})"
        f" SELECT {SUMMARY_COLUMNS} FROM hits JOIN cases c ON c.id = hits.id{SUMMARY_JOINS}"
        f"{where} ORDER BY c.id DESC LIMIT ?",
        [*params, *filters, limit],
    )
    return [summary_from_row(r) for r in rows]
