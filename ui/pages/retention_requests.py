"""The client-requests tab of the retention page: a client's requests under the AVG — the
access export (art. 15, a PDF and a JSON file in a chosen folder) and erasure (art. 17)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import CareCoordError
from carecoord.i18n import LANGUAGES, _, language_name_here, ngettext
from carecoord.retention.subject_export import ExportFiles, SubjectExport
from ui.dialogs.retention import EraseDialog
from ui.output_choice import choose_output, documents_folder
from ui.session import Session
from ui.widgets import add_row, language, show_error


class ClientRequestsTab(QWidget):
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
        for code in LANGUAGES:  # named in the screen's language: "Engels" on a Dutch one
            self.export_language.addItem(language_name_here(code), code)
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
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.request_status)
        layout.addStretch(1)
        self.client_ref.textChanged.connect(self.check_buttons)
        self.check_buttons()

    def check_buttons(self, *_args: object) -> None:
        """Export and erase act on the client reference typed: without one they wait."""
        given = bool(self.client_ref.text().strip())
        self.export_button.setEnabled(given)
        self.erase_button.setEnabled(given)

    def _client_reference(self) -> str | None:
        # None only while no reference is typed: the buttons are disabled then.
        return self.client_ref.text().strip() or None

    def ask_export_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Folder for the access export"), documents_folder()
        )
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
        self._set_busy(False, "")
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
        self._set_busy(False, "")
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
        self._changed()
        self._refresh()
