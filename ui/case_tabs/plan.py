"""The case plan: goals per life domain, each with its status, a target date (a deadline while
the goal is open or in progress) and the referral or task that serves it.

The exit programme's plan per life domain is the same section over the goals that name the
programme (``exit_programme=True``, in ui/case_tabs/exit_programme.py); the case plan shows them too,
marked as the programme's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QPlainTextEdit

from carecoord.domain.case_work import CaseGoal
from carecoord.domain.casefile import CaseFile
from carecoord.domain.codelists import codelist
from carecoord.domain.support import exit_goals
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.case_tabs.section import CaseSection, NeedCase
from ui.dialogs.action import ActionDialog
from ui.operations import case_work
from ui.session import Session
from ui.status_marks import GOAL_KINDS, OVERDUE, Mark, code_mark, mark_items
from ui.widgets import ChoiceCombo, CodeCombo, DateField, code_label, format_date, show_error


def goal_line(goal: CaseGoal, case: CaseFile, *, mark_exit: bool = False) -> str:
    parts = [
        f"{code_label('case_goal_domain', goal.domain)}: {goal.goal or _('(erased)')}",
        # An open goal's date says nothing; the date it came in progress, was reached or dropped does.
        code_label("goal_status", goal.status)
        + (f" ({format_date(goal.status_on)})" if goal.status_on and goal.status != "open" else ""),
    ]
    if goal.target_on is not None:
        late = goal.is_open and goal.target_on < date.today()
        parts.append(
            (_("target %(on)s (overdue)") if late else _("target %(on)s"))
            % {"on": format_date(goal.target_on)}
        )
    referral = next((r for r in case.referrals if r.id == goal.referral_id), None)
    if referral is not None:
        parts.append(_("referral: %(r)s") % {"r": referral_label(referral)})
    task = next((t for t in case.tasks if t.id == goal.task_id), None)
    if task is not None:
        parts.append(_("task: %(t)s") % {"t": task.title or ""})
    if mark_exit and goal.exit_programme_id is not None:
        parts.append(_("exit programme"))
    return " — ".join(parts)


def goal_mark(goal: CaseGoal) -> Mark | None:
    """The goal status's shape (issue 17); an open goal past its target shows the warning."""
    if goal.is_open and goal.target_on is not None and goal.target_on < date.today():
        return Mark(OVERDUE, _("overdue"))
    return code_mark(GOAL_KINDS, "goal_status", goal.status)


def referral_label(referral: Any) -> str:
    return f"#{referral.id} {code_label('referral_type', referral.referral_type)}"


