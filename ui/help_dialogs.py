"""Help menu: the keyboard shortcuts at a glance (F1), and which version this is."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from carecoord import __version__
from carecoord.i18n import _


def shortcuts() -> list[tuple[str, str]]:
    return [
        ("Ctrl+N", _("New case")),
        ("Ctrl+F", _("Search cases by name, reference or note")),
        ("Enter", _("Open the selected case, referral or deadline")),
        ("Ctrl+1 … Ctrl+9, Ctrl+0", _("Go to a page, in the order of the navigation list")),
        ("F5", _("Refresh the page")),
        ("Ctrl+L", _("Lock now")),
        ("Alt+" + _("letter"), _("The field or button whose letter is underlined")),
        ("Ctrl+Tab", _("Next tab")),
        ("Ctrl+Enter", _("Save a form (Enter alone never saves)")),
        ("Escape", _("Close a form (asks first if you typed something)")),
        ("F1", _("This overview")),
    ]


class InfoDialog(QDialog):
    """A read-only text with a Close button; opened, never exec'd, so a lock closes it."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QLabel(html)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def shortcuts_dialog(parent: QWidget | None) -> InfoDialog:
    rows = "".join(
        f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for keys, what in shortcuts()
    )
    dialog = InfoDialog(_("Keyboard shortcuts"), f"<table>{rows}</table>", parent)
    dialog.open()
    return dialog


def about_dialog(parent: QWidget | None) -> InfoDialog:
    what = _("The desktop application of the care coordinator for victims of human trafficking.")
    where = _(
        "Every record is kept in the encrypted vault on this workstation; nothing is sent "
        "anywhere. Files leave it only where you choose to save them."
    )
    text = f"<p><b>CareCoord {__version__}</b></p><p>{what}</p><p>{where}</p>"
    dialog = InfoDialog(_("About CareCoord"), text, parent)
    dialog.open()
    return dialog
