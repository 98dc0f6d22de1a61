"""Settings kept in the vault: partner organisations, the region, the exit scheme's name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.codelists import codelist
from carecoord.domain.referral import Organisation
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters.logo import check_logo
from carecoord.letters.model import Letterhead
from carecoord.letters.provider import load_letterhead
from carecoord.vault import Vault
from ui.dialogs.action import ActionDialog
from ui.operations import perform, queries, vault_settings
from ui.operations.store_access import store_of
from ui.output_choice import documents_folder
from ui.region_picker import RegionPicker
from ui.session import Session
from ui.widgets import CodeChecklist, add_row, code_label, enable_with_selection, show_error

Stored = tuple[list[Organisation], tuple[str, ...], str, Letterhead | None]


class VaultSettings(QWidget):
    """Owns two settings tabs: ``region_page`` (region, exit scheme, letterhead) and
    ``organisations_page`` (the partner directory); the settings area shows them."""

    regionChanged = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.organisations = QListWidget()
        self.organisations.setAccessibleName(_("Partner organisations"))
        self.organisations.itemActivated.connect(lambda _item: self.edit_organisation())
        self.add_org = QPushButton(_("&Add organisation…"))
        self.add_org.clicked.connect(self.add_organisation)
        self.edit_org = QPushButton(_("&Change organisation…"))
        self.edit_org.clicked.connect(self.edit_organisation)
        self._organisations: list[Organisation] = []
        enable_with_selection(
            self.organisations,
            [self.edit_org],
            lambda: 0 <= self.organisations.currentRow() < len(self._organisations),
        )
        orgs = QGroupBox(_("Partner organisations"))
        ob = QVBoxLayout(orgs)
        ob.addWidget(self.organisations)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.edit_org)
        row.addWidget(self.add_org)
        ob.addLayout(row)

        self.region = RegionPicker()
        self.scheme = QLineEdit()
        self.save = QPushButton(_("&Save region and scheme"))
        self.save.clicked.connect(self.save_settings)
        form_box = QGroupBox(_("Region and exit programme"))
        form = QFormLayout(form_box)
        add_row(form, _("&Region's municipalities"), self.region.filter)
        form.addRow(self.region)
        add_row(form, _("E&xit programme name"), self.scheme)
        form.addRow(self.save)
        # The regional pilots name the routes differently (issue 15); the codes stay fixed.
        self.route_names = QPushButton(_("Names of the &identification routes…"))
        self.route_names.clicked.connect(self.edit_route_names)
        self.route_names_dialog: ActionDialog | None = None
        form.addRow(self.route_names)

        self.letterhead: dict[str, QLineEdit | QPlainTextEdit] = {
            "organisation": QLineEdit(),
            "department": QLineEdit(),
            "address_lines": QPlainTextEdit(),
            "coordinator_name": QLineEdit(),
            "coordinator_role": QLineEdit(),
            "phone": QLineEdit(),
            "email": QLineEdit(),
        }
        self.letterhead["address_lines"].setMaximumHeight(70)
        head_box = QGroupBox(_("Letterhead for letters"))
        head_form = QFormLayout(head_box)
        for key, label in (
            ("organisation", _("&Organisation")),
            ("department", _("De&partment")),
            ("address_lines", _("Postal &address")),
            ("coordinator_name", _("Coordinator's na&me")),
            ("coordinator_role", _("Ro&le")),
            ("phone", _("Telep&hone")),
            ("email", _("&E-mail")),
        ):
            add_row(head_form, label, self.letterhead[key])
        self.logo = QLabel()
        self.logo.setMinimumHeight(48)
        self.logo_png: bytes | None = None
        self.choose_logo = QPushButton(_("&Choose logo…"))
        self.choose_logo.clicked.connect(self.pick_logo)
        self.remove_logo = QPushButton(_("Remo&ve logo"))
        self.remove_logo.clicked.connect(lambda: self.set_logo(None))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(self.choose_logo)
        logo_row.addWidget(self.remove_logo)
        head_form.addRow(_("Logo"), logo_row)
        self._stored_letterhead: Letterhead | None = None
        self.set_logo(None)
        self.save_head = QPushButton(_("Save le&tterhead"))
        self.save_head.clicked.connect(self.save_letterhead)
        head_form.addRow(self.save_head)

        self.region_page = QWidget()
        column = QVBoxLayout(self.region_page)
        column.addWidget(form_box)
        column.addWidget(head_box)
        column.addStretch(1)
        self.organisations_page = QWidget()
        QVBoxLayout(self.organisations_page).addWidget(orgs)

    def refresh(self) -> None:
        def read(vault: Vault) -> Stored:
            store = store_of(vault)
            return (
                store.organisations.all(),
                store.settings.region(),
                store.settings.exit_scheme_name(),
                load_letterhead(store),
            )

        self.session.run(read, self._show, lambda e: show_error(self.region_page, e))

    def _show(self, result: Stored) -> None:
        organisations, region, scheme, letterhead = result
        self._organisations = organisations
        self._stored_letterhead = letterhead
        self.set_logo(letterhead.logo_png if letterhead is not None else None)
        self.organisations.clear()
        for org in organisations:
            self.organisations.addItem(org.name + ("" if org.active else " " + _("(inactive)")))
        self.region.set_codes(region)
        self.scheme.setText(scheme)
        # What was saved is shown, so saving again never blanks the letterhead.
        for key, widget in self.letterhead.items():
            value = getattr(letterhead, key, None) if letterhead is not None else None
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText("\n".join(value or ()))
            else:
                widget.setText(value or "")

    def edit_route_names(self) -> None:
        self.session.run(
            queries.identification_labels,
            self._route_names_dialog,
            lambda e: show_error(self.region_page, e),
        )

    def _route_names_dialog(self, labels: dict[str, str]) -> None:
        fields: list[tuple[str, QWidget]] = []
        edits: dict[str, QLineEdit] = {}
        for code in codelist("identification_route").values:
            edit = QLineEdit(labels.get(code, ""))
            # Empty: the standard name, shown as the placeholder.
            edit.setPlaceholderText(code_label("identification_route", code))
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 24)
            edits[code] = edit
            fields.append((code_label("identification_route", code), edit))
        dialog = ActionDialog(
            self.session,
            _("Names of the identification routes"),
            fields,
            lambda: vault_settings.set_identification_labels(
                {code: edit.text().strip() for code, edit in edits.items()}
            ),
            self.region_page,
        )
        dialog.open()
        self.route_names_dialog = dialog  # for a test to fill in

    def save_settings(self) -> None:
        codes = list(self.region.codes())
        scheme = self.scheme.text()

        perform(
            self.session,
            vault_settings.set_region_and_scheme(codes, scheme),
            self._region_saved,
            lambda e: show_error(self.region_page, e),
        )

    def _region_saved(self, _result: object) -> None:
        self.regionChanged.emit()
        self.refresh()

    def save_letterhead(self) -> None:
        values: dict[str, Any] = {}
        for key, widget in self.letterhead.items():
            if isinstance(widget, QPlainTextEdit):
                values[key] = tuple(
                    line.strip() for line in widget.toPlainText().splitlines() if line.strip()
                )
            else:
                values[key] = widget.text().strip()
        values["logo_png"] = self.logo_png
        # Fields this screen does not show (signature lines) keep what was stored.
        kept = self._stored_letterhead.model_dump() if self._stored_letterhead else {}
        try:
            letterhead = Letterhead(**{**kept, **values})
        except ValueError:
            show_error(
                self.region_page,
                InputRejected(_("The letterhead has a field that is too long or not valid.")),
            )
            return
        perform(
            self.session,
            vault_settings.set_letterhead(letterhead),
            lambda _r: self.refresh(),
            lambda e: show_error(self.region_page, e),
        )

    # -- logo --------------------------------------------------------------------------------
    def pick_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.region_page, _("Choose a logo"), documents_folder(), _("PNG images (*.png)")
        )
        if not path:
            return
        try:
            data = check_logo(Path(path).read_bytes())
        except OSError:
            show_error(self.region_page, InputRejected(_("The file could not be read.")))
            return
        except InputRejected as exc:
            show_error(self.region_page, exc)
            return
        self.set_logo(data)

    def set_logo(self, data: bytes | None) -> None:
        """Shown here at once; stored in the vault with the letterhead when that is saved."""
        self.logo_png = data
        image = QPixmap()
        if data and image.loadFromData(data):
            self.logo.setPixmap(
                image.scaledToHeight(48, Qt.TransformationMode.SmoothTransformation)
            )
            self.logo.setAccessibleName(_("Logo chosen"))
        else:
            self.logo.clear()
            self.logo.setText(_("No logo"))
            self.logo.setAccessibleName(_("No logo"))
        self.remove_logo.setEnabled(data is not None)

    # -- partner organisations -------------------------------------------------------------
    def add_organisation(self) -> ActionDialog:
        return self._organisation_dialog(None)

    def edit_organisation(self) -> ActionDialog | None:
        row = self.organisations.currentRow()
        if not 0 <= row < len(self._organisations):  # the button is disabled then
            return None
        return self._organisation_dialog(self._organisations[row])

    def _organisation_dialog(self, current: Organisation | None) -> ActionDialog:
        name, contact, email, phone = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        address = QPlainTextEdit()
        services = CodeChecklist("referral_type")
        active = QCheckBox(_("Ac&tive: offered when making referrals"))
        active.setChecked(True)
        if current is not None:
            name.setText(current.name)
            contact.setText(current.contact_person or "")
            email.setText(current.email or "")
            phone.setText(current.phone or "")
            address.setPlainText(current.address or "")
            services.set_codes(current.services)
            active.setChecked(current.active)

        def build() -> Any:
            org = Organisation(
                id=current.id if current is not None else None,
                name=name.text().strip(),
                services=services.codes(),
                contact_person=contact.text().strip() or None,
                email=email.text().strip() or None,
                phone=phone.text().strip() or None,
                address=address.toPlainText().strip() or None,
                active=active.isChecked(),
            )
            if current is None:
                return vault_settings.add_organisation(org)
            return vault_settings.update_organisation(org)

        dialog = ActionDialog(
            self.session,
            _("Partner organisation"),
            [
                (_("&Name"), name),
                (_("&Contact person"), contact),
                (_("&E-mail"), email),
                (_("&Phone"), phone),
                (_("&Address"), address),
                (_("&Services"), services),
                (_("Status"), active),
            ],
            build,
            self.organisations_page,
        )
        dialog.saved.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog
