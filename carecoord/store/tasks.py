"""Notes and tasks: case notes, manual tasks and the lists of deadlines due soon or overdue.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.tasks``); every
public method reports one audit event, every write runs in one transaction."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from carecoord.domain.casefile import Note
from carecoord.domain.codelists import codelist
from carecoord.domain.deadlines import DEFAULT_DUE_SOON_DAYS, Task
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store import deadline_sync
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import insert_sql, manual_task_row, note_row
from carecoord.store.sqlvalues import d2s, dt2s


class DueItem(BaseModel):
    """A row of the task list (deadline or manual task) with its case reference."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    task_id: int
    case_id: int
    case_reference: str
    kind: str
    due_on: date
    title: str | None
    # The client's initials ("T.V."): enough for the coordinator to recognise whose it is on
    # a screen others may see; empty when no name is recorded.
    initials: str = ""
    # The record the deadline comes from (a meeting action's id, …); None for a manual task.
    source_id: int | None = None

    @property
    def can_complete(self) -> bool:
        """Ticked off on the list: the coordinator's own tasks and the actions agreed in a
        meeting. Any other deadline is resolved by recording what it waits for."""
        return self.kind == "manual" or (
            self.kind == "meeting_action" and self.source_id is not None
        )

    @property
    def can_postpone(self) -> bool:
        """Only a task the coordinator set can move: a deadline follows from the case's dates."""
        return self.kind == "manual"


class DayCounts(BaseModel):
    """The size of the coordinator's day list: what is overdue and what falls due soon."""

    model_config = ConfigDict(frozen=True)

    overdue: int
    due_soon: int

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon


def initials(given: str | None, family: str | None) -> str:
    """Dutch style, as the letters print them: "Testa Maria Voorbeeld" -> "T.M.V."."""
    names = (given or "").split() + (family or "").split()[-1:]
    letters = []
    for name in names:
        first = next((ch for ch in name if ch.isalpha()), "")
        if first:
            letters.append(unicodedata.normalize("NFKD", first)[0].upper() + ".")
    return "".join(letters)


