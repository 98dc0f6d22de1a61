"""Referral letter: tick what may be printed (initials only by default), look at it, then print
or save.

First of all the dialog checks the letterhead and the recipient's address (both in Settings; the
message names the tab) and offers nothing else until they are there. The letter is shown in the
dialog (ui/pdf_preview.py) from memory. Rendering, archiving in the vault and logging run on the
vault worker; printing paints the in-memory PDF onto the printer (no temporary file); saving
writes only where the user chose.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import CareCoordError
from carecoord.i18n import LANGUAGES, _, current_language, language_name_here
from carecoord.letters.issue import IssuedLetter, issue_letter, preview_letter
from carecoord.letters.model import Language, Selection
from carecoord.letters.provider import letter_blocker
from ui.dialogs.base import no_default_buttons
from ui.output_choice import choose_output, in_documents
from ui.pdf_preview import PdfPreview
from ui.printing import ask_printer, print_pdf, refused_print_target
from ui.screen_fit import VerticalScroll, fit_to_screen
from ui.session import Session


class LetterDialog(QDialog):
    def __init__(
        self,
        session: Session,
        referral_id: int,
        parent: QWidget | None = None,
        *,
        attention: list[tuple[int, str]] | None = None,
    ) -> None:
        """``attention``: (contact id, text) of the case's contacts the letter may be addressed
        to ("t.a.v."); none chosen, the directory's contact person of the organisation."""
        super().__init__(parent)
        self.session = session
        self.referral_id = referral_id
        self.setWindowTitle(_("Referral letter"))
        intro = QLabel(
            _(
                "By default the letter names the client by initials only. Tick what the "
                "receiving organisation needs; share no more than that."
            )
        )
        intro.setWordWrap(True)
        self.ticks = {
            "full_name": QCheckBox(_("Full &name")),
            "birth_date": QCheckBox(_("&Birth date")),
            "language": QCheckBox(_("&Language")),
            "interpreter": QCheckBox(_("&Interpreter needed")),
            "status_dates": QCheckBox(_("&Status dates")),
            "safety_notes": QCheckBox(_("Sa&fety notes")),
            "shelter_address": QCheckBox(_("Secret shelter &address (only if unavoidable)")),
        }
        self.language = QComboBox()
        for code in LANGUAGES:  # named in the screen's language: "Engels" on a Dutch one
            self.language.addItem(language_name_here(code), code)
        self.language.setCurrentIndex(1 if current_language() == "en" else 0)
        self.language.setAccessibleName(_("Letter language"))
        self.attention = QComboBox()
        self.attention.addItem(_("the organisation's contact person (directory)"), None)
        for contact_id, text in attention or []:
            self.attention.addItem(text, contact_id)
        self.attention.setAccessibleName(_("For the attention of"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Message"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = self.buttons.addButton(
            _("&Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button = self.buttons.addButton(
            _("Sa&ve as…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_letter)
        self.buttons.rejected.connect(self.reject)
        # What stops the letter (letterhead, recipient's address), said before anything else.
        self.blocker = QLabel()
        self.blocker.setWordWrap(True)
        self.blocker.setAccessibleName(_("What the letter still needs"))
        font = self.blocker.font()
        font.setBold(True)
        self.blocker.setFont(font)
        self.blocker.hide()
        self.preview = PdfPreview(self)
        self.preview_button = QPushButton(_("Sho&w preview"))
        self.preview_button.clicked.connect(self.show_preview)
        self.ready = False
        form = QFormLayout()
        language_label = QLabel(_("Language of the le&tter"))
        language_label.setBuddy(self.language)
        form.addRow(language_label, self.language)
        attention_label = QLabel(_("For the attention &of"))
        attention_label.setBuddy(self.attention)
        form.addRow(attention_label, self.attention)
        options = QVBoxLayout()
        options.addWidget(intro)
        for box in self.ticks.values():
            box.toggled.connect(self._changed)
            options.addWidget(box)
        options.addLayout(form)
        options.addWidget(self.preview_button)
        options.addStretch(1)
        self.language.currentIndexChanged.connect(self._changed)
        self.attention.currentIndexChanged.connect(self._changed)
        # The ticks scroll where the screen is low (1280×720 at 125 %, issue 17), so that the
        # message under them is never squeezed to a cut-off line.
        options_area = QWidget()
        options_area.setLayout(options)
        columns = QHBoxLayout()
        columns.addWidget(VerticalScroll(options_area), 2)
        columns.addWidget(self.preview, 3)
        layout = QVBoxLayout(self)
        # Full width, so that a long message wraps to as many lines as it needs.
        layout.addWidget(self.blocker)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        # Enter on a tick box must not print or save the letter: no button answers Enter.
        no_default_buttons(self)
        # Room for the page beside the ticks, within 1366×768; less on a smaller screen.
        fit_to_screen(self, 1100, 680)
        self._enable(False)
        self.check()

    def _enable(self, ready: bool) -> None:
        self.ready = ready
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(ready)

    def check(self) -> None:
        """Letterhead and recipient first (on the worker); then the letter is shown."""
        rid = str(self.referral_id)
        self.session.run(
            self.session.vault_and_store_job(lambda _v, store: letter_blocker(store, rid) or ""),
            self._checked,
            self._refused,
        )

    def _checked(self, blocker: str) -> None:
        self.blocker.setText(blocker)
        self.blocker.setVisible(bool(blocker))
        self._enable(not blocker)
        if blocker:
            self.preview.clear(
                _("The letter can be shown once the letterhead and the recipient are complete.")
            )
        else:
            self.show_preview()

    def _changed(self, *_args: object) -> None:
        """A tick or the language changed: the page shown is no longer the letter."""
        if self.ready:
            self.preview.clear(
                _("Changed: choose “%(button)s” to see the letter as it is now.")
                % {"button": self.preview_button.text().replace("&", "")}
            )

    def show_preview(self) -> None:
        rid, lang, selection = str(self.referral_id), self.letter_language(), self.selection()
        contact = self.attention_contact()
        self._busy(True)

        def shown(pdf: bytes) -> None:
            self._busy(False)
            self.preview.show_pdf(pdf)

        self.session.run(
            self.session.vault_and_store_job(
                lambda v, store: preview_letter(
                    v,
                    store,
                    rid,
                    language=lang,
                    selection=selection,
                    attention_contact_id=contact,
                )
            ),
            shown,
            self._refused,
        )

    def selection(self) -> Selection:
        return Selection(**{name: box.isChecked() for name, box in self.ticks.items()})

    def attention_contact(self) -> int | None:
        value = self.attention.currentData()
        return None if value is None else int(value)

    def letter_language(self) -> Language:
        return "en" if self.language.currentData() == "en" else "nl"

    # Tests replace these two with stubs.
    def ask_printer(self) -> QPrinter | None:
        save_as = self.save_button.text().replace("&", "")
        return ask_printer(
            self, _("Use “%(button)s” to keep the letter as a PDF file.") % {"button": save_as}
        )

    def ask_save_path(self, suggested: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save letter"),
            in_documents(suggested),
            "PDF (*.pdf)",
            options=QFileDialog.Option.DontUseNativeDialog,  # keeps it out of OS recent lists
        )
        return Path(path) if path else None

    def _busy(self, busy: bool) -> None:
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(self.ready and not busy)
        self.status.setText(_("Preparing the letter…") if busy else "")

    def _refused(self, error: CareCoordError) -> None:
        self._busy(False)
        self.status.setText(error.message)
        self.preview.clear(_("The letter cannot be shown: see the message below."))

    def print_letter(self) -> None:
        while True:
            printer = self.ask_printer()
            if printer is None:
                return
            refused = refused_print_target(printer, self.session.vault_folder)
            if refused is None:
                break
            self.status.setText(refused)  # printing to a file inside the vault: choose again
        rid, lang, selection = str(self.referral_id), self.letter_language(), self.selection()
        contact = self.attention_contact()
        self._busy(True)

        def printed(letter: IssuedLetter) -> None:
            print_pdf(letter.pdf, printer)
            self._busy(False)
            self.accept()

        self.session.run(
            self.session.vault_and_store_job(
                lambda v, store: issue_letter(
                    v,
                    store,
                    rid,
                    language=lang,
                    selection=selection,
                    printing=True,
                    attention_contact_id=contact,
                )
            ),
            printed,
            self._refused,
        )

    def save_letter(self) -> None:
        vault_folder = self.session.vault_folder
        if vault_folder is None:
            return
        path = choose_output(
            lambda: self.ask_save_path(f"verwijzing-{self.referral_id}.pdf"),
            vault_folder,
            self.status.setText,
        )
        if path is None:
            return
        rid, lang, selection = str(self.referral_id), self.letter_language(), self.selection()
        contact = self.attention_contact()
        self._busy(True)
        self.session.run(
            self.session.vault_and_store_job(
                lambda v, store: issue_letter(
                    v,
                    store,
                    rid,
                    language=lang,
                    selection=selection,
                    save_to=path,
                    attention_contact_id=contact,
                )
            ),
            lambda _letter: self.accept(),
            self._refused,
        )
