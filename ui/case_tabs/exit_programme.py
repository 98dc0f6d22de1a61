"""The case's exit programme (uitstapprogramma): enrolment, the plan per life domain, milestones
and the outcome.

The plan is goals of the case plan that name the programme (schema 0052): the same section, the
same dialogs and the same write path (store.plan) as the case plan, restricted to the
programme's goals and life domains (ui/case_tabs/plan.py, ``exit_programme=True``).

Exit programmes are for people who do or did sex work and want to stop (DUUP funding; the scheme's
name is a vault setting). Enrolment is offered on any case, but when the case does not record
sexual exploitation the coordinator confirms that the programme fits before it is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.case_work import CaseGoal
from carecoord.domain.casefile import CaseFile
from carecoord.domain.support import ExitProgramme, exit_goals
from carecoord.errors import CareCoordError, InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.case_tabs.plan import PlanSection
from ui.case_tabs.section import NeedCase
from ui.dialogs.action import ActionDialog
from ui.operations import support
from ui.operations.store_access import store_of
from ui.session import Session
from ui.widgets import CodeCombo, DateField, code_label, format_date, show_error

EXIT_FORM = "sexual"


def exit_events(
    programme: ExitProgramme | None, goals: tuple[CaseGoal, ...] = ()
) -> list[tuple[date, str]]:
    """The programme's dated events for the case timeline (``goals``: the case's goals, of which
    the programme's reached ones are its plan's events)."""
    if programme is None:
        return []
    events = [
        (
            programme.enrolled_on,
            _("Enrolled in exit programme %(scheme)s") % {"scheme": programme.scheme_name},
        )
    ]
    for m in programme.milestones:
        if m.milestone == "registered" and m.reached_on == programme.enrolled_on:
            continue  # the enrolment line says it already
        events.append(
            (
                m.reached_on,
                _("Exit programme: %(m)s") % {"m": code_label("exit_milestone", m.milestone)},
            )
        )
    for goal in exit_goals(goals, programme):
        if goal.status == "reached" and goal.status_on is not None:
            events.append(
                (
                    goal.status_on,
                    _("Exit plan goal achieved: %(d)s")
                    % {"d": code_label("case_goal_domain", goal.domain)},
                )
            )
    if programme.outcome != "ongoing" and programme.outcome_on is not None:
        events.append(
            (
                programme.outcome_on,
                _("Exit programme outcome: %(o)s")
                % {"o": code_label("exit_outcome", programme.outcome)},
            )
        )
    return events


def _list(name: str) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(name)
    return widget


class ExitProgrammeTab(QWidget):
    """Shows the programme of the loaded case. Its actions are operations (ui/operations/support):
    the case view reloads when they announce their change."""

    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__()
        self.session = session
        self.case: CaseFile | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.plan = PlanSection(session, need, exit_programme=True)
        margins = self.plan.layout()
        if margins is not None:
            margins.setContentsMargins(0, 0, 0, 0)
        self.milestones = _list(_("Milestones reached"))
        self.enrol_button = QPushButton(_("&Enrol…"))
        self.milestone_button = QPushButton(_("Record &milestone…"))
        self.outcome_button = QPushButton(_("Set &outcome…"))
        self.enrol_button.clicked.connect(self.enrol)
        self.milestone_button.clicked.connect(self.record_milestone)
        self.outcome_button.clicked.connect(self.set_outcome)
        lists = QHBoxLayout()
        for title, widget, buddy in (
            (_("Plan per life domain"), self.plan, self.plan.list),
            (_("Milestones reached"), self.milestones, self.milestones),
        ):
            column = QVBoxLayout()
            label = QLabel(title)
            label.setBuddy(buddy)
            column.addWidget(label)
            column.addWidget(widget, 1)
            # The plan's goals are the wider column: a goal reads as a sentence.
            lists.addLayout(column, 3 if widget is self.plan else 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (
            self.enrol_button,
            self.milestone_button,
            self.outcome_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(lists, 1)
        layout.addLayout(buttons)
        self.show_case(None)

    # -- showing ---------------------------------------------------------------------------------
    def show_case(self, case: CaseFile | None) -> None:
        self.case = case
        programme = case.exit_programme if case is not None else None
        if case is not None:
            self.plan.show_case(case)
        else:
            self.plan.fill([])
        self.milestones.clear()
        if programme is None:
            self.status.setText(
                _(
                    "Not enrolled. Exit programmes support people who do or did sex work and want"
                    " to stop, on housing, income and debts, health, social network and work."
                )
            )
        else:
            lines = [
                _("Enrolled in %(scheme)s on %(on)s.")
                % {"scheme": programme.scheme_name, "on": format_date(programme.enrolled_on)},
                _("Outcome: %(o)s") % {"o": code_label("exit_outcome", programme.outcome)}
                + (f" ({format_date(programme.outcome_on)})" if programme.outcome_on else ""),
            ]
            self.status.setText("\n".join(lines))
            for m in programme.milestones:
                self.milestones.addItem(
                    f"{format_date(m.reached_on)}  {code_label('exit_milestone', m.milestone)}"
                )
        if self.milestones.count() == 0:
            self.milestones.addItem(_("(none)"))
        enrolled = programme is not None
        self.enrol_button.setEnabled(case is not None and not enrolled)
        for button in (
            self.plan.add_button,
            self.plan.edit_button,
            self.plan.status_button,
            self.milestone_button,
            self.outcome_button,
        ):
            button.setEnabled(enrolled)

    # -- actions ---------------------------------------------------------------------------------
    def _dialog(
        self,
        title: str,
        fields: list[tuple[str, QWidget]],
        build: Callable[[], Callable[[Vault], Any]],
    ) -> ActionDialog:
        dialog = ActionDialog(self.session, title, fields, build, self)
        dialog.open()
        return dialog

    def _programme(self) -> tuple[CaseFile, ExitProgramme]:
        if self.case is None or self.case.exit_programme is None:
            raise InputRejected(_("This case is not enrolled in an exit programme."))
        return self.case, self.case.exit_programme

    def _enrolled(self) -> ExitProgramme | None:
        """The case's programme, or None after saying that the case is not enrolled."""
        try:
            return self._programme()[1]
        except InputRejected as exc:
            show_error(self, exc)
            return None

    def enrol(self) -> None:
        """Reads the scheme's name from the vault settings first, then opens the dialog."""
        if self.case is None:
            return

        def opened(scheme_name: str) -> None:
            self.enrol_dialog(scheme_name)

        self.session.run(lambda v: store_of(v).settings.exit_scheme_name(), opened, self._failed)

    def enrol_dialog(self, scheme_name: str) -> ActionDialog | None:
        case = self.case
        if case is None:
            return None
        case_id = case.id
        scheme = QLineEdit(scheme_name)
        on = DateField()
        fields: list[tuple[str, QWidget]] = [(_("&Scheme"), scheme), (_("Enrolled &on"), on)]
        confirm: QCheckBox | None = None
        if EXIT_FORM not in case.facts.exploitation_forms:
            confirm = QCheckBox(
                _("The client does or did sex work and wants to stop (not recorded on this case)")
            )
            fields.append((_("&Confirm"), confirm))

        def build() -> Callable[[Vault], Any]:
            if confirm is not None and not confirm.isChecked():
                raise InputRejected(
                    _(
                        "This case does not record sexual exploitation. Confirm that the exit"
                        " programme fits this client, or record the form of exploitation first."
                    )
                )
            name = scheme.text().strip()
            if not name:
                raise InputRejected(_("Give the name of the exit programme."))
            enrolled_on = on.value() or date.today()
            return support.enrol_exit_programme(case_id, enrolled_on, name)

        return self._dialog(_("Enrol in exit programme"), fields, build)

    def record_milestone(self) -> ActionDialog | None:
        programme = self._enrolled()
        if programme is None or programme.id is None:
            return None
        programme_id = programme.id
        reached = {m.milestone for m in programme.milestones}
        milestone = CodeCombo("exit_milestone")
        # The first milestone not reached yet is the likely next one.
        for index in range(milestone.count()):
            code = milestone.itemData(index)
            if code is not None and code not in reached:
                milestone.setCurrentIndex(index)
                break
        on = DateField()
        return self._dialog(
            _("Exit programme milestone"),
            [(_("&Milestone"), milestone), (_("&Reached on"), on)],
            lambda: support.record_milestone(
                programme_id, milestone.code() or "", on.value() or date.today()
            ),
        )

    def set_outcome(self) -> ActionDialog | None:
        programme = self._enrolled()
        if programme is None or programme.id is None:
            return None
        programme_id = programme.id
        outcome = CodeCombo("exit_outcome")
        outcome.set_code(programme.outcome)
        on = DateField(initial=programme.outcome_on)
        return self._dialog(
            _("Exit programme outcome"),
            [(_("&Outcome"), outcome), (_("&Date"), on)],
            lambda: support.set_exit_outcome(
                programme_id, outcome.code() or "", on.value() or date.today()
            ),
        )

    def _failed(self, error: CareCoordError) -> None:
        show_error(self, error)
