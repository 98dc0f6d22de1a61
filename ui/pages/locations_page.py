"""Risicolocaties (issue 18): the register of risk locations, a location's page (its signals,
controls and linked cases by dossier number), and the Regiobeeld tab.

Every read and write goes through ui/operations/locations.py on the vault worker; the store
logs each read (a location can identify a one-person business). Municipalities by name.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.location import LocationDossier, LocationSummary
from carecoord.errors import CareCoordError
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.action import ActionDialog
from ui.dialogs.location import (
    control_dialog,
    location_dialog,
    municipality_choice,
    municipality_name,
)
from ui.empty_state import EmptyState
from ui.operations import Changes, follow, locations
from ui.pages.region_picture import RegionPicture
from ui.screen_fit import fit_columns
from ui.session import Session
from ui.widgets import CodeCombo, code_label, enable_with_selection, format_date, show_error


def table(headers: Sequence[str], name: str) -> QTableWidget:
    view = QTableWidget(0, len(headers))
    view.setHorizontalHeaderLabels(list(headers))
    view.setAccessibleName(name)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    return view


def fill(view: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    view.setRowCount(len(rows))
    for i, values in enumerate(rows):
        for j, text in enumerate(values):
            item = QTableWidgetItem(text)
            if not text:
                item.setData(Qt.ItemDataRole.AccessibleTextRole, _("empty"))
            view.setItem(i, j, item)
    fit_columns(view)  # within the page's width (issue 17)


def codes_text(list_name: str, codes: Sequence[str]) -> str:
    return ", ".join(code_label(list_name, c) for c in codes)


class LocationRegister(QWidget):
    """The register with its filters, and the chosen location's page below it."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.rows: list[LocationSummary] = []
        self.dossier: LocationDossier | None = None
        self.region: tuple[str, ...] = ()
        self.municipality = municipality_choice(required=False)
        self.kind = CodeCombo("location_type", allow_empty=True)
        self.status = CodeCombo("location_status", allow_empty=True)
        self.status.set_code("watch")
        filters = QHBoxLayout()
        for text, widget in (
            (_("&Municipality"), self.municipality),
            (_("&Location type"), self.kind),
            (_("Stat&us"), self.status),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            widget.currentIndexChanged.connect(self.refresh)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        self.list = table(
            [
                _("Reference"),
                _("Name"),
                _("Location type"),
                _("Municipality"),
                _("Sector"),
                _("Status"),
                _("Last seen"),
                _("Last control"),
                _("Signals"),
                _("Controls"),
                _("Cases"),
            ],
            _("Risk locations"),
        )
        self.list.itemSelectionChanged.connect(self._chosen)
        self.new_button = QPushButton(_("&New location…"))
        self.new_button.clicked.connect(self.new_location)
        self.edit_button = QPushButton(_("E&dit location…"))
        self.edit_button.clicked.connect(self.edit_location)
        self.control_button = QPushButton(_("Record &control…"))
        self.control_button.clicked.connect(self.record_control)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.new_button, self.edit_button, self.control_button):
            buttons.addWidget(button)
        # Edit and control act on the chosen location's page (shown once its dossier is read).
        self.check_buttons = enable_with_selection(
            self.list, [self.edit_button, self.control_button], lambda: self.dossier is not None
        )

        self.details = QLabel(_("Choose a location in the register to see its page."))
        self.details.setWordWrap(True)
        self.details.setAccessibleName(_("Location"))
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.signals = table(
            [_("Date"), _("Signaller"), _("Sector"), _("Case")], _("Signals at this location")
        )
        self.controls = table(
            [_("Date"), _("By"), _("Outcome"), _("Follow-up"), _("Reason")],
            _("Controls at this location"),
        )
        self.cases = QLabel()
        self.cases.setWordWrap(True)
        self.cases.setAccessibleName(_("Linked cases"))
        page = QWidget()
        page_layout = QHBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        about = QVBoxLayout()
        about.addWidget(self.details)
        cases_box = QGroupBox(_("Linked cases"))
        QVBoxLayout(cases_box).addWidget(self.cases)
        about.addWidget(cases_box)
        about.addStretch(1)
        page_layout.addLayout(about, 1)
        for title, view, stretch in (
            (_("Signals"), self.signals, 2),
            (_("Controls"), self.controls, 3),
        ):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(view)
            page_layout.addWidget(box, stretch)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(page)
        split.setChildrenCollapsible(False)
        # In place of the register and a location's page while there is none (issue 17).
        self.empty = EmptyState(
            split,
            _(
                "This register holds the places where exploitation is suspected or was found,"
                " such as a holiday park, a nail salon or a farm, with their signals, controls"
                " and linked cases. There are no risk locations yet: add the first one."
            ),
            action=(_("New location…"), self.new_location),
            no_match=_("No risk locations found with these filters."),
            clear=self.clear_filters,
        )
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        follow(self, session, Changes.LOCATIONS | Changes.SETTINGS, self.refresh)

    # -- the register -------------------------------------------------------------------------
    def refresh(self) -> None:
        municipality = self.municipality.value()
        kind, status = self.kind.code(), self.status.code()

        def load(v: Vault) -> tuple[list[LocationSummary], tuple[str, ...], bool]:
            rows = locations.register(
                v,
                municipality=None if municipality is None else str(municipality),
                location_type=kind,
                status=status,
            )
            # Nothing matches: "none yet" or "none with these filters" (issue 17).
            narrowed = bool(rows) or (
                any((municipality, kind, status))
                and bool(locations.register(v, municipality=None, location_type=None, status=None))
            )
            return rows, locations.region(v), narrowed

        self.session.run(load, self._show, self._failed)

    def clear_filters(self) -> None:
        """Every location of the register, whatever its status."""
        for combo in (self.municipality, self.kind, self.status):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.refresh()

    def _show(self, loaded: tuple[list[LocationSummary], tuple[str, ...], bool]) -> None:
        chosen = self.dossier.location.id if self.dossier is not None else None
        self.rows, self.region, narrowed = loaded
        self.empty.show_rows(len(self.rows), narrowed)
        fill(
            self.list,
            [
                (
                    s.location.reference or "",
                    s.location.name,
                    code_label("location_type", s.location.location_type),
                    municipality_name(s.location.municipality),
                    code_label("sector", s.location.sector),
                    code_label("location_status", s.location.status),
                    format_date(s.location.last_seen),
                    format_date(s.last_control),
                    str(s.signals),
                    str(s.controls),
                    str(s.cases),
                )
                for s in self.rows
            ],
        )
        ids = [s.location.id for s in self.rows]
        if chosen in ids:
            self.list.selectRow(ids.index(chosen))
            self.load(chosen)
        else:
            self._clear()

    def _failed(self, error: CareCoordError) -> None:
        show_error(self, error)

    def selected_id(self) -> int | None:
        row = self.list.currentRow()
        if 0 <= row < len(self.rows) and self.list.selectionModel().hasSelection():
            return self.rows[row].location.id
        return None

    def _chosen(self) -> None:
        location_id = self.selected_id()
        if location_id is not None:
            self.load(location_id)

    # -- a location's page --------------------------------------------------------------------
    def load(self, location_id: int | None) -> None:
        if location_id is None:
            return
        self.session.run(
            lambda v: locations.dossier(v, location_id), self.show_dossier, self._failed
        )

    def _clear(self) -> None:
        self.dossier = None
        self.details.setText(_("Choose a location in the register to see its page."))
        fill(self.signals, [])
        fill(self.controls, [])
        self.cases.setText("")
        self.check_buttons()

    def show_dossier(self, dossier: LocationDossier) -> None:
        self.dossier = dossier
        loc = dossier.location
        lines = [
            f"{loc.reference} · {loc.name}",
            f"{code_label('location_type', loc.location_type)} · "
            f"{municipality_name(loc.municipality)} · {code_label('sector', loc.sector)}",
            loc.address or "",
            _("Indicators seen: %(codes)s")
            % {"codes": codes_text("location_indicator", loc.indicators) or "—"},
            _("First seen %(first)s, last seen %(last)s; %(status)s")
            % {
                "first": format_date(loc.first_seen),
                "last": format_date(loc.last_seen),
                "status": code_label("location_status", loc.status),
            },
        ]
        self.details.setText("\n".join(line for line in lines if line))
        fill(
            self.signals,
            [
                (
                    format_date(s.signal_date),
                    code_label("signaller", s.signaller),
                    code_label("sector", s.sector),
                    s.case_reference or _("no known person"),
                )
                for s in dossier.signals
            ],
        )
        fill(
            self.controls,
            [
                (
                    format_date(c.control_date),
                    code_label("control_by", c.control_by),
                    code_label("control_outcome", c.outcome),
                    codes_text("control_follow_up", c.follow_ups),
                    c.reason or "",
                )
                for c in dossier.controls
            ],
        )
        self.cases.setText(", ".join(dossier.case_references) or _("No case is linked."))
        self.check_buttons()

    # -- actions ------------------------------------------------------------------------------
    def new_location(self) -> ActionDialog:
        return location_dialog(self.session, self, None, self.region)

    def _need(self) -> LocationDossier | None:
        # None only while no location is chosen: the buttons that need one are disabled then.
        return self.dossier

    def edit_location(self) -> ActionDialog | None:
        dossier = self._need()
        if dossier is None:
            return None
        return location_dialog(self.session, self, dossier.location, self.region)

    def record_control(self) -> ActionDialog | None:
        dossier = self._need()
        if dossier is None or dossier.location.id is None:
            return None
        return control_dialog(self.session, self, dossier.location.id)


class LocationsPage(QTabWidget):
    """Risicolocaties: the register (with a location's page) and the Regiobeeld."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setAccessibleName(_("Risk locations"))
        self.register = LocationRegister(session)
        self.picture = RegionPicture(session)
        self.addTab(self.register, _("Register"))
        self.addTab(self.picture, _("Regional picture"))
        self.currentChanged.connect(lambda _i: self.refresh())

    def refresh(self) -> None:
        if self.currentWidget() is self.register:
            self.register.refresh()