class TaskManager(Manager):
    def add_note(self, case_id: int, body: str) -> int:
        note = Note(case_id=case_id, written_at=self._clock(), author=self.user, body=body)
        with self.db.transaction():
            client_id = self._case_client(case_id)
            cursor = self.db.execute(insert_sql("notes"), note_row(case_id, note))
            self._log(AuditEvent("create", "note", case_id=case_id, client_id=client_id))
            return int(cursor.lastrowid)

    def add(self, case_id: int, title: str, due_on: date) -> int:
        title = title.strip()
        if not title or len(title) > 500:
            raise InputRejected(_("A task needs a title of 1 to 500 characters."))
        with self.db.transaction():
            client_id = self._case_client(case_id)
            task = Task(case_id=case_id, kind="manual", due_on=due_on, title=title)
            cursor = self.db.execute(
                insert_sql("tasks"),
                manual_task_row(case_id, task, self.user, dt2s(self._clock())),
            )
            deadline_sync.update_next_deadline(self.db, case_id)
            self._log(AuditEvent("create", "task", case_id=case_id, client_id=client_id))
            return int(cursor.lastrowid)

    def complete(self, task_id: int, done_on: date | None = None) -> None:
        with self.db.transaction():
            row = self.db.all("SELECT case_id, kind FROM tasks WHERE id = ?", (task_id,))
            if not row:
                raise InputRejected(
                    _("There is no task with id %(task_id)s.") % {"task_id": task_id}
                )
            case_id, kind = row[0]
            if kind != "manual":
                raise InputRejected(
                    _(
                        "A deadline is resolved by recording what it waits for, not by ticking it off."
                    )
                )
            self.db.execute(
                "UPDATE tasks SET done_on = ? WHERE id = ?", (d2s(done_on or self.today()), task_id)
            )
            deadline_sync.update_next_deadline(self.db, case_id)
            self._log(AuditEvent("update", "task done", case_id=case_id))

    def postpone(self, task_id: int, due_on: date, reason: str) -> None:
        """Move a manual task to ``due_on`` for ``reason`` (a code of the list
        ``postpone_reason``; a code, so the access log can keep it without free text)."""
        if reason not in codelist("postpone_reason"):
            raise InputRejected(_("Choose why the task is postponed."))
        with self.db.transaction():
            row = self.db.all(
                "SELECT case_id, kind, due_on, done_on FROM tasks WHERE id = ?", (task_id,)
            )
            if not row:
                raise InputRejected(
                    _("There is no task with id %(task_id)s.") % {"task_id": task_id}
                )
            case_id, kind, old, done = row[0]
            if kind != "manual":
                raise InputRejected(
                    _("A deadline follows from the case's dates; only a task can be postponed.")
                )
            if done is not None:
                raise InputRejected(_("This task is already done."))
            if due_on <= max(date.fromisoformat(old), self.today() - timedelta(days=1)):
                raise InputRejected(
                    _("Postpone to a later date than the task's due date, from today on.")
                )
            self.db.execute("UPDATE tasks SET due_on = ? WHERE id = ?", (d2s(due_on), task_id))
            deadline_sync.update_next_deadline(self.db, case_id)
            self._log(
                AuditEvent(
                    "update",
                    # Within the log's 64-character detail: the reason code and the new date.
                    f"task postponed {reason} to {d2s(due_on)}",
                    case_id=case_id,
                    client_id=self._case_client(case_id),
                )
            )

    def due_soon(
        self,
        *,
        today: date | None = None,
        days: int = DEFAULT_DUE_SOON_DAYS,
        offset: int = 0,
        limit: int = 200,
    ) -> list[DueItem]:
        today = today or self.today()
        return self._due(
            "t.due_on >= ? AND t.due_on <= ?",
            [d2s(today), d2s(today + timedelta(days=days))],
            offset,
            limit,
        )

    def overdue(
        self, *, today: date | None = None, offset: int = 0, limit: int = 200
    ) -> list[DueItem]:
        today = today or self.today()
        return self._due("t.due_on < ?", [d2s(today)], offset, limit)

    def day_list(
        self,
        *,
        today: date | None = None,
        days: int = DEFAULT_DUE_SOON_DAYS,
        kind: str | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> list[DueItem]:
        """The coordinator's day: what is overdue, then what falls due within ``days``, in one
        order (the longest overdue first), a page at a time (``day_counts`` has the totals);
        ``kind``: only deadlines of that kind (e.g. the safety reviews)."""
        today = today or self.today()
        condition = "t.due_on <= ?"
        params: list[object] = [d2s(today + timedelta(days=days))]
        if kind is not None:
            condition, params = condition + " AND t.kind = ?", [*params, kind]
        return self._due(condition, params, offset, limit)

    def day_counts(
        self, *, today: date | None = None, days: int = DEFAULT_DUE_SOON_DAYS
    ) -> DayCounts:
        """How many open deadlines and tasks are overdue and due within ``days`` (counts only,
        no case named: not logged)."""
        today = today or self.today()
        overdue, due = self.db.all(
            "SELECT coalesce(sum(due_on < ?), 0), count(*) FROM tasks"
            " WHERE done_on IS NULL AND due_on <= ?",
            (d2s(today), d2s(today + timedelta(days=days))),
        )[0]
        return DayCounts(overdue=int(overdue), due_soon=int(due) - int(overdue))

    def _due(self, condition: str, params: list[object], offset: int, limit: int) -> list[DueItem]:
        rows = self.db.all(
            "SELECT t.id, t.case_id, c.reference, t.kind, t.due_on, t.title, t.source_id,"
            " ci.given_name, ci.family_name FROM tasks t"
            " JOIN cases c ON c.id = t.case_id"
            " LEFT JOIN client_identity ci ON ci.client_id = c.client_id"
            f" WHERE t.done_on IS NULL AND {condition}"
            " ORDER BY t.due_on, t.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        items = [
            DueItem(
                task_id=r[0],
                case_id=r[1],
                case_reference=r[2],
                kind=r[3],
                due_on=date.fromisoformat(r[4]),
                title=r[5],
                source_id=r[6],
                initials=initials(r[7], r[8]),
            )
            for r in rows
        ]
        self._log(
            AuditEvent(
                "list", f"task list ({len(items)})", case_ids=tuple({i.case_id for i in items})
            )
        )
        return items
