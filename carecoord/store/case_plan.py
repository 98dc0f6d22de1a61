"""The case plan (issue 16): goals per domain, each with a status, a target date that is a
deadline until the goal is reached or dropped, and optionally the referral or task that serves it.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.plan``); every public
method reports one audit event (codes only: the domain and the status, never the goal's words),
every write runs in one transaction.

The exit programme's plan is goals of this plan that name the programme (``exit_programme_id``;
schema 0052 moved the old ``exit_plan_items`` here): this manager is their one write path too.
"""

from __future__ import annotations

from datetime import date

from carecoord.domain.case_work import CaseGoal, check_exit_goal, check_goal, check_goal_status_on
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import goal_row, insert_sql
from carecoord.store.sqlvalues import d2s, dt2s, s2d_required

_UPDATE_GOAL = (
    "UPDATE case_goals SET domain = ?, goal = ?, status = ?, status_on = ?, target_on = ?,"
    " referral_id = ?, task_id = ?, exit_programme_id = ? WHERE id = ?"
)


class PlanManager(Manager):
    def add_goal(self, case_id: int, goal: CaseGoal) -> int:
        """A new goal of the case plan; its status dated today unless it says otherwise."""
        made = self._checked(goal).model_copy(
            update={
                "id": None,
                "status_on": goal.status_on or self.today(),
                "recorded_by": None,
                "recorded_at": None,
            }
        )
        with self.db.transaction():
            client_id = self._case_client(case_id)
            self._not_anonymised(case_id)
            self._links(case_id, made)
            cursor = self.db.execute(
                insert_sql("case_goals"), goal_row(case_id, made, self.user, dt2s(self._clock()))
            )
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "create",
                    f"case goal ({made.domain}, {made.status})",
                    case_id=case_id,
                    client_id=client_id,
                )
            )
            return int(cursor.lastrowid)

    def update_goal(self, goal_id: int, goal: CaseGoal) -> None:
        """Replace a goal's domain, words, status, target and links (who recorded it stays).
        A status that changes is dated today unless the goal gives its date."""
        checked = self._checked(goal)
        with self.db.transaction():
            case_id = self._owner("case_goals", goal_id)
            current = next(g for g in self.read.goals(case_id) if g.id == goal_id)
            status_on = checked.status_on
            if status_on is None:
                status_on = current.status_on if checked.status == current.status else self.today()
            made = checked.model_copy(update={"status_on": status_on})
            self._not_anonymised(case_id)
            self._links(case_id, made)
            self.db.execute(_UPDATE_GOAL, (*self._changeable(made), goal_id))
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "update",
                    f"case goal changed ({made.domain}, {made.status})",
                    case_id=case_id,
                    client_id=self._case_client(case_id),
                )
            )

    def set_goal_status(self, goal_id: int, status: str, on: date | None = None) -> None:
        """Open, in progress, reached or dropped, on ``on`` (default today)."""
        with self.db.transaction():
            case_id = self._owner("case_goals", goal_id)
            current = next(g for g in self.read.goals(case_id) if g.id == goal_id)
            made = CaseGoal.model_validate(
                {**current.model_dump(), "status": status, "status_on": on or self.today()}
            )
            check_goal_status_on(made.status_on, self.today())
            self._links(case_id, made)
            self.db.execute(_UPDATE_GOAL, (*self._changeable(made), goal_id))
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "update",
                    f"case goal {made.status}",
                    case_id=case_id,
                    client_id=self._case_client(case_id),
                )
            )

    def _checked(self, goal: CaseGoal) -> CaseGoal:
        check_goal(goal, self.today())  # the bulk writer checks the same (store/bulk_rules.py)
        return goal

    def _links(self, case_id: int, goal: CaseGoal) -> None:
        """The referral or task a goal names is one of the same case (a task: a manual one;
        derived deadlines are rewritten at every change and keep no id)."""
        if (
            goal.referral_id is not None
            and self.db.scalar("SELECT case_id FROM referrals WHERE id = ?", (goal.referral_id,))
            != case_id
        ):
            raise InputRejected(_("A goal can only name a referral of the same case."))
        if goal.task_id is not None and self.db.all(
            "SELECT case_id, kind FROM tasks WHERE id = ?", (goal.task_id,)
        ) != [(case_id, "manual")]:
            raise InputRejected(_("A goal can only name a task of the same case."))
        if goal.exit_programme_id is not None:
            enrolled = self.db.all(
                "SELECT enrolled_on FROM exit_programmes WHERE id = ? AND case_id = ?",
                (goal.exit_programme_id, case_id),
            )
            if not enrolled:
                raise InputRejected(
                    _("A goal can only belong to the exit programme of the same case.")
                )
            check_exit_goal(goal, s2d_required(enrolled[0][0]))

    @staticmethod
    def _changeable(goal: CaseGoal) -> tuple[object, ...]:
        return (
            goal.domain,
            goal.goal,
            goal.status,
            d2s(goal.status_on),
            d2s(goal.target_on),
            goal.referral_id,
            goal.task_id,
            goal.exit_programme_id,
        )
