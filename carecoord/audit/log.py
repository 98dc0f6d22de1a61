"""The access log API that the case store, the command line and the screens call.

Threading: like the vault, an AccessLog belongs to the thread that unlocked the vault (the vault
worker in the app). It is a thin view over ``vault.db``; make one whenever needed.

The class is built in layers, one module each: ``chain_state`` (where the chain stands),
``appending`` (``record`` and the head), ``verification`` (``verify``, ``acknowledge_break``,
``prune_before``); this module adds the reading and paging. The entry model is in ``entries``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from carecoord.audit import search_terms
from carecoord.audit.actions import Action
from carecoord.audit.chain import Row
from carecoord.audit.entries import DEFAULT_PAGE, MAX_PAGE, EntryFilter, LogEntry, entry_from_row
from carecoord.audit.verification import LogVerifier


class AccessLog(LogVerifier):
    """Append entries and read them back. Every read of the log is itself logged.

    ``record`` joins the caller's transaction when there is one, so a change and its log entry
    commit together or not at all; without one it commits on its own. The head in vault.keys is
    written once the outermost transaction has committed.
    """

    # -- reading -----------------------------------------------------------------------------------
    def entries(
        self,
        *,
        case_ref: str | int | None = None,
        client_ref: str | int | None = None,
        user: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after_seq: int = 0,
        limit: int = DEFAULT_PAGE,
        newest_first: bool = False,
    ) -> list[LogEntry]:
        """Entries in chronological (sequence) order, filtered, one page at a time.

        Page on with ``after_seq=<last seq of the previous page>``. ``until`` is exclusive.
        ``newest_first``: the latest ``limit`` entries, latest first (a screen's view of the log).
        The read is logged (``log_read``, with the case or client it concerned).
        """
        query = EntryFilter.build(case_ref, client_ref, user, since, until)
        found = self._select(
            query.where,
            [after_seq, *query.params],
            max(1, min(limit, MAX_PAGE)),
            descending=newest_first,
        )
        detail = {**query.detail, "returned": len(found)}
        if after_seq:
            detail["after_seq"] = after_seq
        self.record(Action.LOG_READ, case_ref=query.case, client_ref=query.client, detail=detail)
        return found

    def iter_entries(
        self,
        *,
        case_ref: str | int | None = None,
        client_ref: str | int | None = None,
        user: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Iterator[LogEntry]:
        """Every matching entry as it stands now, oldest first, logged as one read.

        For listings and exports that want all of it (``audit show``, a subject export). The read
        is logged before the first entry is returned and is not itself part of the result.
        Consume it on the vault worker, like every other call here.
        """
        query = EntryFilter.build(case_ref, client_ref, user, since, until)
        self.record(
            Action.LOG_READ, case_ref=query.case, client_ref=query.client, detail=query.detail
        )
        end = self._last()[0] - 1  # the entry just written is the last one; leave it out
        after = 0
        while True:
            page = self._select(
                query.where + " AND seq <= ?", [after, *query.params, end], MAX_PAGE
            )
            yield from page
            if len(page) < MAX_PAGE:
                return
            after = page[-1].seq

    def for_case(self, case_ref: str | int, **paging: Any) -> list[LogEntry]:
        """Who accessed this file, chronologically."""
        return self.entries(case_ref=case_ref, **paging)

    def for_user(self, user: str, **paging: Any) -> list[LogEntry]:
        return self.entries(user=user, **paging)

    def in_period(self, since: datetime, until: datetime, **paging: Any) -> list[LogEntry]:
        return self.entries(since=since, until=until, **paging)

    def searched_for(self, term: str) -> list[LogEntry]:
        """Searches whose query was ``term`` or contained all its words (after normalising).

        The term is hashed the way the searches were; it is not stored. The check is logged.
        """
        whole, words = search_terms.probe(self._keys().search, term)
        found: list[LogEntry] = []
        if whole is not None:
            all_words = " AND ".join("instr(search_digests, ?) > 0" for _ in words)
            found = self._select(
                f"action = ? AND search_digests IS NOT NULL AND "
                f"(instr(search_digests, ?) > 0 OR ({all_words}))",
                [Action.SEARCH.value, whole, *words],
                MAX_PAGE,
            )
        self.record(Action.LOG_READ, detail={"scope": "search_check", "returned": len(found)})
        return found

    def _select(
        self, where: str, params: list[Any], limit: int, *, descending: bool = False
    ) -> list[LogEntry]:
        order = "DESC" if descending else "ASC"
        rows = self._vault.db.all(
            f"SELECT {Row.COLUMNS} FROM access_log WHERE {where} ORDER BY seq {order} LIMIT ?",
            (*params, limit),
        )
        return [entry_from_row(Row(*r)) for r in rows]

    def count(self) -> int:
        """Number of entries (not logged: it reveals nothing about any file)."""
        return int(self._vault.db.scalar("SELECT count(*) FROM access_log"))
