"""Settings > Handover: this vault's transfer keys and fingerprint, and the known regions.

Another region is added with its two keys and the fingerprint its coordinator read aloud by
phone; the core refuses a fingerprint that does not match the keys (issue 19).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import CareCoordError
from carecoord.i18n import _
from ui.operations import perform
from ui.operations import transfer as ops
from ui.screen_fit import fit_columns
from ui.session import Session
from ui.widgets import show_error

if TYPE_CHECKING:
    from carecoord.transfer.identity import PublicKeys
    from carecoord.transfer.regions import KnownRegion
    from carecoord.vault import Vault


def _shown(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setReadOnly(True)  # selectable, to copy into a message to the other region
    field.setAccessibleName(name)
    return field


class TransferSettings(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        own = QGroupBox(_("This vault's keys"))
        self.recipient = _shown(_("Recipient"))
        self.signing = _shown(_("Signing key"))
        self.fingerprint = _shown(_("Fingerprint"))
        own_form = QFormLayout(own)
        own_form.addRow(
            QLabel(
                _(
                    "Give these to the other region's coordinator, then read the fingerprint "
                    "aloud to them by phone."
                )
            )
        )
        own_form.addRow(_("Recipient"), self.recipient)
        own_form.addRow(_("Signing key"), self.signing)
        own_form.addRow(_("Fingerprint"), self.fingerprint)

        known = QGroupBox(_("Known regions"))
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(_("Known regions"))
        self.table.setHorizontalHeaderLabels([_("Region"), _("Fingerprint"), _("Confirmed on")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMinimumHeight(120)
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Region name"))
        self.new_recipient = QLineEdit()
        self.new_recipient.setAccessibleName(_("Region's recipient"))
        self.new_recipient.setPlaceholderText("age1…")
        self.new_signing = QLineEdit()
        self.new_signing.setAccessibleName(_("Region's signing key"))
        self.new_fingerprint = QLineEdit()
        self.new_fingerprint.setAccessibleName(_("Fingerprint heard by phone"))
        self.new_fingerprint.setPlaceholderText("ABCD-EFGH-IJKL-MNOP-QRST")
        self.add_button = QPushButton(_("&Add region"))
        self.add_button.clicked.connect(self.add_region)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Message"))
        add_form = QFormLayout()
        for text, field in (
            (_("Region &name"), self.name),
            (_("Re&cipient"), self.new_recipient),
            (_("Signing &key"), self.new_signing),
            (_("Finger&print heard by phone"), self.new_fingerprint),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            add_form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        known_layout = QVBoxLayout(known)
        known_layout.addWidget(self.table)
        known_layout.addLayout(add_form)
        known_layout.addLayout(buttons)
        known_layout.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(own)
        layout.addWidget(known)
        layout.addStretch(1)

    def refresh(self) -> None:
        def load(vault: Vault) -> tuple[PublicKeys, list[KnownRegion]]:
            return ops.own_keys(vault), ops.regions(vault)

        self.session.run(load, self._show, lambda e: show_error(self, e))

    def _show(self, loaded: tuple[PublicKeys, list[KnownRegion]]) -> None:
        keys, regions = loaded
        self.recipient.setText(keys.recipient)
        self.signing.setText(keys.signing)
        self.fingerprint.setText(keys.fingerprint)
        self.table.setRowCount(len(regions))
        for row, region in enumerate(regions):
            for column, text in enumerate(
                (region.name, region.fingerprint, region.confirmed_on.isoformat())
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        fit_columns(self.table)  # within the page's width (issue 17)

    def add_region(self) -> None:
        self.add_button.setEnabled(False)

        def added(_region: object) -> None:
            for field in (self.name, self.new_recipient, self.new_signing, self.new_fingerprint):
                field.clear()
            self.add_button.setEnabled(True)
            self.status.setText(_("The region was added."))
            self.refresh()

        def refused(error: CareCoordError) -> None:
            self.add_button.setEnabled(True)
            self.status.setText(error.message)

        perform(
            self.session,
            ops.add_region(
                self.name.text(),
                self.new_recipient.text(),
                self.new_signing.text(),
                self.new_fingerprint.text(),
            ),
            added,
            refused,
        )
