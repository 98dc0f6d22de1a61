"""The review tab of the retention page: the closed cases past their retention period, the
legal holds that keep some of them, and applying retention (anonymise or destroy, then clean
the vault)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from carecoord.errors import CareCoordError, InputRejected
from carecoord.i18n import _, ngettext
from carecoord.retention import ApplyResult
from carecoord.store.retention_repository import DueCase
from ui.dialogs.action import ActionDialog
from ui.dialogs.confirm import Confirmation, confirm
from ui.dialogs.retention import action_label, hold_fields, reason_label
from ui.empty_state import EmptyState
from ui.operations import perform, retention
from ui.pages.retention_tables import (
    RetentionState,
    fill_table,
    read_only_table,
    selected_reference,
)
from ui.session import Session
from ui.widgets import enable_with_selection, format_date, show_error


class ReviewTab(QWidget):
    def __init__(
        self,
        session: Session,
        refresh: Callable[[], None],
        set_busy: Callable[[bool, str], None],
        changed: Callable[[], None],
    ) -> None:
        super().__init__()
        self.session = session
        # The page's: reload the review, make every tab busy (or not), tell the app of a change.
        self._refresh, self._set_busy, self._changed = refresh, set_busy, changed
        self.state: RetentionState | None = None
        self.confirmation: Confirmation | None = None
        intro = QLabel(
            _(
                "Closed cases past their retention period. Applying anonymises or destroys "
                "every case listed that is not under a legal hold, then cleans the vault."
            )
        )
        intro.setWordWrap(True)
        self.due_table = read_only_table(
            _("Cases due"),
            [
                _("Case"),
                _("Closed on"),
                _("Reason"),
                _("Period"),
                _("Due since"),
                _("Then"),
                _("Legal hold"),
            ],
        )
        self.holds_table = read_only_table(
            _("Legal holds"), [_("Case"), _("Reason"), _("Set on"), _("Set by")]
        )
        self.hold_button = QPushButton(_("Set legal &hold…"))
        self.hold_button.clicked.connect(self.set_hold)
        self.lift_button = QPushButton(_("&Lift legal hold…"))
        self.lift_button.clicked.connect(self.lift_hold)
        self.apply_button = QPushButton(_("&Apply retention…"))
        self.apply_button.clicked.connect(self.apply)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # no steps to count: one transaction, then VACUUM
        self.progress.setAccessibleName(_("Progress"))
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Status"))
        buttons = QHBoxLayout()
        for button in (self.hold_button, self.lift_button, self.apply_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        # Nothing due: why the list is empty, not a blank table (issue 17).
        self.due_empty = EmptyState(
            self.due_table,
            _(
                "No closed case is past its retention period. A case appears here once it has"
                " been closed for as long as its rule sets (see Rules); nothing is anonymised or"
                " destroyed until you apply retention."
            ),
        )
        layout.addWidget(self.due_empty, 2)
        # Issue 18: a closed risk location follows its own period; named by count only here.
        self.locations_line = QLabel()
        self.locations_line.setWordWrap(True)
        self.locations_line.hide()
        layout.addWidget(self.locations_line)
        layout.addWidget(QLabel(_("Legal holds in force")))
        layout.addWidget(self.holds_table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        # Lift acts on the chosen hold (the page asks again when a long job ends).
        self.check_lift = enable_with_selection(
            self.holds_table,
            [self.lift_button],
            lambda: selected_reference(self.holds_table) is not None,
        )

    def show_state(self, state: RetentionState) -> None:
        self.state = state
        count = len(state.locations)
        self.locations_line.setText(
            ngettext(
                "%(n)d closed risk location is past its period and is destroyed on apply.",
                "%(n)d closed risk locations are past their period and are destroyed on apply.",
                count,
            )
            % {"n": count}
        )
        self.locations_line.setVisible(bool(count))
        fill_table(
            self.due_table,
            [
                (
                    c.reference,
                    format_date(c.closed_on),
                    reason_label(c.reason),
                    ngettext("%(n)d year", "%(n)d years", c.years) % {"n": c.years},
                    format_date(c.due_on),
                    action_label(c.action),
                    c.hold_reason or "",
                )
                for c in state.due
            ],
        )
        self.due_empty.show_rows(len(state.due))
        fill_table(
            self.holds_table,
            [(h.reference, h.reason, format_date(h.set_on), h.set_by) for h in state.holds],
        )

    def to_apply(self) -> list[DueCase]:
        """The listed cases that apply would change: due and not held."""
        due = [] if self.state is None else self.state.due
        return [c for c in due if c.hold_reason is None]

    def _failed(self, error: CareCoordError) -> None:
        show_error(self, error)

    # -- legal holds -----------------------------------------------------------------------------
    def set_hold(self) -> ActionDialog:
        case, reason = hold_fields(selected_reference(self.due_table) or "")

        def build():  # type: ignore[no-untyped-def]
            reference = case.text().strip()
            if not reference:
                raise InputRejected(_("Give the case reference."))
            text = reason.text()
            return retention.set_hold(reference, text)

        dialog = ActionDialog(
            self.session,
            _("Set a legal hold"),
            [(_("&Case reference"), case), (_("&Reason"), reason)],
            build,
            self,
        )
        dialog.saved.connect(lambda _r: self._refresh())
        dialog.open()
        return dialog

    def lift_hold(self) -> Confirmation | None:
        reference = selected_reference(self.holds_table)
        if reference is None:  # the button is disabled then
            return None

        def lift() -> None:
            perform(
                self.session,
                retention.lift_hold(reference),
                lambda _r: self._refresh(),
                self._failed,
            )

        self.confirmation = confirm(
            self,
            _("Lift legal hold"),
            _(
                "Lift the legal hold on case %(ref)s? When its retention period has ended, the "
                "next apply anonymises or destroys it."
            )
            % {"ref": reference},
            _("&Lift hold"),
            lift,
        )
        return self.confirmation

    # -- apply -----------------------------------------------------------------------------------
    def apply(self) -> Confirmation | None:
        cases = self.to_apply()
        locations = [] if self.state is None else [d.location_id for d in self.state.locations]
        if not cases and not locations:
            show_error(self, InputRejected(_("No case is due; nothing to apply.")))
            return None
        anonymise = sum(1 for c in cases if c.action == "anonymise")
        destroy = len(cases) - anonymise
        held = 0 if self.state is None else len(self.state.due) - len(cases)
        lines = [
            ngettext(
                "%(n)d case will be anonymised (identity, names, contact details, notes and "
                "letters erased; coded facts kept for the statistics).",
                "%(n)d cases will be anonymised (identity, names, contact details, notes and "
                "letters erased; coded facts kept for the statistics).",
                anonymise,
            )
            % {"n": anonymise},
            ngettext(
                "%(n)d case will be destroyed (removed entirely).",
                "%(n)d cases will be destroyed (removed entirely).",
                destroy,
            )
            % {"n": destroy},
        ]
        if locations:
            lines.append(
                ngettext(
                    "%(n)d closed risk location will be destroyed with its controls.",
                    "%(n)d closed risk locations will be destroyed with their controls.",
                    len(locations),
                )
                % {"n": len(locations)}
            )
        if held:
            lines.append(
                ngettext(
                    "%(n)d case under a legal hold is kept.",
                    "%(n)d cases under a legal hold are kept.",
                    held,
                )
                % {"n": held}
            )
        lines.append(
            _(
                "Access-log entries past their period are removed, and the vault is cleaned "
                "so no erased text remains. This cannot be undone."
            )
        )
        if not cases:
            yes_text = _("&Destroy the locations")
        elif not destroy:
            yes_text = ngettext("&Anonymise %(n)d case", "&Anonymise %(n)d cases", anonymise) % {
                "n": anonymise
            }
        elif not anonymise:
            yes_text = ngettext("&Destroy %(n)d case", "&Destroy %(n)d cases", destroy) % {
                "n": destroy
            }
        else:
            yes_text = _("&Anonymise and destroy")
        # The whole reviewed list: the held ones are skipped by the core and reported as kept.
        references = [c.reference for c in (self.state.due if self.state else cases)]
        self.confirmation = confirm(
            self,
            _("Apply retention"),
            "\n\n".join(lines),
            yes_text,
            lambda: self._run_apply(references, locations),
        )
        self.confirmation.setDetailedText(
            "\n".join(f"{c.reference}: {action_label(c.action)}" for c in cases)
        )
        return self.confirmation

    def _run_apply(self, references: list[str], locations: list[int]) -> None:
        self._set_busy(
            True, _("Applying retention and cleaning the vault; this can take a few minutes…")
        )
        perform(
            self.session,
            retention.apply(only=references, locations=locations),
            self._applied,
            self._apply_failed,
        )

    def _applied(self, result: ApplyResult) -> None:
        self._set_busy(
            False,
            _(
                "Done: %(a)d anonymised, %(d)d destroyed, %(h)d kept under a legal hold, "
                "%(locations)s; %(entries)s."
            )
            % {
                "a": len(result.anonymised),
                "d": len(result.destroyed),
                "h": len(result.held),
                # Counted nouns get their own plural forms ("1 risk location", issue 17).
                "locations": ngettext(
                    "%(n)d risk location destroyed",
                    "%(n)d risk locations destroyed",
                    len(result.locations_destroyed),
                )
                % {"n": len(result.locations_destroyed)},
                "entries": ngettext(
                    "%(n)d access-log entry past its period removed",
                    "%(n)d access-log entries past their period removed",
                    result.log_entries_pruned,
                )
                % {"n": result.log_entries_pruned},
            },
        )
        self._changed()
        self._refresh()

    def _apply_failed(self, error: CareCoordError) -> None:
        self._set_busy(False, "")
        show_error(self, error)
        self._refresh()
