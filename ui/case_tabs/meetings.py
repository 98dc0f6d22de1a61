"""The case meetings of a case, newest first: each with its participants, what was decided and
the actions agreed (an owner — a user of this vault or a partner organisation — and a due date;
a deadline until done). Recording a meeting goes through the consent check of the meeting form
(ui/dialogs/meeting.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QLineEdit

from carecoord.domain.case_work import CaseMeeting, MeetingAction
from carecoord.domain.casefile import CaseFile
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.case_tabs.section import CaseSection, NeedCase
from ui.dialogs.action import ActionDialog
from ui.dialogs.meeting import MeetingDialog
from ui.operations import case_work
from ui.session import Session
from ui.widgets import ChoiceCombo, DateField, code_label, format_date, show_error

# An action agreed in a meeting is due, unless said otherwise, two weeks later.
ACTION_DAYS = 14


def action_owner(action: MeetingAction, names: dict[int, str]) -> str:
    if action.owner_user:
        return action.owner_user
    return names.get(action.owner_organisation_id or 0, "?")


def action_line(action: MeetingAction, names: dict[int, str]) -> str:
    line = _("Action: %(what)s — %(owner)s, due %(due)s") % {
        "what": action.description or _("(erased)"),
        "owner": action_owner(action, names),
        "due": format_date(action.due_on),
    }
    if action.done_on is not None:
        line += " — " + _("done %(on)s") % {"on": format_date(action.done_on)}
    return line


def meeting_lines(meeting: CaseMeeting, names: dict[int, str]) -> list[str]:
    """The meeting, then (indented) its decisions, legal ground and actions."""
    who = ", ".join(names.get(o, "?") for o in meeting.organisation_ids)
    lines = [f"{format_date(meeting.held_on)}  {code_label('meeting_kind', meeting.kind)} — {who}"]
    if meeting.decisions:
        lines.append(
            "    " + _("Decided: %(text)s") % {"text": " ".join(meeting.decisions.split())}
        )
    if meeting.legal_ground:
        lines.append(
            "    "
            + _("Shared without consent of every participant; legal ground: %(text)s")
            % {"text": " ".join(meeting.legal_ground.split())}
        )
    lines.extend("    " + action_line(a, names) for a in meeting.actions)
    return lines


class MeetingsSection(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Case meetings"), session, need)
        self.list.setWordWrap(True)
        # Organisation names by id, set by the case view with each case file.
        self.names: dict[int, str] = {}
        # The actions of the shown case not yet done: only those can be marked done.
        self.open_actions: set[int] = set()
        self.button(_("&Record meeting…"), self.record_meeting)
        self.add_action_button = self.button(
            _("Add ac&tion…"), self.add_action, enabled_when=lambda: self._chosen()[0] is not None
        )
        self.done_button = self.button(
            _("Action &done…"),
            self.complete_action,
            enabled_when=lambda: self._chosen()[1] in self.open_actions,
        )

    def show_case(self, case: CaseFile) -> None:
        lines: list[str] = []
        data: list[str] = []
        self.open_actions = {
            a.id for m in case.meetings for a in m.actions if a.id is not None and a.done_on is None
        }
        for meeting in sorted(case.meetings, key=lambda m: (m.held_on, m.id or 0), reverse=True):
            shown = meeting_lines(meeting, self.names)
            lines.extend(shown)
            # Each line names its meeting; an action line also the action.
            data.extend(f"m{meeting.id}" for _line in shown[: len(shown) - len(meeting.actions)])
            data.extend(f"a{a.id}:m{meeting.id}" for a in meeting.actions)
        self.fill(lines, data)

    def _chosen(self) -> tuple[int | None, int | None]:
        """(meeting id, action id) of the selected line; (None, None) when nothing is."""
        value = self.selected()
        if not isinstance(value, str):
            return None, None
        if value.startswith("a"):
            action, meeting = value[1:].split(":m")
            return int(meeting), int(action)
        return int(value[1:]), None

    def record_meeting(self) -> None:
        case_id, case = self._need()

        def open_dialog(organisations: list[Any]) -> None:
            if not organisations:
                show_error(self, InputRejected(_("Add partner organisations in Settings first.")))
                return
            dialog = MeetingDialog(self.session, case_id, case.consents, organisations, self)
            dialog.open()

        self._with_organisations(open_dialog)

    def add_action(self) -> None:
        meeting_id, _action = self._chosen()
        if meeting_id is None:  # the button is disabled then
            return

        def open_dialog(owners: tuple[list[str], list[Any]]) -> None:
            users, organisations = owners
            what = QLineEdit()
            owner = ChoiceCombo()
            for user in users:
                owner.addItem(user, f"user:{user}")
            for org in organisations:
                owner.addItem(org.name, f"org:{org.id}")
            due = DateField(initial=date.today() + timedelta(days=ACTION_DAYS))

            def build() -> Callable[[Vault], Any]:
                chosen = str(owner.value() or "")
                action = MeetingAction(
                    description=what.text(),
                    owner_user=chosen[5:] if chosen.startswith("user:") else None,
                    owner_organisation_id=int(chosen[4:]) if chosen.startswith("org:") else None,
                    due_on=due.value() or date.today(),
                )
                if not action.description:
                    raise InputRejected(_("Describe the action."))
                return case_work.add_action(meeting_id, action)

            self._dialog(
                _("Action from the meeting"),
                [(_("&What"), what), (_("&Owner"), owner), (_("D&ue on"), due)],
                build,
            )

        self.session.run(case_work.action_owners, open_dialog, self._failed)

    def complete_action(self) -> ActionDialog | None:
        _meeting, action_id = self._chosen()
        if action_id not in self.open_actions:  # the button is disabled then
            return None
        on = DateField()
        return self._dialog(
            _("Action done"),
            [(_("&Done on"), on)],
            lambda: case_work.complete_action(action_id, on.value() or date.today()),
        )
