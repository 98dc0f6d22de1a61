"""Pick the region's municipalities by name: a filter, a ticked list, and a shortcut that ticks
every municipality of a safety region (care coordination regions mostly follow them)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.municipalities import (
    municipalities,
    municipalities_in_safety_region,
    safety_regions,
)
from carecoord.i18n import _, ngettext


class RegionPicker(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Type part of a name"))
        self.filter.setAccessibleName(_("Find a municipality"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Municipalities of the region"))
        self.list.setMinimumHeight(160)
        for code, municipality in sorted(municipalities().items(), key=lambda kv: kv[1].name):
            item = QListWidgetItem(municipality.name)  # the name: a CBS code means nothing
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _i: self._count())
        self.safety_region = QComboBox()
        self.safety_region.setAccessibleName(_("Safety region"))
        for code, region in sorted(safety_regions().items(), key=lambda kv: kv[1].name):
            self.safety_region.addItem(region.name, code)
        self.tick_region = QPushButton(_("Tic&k all its municipalities"))
        self.tick_region.clicked.connect(self.tick_safety_region)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        row = QHBoxLayout()
        safety_label = QLabel(_("Safet&y region"))
        safety_label.setBuddy(self.safety_region)
        row.addWidget(safety_label)
        row.addWidget(self.safety_region, 1)
        row.addWidget(self.tick_region)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        self._count()

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for item in self._items():
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _count(self) -> None:
        """The ticked ones are named under the list, so they show without scrolling."""
        codes = self.codes()
        known = municipalities()
        names = ", ".join(sorted(known[c].name for c in codes if c in known))
        n = len(codes)
        text = ngettext("%(n)d municipality ticked", "%(n)d municipalities ticked", n) % {"n": n}
        self.summary.setText(f"{text}: {names}" if names else text)

    def codes(self) -> tuple[str, ...]:
        return tuple(
            sorted(
                str(item.data(Qt.ItemDataRole.UserRole))
                for item in self._items()
                if item.checkState() == Qt.CheckState.Checked
            )
        )

    def set_codes(self, codes: Iterable[str]) -> None:
        wanted = set(codes)
        self.list.blockSignals(True)
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._count()

    def tick_safety_region(self) -> None:
        region = self.safety_region.currentData()
        self.set_codes(set(self.codes()) | set(municipalities_in_safety_region(str(region))))
