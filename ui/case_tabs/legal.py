"""The legal track of a case, beside the care phase: the bedenktijd and the B8/3 permits.

EU and Dutch clients need none of this: both lists stay empty for them. The bedenktijd lasts at
most three months from its start; "Keuze na bedenktijd" records the client's choice. A permit
is followed from its application (or its grant, when the application was not recorded here)
through renewals to its rejection or end, and continued residence at the three-year mark.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from carecoord.domain.casefile import CaseFile
from carecoord.domain.codelists import codelist
from carecoord.domain.dates import add_years
from carecoord.domain.legal import ReflectionPeriod, ResidencePermit, reflection_end
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.case_tabs.section import CaseSection, NeedCase
from ui.dialogs.action import ActionDialog
from ui.operations import legal
from ui.session import Session
from ui.track_texts import permit_line, reflection_line
from ui.widgets import CodeCombo, DateField, code_label, format_date

# A permit on a B8/3 ground is granted for one year (research/domain.md §1.2).
PERMIT_YEARS = 1
RUNNING = ("granted", "renewed")  # permit_state codes of a permit in force


def reflection_lines(r: ReflectionPeriod) -> list[str]:
    lines = []
    if r.offered_on is not None or r.offered_by is not None:
        by = code_label("reflection_offered_by", r.offered_by) if r.offered_by else "?"
        on = format_date(r.offered_on) if r.offered_on else "?"
        lines.append(_("Offered on %(on)s by %(by)s") % {"on": on, "by": by})
    if r.ind_informed_on is not None:
        lines.append(_("IND informed on %(on)s") % {"on": format_date(r.ind_informed_on)})
    lines.append(
        _("Reflection period from %(s)s to %(e)s")
        % {"s": format_date(r.started_on), "e": format_date(r.end)}
    )
    lines.append(reflection_line(r))
    return lines


def permit_lines(p: ResidencePermit) -> list[str]:
    """The permit's state, then each step of its history (indented)."""
    steps = []
    if p.applied_on:
        steps.append(_("applied for on %(on)s") % {"on": format_date(p.applied_on)})
    if p.granted_on:
        steps.append(
            _("granted on %(on)s, valid until %(until)s")
            % {"on": format_date(p.granted_on), "until": format_date(p.valid_until)}
        )
    for renewal in p.renewals:
        steps.append(
            _("renewed on %(on)s, valid until %(until)s")
            % {"on": format_date(renewal.renewed_on), "until": format_date(renewal.valid_until)}
        )
    if p.rejected_on:
        steps.append(_("rejected on %(on)s") % {"on": format_date(p.rejected_on)})
    if p.ended_on:
        steps.append(_("ended on %(on)s") % {"on": format_date(p.ended_on)})
    if p.continued_applied_on:
        steps.append(
            _("continued residence applied for on %(on)s")
            % {"on": format_date(p.continued_applied_on)}
        )
    if p.continued_outcome and p.continued_decided_on:
        steps.append(
            _("%(decision)s on %(on)s")
            % {
                "decision": code_label("continued_residence", p.continued_outcome),
                "on": format_date(p.continued_decided_on),
            }
        )
    head = (
        permit_line(p)
        + " — "
        + _("ground: %(ground)s") % {"ground": code_label("permit_ground", p.ground)}
    )
    return [head] + ["    " + step for step in steps]


