"""One case: overview with a dated timeline, pathway, reflection period and permit, shelter,
exit programme, referrals (with the consent gate), consents, notes and tasks.

Every change is a core call on the vault worker; the view reloads the case file afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.casefile import CaseFile
from carecoord.domain.consent import Consent, ConsentMissing
from carecoord.domain.municipalities import municipalities
from carecoord.domain.support import ShelterStay
from carecoord.errors import CareCoordError, InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.action import ActionDialog
from ui.dialogs.letter import LetterDialog
from ui.dialogs.phase import PhaseDialog
from ui.dialogs.rectify import RectifyDialog
from ui.exit_programme_tab import ExitProgrammeTab, exit_events
from ui.models.paged_table import PagedTableModel
from ui.operations import (
    Changes,
    consents,
    follow,
    pathway,
    perform,
    queries,
    referrals,
    support,
    tasks,
)
from ui.operations.store_access import store_of
from ui.pages.access_log_page import case_access_fetch, log_columns
from ui.pages.lists import _table
from ui.session import Session
from ui.widgets import (
    ChoiceCombo,
    CodeChecklist,
    CodeCombo,
    DateField,
    code_label,
    format_date,
    show_error,
)


def timeline(case: CaseFile) -> list[tuple[date, str]]:
    """Dated events of the case, oldest first."""
    events: list[tuple[date, str]] = []
    for change in case.phase_history:
        events.append(
            (change.changed_on, _("Phase: %(p)s") % {"p": code_label("phase", change.to_phase)})
        )
    for signal in case.signals:
        events.append(
            (
                signal.signal_date,
                _("Signal from %(s)s") % {"s": code_label("signaller", signal.signaller)},
            )
        )
    if case.reflection is not None:
        events.append((case.reflection.started_on, _("Reflection period started")))
    for stay in case.shelter_stays:
        events.append(
            (
                stay.started_on,
                _("Shelter: %(t)s") % {"t": code_label("shelter_type", stay.shelter_type)},
            )
        )
        if stay.ended_on:
            events.append((stay.ended_on, _("Shelter stay ended")))
    for referral in case.referrals:
        for event in referral.events:
            events.append(
                (
                    event.changed_on,
                    _("Referral %(type)s: %(status)s")
                    % {
                        "type": code_label("referral_type", referral.referral_type),
                        "status": code_label("referral_status", event.status),
                    },
                )
            )
    events.extend(exit_events(case.exit_programme))
    for note in case.notes:
        events.append((note.written_at.date(), _("Note by %(a)s") % {"a": note.author}))
    return sorted(events, key=lambda e: e[0])


class Section(QWidget):
    """A list of items with action buttons under it."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setAccessibleName(title)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(self.buttons)

    def button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button

    def fill(self, lines: list[str], data: list[Any] | None = None) -> None:
        self.list.clear()
        for i, line in enumerate(lines):
            self.list.addItem(line)
            if data is not None:
                self.list.item(i).setData(256, data[i])
        if not lines:
            self.list.addItem(_("(none)"))

    def selected(self) -> Any | None:
        item = self.list.currentItem()
        return None if item is None else item.data(256)


