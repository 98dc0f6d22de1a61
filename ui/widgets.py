"""Small building blocks: labelled form rows, code-list pickers, optional dates, error display.

Every input gets a label buddy (its accessible name and an Alt+letter shortcut) so screens stay
usable by keyboard and screen reader without per-screen care.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QWidget,
)
from shiboken6 import isValid

from carecoord import i18n
from carecoord.domain.codelists import Language, codelist
from carecoord.errors import CareCoordError
from carecoord.i18n import _


def language() -> Language:
    return "en" if i18n.current_language() == "en" else "nl"


def code_label(list_name: str, code: str | None) -> str:
    if not code:
        return ""
    try:
        return codelist(list_name).label(code, language())
    except KeyError:
        return code


def municipality_name(code: str | None) -> str:
    """A municipality as a person reads it: its name, never its CBS code (GM0363)."""
    if not code:
        return ""
    from carecoord.domain.municipalities import municipalities

    found = municipalities().get(code)
    return found.name if found is not None else code


W = TypeVar("W", bound=QWidget)


def add_row(form: QFormLayout, text: str, widget: W) -> W:
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(text.replace("&", ""))
    form.addRow(label, widget)
    return widget


class ChoiceCombo(QComboBox):
    """A required choice that starts on "— choose —": nothing is picked for the coordinator.

    The form refuses to save while a required choice is still open and names the field
    (:func:`missing_choices`). Items carry their value as item data; the placeholder has none.
    """

    def __init__(self, *, required: bool = True, empty_text: str | None = None) -> None:
        super().__init__()
        self.required = required
        # A filter's "—" means "any"; a form's placeholder says a choice is still to be made.
        self.addItem(empty_text if empty_text is not None else _("— choose —"), None)

    def value(self) -> object:
        return self.currentData()

    def set_value(self, value: object) -> None:
        """Select ``value``; None or a value not offered leaves the choice open."""
        index = -1 if value is None else self.findData(value)
        self.setCurrentIndex(max(0, index))


class CodeCombo(ChoiceCombo):
    """Pick one code of a code list; labels in the UI language, the code as item data.

    ``allow_empty``: "—" (or ``empty_text``, e.g. "all phases" for a filter) is a choice of its
    own, so nothing is required."""

    def __init__(
        self,
        list_name: str,
        *,
        allow_empty: bool = False,
        codes: tuple[str, ...] | None = None,
        labels: Mapping[str, str] | None = None,
        empty_text: str | None = None,
    ) -> None:
        super().__init__(
            required=not allow_empty, empty_text=(empty_text or "—") if allow_empty else None
        )
        self.list_name = list_name
        self.set_codes(codes if codes is not None else codelist(list_name).values, labels)

    def set_codes(self, codes: tuple[str, ...], labels: Mapping[str, str] | None = None) -> None:
        """Offer ``codes`` (``labels``: a setting's own names for some of them); the choice made
        stays when it is still offered."""
        chosen = self.code()
        self.blockSignals(True)
        while self.count() > 1:
            self.removeItem(1)
        for code in codes:
            self.addItem((labels or {}).get(code) or code_label(self.list_name, code), code)
        self.blockSignals(False)
        self.set_code(chosen)

    def code(self) -> str | None:
        value = self.currentData()
        return None if value is None else str(value)

    def set_code(self, code: str | None) -> None:
        self.set_value(code)


def missing_choices(root: QWidget) -> list[str]:
    """The names of the required choices under ``root`` that are still open, in form order."""
    return [
        combo.accessibleName()
        for combo in root.findChildren(ChoiceCombo)
        if combo.required
        and combo.isEnabled()
        and combo.isVisibleTo(root)
        and combo.currentData() is None
    ]


class CodeChecklist(QListWidget):
    """Tick several codes (forms of exploitation)."""

    def __init__(self, list_name: str) -> None:
        super().__init__()
        for code in codelist(list_name).values:
            item = QListWidgetItem(code_label(list_name, code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        # As tall as its rows (a short list needs no empty space below), at most 120 px.
        rows = sum(self.sizeHintForRow(i) for i in range(self.count()))
        self.setMaximumHeight(min(120, rows + 2 * self.frameWidth() + 4))

    def codes(self) -> tuple[str, ...]:
        return tuple(
            str(self.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_codes(self, codes: tuple[str, ...]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class OrganisationChecklist(QListWidget):
    """Tick several partner organisations: the participants of a case meeting, the further
    recipients of a consent."""

    def __init__(self, organisations: Sequence[Any]) -> None:
        super().__init__()
        for org in organisations:
            if org.id is None:
                continue
            item = QListWidgetItem(org.name)
            item.setData(Qt.ItemDataRole.UserRole, org.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(150)
        # Organisation names are long ("Categorale Opvang Mensenhandel Midden"): read whole.
        self.setMinimumWidth(self.sizeHintForColumn(0) + 40)

    def chosen(self) -> tuple[int, ...]:
        return tuple(
            int(self.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )


class DateField(QWidget):
    """A date, optionally empty (a checkbox in front says whether it is known)."""

    def __init__(self, *, optional: bool = False, initial: date | None = None) -> None:
        super().__init__()
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        # The language's own order (dd-MM-yyyy in Dutch, from Babel), never ISO.
        self.edit.setDisplayFormat(i18n.date_entry_pattern())
        self.edit.setDate(_qdate(initial or date.today()))
        self.known = QCheckBox(_("known")) if optional else None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.known is not None:
            self.known.setChecked(initial is not None)
            self.known.toggled.connect(self.edit.setEnabled)
            self.edit.setEnabled(initial is not None)
            layout.addWidget(self.known)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
        if self.known is not None:
            self.known.setAccessibleName(name + " " + _("known"))

    def set_value(self, value: date | None) -> None:
        if self.known is not None:
            self.known.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(_qdate(value))

    def value(self) -> date | None:
        if self.known is not None and not self.known.isChecked():
            return None
        q = self.edit.date()
        return date(q.year(), q.month(), q.day())


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def format_date(value: date | None) -> str:
    return "" if value is None else i18n.format_date(value, "medium")


def show_error(parent: QWidget | None, error: CareCoordError) -> None:
    """Errors from the core are one safe sentence; show it, never a traceback.

    Opened, not exec'd: it never blocks the event loop, and a lock closes it like any dialog."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Not done"),
        error.message,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def enable_with_selection(
    view: QAbstractItemView, buttons: Sequence[QWidget], can_run: Callable[[], bool]
) -> Callable[[], None]:
    """Keep ``buttons`` enabled only while ``can_run()`` (usually: a row of ``view`` is chosen),
    asked again whenever the view's current row, its selection or its rows change, so that no
    click ends in "select one first" (issue 17). Returns the check, for other moments."""

    def check(*_args: object) -> None:
        # A view being destroyed still has its model announce the rows it removes.
        if not all(isValid(widget) for widget in (view, *buttons)):
            return
        enabled = can_run()
        for button in buttons:
            button.setEnabled(enabled)

    selection = view.selectionModel()
    selection.currentChanged.connect(check)
    selection.selectionChanged.connect(check)
    model = view.model()
    for changed in (
        model.modelReset,
        model.rowsInserted,
        model.rowsRemoved,
        model.layoutChanged,
        model.dataChanged,  # a page of a paged table arrives after its rows were counted
    ):
        changed.connect(check)
    check()
    return check
