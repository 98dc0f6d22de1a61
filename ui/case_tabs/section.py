"""The common shape of a case section: a list with action buttons under it, and the helpers its
actions share (the open case, a form dialog, an error message, the partner organisations)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QPushButton, QVBoxLayout, QWidget

from carecoord.domain.casefile import CaseFile
from carecoord.errors import CareCoordError
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.action import ActionDialog
from ui.flow_layout import wrapping_row
from ui.operations.store_access import store_of
from ui.session import Session
from ui.widgets import ChoiceCombo, show_error

# The open case as the case view holds it; raises InputRejected when none is open.
NeedCase = Callable[[], tuple[int, CaseFile]]


class Section(QWidget):
    """A list of items with action buttons under it."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setAccessibleName(title)
        # A long line wraps instead of scrolling the list sideways (issue 17).
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Wraps onto more rows where the section is narrow (the permits' seven buttons were
        # wider than a 1024-pixel screen at 125 %, issue 17).
        self.buttons = wrapping_row()
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(self.buttons)
        # Buttons enabled only while their action can run (an item is selected, the case has
        # what the action needs), so that no click ends in "select one first" (issue 17).
        self.conditional_buttons: list[tuple[QPushButton, Callable[[], bool]]] = []
        # The section's first button, named by an empty list as the way to begin (issue 17).
        self.first_action: QPushButton | None = None
        self.list.currentItemChanged.connect(self._selection_changed)

    def button(
        self,
        text: str,
        slot: Callable[[], object],
        *,
        needs_selection: bool = False,
        enabled_when: Callable[[], bool] | None = None,
    ) -> QPushButton:
        """An action button; ``needs_selection``: enabled while an item is selected;
        ``enabled_when``: enabled while it answers True (asked at each selection and fill)."""
        button = QPushButton(text)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        if self.first_action is None:
            self.first_action = button
        if enabled_when is None and needs_selection:
            enabled_when = lambda: self.selected() is not None  # noqa: E731
        if enabled_when is not None:
            self.conditional_buttons.append((button, enabled_when))
            button.setEnabled(enabled_when())
        return button

    def _selection_changed(self, *_items: object) -> None:
        for button, can_run in self.conditional_buttons:
            button.setEnabled(can_run())

    def fill(self, lines: list[str], data: list[Any] | None = None) -> None:
        self.list.clear()
        for i, line in enumerate(lines):
            self.list.addItem(line)
            if data is not None:
                self.list.item(i).setData(256, data[i])
        if not lines:
            self.list.addItem(self.empty_text())
            # Read (and reached by the arrows) but never chosen: it is not an item to act on.
            self.list.item(0).setFlags(Qt.ItemFlag.ItemIsEnabled)
        self._selection_changed()

    def empty_text(self) -> str:
        """What an empty list says: nothing yet, and the button that records the first."""
        if self.first_action is None:
            return _("Nothing recorded yet.")
        return _("Nothing recorded yet. To record the first, choose “%(action)s” below.") % {
            "action": self.first_action.text().replace("&", "")
        }

    def selected(self) -> Any | None:
        item = self.list.currentItem()
        return None if item is None else item.data(256)


class CaseSection(Section):
    """A section of the open case; the view shows each loaded case file in it (show_case)."""

    def __init__(self, title: str, session: Session, need: NeedCase) -> None:
        super().__init__(title)
        self.session = session
        # Asked at the moment of an action, so it always names the case the view has open.
        self._need = need

    def show_case(self, case: CaseFile) -> None:
        raise NotImplementedError

    def _failed(self, error: CareCoordError) -> None:
        show_error(self, error)

    def _dialog(
        self,
        title: str,
        fields: list[tuple[str, QWidget]],
        build: Callable[[], Callable[[Vault], Any]],
    ) -> ActionDialog:
        # No reload when saved: the operation's change reloads the view (follow, in CaseView).
        dialog = ActionDialog(self.session, title, fields, build, self)
        dialog.open()
        return dialog

    def _with_organisations(self, then: Callable[[list[Any]], None]) -> None:
        self.session.run(
            lambda v: store_of(v).organisations.all(active_only=True), then, self._failed
        )


def organisation_combo(organisations: list[Any]) -> ChoiceCombo:
    # No organisation is picked for the coordinator: a consent or referral names one.
    combo = ChoiceCombo()
    for org in organisations:
        combo.addItem(org.name, org.id)
    return combo
