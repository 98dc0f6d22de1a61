"""Notes and tasks of a case (store.tasks)."""

from __future__ import annotations

from datetime import date

from carecoord.store.tasks import DueItem
from ui.operations import Changes, Op
from ui.operations.store_access import store_of


def add_note(case_id: int, body: str) -> Op[int]:
    return Op(lambda v: store_of(v).tasks.add_note(case_id, body), Changes.NOTES)


def add(case_id: int, title: str, due_on: date) -> Op[int]:
    return Op(lambda v: store_of(v).tasks.add(case_id, title, due_on), Changes.TASKS)


def complete(task_id: int) -> Op[None]:
    return Op(lambda v: store_of(v).tasks.complete(task_id), Changes.TASKS)


def postpone(task_id: int, due_on: date, reason: str) -> Op[None]:
    """The reason is a code (list postpone_reason): the access log records it."""
    return Op(lambda v: store_of(v).tasks.postpone(task_id, due_on, reason), Changes.TASKS)


def mark_done(item: DueItem) -> Op[None]:
    """A row of the deadline lists done: a task ticked off, or a meeting's action done today
    (its deadline goes with it)."""
    if item.kind == "meeting_action" and item.source_id is not None:
        action_id = item.source_id
        return Op(
            lambda v: store_of(v).meetings.complete_action(action_id, date.today()),
            Changes.TASKS | Changes.SUPPORT,
        )
    return complete(item.task_id)
