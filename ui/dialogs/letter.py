"""Referral letter: tick what may be printed (initials only by default), then print or save.

Rendering, archiving in the vault and logging run on the vault worker; printing paints the
in-memory PDF onto the printer (no temporary file); saving writes only where the user chose.
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
    QLabel,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import CareCoordError
from carecoord.i18n import _, current_language
from carecoord.letters.issue import IssuedLetter, issue_letter
from carecoord.letters.model import Language, Selection
from ui.dialogs.base import no_default_buttons
from ui.output_choice import choose_output, in_documents
from ui.printing import ask_printer, print_pdf, refused_print_target
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
        self.language.addItem("Nederlands", "nl")
        self.language.addItem("English", "en")
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
        form = QFormLayout()
        language_label = QLabel(_("Language of the le&tter"))
        language_label.setBuddy(self.language)
        form.addRow(language_label, self.language)
        attention_label = QLabel(_("For the attention &of"))
        attention_label.setBuddy(self.attention)
        form.addRow(attention_label, self.attention)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for box in self.ticks.values():
            layout.addWidget(box)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        # Enter on a tick box must not print or save the letter: no button answers Enter.
        no_default_buttons(self)

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
        self.print_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)
        self.status.setText(_("Preparing the letter…") if busy else "")

    def _refused(self, error: CareCoordError) -> None:
        self._busy(False)
        self.status.setText(error.message)

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
