"""Handing the open case over to another region, and receiving a handover (issue 19).

The hand-over dialog offers the known regions (Settings > Handover adds them after the
fingerprint check), says whether a consent of the client covers the chosen one, else asks for
the written override reason, and saves the sealed package where the user chooses; the printed
summary comes from the same dialog. The receive dialog opens a package (in memory, on the
vault worker), shows its sender with the fingerprint and, for a sender not yet known, receives
only after the coordinator ticked that it matches the one heard by phone.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import CareCoordError
from carecoord.i18n import _, current_language
from carecoord.letters.formatting import long_date
from ui.dialogs.base import no_default_buttons
from ui.operations import perform
from ui.operations import transfer as ops
from ui.output_choice import choose_output
from ui.printing import ask_printer, print_pdf, refused_print_target
from ui.session import Session


class HandOverDialog(QDialog):
    """``handedOver`` carries the case reference once the package is saved (the case closed)."""

    handedOver = Signal(str)

    def __init__(
        self, session: Session, case_id: int, case_reference: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id = case_id
        self.case_reference = case_reference
        self.choices: list[ops.RegionChoice] = []
        self.setWindowTitle(_("Hand over to another region"))
        self.setMinimumWidth(720)
        intro = QLabel(
            _(
                "The case is sealed for the chosen region's vault: only that vault can open it. "
                "Once the package is saved, the case is closed here (transferred to another "
                "region)."
            )
        )
        intro.setWordWrap(True)
        self.region = QComboBox()
        self.region.setAccessibleName(_("Receiving region"))
        self.region.currentIndexChanged.connect(self._region_chosen)
        self.consent = QLabel()
        self.consent.setWordWrap(True)
        self.consent.setAccessibleName(_("Consent"))
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(_("Override reason"))
        self.reason.setPlaceholderText(
            _("Why the case is handed over without the client's consent (at least 20 characters)")
        )
        self.reason.setMaximumHeight(80)
        self.reason_label = QLabel(_("Override &reason"))
        self.reason_label.setBuddy(self.reason)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Message"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_button = self.buttons.addButton(
            _("&Seal and save…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button = self.buttons.addButton(
            _("&Print summary…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_summary_button = self.buttons.addButton(
            _("Save s&ummary as…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.send_button.clicked.connect(self.send)
        self.print_button.clicked.connect(self.print_summary)
        self.save_summary_button.clicked.connect(self.save_summary)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        region_label = QLabel(_("Receiving re&gion"))
        region_label.setBuddy(self.region)
        form.addRow(region_label, self.region)
        # A whole row: the sentence wraps over the dialog's width, not the field column's.
        form.addRow(self.consent)
        form.addRow(self.reason_label, self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        no_default_buttons(self)
        self._enable(False)
        self.session.run(lambda v: ops.region_choices(v, case_id), self._loaded, self._refused)

    def _loaded(self, choices: list[ops.RegionChoice]) -> None:
        self.choices = choices
        self.region.clear()
        for choice in choices:
            self.region.addItem(choice.name, choice.recipient)
        if not choices:
            self.status.setText(
                _(
                    "No region is known yet. Add the other region's keys under Settings > "
                    "Handover, after checking its fingerprint by phone."
                )
            )
        self._enable(bool(choices))
        self._region_chosen()

    def _choice(self) -> ops.RegionChoice | None:
        index = self.region.currentIndex()
        return self.choices[index] if 0 <= index < len(self.choices) else None

    def _region_chosen(self) -> None:
        choice = self._choice()
        covered = choice is not None and choice.consent_given_on is not None
        if choice is None:
            self.consent.setText("")
        elif choice.consent_given_on is not None:
            self.consent.setText(
                _("The client's consent of %(date)s covers this handover.")
                % {
                    "date": long_date(
                        choice.consent_given_on, "en" if current_language() == "en" else "nl"
                    )
                }
            )
        else:
            self.consent.setText(
                _(
                    "No valid consent of the client covers a handover to this region. Record "
                    "it on the Consents tab, or give a written override reason."
                )
            )
        self.reason.setEnabled(choice is not None and not covered)

    def _enable(self, enabled: bool) -> None:
        for button in (self.send_button, self.print_button, self.save_summary_button):
            button.setEnabled(enabled)

    def _refused(self, error: CareCoordError) -> None:
        self._enable(bool(self.choices))
        self.status.setText(error.message)

    def override_reason(self) -> str | None:
        choice = self._choice()
        if choice is not None and choice.consent_given_on is not None:
            return None
        text = self.reason.toPlainText().strip()
        return text or None

    # Tests replace these with stubs.
    def ask_save_path(self, title: str, suggested: str, kind: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self, title, suggested, kind, options=QFileDialog.Option.DontUseNativeDialog
        )
        return Path(path) if path else None

    def ask_printer(self) -> QPrinter | None:
        return ask_printer(self, _("Use “Save summary as…” to keep the summary as a PDF file."))

    def _destination(self, title: str, suggested: str, kind: str) -> Path | None:
        vault_folder = self.session.vault_folder
        if vault_folder is None:
            return None
        return choose_output(
            lambda: self.ask_save_path(title, suggested, kind), vault_folder, self.status.setText
        )

    def send(self) -> None:
        choice = self._choice()
        if choice is None:
            return
        path = self._destination(
            _("Save handover package"), f"overdracht-{self.case_reference}.age", "age (*.age)"
        )
        if path is None:
            return
        self._enable(False)
        self.status.setText(_("Sealing the case…"))

        def sent(_result: object) -> None:
            self.handedOver.emit(self.case_reference)
            self.accept()

        perform(
            self.session,
            ops.send(self.case_reference, choice.recipient, path, self.override_reason()),
            sent,
            self._refused,
        )

    def save_summary(self) -> None:
        choice = self._choice()
        if choice is None:
            return
        path = self._destination(
            _("Save handover summary"), f"overdracht-{self.case_reference}.pdf", "PDF (*.pdf)"
        )
        if path is None:
            return
        self._enable(False)
        perform(
            self.session,
            ops.summary(self.case_reference, choice.recipient, save_to=path, printing=False),
            lambda _r: self._summary_done(),
            self._refused,
        )

    def print_summary(self) -> None:
        choice = self._choice()
        if choice is None:
            return
        while True:
            printer = self.ask_printer()
            if printer is None:
                return
            refused = refused_print_target(printer, self.session.vault_folder)
            if refused is None:
                break
            self.status.setText(refused)
        self._enable(False)

        def printed(result: object) -> None:
            print_pdf(result.pdf, printer)  # type: ignore[attr-defined]
            self._summary_done()

        perform(
            self.session,
            ops.summary(self.case_reference, choice.recipient, save_to=None, printing=True),
            printed,
            self._refused,
        )

    def _summary_done(self) -> None:
        self._enable(True)
        self.status.setText(_("The handover summary is ready."))


class ReceiveDialog(QDialog):
    """``received`` carries the new case's id."""

    received = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.path: Path | None = None
        self.package_sender: ops.PackageSender | None = None
        self.setWindowTitle(_("Receive a handover"))
        self.setMinimumWidth(560)
        intro = QLabel(
            _(
                "Choose the package another region sealed for this vault. It is opened in "
                "memory; the case is added under a new reference."
            )
        )
        intro.setWordWrap(True)
        self.sender_label = QLabel()
        self.sender_label.setWordWrap(True)
        self.sender_label.setAccessibleName(_("Sender"))
        self.fingerprint = QLabel()
        self.fingerprint.setAccessibleName(_("Fingerprint"))
        font = self.fingerprint.font()
        font.setFamily("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.fingerprint.setFont(font)
        self.confirmed = QCheckBox(
            _("&This is the fingerprint the sender's coordinator read to me by phone")
        )
        self.confirmed.setVisible(False)
        self.confirmed.toggled.connect(self._update)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Message"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.choose_button = self.buttons.addButton(
            _("&Choose file…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.receive_button = self.buttons.addButton(
            _("&Receive"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.choose_button.clicked.connect(self.choose)
        self.receive_button.clicked.connect(self.receive)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Sender"), self.sender_label)
        form.addRow(_("Fingerprint"), self.fingerprint)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.confirmed)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        no_default_buttons(self)
        self._update()

    def ask_open_path(self) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open handover package"),
            "",
            "age (*.age);;* (*)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        return Path(path) if path else None

    def choose(self) -> None:
        path = self.ask_open_path()
        if path is None:
            return
        self.open_package(path)

    def open_package(self, path: Path) -> None:
        self.path, self.package_sender = path, None
        self.sender_label.setText("")
        self.fingerprint.setText("")
        self.confirmed.setChecked(False)
        self._update()
        perform(self.session, ops.sender_of(path), self._opened, self._refused)

    def _opened(self, sender: ops.PackageSender) -> None:
        self.package_sender = sender
        known = _("a known region") if sender.known else _("not yet known: check the fingerprint")
        self.sender_label.setText(f"{sender.region} ({known})")
        self.fingerprint.setText(sender.fingerprint)
        self.status.setText("")
        self._update()

    def _refused(self, error: CareCoordError) -> None:
        self.status.setText(error.message)
        self._update()

    def _update(self) -> None:
        sender = self.package_sender
        self.confirmed.setVisible(sender is not None and not sender.known)
        self.receive_button.setEnabled(
            sender is not None and (sender.known or self.confirmed.isChecked())
        )

    def receive(self) -> None:
        sender, path = self.package_sender, self.path
        if sender is None or path is None:
            return
        if not sender.known and not self.confirmed.isChecked():
            return
        self.receive_button.setEnabled(False)

        def done(result: object) -> None:
            self.received.emit(int(result.case_id))  # type: ignore[attr-defined]
            self.accept()

        perform(
            self.session,
            ops.receive(path, None if sender.known else sender.fingerprint),
            done,
            self._refused,
        )
