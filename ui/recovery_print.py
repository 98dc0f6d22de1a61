"""Printing the recovery key sheet: rendered in memory as PDF/A by the letters code, printed
through Qt with a neutral job name; nothing is written to disk unless the user chooses a file.

Without a printer the sheet can be saved as a PDF instead, but only after a warning that says
what that file is: the recovery key in clear, enough to open the vault (issue 12). The user
picks the file name; Cancel at either step writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from carecoord.errors import CareCoordError
from carecoord.i18n import _, current_language
from carecoord.letters.model import RecoverySheet
from carecoord.letters.recovery_sheet import render_recovery_sheet
from carecoord.letters.saving import save_document
from ui.output_choice import choose_output, in_documents
from ui.printing import print_with_dialog, printers_available
from ui.widgets import show_error


def recovery_sheet_pdf(recovery_key: str) -> bytes:
    language = "en" if current_language() == "en" else "nl"
    return render_recovery_sheet(
        RecoverySheet(language=language, recovery_key=recovery_key, created_on=date.today())
    )


class KeyFileWarning(QMessageBox):
    """The question asked before the sheet may become a file; Cancel is the default."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            QMessageBox.Icon.Warning,
            _("No printer"),
            _("No printer is installed on this computer, so the recovery sheet cannot be printed.")
            + "\n\n"
            + _(
                "You can save it as a PDF file instead. That file holds the recovery key in"
                " clear: whoever has the file can open the vault and read every record in it."
                " Save it only to print it elsewhere, keep it offline, and delete it once it is"
                " printed."
            ),
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        self.save_button = self.addButton(_("&Save as PDF…"), QMessageBox.ButtonRole.AcceptRole)
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)


# The two questions are functions of their own so that tests can answer them.
def ask_save_instead(parent: QWidget | None) -> bool:
    box = KeyFileWarning(parent)
    box.exec()
    return box.clickedButton() is box.save_button


def ask_sheet_path(parent: QWidget | None) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Save the recovery sheet (the key in clear)"),
        in_documents(_("recovery-key.pdf")),
        "PDF (*.pdf)",
        options=QFileDialog.Option.DontUseNativeDialog,  # keeps it out of OS recent lists
    )
    return Path(path) if path else None


def save_recovery_sheet(
    parent: QWidget | None, pdf: bytes, vault_folder: Path, show: Callable[[str], None]
) -> bool:
    """A place inside the vault is refused (``show`` says why) and the user chooses again."""
    if not ask_save_instead(parent):
        return False
    path = choose_output(lambda: ask_sheet_path(parent), vault_folder, show)
    if path is None:
        return False
    try:
        save_document(pdf, path, vault_folder)
    except CareCoordError as error:
        show_error(parent, error)
        return False
    return True


def print_recovery_sheet(
    recovery_key: str,
    parent: QWidget | None,
    *,
    vault_folder: Path,
    show: Callable[[str], None],
) -> bool:
    """Print the sheet, or without a printer save it where the user chooses; True if done.

    Neither a print-to-file nor a saved sheet ever lands in the vault: ``show`` says so and the
    user is asked again.
    """
    pdf = recovery_sheet_pdf(recovery_key)
    if not printers_available():
        return save_recovery_sheet(parent, pdf, vault_folder, show)
    return bool(print_with_dialog(parent, pdf, vault_folder=vault_folder, show=show))
