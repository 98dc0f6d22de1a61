"""The overview of a case: the facts of the signal, the client's identity (its correction and the
AVG requests) and a dated timeline of everything that happened."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.casefile import CaseFile
from carecoord.domain.municipalities import municipalities
from carecoord.i18n import _
from ui.case_tabs.exit_programme import exit_events
from ui.case_tabs.section import NeedCase
from ui.case_tabs.track_events import legal_events, registration_events
from ui.dialogs.circumstances import CircumstancesDialog
from ui.dialogs.rectify import RectifyDialog
from ui.flow_layout import wrapping_row
from ui.session import Session
from ui.track_texts import phase_label
from ui.widgets import code_label, format_date

# The timeline shows this much of a note or a decision; the tab of its own shows all of it.
EXCERPT = 300


def excerpt(text: str) -> str:
    """``text`` on one line, cut at EXCERPT characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1].rstrip() + "…"


def timeline(case: CaseFile, names: Mapping[int, str] | None = None) -> list[tuple[date, str]]:
    """Dated events of the case, newest first (what happened last is read first); events of
    one day in the order they happened. ``names``: partner organisations by id (referrals and
    consents name them)."""
    names = names or {}
    events: list[tuple[date, str]] = []
    migrated = case.summary.closure_migrated
    for change in case.phase_history:
        phase = phase_label(change.to_phase, change.closure_reason, migrated)
        events.append((change.changed_on, _("Phase: %(p)s") % {"p": phase}))
    for signal in case.signals:
        events.append(
            (
                signal.signal_date,
                _("Signal from %(s)s") % {"s": code_label("signaller", signal.signaller)},
            )
        )
    events.extend(legal_events(case))
    events.extend(registration_events(case))
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
                    _("Referral %(type)s to %(org)s: %(status)s")
                    % {
                        "type": code_label("referral_type", referral.referral_type),
                        "org": names.get(referral.organisation_id, "?"),
                        "status": code_label("referral_status", event.status),
                    },
                )
            )
    for consent in case.consents:
        purposes = ", ".join(code_label("consent_purpose", p) for p in consent.purposes)
        to = ", ".join(names.get(r, "?") for r in consent.recipient_ids)
        events.append(
            (
                consent.given_on,
                _("Consent given to %(orgs)s for %(purposes)s")
                % {"orgs": to, "purposes": purposes},
            )
        )
        if consent.withdrawn_on is not None:
            events.append((consent.withdrawn_on, _("Consent to %(orgs)s withdrawn") % {"orgs": to}))
    events.extend(exit_events(case.exit_programme, case.goals))
    events.extend(case_work_events(case))
    for note in sorted(case.notes, key=lambda n: n.written_at):
        events.append(
            (
                note.written_at.date(),
                _("Note by %(a)s: %(text)s") % {"a": note.author, "text": excerpt(note.body)},
            )
        )
    # Newest day first; the sort is stable, so events of one day keep the order above.
    return sorted(events, key=lambda e: e[0], reverse=True)


def case_work_events(case: CaseFile) -> list[tuple[date, str]]:
    """Goals reached, meetings with what was decided, and the safety assessments (issue 16);
    the exit programme's goals are among its own events (exit_events)."""
    events: list[tuple[date, str]] = []
    for goal in case.goals:
        if goal.exit_programme_id is None and goal.status == "reached" and goal.status_on:
            events.append(
                (
                    goal.status_on,
                    _("Goal reached: %(d)s") % {"d": code_label("case_goal_domain", goal.domain)},
                )
            )
    for meeting in sorted(case.meetings, key=lambda m: (m.held_on, m.id or 0)):
        text = _("Meeting: %(kind)s") % {"kind": code_label("meeting_kind", meeting.kind)}
        if meeting.decisions:
            text += " — " + _("decided: %(text)s") % {"text": excerpt(meeting.decisions)}
        events.append((meeting.held_on, text))
    for a in sorted(case.safety, key=lambda a: (a.assessed_on, a.id or 0)):
        events.append(
            (
                a.assessed_on,
                _("Safety assessed: risk %(risk)s")
                % {"risk": code_label("risk_level", a.risk_level)},
            )
        )
    return events


def is_minor(case: CaseFile) -> bool:
    """Under 18 at the signal (the age the case records); unknown counts as not a minor."""
    return case.age_at_signal is not None and case.age_at_signal < 18


