"""The row above a statistics release (the Statistics page, the Regiobeeld): year, quarter,
Preview and Export…, then the question for a folder outside the vault and the "exported" line.

The page computes its preview; the bar only says which period, keeps the buttons in step with
the work on the vault worker, and exports the release the page shows (on the worker too).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from carecoord.errors import CareCoordError
from carecoord.i18n import _, ngettext
from carecoord.stats.export import ExportResult
from carecoord.stats.period import MAX_YEAR, MIN_YEAR, Period
from carecoord.stats.release import Release
from carecoord.vault import Vault
from ui.output_choice import choose_output, documents_folder
from ui.session import Session

ExportJob = Callable[[Vault, Release, Path], ExportResult]


class PeriodExportBar(QWidget):
    """``say`` puts a sentence where the page says how things stand (its summary line)."""

    def __init__(
        self,
        session: Session,
        *,
        preview: Callable[[], None],
        export_job: ExportJob,
        say: Callable[[str], None],
        year_first: bool = True,
        export_text: str = "",
    ) -> None:
        super().__init__()
        self.session = session
        self.export_job = export_job
        self.say = say
        self.year = QSpinBox()
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.year.setValue(date.today().year - 1)
        self.quarter = QComboBox()
        quarters = [(_("quarter %(q)d") % {"q": q}, q) for q in range(1, 5)]
        whole: list[tuple[str, int | None]] = [(_("whole year"), None)]
        for text, data in [*whole, *quarters] if year_first else [*quarters, *whole]:
            self.quarter.addItem(text, data)
        self.preview_button = QPushButton(_("&Preview"))
        self.preview_button.clicked.connect(preview)
        self.export_button = QPushButton(export_text or _("&Export…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._export_clicked)
        self.release: Release | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for text, widget in ((_("&Year"), self.year), (_("&Quarter"), self.quarter)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            row.addWidget(label)
            row.addWidget(widget)
        row.addWidget(self.preview_button)
        row.addWidget(self.export_button)
        row.addStretch(1)

    def period(self) -> Period:
        quarter = self.quarter.currentData()
        return Period(year=self.year.value(), quarter=None if quarter is None else int(quarter))

    def busy(self, message: str = "") -> None:
        """Work on the vault worker started: nothing to press until it is done."""
        self.preview_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.say(message or _("Computing the tables and their protection…"))

    def ready(self, release: Release | None) -> None:
        """The page shows ``release``: exportable only when its audit passed."""
        self.release = release
        self.preview_button.setEnabled(True)
        self.export_button.setEnabled(release is not None and release.audit_ok)

    def failed(self, error: CareCoordError) -> None:
        self.preview_button.setEnabled(True)
        self.say(error.message)

    def ask_folder(self) -> Path | None:
        """Tests replace this."""
        folder = QFileDialog.getExistingDirectory(
            self, _("Export to folder"), documents_folder(), QFileDialog.Option.DontUseNativeDialog
        )
        return Path(folder) if folder else None

    def _export_clicked(self) -> None:
        self.export(self.release)

    def export(self, release: Release | None) -> None:
        vault_folder = self.session.vault_folder
        if release is None or vault_folder is None:
            return
        # Refused inside the vault and asked again, before anything goes to the worker.
        folder = choose_output(self.ask_folder, vault_folder, self.say, folder=True)
        if folder is None:
            return
        self.export_button.setEnabled(False)
        job = self.export_job
        self.session.run(lambda v: job(v, release, folder), self._exported, self.failed)

    def _exported(self, result: ExportResult) -> None:
        self.say(
            ngettext(
                "Exported %(n)d file to the chosen folder (export %(id)s).",
                "Exported %(n)d files to the chosen folder (export %(id)s).",
                len(result.files),
            )
            % {"n": len(result.files), "id": result.export_id}
        )
