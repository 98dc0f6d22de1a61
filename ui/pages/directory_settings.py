"""Settings kept in the vault: partner organisations, the region, the exit scheme's name."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.referral import Organisation
from carecoord.i18n import _
from carecoord.store.case_store import CaseStore
from carecoord.vault import Vault
from ui.dialogs.action import ActionDialog
from ui.session import Session
from ui.widgets import add_row, show_error


class VaultSettings(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.organisations = QListWidget()
        self.organisations.setAccessibleName(_("Partner organisations"))
        self.add_org = QPushButton(_("&Add organisation…"))
        self.add_org.clicked.connect(self.add_organisation)
        orgs = QGroupBox(_("Partner organisations"))
        ob = QVBoxLayout(orgs)
        ob.addWidget(self.organisations)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_org)
        ob.addLayout(row)

        self.region = QLineEdit()
        self.scheme = QLineEdit()
        self.save = QPushButton(_("&Save region and scheme"))
        self.save.clicked.connect(self.save_settings)
        form_box = QGroupBox(_("Region and exit programme"))
        form = QFormLayout(form_box)
        add_row(form, _("&Region (municipality codes, comma separated)"), self.region)
        add_row(form, _("E&xit programme name"), self.scheme)
        form.addRow(self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(form_box)
        layout.addWidget(orgs, 1)

    def refresh(self) -> None:
        def read(vault: Vault) -> tuple[list[Organisation], tuple[str, ...], str]:
            store = CaseStore.for_vault(vault)
            return (
                store.organisations.all(),
                store.settings.region(),
                store.settings.exit_scheme_name(),
            )

        self.session.run(read, self._show, lambda e: show_error(self, e))

    def _show(self, result: tuple[list[Organisation], tuple[str, ...], str]) -> None:
        organisations, region, scheme = result
        self.organisations.clear()
        for org in organisations:
            self.organisations.addItem(org.name + ("" if org.active else " " + _("(inactive)")))
        self.region.setText(", ".join(region))
        self.scheme.setText(scheme)

    def save_settings(self) -> None:
        codes = [c.strip().upper() for c in self.region.text().split(",") if c.strip()]
        scheme = self.scheme.text()

        def write(vault: Vault) -> None:
            store = CaseStore.for_vault(vault)
            store.settings.set_region(codes)
            store.settings.set_exit_scheme_name(scheme)

        self.session.run(write, lambda _r: self.refresh(), lambda e: show_error(self, e))

    def add_organisation(self) -> ActionDialog:
        name, contact, email, phone = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        address = QPlainTextEdit()

        def build() -> Any:
            org = Organisation(
                name=name.text().strip(),
                contact_person=contact.text().strip() or None,
                email=email.text().strip() or None,
                phone=phone.text().strip() or None,
                address=address.toPlainText().strip() or None,
            )
            return lambda v: CaseStore.for_vault(v).organisations.add(org)

        dialog = ActionDialog(
            self.session,
            _("Partner organisation"),
            [
                (_("&Name"), name),
                (_("&Contact person"), contact),
                (_("&E-mail"), email),
                (_("&Phone"), phone),
                (_("&Address"), address),
            ],
            build,
            self,
        )
        dialog.saved.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog
