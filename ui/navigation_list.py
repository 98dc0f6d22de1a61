"""The workspace's navigation: the pages of ui/navigation.py, each with its icon (issue 17)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QListWidget

from carecoord.i18n import _
from ui.icons import font_square, themed_icon
from ui.navigation import PAGE_ICONS, page_titles


class Navigation(QListWidget):
    """The list of pages, each with its icon beside its title; as wide as icon and longest title
    together, so no title is ever cut ("Verwijzingen" cut off is a page nobody finds). The
    accessible name of an item stays its title: the icon is decoration."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(_("Navigation"))
        # A little air between the rows: ten icons stacked tight read as one column of marks.
        self.setSpacing(2)
        for title in page_titles():
            self.addItem(title)
        self._paint_icons()

    def _paint_icons(self) -> None:
        self.setIconSize(font_square(self))
        palette = self.palette()
        for row, (_title, name) in enumerate(PAGE_ICONS):
            self.item(row).setIcon(themed_icon(name, palette))
        # sizeHintForColumn counts icon, spacing and text; the frame and a few pixels of the
        # focus frame's margin come on top.
        self.setFixedWidth(
            self.sizeHintForColumn(0) + 2 * self.spacing() + 2 * self.frameWidth() + 24
        )

    def changeEvent(self, event: QEvent) -> None:
        # A switch to the dark theme (or another font) repaints the icons in the new colours.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._paint_icons()
        super().changeEvent(event)
