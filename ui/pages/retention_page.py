"""Retention and the client's rights: what is due, legal holds, apply, the rules, the
destruction register, and the requests of a client (access export, erasure).

Everything names cases and clients by reference only. Reviewing is logged by the core (one
entry per case listed), so the review loads when the page is shown, not in the background.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord import i18n
from carecoord.errors import CareCoordError, InputRejected
from carecoord.i18n import _, ngettext
from carecoord.retention import ApplyResult, Retention
from carecoord.retention.subject_export import ExportFiles, SubjectExport
from carecoord.store.retention_repository import DueCase, LegalHold, RegisterEntry, RetentionRules
from carecoord.vault import Vault
from ui.dialogs.action import ActionDialog
from ui.dialogs.confirm import Confirmation, confirm
from ui.dialogs.retention import (
    EraseDialog,
    RulesDialog,
    action_label,
    describe_rules,
    done_label,
    hold_fields,
    reason_label,
    rule_label,
    sources_note,
)
from ui.operations import perform, retention
from ui.output_choice import choose_output
from ui.session import Session
from ui.widgets import add_row, format_date, language, show_error


@dataclass(frozen=True)
class RetentionState:
    rules: RetentionRules
    due: list[DueCase]
    holds: list[LegalHold]
    register: list[RegisterEntry]


def load_state(vault: Vault) -> RetentionState:
    service = Retention(vault)
    return RetentionState(service.rules(), service.review(), service.holds(), service.register())


def _table(name: str, headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            # An empty cell would be a nameless stop for a screen reader.
            table.setItem(r, c, QTableWidgetItem(text or "—"))
    table.resizeColumnsToContents()


def _selected(table: QTableWidget) -> str | None:
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return None if item is None else item.text()


class RetentionPage(QWidget):
    changed = Signal()  # something was anonymised, destroyed or erased

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.state: RetentionState | None = None
        self.confirmation: Confirmation | None = None
        self.busy = False
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Retention sections"))
        self.tabs.addTab(self._review_tab(), _("Review"))
        self.tabs.addTab(self._rules_tab(), _("Rules"))
        self.tabs.addTab(self._register_tab(), _("Destruction register"))
        self.tabs.addTab(self._requests_tab(), _("Client requests"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)

    # -- building --------------------------------------------------------------------------------
    def _review_tab(self) -> QWidget:
        tab = QWidget()
        intro = QLabel(
            _(
                "Closed cases past their retention period. Applying anonymises or destroys "
                "every case listed that is not under a legal hold, then cleans the vault."
            )
        )
        intro.setWordWrap(True)
        self.due_table = _table(
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
        self.holds_table = _table(
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
        layout = QVBoxLayout(tab)
        layout.addWidget(intro)
        layout.addWidget(self.due_table, 2)
        layout.addWidget(QLabel(_("Legal holds in force")))
        layout.addWidget(self.holds_table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        return tab

    def _rules_tab(self) -> QWidget:
        tab = QWidget()
        self.rules_text = QLabel()
        self.rules_text.setWordWrap(True)
        note = QLabel(sources_note())
        note.setWordWrap(True)
        self.rules_button = QPushButton(_("Change &rules…"))
        self.rules_button.clicked.connect(self.change_rules)
        row = QHBoxLayout()
        row.addWidget(self.rules_button)
        row.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.rules_text)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addStretch(1)
        return tab

    def _register_tab(self) -> QWidget:
        tab = QWidget()
        intro = QLabel(
            _(
                "What was anonymised or destroyed, when, by whom and under which rule; never "
                "what the case contained."
            )
        )
        intro.setWordWrap(True)
        self.register_table = _table(
            _("Destruction register"),
            [_("Done at"), _("By"), _("Case"), _("Action"), _("Rule"), _("Closed on"), _("Due on")],
        )
        layout = QVBoxLayout(tab)
        layout.addWidget(intro)
        layout.addWidget(self.register_table, 1)
        return tab

    def _requests_tab(self) -> QWidget:
        tab = QWidget()
        intro = QLabel(
            _(
                "Requests of a client under the AVG. Access (art. 15): everything held about "
                "the client as a PDF and a JSON file, in a folder you choose. Erasure (art. 17): "
                "every case of the client anonymised or destroyed. Correcting the identity "
                "(art. 16) is in the case view."
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.client_ref = add_row(form, _("Client &reference"), QLineEdit())
        self.export_language = QComboBox()
        self.export_language.addItem("Nederlands", "nl")
        self.export_language.addItem("English", "en")
        self.export_language.setCurrentIndex(0 if language() == "nl" else 1)
        add_row(form, _("&Language of the PDF"), self.export_language)
        self.export_button = QPushButton(_("&Export for an access request…"))
        self.export_button.clicked.connect(self.export_subject)
        self.erase_button = QPushButton(_("Era&se on request…"))
        self.erase_button.clicked.connect(self.erase_client)
        self.request_status = QLabel()
        self.request_status.setWordWrap(True)
        self.request_status.setAccessibleName(_("Result"))
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addWidget(self.erase_button)
        row.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.request_status)
        layout.addStretch(1)
        return tab

    # -- loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.busy and self.session.is_unlocked:
            self.session.run(load_state, self._show, self._failed)

    def _failed(self, error: CareCoordError) -> None:
        show_error(self, error)

    def _show(self, state: RetentionState) -> None:
        self.state = state
        _fill(
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
        _fill(
            self.holds_table,
            [(h.reference, h.reason, format_date(h.set_on), h.set_by) for h in state.holds],
        )
        _fill(
            self.register_table,
            [
                (
                    i18n.format_datetime(e.done_at, "short"),
                    e.done_by,
                    e.case_ref,
                    done_label(e.action),
                    rule_label(e.rule),
                    format_date(e.closed_on),
                    format_date(e.due_on),
                )
                for e in state.register
            ],
        )
        self.rules_text.setText("\n".join(describe_rules(state.rules)))
        self.apply_button.setEnabled(bool(self.to_apply()))

    def to_apply(self) -> list[DueCase]:
        """The listed cases that apply would change: due and not held."""
        due = [] if self.state is None else self.state.due
        return [c for c in due if c.hold_reason is None]

    # -- legal holds -----------------------------------------------------------------------------
    def set_hold(self) -> ActionDialog:
        case, reason = hold_fields(_selected(self.due_table) or "")

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
        dialog.saved.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    def lift_hold(self) -> Confirmation | None:
        reference = _selected(self.holds_table)
        if reference is None:
            show_error(self, InputRejected(_("Select a legal hold in the list first.")))
            return None

        def lift() -> None:
            perform(
                self.session,
                retention.lift_hold(reference),
                lambda _r: self.refresh(),
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
        if not cases:
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
        if not destroy:
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
            lambda: self._run_apply(references),
        )
        self.confirmation.setDetailedText(
            "\n".join(f"{c.reference}: {action_label(c.action)}" for c in cases)
        )
        return self.confirmation

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for button in (
            self.hold_button,
            self.lift_button,
            self.apply_button,
            self.rules_button,
            self.export_button,
            self.erase_button,
        ):
            button.setEnabled(not busy)
        self.status.setText(message)

    def _run_apply(self, references: list[str]) -> None:
        self._set_busy(
            True, _("Applying retention and cleaning the vault; this can take a few minutes…")
        )
        perform(self.session, retention.apply(only=references), self._applied, self._apply_failed)

    def _applied(self, result: ApplyResult) -> None:
        self._set_busy(
            False,
            _(
                "Done: %(a)d anonymised, %(d)d destroyed, %(h)d kept under a legal hold; "
                "%(p)d access-log entries past their period removed."
            )
            % {
                "a": len(result.anonymised),
                "d": len(result.destroyed),
                "h": len(result.held),
                "p": result.log_entries_pruned,
            },
        )
        self.changed.emit()
        self.refresh()

    def _apply_failed(self, error: CareCoordError) -> None:
        self._set_busy(False, "")
        show_error(self, error)
        self.refresh()

    # -- rules -----------------------------------------------------------------------------------
    def change_rules(self) -> RulesDialog | None:
        if self.state is None:
            return None
        dialog = RulesDialog(self.session, self.state.rules, self)
        dialog.saved.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    # -- client requests -------------------------------------------------------------------------
    def show_requests(self, client_reference: str) -> None:
        self.tabs.setCurrentIndex(self.tabs.count() - 1)
        self.client_ref.setText(client_reference)
        self.client_ref.setFocus()

    def _client_reference(self) -> str | None:
        reference = self.client_ref.text().strip()
        if not reference:
            show_error(self, InputRejected(_("Give the client reference first.")))
            return None
        return reference

    def ask_export_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder for the access export"))
        return Path(folder) if folder else None

    def export_subject(self) -> None:
        reference = self._client_reference()
        if reference is None:
            return
        vault_folder = self.session.vault_folder
        if vault_folder is None:
            return
        chosen = choose_output(
            self.ask_export_folder, vault_folder, self.request_status.setText, folder=True
        )
        if chosen is None:
            return
        target, lang = chosen, str(self.export_language.currentData())
        self._set_busy(True, "")
        self.request_status.setText(_("Writing the export…"))
        self.session.run(
            lambda v: SubjectExport(v).write(reference, target, lang),  # type: ignore[arg-type]
            self._exported,
            self._request_failed,
        )

    def _exported(self, files: ExportFiles) -> None:
        self._set_busy(False)
        self.request_status.setText(
            ngettext(
                "Written %(pdf)s and %(json)s to %(folder)s (%(n)d case).",
                "Written %(pdf)s and %(json)s to %(folder)s (%(n)d cases).",
                files.cases,
            )
            % {
                "pdf": files.pdf.name,
                "json": files.json.name,
                "folder": str(files.pdf.parent),
                "n": files.cases,
            }
        )

    def _request_failed(self, error: CareCoordError) -> None:
        self._set_busy(False)
        self.request_status.setText("")
        show_error(self, error)

    def erase_client(self) -> EraseDialog | None:
        reference = self._client_reference()
        if reference is None:
            return None
        dialog = EraseDialog(self.session, reference, self)
        dialog.saved.connect(lambda cases: self._erased(reference, cases))
        dialog.open()
        return dialog

    def _erased(self, reference: str, cases: object) -> None:
        count = len(cases) if isinstance(cases, tuple) else 0
        self.request_status.setText(
            ngettext(
                "Client %(ref)s erased (%(n)d case); see the destruction register.",
                "Client %(ref)s erased (%(n)d cases); see the destruction register.",
                count,
            )
            % {"ref": reference, "n": count}
        )
        self.changed.emit()
        self.refresh()