class ReflectionPart(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Reflection period"), session, need)
        # The choice is recorded on a bedenktijd: there is none to record it on before.
        self.recorded = False
        self.button(_("&Reflection period…"), self.record_reflection)
        self.outcome_button = self.button(
            _("C&hoice after the reflection period…"),
            self.record_outcome,
            enabled_when=lambda: self.recorded,
        )

    def show_case(self, case: CaseFile) -> None:
        self.recorded = case.reflection is not None
        self.fill(reflection_lines(case.reflection) if case.reflection is not None else [])

    def record_reflection(self) -> ActionDialog:
        """Record the bedenktijd, or correct it; its outcome stays as it was."""
        case_id, case = self._need()
        now = case.reflection
        offered_on = DateField(optional=True, initial=now.offered_on if now else None)
        offered_by = CodeCombo("reflection_offered_by", allow_empty=True)
        offered_by.set_code(now.offered_by if now else None)
        informed = DateField(optional=True, initial=now.ind_informed_on if now else None)
        start = DateField(initial=now.started_on if now else None)
        # Empty: three months after the start, the longest a bedenktijd lasts.
        end = DateField(
            optional=True,
            initial=now.ends_on if now and now.ends_on != reflection_end(now.started_on) else None,
        )

        def build() -> Callable[[Vault], Any]:
            started = start.value() or date.today()
            ends = end.value()
            if ends is not None and ends > reflection_end(started):
                raise InputRejected(
                    _("A reflection period lasts at most three months: it ends by %(on)s.")
                    % {"on": format_date(reflection_end(started))}
                )
            offered = offered_on.value()
            if offered is not None and offered > started:
                raise InputRejected(_("A reflection period cannot start before it is offered."))
            period = ReflectionPeriod(
                offered_on=offered,
                offered_by=offered_by.code(),
                ind_informed_on=informed.value(),
                started_on=started,
                ends_on=ends,
                outcome=now.outcome if now else "pending",
                outcome_on=now.outcome_on if now else None,
            )
            return legal.save_reflection(case_id, period)

        return self._dialog(
            _("Reflection period"),
            [
                (_("&Offered on"), offered_on),
                (_("Offered &by"), offered_by),
                (_("&IND informed on"), informed),
                (_("&Start"), start),
                (_("&End (empty: three months after the start)"), end),
            ],
            build,
        )

    def record_outcome(self) -> ActionDialog | None:
        case_id, case = self._need()
        if case.reflection is None:  # the button is disabled then
            return None
        codes = tuple(c for c in codelist("reflection_outcome").values if c != "pending")
        outcome = CodeCombo("reflection_outcome", codes=codes)
        on = DateField()
        return self._dialog(
            _("Choice after the reflection period"),
            [(_("C&hoice"), outcome), (_("&Date"), on)],
            lambda: legal.set_reflection_outcome(
                case_id, outcome.code() or "", on.value() or date.today()
            ),
        )


class PermitsPart(CaseSection):
    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__(_("Residence permits (B8/3)"), session, need)
        # The permits of the shown case: a step of a permit acts on the selected one, or on the
        # only one; with several and none selected, those buttons wait for a selection.
        self.permit_ids: list[int] = []
        self.permits: dict[int, ResidencePermit] = {}
        # One permit at a time is applied for or in force (the store refuses a second one).
        self.states: list[str] = []
        self.apply_button = self.button(
            _("Permit a&pplied for…"),
            self.apply,
            enabled_when=lambda: not set(self.states) & {"applied", *RUNNING},
        )
        # Grants the one applied for, or records a permit granted before it was recorded here.
        self.grant_button = self.button(
            _("Permit gran&ted…"),
            self.grant,
            enabled_when=lambda: not set(self.states) & set(RUNNING),
        )
        # Each step waits for a chosen permit where the store would take it (issue 17: no
        # "only a granted permit …" after a click): the same rules as store/legal.py.
        steps: tuple[tuple[str, Callable[[], object], Callable[[ResidencePermit], bool]], ...] = (
            (_("Re&newed…"), self.renew, lambda p: p.state in RUNNING),
            (_("Re&jected…"), self.reject, lambda p: p.state == "applied"),
            (_("&Ended…"), self.end, lambda p: p.state in RUNNING),
            (
                _("C&ontinued residence applied for…"),
                self.apply_continued,
                lambda p: p.state in RUNNING and p.continued_applied_on is None,
            ),
            (
                _("Continued residence &decision…"),
                self.decide_continued,
                lambda p: p.continued_applied_on is not None,
            ),
        )
        self.step_buttons = [
            self.button(text, slot, enabled_when=self._chosen_allows(allowed))
            for text, slot, allowed in steps
        ]

    def _chosen_allows(self, allowed: Callable[[ResidencePermit], bool]) -> Callable[[], bool]:
        def can_run() -> bool:
            permit = self.permits.get(self._chosen_id() or -1)
            return permit is not None and allowed(permit)

        return can_run

    def show_case(self, case: CaseFile) -> None:
        self.permit_ids = [p.id for p in case.permits if p.id is not None]
        self.permits = {p.id: p for p in case.permits if p.id is not None}
        self.states = [p.state for p in case.permits]
        lines: list[str] = []
        data: list[int | None] = []
        for permit in case.permits:
            for line in permit_lines(permit):
                lines.append(line)
                data.append(permit.id)
        self.fill(lines, data)

    def _chosen_id(self) -> int | None:
        """The permit selected in the list, or the only one; None otherwise."""
        chosen = self.selected()
        if chosen is None and len(self.permit_ids) == 1:
            return self.permit_ids[0]
        return int(chosen) if chosen in self.permit_ids else None

    def _permit(self) -> tuple[int, ResidencePermit] | None:
        """The chosen permit (see _chosen_id); None when there is none: the buttons that need
        one are disabled then."""
        _case_id, case = self._need()
        chosen = self._chosen_id()
        permit = next((p for p in case.permits if p.id is not None and p.id == chosen), None)
        if chosen is None or permit is None:
            return None
        return chosen, permit

    def apply(self) -> ActionDialog:
        case_id, _case = self._need()
        ground = CodeCombo("permit_ground")
        on = DateField()
        return self._dialog(
            _("Residence permit applied for"),
            [(_("Gro&und"), ground), (_("&Applied for on"), on)],
            lambda: legal.apply_permit(
                case_id, ground=ground.code() or "", applied_on=on.value() or date.today()
            ),
        )

    def grant(self) -> ActionDialog:
        """Grant the permit applied for (there is one at most), else record a permit granted
        before it was recorded here."""
        case_id, case = self._need()
        open_ones = [p for p in case.permits if p.state == "applied" and p.id is not None]
        target = open_ones[0] if open_ones else None
        granted = DateField()
        until = DateField(initial=add_years(date.today(), PERMIT_YEARS) - timedelta(days=1))
        if target is not None:
            permit_id = target.id
            assert permit_id is not None
            return self._dialog(
                _("Residence permit granted"),
                [(_("&Granted on"), granted), (_("&Valid until"), until)],
                lambda: legal.grant_permit(
                    permit_id,
                    granted_on=granted.value() or date.today(),
                    valid_until=until.value() or date.today(),
                ),
            )
        ground = CodeCombo("permit_ground")
        applied = DateField(optional=True)
        return self._dialog(
            _("Residence permit granted"),
            [
                (_("Gro&und"), ground),
                (_("&Applied for on"), applied),
                (_("G&ranted on"), granted),
                (_("&Valid until"), until),
            ],
            lambda: legal.record_granted_permit(
                case_id,
                ground=ground.code() or "",
                granted_on=granted.value() or date.today(),
                valid_until=until.value() or date.today(),
                applied_on=applied.value(),
            ),
        )

    def renew(self) -> ActionDialog | None:
        found = self._permit()
        if found is None:
            return None
        permit_id, permit = found
        current = permit.current_valid_until or date.today()
        on = DateField()
        until = DateField(initial=add_years(current, PERMIT_YEARS))
        return self._dialog(
            _("Residence permit renewed"),
            [(_("&Renewed on"), on), (_("&Valid until"), until)],
            lambda: legal.renew_permit(
                permit_id, on.value() or date.today(), until.value() or date.today()
            ),
        )

    def _dated(
        self, title: str, label: str, op: Callable[[int, date], Callable[[Vault], Any]]
    ) -> ActionDialog | None:
        found = self._permit()
        if found is None:
            return None
        permit_id, _permit = found
        on = DateField()
        return self._dialog(title, [(label, on)], lambda: op(permit_id, on.value() or date.today()))

    def reject(self) -> ActionDialog | None:
        return self._dated(_("Residence permit rejected"), _("&Rejected on"), legal.reject_permit)

    def end(self) -> ActionDialog | None:
        return self._dated(_("Residence permit ended"), _("&Ended on"), legal.end_permit)

    def apply_continued(self) -> ActionDialog | None:
        return self._dated(
            _("Continued residence applied for"),
            _("&Applied for on"),
            legal.apply_continued_residence,
        )

    def decide_continued(self) -> ActionDialog | None:
        found = self._permit()
        if found is None:
            return None
        permit_id, _permit = found
        outcome = CodeCombo("continued_residence", codes=("granted", "rejected"))
        on = DateField()
        return self._dialog(
            _("Decision on continued residence"),
            [(_("&Decision"), outcome), (_("Decided &on"), on)],
            lambda: legal.decide_continued_residence(
                permit_id, outcome.code() or "", on.value() or date.today()
            ),
        )


class LegalSection(QWidget):
    """The two parts of the legal track, one above the other, each with its own actions."""

    def __init__(self, session: Session, need: NeedCase) -> None:
        super().__init__()
        self.reflection = ReflectionPart(session, need)
        self.permits = PermitsPart(session, need)
        layout = QVBoxLayout(self)
        for title, part in (
            (_("Reflection period"), self.reflection),
            (_("Residence permits for trafficking victims (B8/3)"), self.permits),
        ):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(4, 4, 4, 4)
            inner.addWidget(part)
            layout.addWidget(box, 1)

    def show_case(self, case: CaseFile) -> None:
        self.reflection.show_case(case)
        self.permits.show_case(case)
