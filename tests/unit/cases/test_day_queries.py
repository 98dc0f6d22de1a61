"""The store's side of the coordinator's day (issue 17): a task postponed with a reason code
(logged), the task list with the client's initials, search within the case list's filters, and
dossier numbers for the access log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from carecoord.errors import InputRejected
from carecoord.store.audit import AuditEvent
from carecoord.store.case_list import CaseQuery
from carecoord.store.case_store import CaseStore
from carecoord.store.tasks import initials
from tests.unit.cases.test_cases_store import OVERRIDE, new_case, org

TODAY = date(2025, 6, 15)  # the store fixture's clock


def test_a_task_is_postponed_with_a_reason_code_and_logged(
    store: CaseStore, events: list[AuditEvent]
) -> None:
    case_id = new_case(store, given="Testa Maria", family="van Voorbeeld")
    task = store.tasks.add(case_id, "Bel de advocaat", TODAY - timedelta(days=2))
    [item] = [i for i in store.tasks.overdue(today=TODAY) if i.task_id == task]
    assert item.initials == "T.M.V." and item.can_postpone and item.can_complete

    with pytest.raises(InputRejected, match="why"):
        store.tasks.postpone(task, TODAY + timedelta(days=7), "because I said so")
    with pytest.raises(InputRejected, match="later date"):
        store.tasks.postpone(task, TODAY - timedelta(days=3), "workload")
    events.clear()
    store.tasks.postpone(task, TODAY + timedelta(days=7), "waiting_for_partner")
    assert [(e.action, e.detail, e.case_id) for e in events] == [
        ("update", "task postponed waiting_for_partner to 2025-06-22", case_id)
    ]
    assert store.read.summary(case_id).next_deadline == TODAY + timedelta(days=7)
    assert not [i for i in store.tasks.overdue(today=TODAY) if i.task_id == task]

    # A deadline follows from the case's dates: it is not moved from the list.
    referral = store.referrals.create(case_id, org(store), "shelter")
    store.referrals.send(referral, override_reason=OVERRIDE)
    [feedback] = [i for i in store.tasks.due_soon(today=TODAY) if i.kind == "referral_feedback"]
    assert not feedback.can_postpone and not feedback.can_complete
    with pytest.raises(InputRejected, match="only a task"):
        store.tasks.postpone(feedback.task_id, TODAY + timedelta(days=30), "other")
    store.tasks.complete(task)
    with pytest.raises(InputRejected, match="already done"):
        store.tasks.postpone(task, TODAY + timedelta(days=30), "other")


def test_initials_as_the_letters_print_them() -> None:
    assert initials("Ana-Maria", "Popescu") == "A.P."
    assert initials("Émile Jan", "de Vries") == "E.J.V."
    assert initials(None, None) == ""


def test_search_keeps_to_the_filters_and_logs_the_query_for_hashing(
    store: CaseStore, events: list[AuditEvent]
) -> None:
    sexual = new_case(store, "CL-1", family="Voorbeeld", forms=("sexual",))
    labour = new_case(store, "CL-2", family="Voorbeeld", forms=("labour",))
    assert {c.id for c in store.cases.search("Voorbeeld")} == {sexual, labour}
    events.clear()
    found = store.cases.search("Voorbeeld", within=CaseQuery(exploitation_form="labour"))
    assert [c.id for c in found] == [labour]
    assert [(e.action, e.case_ids, e.search_terms) for e in events] == [
        ("search", (labour,), "Voorbeeld")
    ]
    assert "Voorbeeld" not in repr(events[0])  # never in a traceback or a log line
    assert store.cases.search("Voorbeeld", within=CaseQuery(municipalities=("GM0599",))) == []


def test_dossier_numbers_for_case_ids(store: CaseStore) -> None:
    first, second = new_case(store, "CL-1"), new_case(store, "CL-2")
    references = store.cases.references([second, first, 999])
    assert references == {
        first: store.read.summary(first).reference,
        second: store.read.summary(second).reference,
    }


def test_the_day_list_pages_through_every_due_row_with_true_counts(
    store: CaseStore, events: list[AuditEvent]
) -> None:
    """More than a page: every row is reachable, overdue first in due order, and the counts
    are those of the whole list (issue 17: no row silently dropped beyond 100)."""
    case_id = new_case(store)
    late = [
        store.tasks.add(case_id, f"late {i}", TODAY - timedelta(days=1 + i % 9)) for i in range(130)
    ]
    soon = [
        store.tasks.add(case_id, f"soon {i}", TODAY + timedelta(days=i % 15)) for i in range(210)
    ]
    store.tasks.add(case_id, "later", TODAY + timedelta(days=15))  # beyond the 14 days
    store.tasks.complete(store.tasks.add(case_id, "done", TODAY))  # done: not on the list
    expected = store.db.all(
        "SELECT id FROM tasks WHERE done_on IS NULL AND due_on <= ? ORDER BY due_on, id",
        (str(TODAY + timedelta(days=14)),),
    )
    counts = store.tasks.day_counts(today=TODAY)
    overdue = int(
        store.db.scalar(
            "SELECT count(*) FROM tasks WHERE done_on IS NULL AND due_on < ?", (str(TODAY),)
        )
    )
    assert counts.total == len(expected) and counts.overdue == overdue
    assert counts.total >= len(late) + len(soon) and counts.overdue >= len(late)

    pages = [store.tasks.day_list(today=TODAY, offset=o, limit=100) for o in range(0, 400, 100)]
    assert [len(p) for p in pages] == [100, 100, 100, counts.total - 300]
    rows = [item for page in pages for item in page]
    assert [i.task_id for i in rows] == [r[0] for r in expected]
    assert all(i.due_on < TODAY for i in rows[: counts.overdue])  # overdue first
    assert all(i.due_on >= TODAY for i in rows[counts.overdue :])
    # The Tasks page's two lists, paged the same way.
    assert len(store.tasks.overdue(today=TODAY, offset=100, limit=100)) == counts.overdue - 100
    assert len(store.tasks.due_soon(today=TODAY, offset=200, limit=100)) == counts.due_soon - 200
    # A kind asked for is not lost behind a page of other rows.
    assert store.tasks.day_list(today=TODAY, kind="safety_review") == []
    assert {i.kind for i in store.tasks.day_list(today=TODAY, kind="manual", limit=500)} == {
        "manual"
    }
    # Each page read is logged with the cases it names; counting names none and is not logged.
    events.clear()
    store.tasks.day_counts(today=TODAY)
    assert events == []
    store.tasks.day_list(today=TODAY, offset=300, limit=100)
    assert [(e.action, e.case_ids) for e in events] == [("list", (case_id,))]
