"""Dialogs of the retention page: the rules, a legal hold, erasure on request (AVG art. 17).

Each destructive step states its exact consequence and asks once more before it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSpinBox,
    QWidget,
)

from carecoord.errors import InputRejected
from carecoord.i18n import _, ngettext
from carecoord.retention import ERASURE_GROUNDS
from carecoord.store.retention_repository import RetentionRule, RetentionRules
from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.dialogs.confirm import Confirmation, confirm
from ui.operations import retention
from ui.session import Session
from ui.widgets import ChoiceCombo, add_row


def sources_note() -> str:
    return _(
        "Defaults: 15 years where support was given (Selectielijst gemeenten 2020, result 3.1.5), "
        "5 years where none was given (result 3.2), access-log entries 5 years (NEN 7513). The "
        "reasoning and open questions for the archivist are in the README, section “Retention”, "
        "and in docs/retention.md."
    )


def action_label(action: str) -> str:
    return {"anonymise": _("anonymise"), "destroy": _("destroy")}.get(action, action)


def done_label(action: str) -> str:
    return {"anonymise": _("anonymised"), "destroy": _("destroyed")}.get(action, action)


def reason_label(reason: str) -> str:
    return {"support_given": _("support given"), "no_support": _("no support given")}.get(
        reason, reason
    )


def ground_label(ground: str) -> str:
    return {
        "art17_1a_not_needed": _("Art. 17(1)(a): no longer needed for the purpose"),
        "art17_1b_consent_withdrawn": _("Art. 17(1)(b): consent withdrawn"),
        "art17_1c_objection": _("Art. 17(1)(c): objection to the processing"),
        "art17_1d_unlawful": _("Art. 17(1)(d): processed unlawfully"),
        "art17_1e_legal_obligation": _("Art. 17(1)(e): erasure required by law"),
    }.get(ground, ground)


def rule_label(rule: str) -> str:
    """A register rule (``support_given:15y``, ``erasure:art17_…``) in words."""
    kind, _sep, value = rule.partition(":")
    if kind == "erasure":
        return _("on request: %(ground)s") % {"ground": ground_label(value)}
    if kind in ("support_given", "no_support") and value.endswith("y"):
        return _("%(reason)s, %(years)s years") % {
            "reason": reason_label(kind),
            "years": value[:-1],
        }
    return rule


def _action_combo(current: str) -> QComboBox:
    combo = QComboBox()
    for action in ("anonymise", "destroy"):
        combo.addItem(action_label(action), action)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _years(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, 100)
    # "1 year", "2 years": the suffix follows the number (issue 17).
    spin.valueChanged.connect(lambda n: spin.setSuffix(" " + ngettext("year", "years", n)))
    spin.setValue(value)
    spin.setSuffix(" " + ngettext("year", "years", value))
    return spin


def _years_text(years: int) -> str:
    return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}


def describe_rules(rules: RetentionRules) -> list[str]:
    return [
        _("Support given: %(years)s after closure, then %(action)s")
        % {
            "years": _years_text(rules.support_given.years),
            "action": action_label(rules.support_given.action),
        },
        _("No support given: %(years)s after closure, then %(action)s")
        % {
            "years": _years_text(rules.no_support.years),
            "action": action_label(rules.no_support.action),
        },
        _("Access-log entries: %(years)s") % {"years": _years_text(rules.access_log_years)},
    ]


def rule_changes(old: RetentionRules, new: RetentionRules) -> list[str]:
    """One line per changed rule: what it was and what it becomes."""
    return [
        _("%(old)s → %(new)s") % {"old": before, "new": after}
        for before, after in zip(describe_rules(old), describe_rules(new), strict=True)
        if before != after
    ]


class RulesDialog(FormDialog):
    """Change the periods; the confirmation names every change before it is saved."""

    def __init__(self, session: Session, current: RetentionRules, parent: QWidget | None) -> None:
        super().__init__(session, _("Retention rules"), parent)
        self.current = current
        self.support_years = add_row(
            self.form, _("&Support given: keep"), _years(current.support_given.years)
        )
        self.support_action = add_row(
            self.form, _("&Then"), _action_combo(current.support_given.action)
        )
        self.none_years = add_row(
            self.form, _("&No support given: keep"), _years(current.no_support.years)
        )
        self.none_action = add_row(self.form, _("T&hen"), _action_combo(current.no_support.action))
        self.log_years = add_row(
            self.form, _("&Access-log entries: keep"), _years(current.access_log_years)
        )
        # Issue 18: counted from when the location was last seen; a watched location is kept.
        self.location_years = add_row(
            self.form,
            _("&Closed risk locations: keep"),
            _years(current.closed_location_years),
        )
        note = QLabel(sources_note())
        note.setWordWrap(True)
        self.form.addRow(note)
        self.confirmation: Confirmation | None = None

    def new_rules(self) -> RetentionRules:
        return RetentionRules(
            support_given=RetentionRule(
                years=self.support_years.value(), action=self.support_action.currentData()
            ),
            no_support=RetentionRule(
                years=self.none_years.value(), action=self.none_action.currentData()
            ),
            access_log_years=self.log_years.value(),
            closed_location_years=self.location_years.value(),
        )

    def operation(self) -> Callable[[Vault], Any]:
        rules = self.new_rules()
        return retention.set_rules(rules)

    def submit(self) -> None:
        changes = rule_changes(self.current, self.new_rules())
        if not changes:
            self.error.setText(_("Nothing was changed."))
            return
        self.confirmation = confirm(
            self,
            _("Change the retention rules"),
            _("Change the retention rules as follows?")
            + "\n\n"
            + "\n".join(changes)
            + "\n\n"
            + _("From now on, closed cases are reviewed against the new periods."),
            _("C&hange rules"),
            lambda: FormDialog.submit(self),
        )


def hold_fields(reference: str) -> tuple[QLineEdit, QLineEdit]:
    case = QLineEdit(reference)
    reason = QLineEdit()
    reason.setMaxLength(300)
    reason.setPlaceholderText(_("e.g. criminal case pending (no names)"))
    return case, reason


class EraseDialog(FormDialog):
    """Erasure on request: the ground, anonymise or destroy, and the client reference typed
    again before OK is possible."""

    def __init__(self, session: Session, client_reference: str, parent: QWidget | None) -> None:
        super().__init__(session, _("Erase on request (AVG art. 17)"), parent)
        self.reference = client_reference
        shown = QLabel(client_reference)
        self.form.addRow(QLabel(_("Client reference")), shown)
        # The legal ground goes into the destruction register: the coordinator names it.
        self.ground = ChoiceCombo()
        for ground in ERASURE_GROUNDS:
            self.ground.addItem(ground_label(ground), ground)
        add_row(self.form, _("&Ground"), self.ground)
        self.action = _action_combo("anonymise")
        add_row(self.form, _("&What happens"), self.action)
        self.consequence = QLabel()
        self.consequence.setWordWrap(True)
        self.form.addRow(self.consequence)
        self.typed = add_row(self.form, _("T&ype the client reference to confirm"), QLineEdit())
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(_("Progress"))
        self.progress.hide()
        self.form.addRow(self.progress)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Erase"))
        self.action.currentIndexChanged.connect(self._explain)
        self.typed.textChanged.connect(self._check)
        self._explain()
        self._check()

    def _explain(self) -> None:
        if self.action.currentData() == "destroy":
            text = _(
                "Every case of client %(ref)s is removed entirely; only the destruction "
                "register keeps that it was done, when and by whom."
            )
        else:
            text = _(
                "From every case of client %(ref)s the identity, names, contact details, "
                "notes, other free text and letters are erased; the coded facts stay for the "
                "statistics."
            )
        self.consequence.setText(
            text % {"ref": self.reference}
            + " "
            + _("A legal hold on any of the cases blocks the erasure. This cannot be undone.")
        )

    def _check(self) -> None:
        self.ok.setEnabled(self.typed.text().strip() == self.reference)

    def operation(self) -> Callable[[Vault], Any]:
        if self.typed.text().strip() != self.reference:
            raise InputRejected(_("Type the client reference exactly to confirm."))
        reference, ground, action = (
            self.reference,
            str(self.ground.currentData()),
            str(self.action.currentData()),
        )
        return retention.erase_client(reference, ground, action)  # type: ignore[arg-type]

    def submit(self) -> None:
        if self.typed.text().strip() != self.reference:
            self.error.setText(_("Type the client reference exactly to confirm."))
            return
        super().submit()
        if not self.buttons.isEnabled():  # started on the worker
            self.progress.show()
            self.error.setText(_("Erasing and cleaning the vault; this can take a few minutes…"))

    def _saved(self, result: object) -> None:
        self.progress.hide()
        super()._saved(result)

    def _refused(self, error: Any) -> None:
        self.progress.hide()
        super()._refused(error)
        self._check()
