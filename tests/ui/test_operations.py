"""UI operations (ui/operations): a write announces what it changed, and every visible page that
shows it refreshes; a refusal reaches the screen as a message and changes nothing; an
unexpected error is logged (type and place, no values) and told in one generic line."""

from __future__ import annotations

import gc
import sys
import threading
import weakref
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from carecoord import demo, error_log, i18n
from carecoord.errors import CareCoordError, UnexpectedError
from carecoord.store.case_list import CaseQuery
from carecoord.workspace import open_store
from tests.ui.test_unlock_flow import _create
from ui.dialogs.action import ActionDialog
from ui.main_window import MainWindow
from ui.operations import Changes, Op, follow, perform
from ui.pages.lists import TasksPage
from ui.session import Session

CANARY = "Canary-de-Vries-1990-07-08"


def _idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=30_000)


def _in_vault(qtbot, window: MainWindow, fn):  # type: ignore[no-untyped-def]
    out: list[object] = []
    window.session.run(fn, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=60_000)
    return out[0]


def _a_case(qtbot, window: MainWindow) -> int:  # type: ignore[no-untyped-def]
    def make(vault):  # type: ignore[no-untyped-def]
        store = open_store(vault)
        # Enough cases that some are still open (most demo cases are closed).
        demo.generate(store, 12, seed=3)
        return store.cases.page(CaseQuery(open_only=True)).rows[0].id

    return int(_in_vault(qtbot, window, make))


def _tasks_of(qtbot, window: MainWindow, case_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    case = _in_vault(qtbot, window, lambda v: open_store(v).cases.case_file(case_id))
    return [t.title for t in case.tasks]  # type: ignore[attr-defined]


def _titles(page: TasksPage) -> list[str]:
    model = page.soon
    return [model.row_object(i).title for i in range(model.rowCount())]


def _announced(window: MainWindow) -> list[Changes]:
    seen: list[Changes] = []
    window.session.changes.changed.connect(lambda value: seen.append(Changes(value)))
    return seen


def test_a_task_added_in_the_case_view_shows_in_the_open_due_list(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _a_case(qtbot, window)
    due = TasksPage(window.session)  # a due list open beside the case (its own window)
    qtbot.addWidget(due)
    due.show()
    due.refresh()
    hidden = TasksPage(window.session)  # a page not shown: it refreshes when shown, not before
    qtbot.addWidget(hidden)
    hidden.refresh()
    window.workspace.open_case(case_id)
    _idle(qtbot, window)
    assert "Call the shelter back" not in _titles(due)
    announced = _announced(window)

    dialog = window.workspace.cases.view.tasks.add_task()
    title, when = (widget for _label, widget in dialog_fields(dialog))
    title.setText("Call the shelter back")
    when.set_value(date.today() + timedelta(days=3))
    dialog.submit()
    _idle(qtbot, window)

    assert announced == [Changes.TASKS]
    assert "Call the shelter back" in _titles(due), "the due list was not refreshed"
    assert "Call the shelter back" not in _titles(hidden), "a hidden page reloaded for nothing"
    view = window.workspace.cases.view
    assert view.case is not None and "Call the shelter back" in [t.title for t in view.case.tasks]


def dialog_fields(dialog: ActionDialog):  # type: ignore[no-untyped-def]
    form = dialog.form
    return [
        (
            form.itemAt(row, form.ItemRole.LabelRole).widget(),
            form.itemAt(row, form.ItemRole.FieldRole).widget(),
        )
        for row in range(form.rowCount())
    ]


def test_a_refusal_is_shown_in_the_form_and_changes_nothing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _a_case(qtbot, window)
    window.workspace.open_case(case_id)
    _idle(qtbot, window)
    before = _tasks_of(qtbot, window, case_id)
    announced = _announced(window)

    dialog = window.workspace.cases.view.tasks.add_task()
    dialog.submit()  # no title: the core refuses (InputRejected)
    _idle(qtbot, window)

    assert dialog.isVisible(), "a refused form stays open with what was typed"
    assert dialog.error.text() == "A task needs a title of 1 to 500 characters."
    assert announced == [], "nothing changed, so nothing is announced"
    assert _tasks_of(qtbot, window, case_id) == before
    dialog.discard()


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The user's log folder under tmp_path (XDG_STATE_HOME on Linux)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    monkeypatch.setattr(error_log, "_ours", [])
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    yield Path(error_log.platformdirs.user_log_dir("CareCoord", appauthor=False)) / (
        error_log.LOG_NAME
    )
    for handler in error_log._ours:
        error_log._LOGGER.removeHandler(handler)
        handler.close()


def broken_write(vault: object) -> None:
    raise ValueError(f"client {CANARY}")


def test_an_unexpected_error_is_logged_without_values_and_told_generically(
    qtbot, window: MainWindow, log_file: Path
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    announced = _announced(window)
    done: list[object] = []
    errors: list[CareCoordError] = []
    i18n.set_language("nl")
    perform(window.session, Op(broken_write, Changes.TASKS), done.append, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    i18n.set_language("en")

    assert done == [] and announced == []
    assert isinstance(errors[0], UnexpectedError)  # told apart from the named errors
    assert "onverwacht" in errors[0].message.lower() and CANARY not in errors[0].message
    text = log_file.read_text(encoding="utf-8")
    assert "vault worker: builtins.ValueError at" in text
    assert "tests.ui.test_operations.broken_write:" in text
    assert CANARY not in text and "Vries" not in text


class _Page(QLabel):
    def refresh(self) -> None:
        self.setText("refreshed")


def test_following_changes_does_not_keep_a_page_alive(qtbot, worker) -> None:  # type: ignore[no-untyped-def]
    session = Session(worker)
    page = _Page()
    follow(page, session, Changes.TASKS, page.refresh)
    gone = weakref.ref(page)
    del page
    gc.collect()
    assert gone() is None, "the change bus kept a closed page alive"
    session.changes.announce(Changes.TASKS)  # and announcing after it went is harmless


def test_a_visible_page_refreshes_only_for_the_kinds_it_shows(qtbot, worker) -> None:  # type: ignore[no-untyped-def]
    session = Session(worker)
    page = _Page()
    qtbot.addWidget(page)
    follow(page, session, Changes.TASKS | Changes.CASES, page.refresh)
    page.show()
    session.changes.announce(Changes.SIGNALS | Changes.SETTINGS)
    assert page.text() == ""
    session.changes.announce(Changes.SIGNALS | Changes.CASES)
    assert page.text() == "refreshed"
    page.setText("")
    page.hide()
    session.changes.announce(Changes.TASKS)
    assert page.text() == "", "a hidden page waits until it is shown"
