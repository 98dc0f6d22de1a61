"""The case's exit programme (uitstapprogramma): enrolment, the plan per life domain, milestones
and the outcome.

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
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.casefile import CaseFile
from carecoord.domain.support import ExitProgramme, PlanItem
from carecoord.errors import CareCoordError, InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.action import ActionDialog
from ui.operations import support
from ui.operations.store_access import store_of
from ui.session import Session
from ui.widgets import CodeCombo, DateField, code_label, format_date, show_error

EXIT_FORM = "sexual"


def exit_events(programme: ExitProgramme | None) -> list[tuple[date, str]]:
    """The programme's dated events for the case timeline."""
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
    for item in programme.plan:
        if item.achieved_on is not None:
            events.append(
                (
                    item.achieved_on,
                    _("Exit plan goal achieved: %(d)s")
                    % {"d": code_label("life_domain", item.life_domain)},
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

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.case: CaseFile | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.plan = _list(_("Plan per life domain"))
        self.milestones = _list(_("Milestones reached"))
        self.enrol_button = QPushButton(_("&Enrol…"))
        self.plan_button = QPushButton(_("&Plan item…"))
        self.milestone_button = QPushButton(_("Record &milestone…"))
        self.outcome_button = QPushButton(_("Set &outcome…"))
        self.enrol_button.clicked.connect(self.enrol)
        self.plan_button.clicked.connect(self.plan_item)
        self.milestone_button.clicked.connect(self.record_milestone)
        self.outcome_button.clicked.connect(self.set_outcome)
        self.plan.itemActivated.connect(lambda _item: self.plan_item())
        lists = QHBoxLayout()
        for title, widget in (
            (_("Plan per life domain"), self.plan),
            (_("Milestones reached"), self.milestones),
        ):
            column = QVBoxLayout()
            label = QLabel(title)
            label.setBuddy(widget)
            column.addWidget(label)
            column.addWidget(widget, 1)
            lists.addLayout(column, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (
            self.enrol_button,
            self.plan_button,
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
        self.plan.clear()
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
            for item in programme.plan:
                line = f"{code_label('life_domain', item.life_domain)}: {item.goal}"
                if item.achieved_on is not None:
                    line += " — " + _("achieved %(on)s") % {"on": format_date(item.achieved_on)}
                self.plan.addItem(line)
                self.plan.item(self.plan.count() - 1).setData(256, item.life_domain)
            for m in programme.milestones:
                self.milestones.addItem(
                    f"{format_date(m.reached_on)}  {code_label('exit_milestone', m.milestone)}"
                )
        if self.plan.count() == 0:
            self.plan.addItem(_("(none)"))
        if self.milestones.count() == 0:
            self.milestones.addItem(_("(none)"))
        enrolled = programme is not None
        self.enrol_button.setEnabled(case is not None and not enrolled)
        for button in (self.plan_button, self.milestone_button, self.outcome_button):
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

    def plan_item(self) -> ActionDialog | None:
        programme = self._enrolled()
        if programme is None or programme.id is None:
            return None
        programme_id = programme.id
        existing = {item.life_domain: item for item in programme.plan}
        domain = CodeCombo("life_domain")
        goal = QPlainTextEdit()
        achieved = DateField(optional=True)

        shown = [""]  # the goal last filled in from the plan

        def prefill() -> None:
            # Choosing a domain shows its plan item, but never replaces a goal typed by hand.
            if goal.toPlainText() not in shown:
                return
            item = existing.get(domain.code() or "")
            shown[:] = ["", item.goal if item is not None else ""]
            goal.setPlainText(shown[1])
            achieved.set_value(item.achieved_on if item is not None else None)

        domain.currentIndexChanged.connect(lambda _i: prefill())
        selected = self.plan.currentItem()
        if selected is not None and selected.data(256):
            domain.set_code(str(selected.data(256)))
        prefill()

        def build() -> Callable[[Vault], Any]:
            item = PlanItem(
                life_domain=domain.code() or "",
                goal=goal.toPlainText().strip(),
                achieved_on=achieved.value(),
            )
            return support.set_plan_item(programme_id, item)

        return self._dialog(
            _("Exit plan item"),
            [(_("&Life domain"), domain), (_("&Goal"), goal), (_("&Achieved on"), achieved)],
            build,
        )

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