class OverviewSection(QWidget):
    subjectRequests = Signal(str)  # the client reference: access export or erasure

    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__()
        self.session = session
        self._need = need
        # Organisation names by id, set by the case view with each case file.
        self.names: dict[int, str] = {}
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
            # Wraps: a long employer or place name would widen the view past a 1024-pixel
            # screen (1280 at 125 %, issue 17).
            value.setWordWrap(True)
            self.fact_values[key] = value
            self.facts.addRow(QLabel(title + ":"), value)
        # The address: a secret shelter address is marked, and shown only on request.
        self.address = QLabel()
        self.address.setWordWrap(True)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address.setAccessibleName(_("Address"))
        self.address.setTextFormat(Qt.TextFormat.PlainText)
        self.reveal_button = QPushButton(_("Show the secret add&ress"))
        self.reveal_button.setCheckable(True)
        self.reveal_button.toggled.connect(self._show_address)
        # The button under the address, not beside it: the facts then stay narrow enough to
        # stand beside the circumstances at 1024 pixels (issue 17).
        address_row = QVBoxLayout()
        address_row.setSpacing(2)
        address_row.addWidget(self.address)
        address_row.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.facts.addRow(QLabel(_("Address") + ":"), address_row)
        self._address: tuple[str, bool] = ("", False)
        self.circumstances = QFormLayout()
        self.circumstance_values: dict[str, QLabel] = {}
        for key, title in (
            ("custody", _("Custody")),
            ("labour_migrant", _("Labour migrant")),
            ("housing", _("Housing tied to the employer")),
            ("registration", _("Residence registration")),
            ("employer", _("Employer or agency")),
        ):
            caption, value = QLabel(title + ":"), QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.circumstance_values[key] = value
            self.circumstances.addRow(caption, value)
        self.events = QListWidget()
        self.events.setAccessibleName(_("Timeline"))
        # A long note or meeting wraps in the list instead of scrolling it sideways (issue 17).
        self.events.setWordWrap(True)
        self.events.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        ov = QVBoxLayout(self)
        # Side by side where there is room, one under the other where the view is narrow
        # (1024 pixels at 125 %, issue 17).
        columns = wrapping_row()
        for form in (self.facts, self.circumstances):
            column = QWidget()
            form.setContentsMargins(0, 0, 12, 0)
            column.setLayout(form)
            columns.addWidget(column)
        ov.addLayout(columns)
        self.rectify_button = QPushButton(_("Correct &identity…"))
        self.rectify_button.clicked.connect(self.rectify_identity)
        identity_row = QHBoxLayout()
        identity_row.addWidget(self.rectify_button)
        self.requests_button = QPushButton(_("&AVG requests…"))
        self.requests_button.clicked.connect(self.subject_requests)
        identity_row.addWidget(self.requests_button)
        self.circumstances_button = QPushButton(_("Client &circumstances…"))
        self.circumstances_button.clicked.connect(self.edit_circumstances)
        identity_row.addWidget(self.circumstances_button)
        identity_row.addStretch(1)
        ov.addLayout(identity_row)
        ov.addWidget(QLabel(_("Timeline")))
        ov.addWidget(self.events, 1)

    def show_case(self, case: CaseFile) -> None:
        s = case.summary
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
        self._show_circumstances(case)
        identity = case.client.identity
        address = (identity.address or "") if identity else ""
        secret = bool(identity and identity.address_is_secret and address)
        if self._address != (address, secret):
            # Another case, or the address changed: hidden again.
            self._address = (address, secret)
            self.reveal_button.setChecked(False)
        self.reveal_button.setVisible(secret)
        self._show_address(self.reveal_button.isChecked())
        self.events.clear()
        for when, text in timeline(case, self.names):
            self.events.addItem(f"{format_date(when)}  {text}")

    def _show_address(self, revealed: bool) -> None:
        """A secret shelter address is never shown in full unless asked for (and hidden again
        when another case is opened)."""
        address, secret = self._address
        flat = ", ".join(line.strip() for line in address.splitlines() if line.strip())
        font = self.address.font()
        font.setBold(secret)  # the mark stands out: this address must not be passed on
        self.address.setFont(font)
        if not secret:
            self.address.setText(flat or "—")
        elif revealed:
            self.address.setText(_("Secret shelter address: %(address)s") % {"address": flat})
        else:
            self.address.setText(_("Secret shelter address (hidden)"))
        self.reveal_button.setText(
            _("Hide the secret add&ress") if revealed else _("Show the secret add&ress")
        )
        # On one line where it is short: a form row whose field is a layout does not grow for
        # a second line of a wrapped label, which was then cut off (issue 17).
        metrics = QFontMetrics(font)
        one_line = metrics.horizontalAdvance(self.address.text()) + 4
        self.address.setMinimumWidth(min(one_line, 36 * metrics.averageCharWidth()))

    def _show_circumstances(self, case: CaseFile) -> None:
        c = case.client.circumstances
        migrant = {True: _("yes"), False: _("no"), None: ""}[c.labour_migrant]
        values = {
            "custody": code_label("custody", c.custody),
            "labour_migrant": migrant,
            "housing": code_label("yes_no_unknown", c.housing_tied_to_employer),
            "registration": code_label("residence_registration", c.residence_registration),
            "employer": c.employer or "",
        }
        for key, text in values.items():
            self.circumstance_values[key].setText(text or "—")
        # Custody concerns minors: shown for an adult only when it was recorded.
        shown = is_minor(case) or c.custody is not None
        self.circumstances.setRowVisible(self.circumstance_values["custody"], shown)

    def edit_circumstances(self) -> CircumstancesDialog:
        _case_id, case = self._need()
        dialog = CircumstancesDialog(
            self.session,
            case.summary.client_id,
            case.client.circumstances,
            minor=is_minor(case),
            parent=self,
        )
        dialog.open()
        return dialog

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
