"""The notes of a case and its tasks and deadlines."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from carecoord.domain.casefile import CaseFile
from carecoord.i18n import _
from ui.case_tabs.section import CaseSection, NeedCase
from ui.dialogs.action import ActionDialog
from ui.operations import perform, tasks
from ui.session import Session
from ui.widgets import DateField, code_label, format_date


class NotesSection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Notes"), session, need)
        self.button(_("Add &note…"), self.add_note)

    def show_case(self, case: CaseFile) -> None:
        self.fill([f"{format_date(n.written_at.date())} {n.author}: {n.body}" for n in case.notes])

    def add_note(self) -> ActionDialog:
        case_id, _case = self._need()
        body = QPlainTextEdit()
        return self._dialog(
            _("New note"),
            [(_("&Note"), body)],
            lambda: tasks.add_note(case_id, body.toPlainText()),
        )


class TasksSection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Tasks and deadlines"), session, need)
        # The coordinator's own open tasks: a deadline is resolved by recording what it waits
        # for (the store refuses to tick it off), a done task is done.
        self.open_tasks: set[int] = set()
        self.button(_("Add &task…"), self.add_task)
        self.done_button = self.button(
            _("&Done"), self.complete_task, enabled_when=lambda: self.selected() in self.open_tasks
        )

    def show_case(self, case: CaseFile) -> None:
        self.open_tasks = {
            t.id for t in case.tasks if t.id is not None and t.kind == "manual" and not t.done_on
        }
        self.fill(
            [
                f"{format_date(t.due_on)}  {t.title or code_label('task_kind', t.kind)}"
                + (" ✓" if t.done_on else "")
                for t in case.tasks
            ],
            [t.id for t in case.tasks],
        )

    def add_task(self) -> ActionDialog:
        case_id, _case = self._need()
        title, due = QLineEdit(), DateField()
        return self._dialog(
            _("New task"),
            [(_("&Task"), title), (_("&Due on"), due)],
            lambda: tasks.add(case_id, title.text(), due.value() or date.today()),
        )

    def complete_task(self) -> None:
        task_id = self.selected()
        if task_id not in self.open_tasks:  # the button is disabled then
            return
        perform(self.session, tasks.complete(int(task_id)), on_error=self._failed)