class PlanSection(CaseSection):
    """``exit_programme``: the plan of the case's exit programme (its goals only, in its life
    domains; a new goal belongs to the programme)."""

    def __init__(self, session: Session, need: NeedCase, *, exit_programme: bool = False) -> None:
        super().__init__(
            _("Plan per life domain") if exit_programme else _("Case plan"), session, need
        )
        self.exit_programme = exit_programme
        self.add_button = self.button(_("&Add goal…"), self.add_goal)
        # The exit programme's tab has "&Enrol…" beside it.
        self.edit_button = self.button(
            _("Ed&it goal…") if exit_programme else _("&Edit goal…"),
            self.edit_goal,
            needs_selection=True,
        )
        self.status_button = self.button(_("Goal stat&us…"), self.goal_status, needs_selection=True)
        # Enter (or a double click) on a goal opens it.
        self.list.itemActivated.connect(
            lambda _item: self.edit_goal() if self.selected() is not None else None
        )

    def show_case(self, case: CaseFile) -> None:
        # Grouped by domain in the code list's order, open goals first within a domain.
        order = {"open": 0, "in_progress": 0, "reached": 1, "dropped": 2}
        domains = list(codelist("case_goal_domain").values)
        shown = exit_goals(case.goals, case.exit_programme) if self.exit_programme else case.goals
        goals = sorted(
            shown,
            key=lambda g: (
                domains.index(g.domain) if g.domain in domains else 99,
                order.get(g.status, 3),
                g.target_on or date.max,
            ),
        )
        mark = not self.exit_programme
        self.fill([goal_line(g, case, mark_exit=mark) for g in goals], [g.id for g in goals])
        mark_items(self.list, [goal_mark(g) for g in goals])

    def _goal(self) -> CaseGoal | None:
        _case_id, case = self._need()
        chosen = self.selected()
        goal = next((g for g in case.goals if g.id is not None and g.id == chosen), None)
        return goal  # None only when nothing is selected: the buttons are disabled then

    def _form(self, case: CaseFile, goal: CaseGoal | None) -> tuple[list[tuple[str, Any]], Any]:
        programme_id = goal.exit_programme_id if goal else None
        if goal is None and self.exit_programme:
            programme_id = self._programme_id(case)
        # A goal of the exit programme lies in one of its life domains.
        codes = tuple(codelist("life_domain").values) if programme_id is not None else None
        domain = CodeCombo("case_goal_domain", codes=codes)
        domain.set_code(goal.domain if goal else None)
        text = QPlainTextEdit(goal.goal or "" if goal else "")
        text.setMaximumHeight(90)
        target = DateField(optional=True, initial=goal.target_on if goal else None)
        referral = ChoiceCombo(required=False, empty_text=_("— none —"))
        for r in case.referrals:
            referral.addItem(referral_label(r), r.id)
        referral.set_value(goal.referral_id if goal else None)
        task = ChoiceCombo(required=False, empty_text=_("— none —"))
        # Only manual tasks keep their id; deadlines are rewritten at every change.
        for t in case.tasks:
            if t.kind == "manual" and t.done_on is None:
                task.addItem(t.title or "", t.id)
        task.set_value(goal.task_id if goal else None)

        def goal_of() -> CaseGoal:
            return CaseGoal(
                domain=domain.code() or "",
                goal=text.toPlainText(),
                status=goal.status if goal else "open",
                status_on=goal.status_on if goal else None,
                target_on=target.value(),
                referral_id=referral.value(),
                task_id=task.value(),
                exit_programme_id=programme_id,
            )

        fields = [
            (_("&Domain"), domain),
            (_("&Goal"), text),
            (_("&Target date"), target),
            (_("Served by &referral"), referral),
            (_("Served by t&ask"), task),
        ]
        return fields, goal_of

    @staticmethod
    def _programme_id(case: CaseFile) -> int:
        programme = case.exit_programme
        if programme is None or programme.id is None:
            raise InputRejected(_("This case is not enrolled in an exit programme."))
        return programme.id

    def add_goal(self) -> ActionDialog | None:
        case_id, case = self._need()
        try:
            fields, goal_of = self._form(case, None)
        except InputRejected as exc:
            show_error(self, exc)
            return None

        def build() -> Callable[[Vault], Any]:
            return case_work.add_goal(case_id, goal_of())

        title = _("New goal of the exit programme") if self.exit_programme else _("New goal")
        return self._dialog(title, fields, build)

    def edit_goal(self) -> ActionDialog | None:
        _case_id, case = self._need()
        goal = self._goal()
        if goal is None or goal.id is None:
            return None
        goal_id = goal.id
        fields, goal_of = self._form(case, goal)
        return self._dialog(
            _("Edit goal"), fields, lambda: case_work.update_goal(goal_id, goal_of())
        )

    def goal_status(self) -> ActionDialog | None:
        goal = self._goal()
        if goal is None or goal.id is None:
            return None
        goal_id = goal.id
        codes = tuple(c for c in codelist("goal_status").values if c != goal.status)
        status = CodeCombo("goal_status", codes=codes)
        on = DateField()
        return self._dialog(
            _("Goal status"),
            [(_("&Status"), status), (_("&Date"), on)],
            lambda: case_work.set_goal_status(
                goal_id, status.code() or "", on.value() or date.today()
            ),
        )