class CaseView(QWidget):
    closed = Signal()
    subjectRequests = Signal(str)  # the client reference: access export or erasure

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.case_id: int | None = None
        self.case: CaseFile | None = None
        self.header = QLabel()
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.header.setFont(font)
        # Set by the main window: copies through the concealed, self-clearing clipboard.
        self.copy_sensitive: Callable[[str], None] = lambda _text: None
        self.copy_button = QPushButton(_("Cop&y client reference"))
        self.copy_button.clicked.connect(self.copy_reference)
        self.back = QPushButton(_("&Back to the list"))
        self.back.clicked.connect(self.closed)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Case sections"))

        self.facts = QFormLayout()
        self.fact_values: dict[str, QLabel] = {}
        for key, title in (
            ("client", _("Client reference")),
            ("age", _("Age at signal")),
            ("municipality", _("Municipality")),
            ("forms", _("Exploitation")),
            ("sector", _("Sector")),
            ("location", _("Location")),
            ("signaller", _("Signaller")),
        ):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_values[key] = value
            self.facts.addRow(QLabel(title + ":"), value)
        self.events = QListWidget()
        self.events.setAccessibleName(_("Timeline"))
        overview = QWidget()
        ov = QVBoxLayout(overview)
        ov.addLayout(self.facts)
        self.rectify_button = QPushButton(_("Correct &identity…"))
        self.rectify_button.clicked.connect(self.rectify_identity)
        identity_row = QHBoxLayout()
        identity_row.addWidget(self.rectify_button)
        self.requests_button = QPushButton(_("&AVG requests…"))
        self.requests_button.clicked.connect(self.subject_requests)
        identity_row.addWidget(self.requests_button)
        identity_row.addStretch(1)
        ov.addLayout(identity_row)
        ov.addWidget(QLabel(_("Timeline")))
        ov.addWidget(self.events, 1)
        self.tabs.addTab(overview, _("Overview"))

        self.pathway = Section(_("Phase history"))
        self.pathway.button(_("&Change phase…"), self.change_phase)
        self.tabs.addTab(self.pathway, _("Pathway"))

        self.reflection = Section(_("Reflection period and permit"))
        self.reflection.button(_("Start &reflection period…"), self.start_reflection)
        self.reflection.button(_("Record &decision…"), self.decide_reflection)
        self.reflection.button(_("Record &permit…"), self.record_permit)
        self.tabs.addTab(self.reflection, _("Reflection and permit"))

        self.shelter = Section(_("Shelter stays"))
        self.shelter.button(_("Add &shelter stay…"), self.add_stay)
        self.shelter.button(_("&End stay…"), self.end_stay)
        self.tabs.addTab(self.shelter, _("Shelter"))

        self.exit = ExitProgrammeTab(session)
        self.tabs.addTab(self.exit, _("Exit programme"))

        self.referrals = Section(_("Referrals"))
        self.referrals.button(_("New &referral…"), self.new_referral)
        self.referrals.button(_("&Send…"), self.send_referral)
        self.referrals.button(_("Set s&tatus…"), self.set_referral_status)
        self.referrals.button(_("&Letter…"), self.letter)
        self.tabs.addTab(self.referrals, _("Referrals"))

        self.consents = Section(_("Consents"))
        self.consents.button(_("Record &consent…"), self.record_consent)
        self.consents.button(_("&Withdraw…"), self.withdraw_consent)
        self.tabs.addTab(self.consents, _("Consents"))

        self.notes = Section(_("Notes"))
        self.notes.button(_("Add &note…"), self.add_note)
        self.tabs.addTab(self.notes, _("Notes"))

        self.access = PagedTableModel(session, log_columns(), self)
        self.access_view = _table(self.access, _("Who accessed this file"))
        self.tasks = Section(_("Tasks and deadlines"))
        self.tasks.button(_("Add &task…"), self.add_task)
        self.tasks.button(_("&Done"), self.complete_task)
        self.tabs.addTab(self.tasks, _("Tasks"))
        self.tabs.addTab(self.access_view, _("Who accessed this file"))
        # Loaded only when shown: reading the log is itself logged.
        self.tabs.currentChanged.connect(self._tab_shown)

        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.copy_button)
        top.addWidget(self.back)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        # Any change may show in the case file (a task, a consent, the phase …): reload it, also
        # after a change made elsewhere, e.g. a signal attached from the signals page.
        follow(self, session, Changes.everything(), self.reload)

    # -- loading ---------------------------------------------------------------------------------
    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.access.set_fetch(None)
        self._tab_shown(self.tabs.currentIndex())
        self.session.run(lambda v: queries.case_file(v, case_id), self._show, self._failed)

    def copy_reference(self) -> None:
        if self.case is not None:
            self.copy_sensitive(self.case.summary.client_reference)

    def _tab_shown(self, index: int) -> None:
        if self.case_id is not None and self.tabs.widget(index) is self.access_view:
            self.access.set_fetch(case_access_fetch(self.case_id))

    def reload(self, _result: object = None) -> None:
        if self.case_id is not None:
            self.load(self.case_id)

    def _failed(self, error: CareCoordError) -> None:
        show_error(self, error)

    def _show(self, case: CaseFile) -> None:
        self.case = case
        s = case.summary
        self.header.setText(f"{s.reference} · {s.display_name} · {code_label('phase', s.phase)}")
        facts = case.facts
        municipality = municipalities().get(facts.municipality or "")
        values = {
            "client": s.client_reference,
            "age": str(case.age_at_signal) if case.age_at_signal is not None else "?",
            "municipality": f"{municipality.name} ({municipality.code})" if municipality else "?",
            "forms": ", ".join(
                code_label("exploitation_form", f) for f in facts.exploitation_forms
            ),
            "sector": code_label("sector", facts.sector),
            "location": code_label("location_type", facts.location_type),
            "signaller": code_label("signaller", facts.signaller),
        }
        for key, text in values.items():
            self.fact_values[key].setText(text)
        self.events.clear()
        for when, text in timeline(case):
            self.events.addItem(f"{format_date(when)}  {text}")
        self.pathway.fill(
            [
                f"{format_date(c.changed_on)}  {code_label('phase', c.to_phase)}  ({c.changed_by})"
                + (f" — {c.reason}" if c.reason else "")
                for c in case.phase_history
            ]
        )
        lines = []
        if case.reflection is not None:
            r = case.reflection
            lines.append(
                _("Reflection period from %(s)s to %(e)s")
                % {"s": format_date(r.started_on), "e": format_date(r.ends_on)}
            )
            if r.decision:
                lines.append(
                    _("Decision: %(d)s on %(on)s")
                    % {
                        "d": code_label("reflection_decision", r.decision),
                        "on": format_date(r.decided_on),
                    }
                )
        for p in case.permits:
            lines.append(
                _("Permit (B8) granted %(g)s, valid until %(v)s")
                % {"g": format_date(p.granted_on), "v": format_date(p.current_valid_until)}
            )
        self.reflection.fill(lines)
        self.exit.show_case(case)
        self.shelter.fill(
            [
                f"{code_label('shelter_type', st.shelter_type)}: {format_date(st.started_on)} – {format_date(st.ended_on)}"
                for st in case.shelter_stays
            ],
            [st.id for st in case.shelter_stays],
        )
        self.referrals.fill(
            [
                f"#{r.id} {code_label('referral_type', r.referral_type)} — {code_label('referral_status', r.status)}"
                for r in case.referrals
            ],
            [r.id for r in case.referrals],
        )
        self.consents.fill(
            [
                _("Consent #%(id)s given %(g)s for %(p)s")
                % {
                    "id": c.id,
                    "g": format_date(c.given_on),
                    "p": ", ".join(code_label("consent_purpose", p) for p in c.purposes),
                }
                + (
                    " — " + _("withdrawn %(w)s") % {"w": format_date(c.withdrawn_on)}
                    if c.withdrawn_on
                    else ""
                )
                for c in case.consents
            ],
            [c.id for c in case.consents],
        )
        self.notes.fill(
            [f"{format_date(n.written_at.date())} {n.author}: {n.body}" for n in case.notes]
        )
        self.tasks.fill(
            [
                f"{format_date(t.due_on)}  {t.title or code_label('task_kind', t.kind)}"
                + (" ✓" if t.done_on else "")
                for t in case.tasks
            ],
            [t.id for t in case.tasks],
        )

    # -- actions ---------------------------------------------------------------------------------
    def _dialog(
        self,
        title: str,
        fields: list[tuple[str, QWidget]],
        build: Callable[[], Callable[[Vault], Any]],
    ) -> ActionDialog:
        # No reload when saved: the operation's change reloads the view (follow, in __init__).
        dialog = ActionDialog(self.session, title, fields, build, self)
        dialog.open()
        return dialog

    def _need(self) -> tuple[int, CaseFile]:
        if self.case_id is None or self.case is None:
            raise InputRejected(_("No case is open."))
        return self.case_id, self.case

    def change_phase(self) -> PhaseDialog | None:
        case_id, case = self._need()
        if case.summary.phase == "closed":
            show_error(
                self,
                InputRejected(
                    _("This case is closed and stays closed; a new signal opens a new case.")
                ),
            )
            return None
        dialog = PhaseDialog(self.session, case_id, case.summary.phase, self)
        dialog.open()
        return dialog

    def start_reflection(self) -> ActionDialog:
        case_id, _case = self._need()
        on = DateField()
        return self._dialog(
            _("Start reflection period"),
            [(_("&Start date"), on)],
            lambda: pathway.start_reflection(case_id, on.value() or date.today()),
        )

    def decide_reflection(self) -> ActionDialog:
        case_id, _case = self._need()
        decision = CodeCombo("reflection_decision")
        on = DateField()
        return self._dialog(
            _("Reflection period decision"),
            [(_("&Decision"), decision), (_("Decided &on"), on)],
            lambda: pathway.decide_reflection(
                case_id, decision.code() or "", on.value() or date.today()
            ),
        )

    def record_permit(self) -> ActionDialog:
        case_id, _case = self._need()
        granted, until = DateField(), DateField()
        return self._dialog(
            _("Residence permit (B8)"),
            [(_("&Granted on"), granted), (_("&Valid until"), until)],
            lambda: pathway.record_permit(
                case_id, granted.value() or date.today(), until.value() or date.today()
            ),
        )

    def add_stay(self) -> ActionDialog:
        case_id, _case = self._need()
        kind = CodeCombo("shelter_type")
        start = DateField()

        def build() -> Callable[[Vault], Any]:
            stay = ShelterStay(
                shelter_type=kind.code() or "", started_on=start.value() or date.today()
            )
            return support.add_shelter_stay(case_id, stay)

        return self._dialog(
            _("Shelter stay"),
            [(_("&Type"), kind), (_("&Start date"), start)],
            build,
        )

    def end_stay(self) -> ActionDialog | None:
        stay_id = self.shelter.selected()
        if stay_id is None:
            show_error(self, InputRejected(_("Select a shelter stay first.")))
            return None
        end = DateField()
        reason = CodeCombo("shelter_end_reason")
        return self._dialog(
            _("End shelter stay"),
            [(_("&End date"), end), (_("&Reason"), reason)],
            lambda: support.end_shelter_stay(
                int(stay_id), end.value() or date.today(), reason.code() or ""
            ),
        )

    def _organisation_combo(self, organisations: list[Any]) -> ChoiceCombo:
        # No organisation is picked for the coordinator: a consent or referral names one.
        combo = ChoiceCombo()
        for org in organisations:
            combo.addItem(org.name, org.id)
        return combo

    def _with_organisations(self, then: Callable[[list[Any]], None]) -> None:
        self.session.run(
            lambda v: store_of(v).organisations.all(active_only=True), then, self._failed
        )

    def new_referral(self) -> None:
        case_id, _case = self._need()

        def open_dialog(orgs: list[Any]) -> None:
            if not orgs:
                show_error(self, InputRejected(_("Add partner organisations in Settings first.")))
                return
            org = self._organisation_combo(orgs)
            kind = CodeCombo("referral_type")
            urgency = CodeCombo("referral_urgency")
            reason = QPlainTextEdit()
            self._dialog(
                _("New referral"),
                [
                    (_("&Organisation"), org),
                    (_("&Type"), kind),
                    (_("&Urgency"), urgency),
                    (_("&Reason"), reason),
                ],
                lambda: referrals.create(
                    case_id,
                    int(org.currentData()),
                    kind.code() or "",
                    urgency=urgency.code() or "routine",
                    reason=reason.toPlainText() or None,
                ),
            )

        self._with_organisations(open_dialog)

    def send_referral(self) -> None:
        referral_id = self.referrals.selected()
        if referral_id is None:
            show_error(self, InputRejected(_("Select a referral first.")))
            return
        rid = int(referral_id)

        def refused(error: CareCoordError) -> None:
            # Only a consent refusal can be overridden; any other error (a status that cannot
            # become 'sent', a locked vault, a full disk) is shown as it is.
            if not isinstance(error, ConsentMissing):
                self._failed(error)
                return
            reason = self.ask_override(error.message)
            if reason:
                perform(
                    self.session, referrals.send(rid, override_reason=reason), on_error=self._failed
                )

        perform(self.session, referrals.send(rid), on_error=refused)

    def letter(self) -> LetterDialog | None:
        referral_id = self.referrals.selected()
        if referral_id is None:
            show_error(self, InputRejected(_("Select a referral first.")))
            return None
        dialog = LetterDialog(self.session, int(referral_id), self)
        dialog.open()
        return dialog

    def ask_override(self, message: str) -> str | None:
        """Without consent: the coordinator may record an override with a written reason.
        Tests replace this method."""
        text, ok = QInputDialog.getMultiLineText(
            self,
            _("No valid consent"),
            message + "\n\n" + _("To send anyway, write the reason for the override:"),
        )
        return text.strip() if ok and text.strip() else None

    def set_referral_status(self) -> ActionDialog | None:
        referral_id = self.referrals.selected()
        if referral_id is None:
            show_error(self, InputRejected(_("Select a referral first.")))
            return None
        status = CodeCombo("referral_status", codes=("accepted", "rejected", "done", "revoked"))
        note = QLineEdit()
        return self._dialog(
            _("Referral status"),
            [(_("&Status"), status), (_("&Note"), note)],
            lambda: referrals.set_status(
                int(referral_id), status.code() or "", note=note.text() or None
            ),
        )

    def record_consent(self) -> None:
        _case_id, case = self._need()
        client_id = case.summary.client_id

        def open_dialog(orgs: list[Any]) -> None:
            if not orgs:
                show_error(self, InputRejected(_("Add partner organisations in Settings first.")))
                return
            org = self._organisation_combo(orgs)
            purposes = CodeChecklist("consent_purpose")
            categories = CodeChecklist("data_category")
            given, until = DateField(), DateField(optional=True)
            giver = CodeCombo("consent_giver")

            def build() -> Callable[[Vault], Any]:
                consent = Consent(
                    client_id=client_id,
                    recipient_id=int(org.currentData()),
                    purposes=purposes.codes(),
                    data_categories=categories.codes(),
                    given_on=given.value() or date.today(),
                    given_by=giver.code() or "client",
                    valid_until=until.value(),
                )
                return consents.record(consent)

            self._dialog(
                _("Record consent"),
                [
                    (_("&Recipient"), org),
                    (_("&Purposes"), purposes),
                    (_("Data &categories"), categories),
                    (_("&Given on"), given),
                    (_("Given &by"), giver),
                    (_("&Valid until"), until),
                ],
                build,
            )

        self._with_organisations(open_dialog)

    def withdraw_consent(self) -> ActionDialog | None:
        consent_id = self.consents.selected()
        if consent_id is None:
            show_error(self, InputRejected(_("Select a consent first.")))
            return None
        on = DateField()
        return self._dialog(
            _("Withdraw consent"),
            [(_("&Withdrawn on"), on)],
            lambda: consents.withdraw(int(consent_id), on.value() or date.today()),
        )

    def add_note(self) -> ActionDialog:
        case_id, _case = self._need()
        body = QPlainTextEdit()
        return self._dialog(
            _("New note"),
            [(_("&Note"), body)],
            lambda: tasks.add_note(case_id, body.toPlainText()),
        )

    def add_task(self) -> ActionDialog:
        case_id, _case = self._need()
        title, due = QLineEdit(), DateField()
        return self._dialog(
            _("New task"),
            [(_("&Task"), title), (_("&Due on"), due)],
            lambda: tasks.add(case_id, title.text(), due.value() or date.today()),
        )

    def rectify_identity(self) -> RectifyDialog:
        """AVG art. 16: correct the client's identity; the previous values are kept."""
        _case_id, case = self._need()
        dialog = RectifyDialog(self.session, case.summary.client_id, self)
        dialog.open()
        return dialog

    def subject_requests(self) -> None:
        """Access export and erasure live on the retention page; go there for this client."""
        _case_id, case = self._need()
        self.subjectRequests.emit(case.summary.client_reference)

    def complete_task(self) -> None:
        task_id = self.tasks.selected()
        if task_id is None:
            show_error(self, InputRejected(_("Select a task first.")))
            return
        perform(self.session, tasks.complete(int(task_id)), on_error=self._failed)


__all__ = ["CaseView", "QFormLayout"]
