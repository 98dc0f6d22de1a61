"""Dashboard: the coordinator's first view after unlock."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from carecoord.i18n import _
from ui.session import Session


class DashboardPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.greeting = QLabel()
        self.greeting.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(_("Security notice"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addWidget(self.notice)
        layout.addStretch(1)

    def refresh(self) -> None:
        self.greeting.setText(_("Signed in as %(user)s.") % {"user": self.session.user})
