"""Import cases from a CSV or XLSX file: all rows or none, with progress, and every problem listed
when the file is refused (nothing is written then)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import CareCoordError, InputRejected, printable
from carecoord.i18n import _, ngettext
from ui.operations import cases, perform
from ui.output_choice import documents_folder
from ui.session import Session


class _Progress(QObject):
    """Emitted on the vault worker, delivered on the GUI thread (queued, ints only)."""

    advanced = Signal(int, int)  # stage (0 checked, 1 written), rows so far


class ImportDialog(QDialog):
    finished_import = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Import cases"))
        self.explain = QLabel(
            _(
                "A CSV (UTF-8, with a header) or XLSX file with one row per case. All rows are "
                "imported or none: if any row is wrong, nothing is written and the problems are listed."
            )
        )
        self.explain.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setAccessibleName(_("Progress"))
        self.bar.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Message"))
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(_("Problems in the file"))
        self.problems.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.choose = self.buttons.addButton(
            _("&Choose file…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.choose.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self.progress = _Progress(self)
        self.progress.advanced.connect(self._advanced)
        layout = QVBoxLayout(self)
        for widget in (self.explain, self.bar, self.status, self.problems, self.buttons):
            layout.addWidget(widget)

    def ask_file(self) -> Path | None:
        """Tests replace this."""
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import cases"),
            documents_folder(),
            "CSV, XLSX (*.csv *.xlsx)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        return Path(path) if path else None

    def start(self) -> None:
        path = self.ask_file()
        if path is None:
            return
        relay = self.progress
        self.choose.setEnabled(False)
        self.problems.hide()
        self.bar.show()
        self.status.setText(_("Checking every row…"))

        job = cases.import_file(
            path, lambda stage, rows: relay.advanced.emit(int(stage == "written"), rows)
        )
        perform(self.session, job, self._done, self._refused)

    def _advanced(self, stage: int, rows: int) -> None:
        if stage:
            text = ngettext("%(n)d row written…", "%(n)d rows written…", rows)
        else:
            text = ngettext("%(n)d row checked…", "%(n)d rows checked…", rows)
        self.status.setText(text % {"n": rows})

    def _done(self, count: int) -> None:
        self.bar.hide()
        self.choose.setEnabled(True)
        self.status.setText(
            ngettext("%(n)d case imported.", "%(n)d cases imported.", count) % {"n": count}
        )
        self.finished_import.emit(count)

    def _refused(self, error: CareCoordError) -> None:
        self.bar.hide()
        self.choose.setEnabled(True)
        # Control characters escaped, as on the command line (errors.printable).
        self.status.setText(printable(error.message))
        problems = error.problems if isinstance(error, InputRejected) else []
        if problems:
            self.problems.setPlainText("\n".join(printable(p) for p in problems))
            self.problems.show()
