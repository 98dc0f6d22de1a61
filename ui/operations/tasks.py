"""Notes and tasks of a case (store.tasks)."""

from __future__ import annotations

from datetime import date

from ui.operations import Changes, Op
from ui.operations.store_access import store_of


def add_note(case_id: int, body: str) -> Op[int]:
    return Op(lambda v: store_of(v).tasks.add_note(case_id, body), Changes.NOTES)


def add(case_id: int, title: str, due_on: date) -> Op[int]:
    return Op(lambda v: store_of(v).tasks.add(case_id, title, due_on), Changes.TASKS)


def complete(task_id: int) -> Op[None]:
    return Op(lambda v: store_of(v).tasks.complete(task_id), Changes.TASKS)
