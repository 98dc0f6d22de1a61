"""The four tracks of a case side by side at the top of the case view (issue 15): the care phase,
the legal status, the CoMensha registration and the identification route.

Each track is a small card with its name above one or two wrapped lines, so the whole text stays
readable at 1366×768 instead of being cut off; where the view is narrow (1024 pixels at 125 %)
the cards go two by two (issue 17); the texts come from ui/track_texts.py. A second
row says where the client stays, the consent state and the next deadline (ui/case_status.py);
a closed case's phase card gives the closure reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.casefile import CaseFile
from carecoord.i18n import _
from ui.case_status import consent_text, deadline_text, shelter_text
from ui.status_marks import (
    Mark,
    comensha_mark,
    consent_mark,
    deadline_mark,
    legal_mark,
    phase_mark,
    status_pixmap,
)
from ui.track_texts import comensha_text, identification_text, legal_text, phase_text


class TrackCard(QFrame):
    """A track's name and where it stands."""

    def __init__(self, title: str, lines: int = 2) -> None:
        super().__init__()
        self.lines = lines
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel(title)
        font = self.caption.font()
        font.setBold(True)
        self.caption.setFont(font)
        self.value = QLabel()
        self.value.setWordWrap(True)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.value.setAccessibleName(title)
        # Wraps instead of widening the window; as tall as the wrapped text (fit()).
        self.value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        # The status's shape before its text (issue 17); hidden on cards without a status.
        self.mark = QLabel()
        self.mark.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.mark.setVisible(False)
        self.kind: str | None = None
        self.fit()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.value, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addLayout(row, 1)

    def text(self) -> str:
        return self.value.text()

    def set_text(self, text: str, mark: Mark | None = None) -> None:
        self.value.setText(text)
        self.set_mark(mark)
        self.fit()

    def set_mark(self, mark: Mark | None) -> None:
        self.kind = None if mark is None else mark.kind
        self.mark.setVisible(mark is not None)
        if mark is None:
            self.mark.clear()
            return
        self.mark.setPixmap(status_pixmap(mark.kind))
        self.mark.setAccessibleName(mark.word)
        self.mark.setToolTip(mark.word)

    def fit(self) -> None:
        """At least two lines, and as many as the text needs at the card's width now: a layout
        does not grow a label for its wrapped text by itself once its width is ignored."""
        two_lines = self.lines * self.value.fontMetrics().lineSpacing()
        width = self.value.width()
        needed = self.value.heightForWidth(width) if width > 0 else two_lines
        self.value.setMinimumHeight(max(two_lines, needed))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()


class CaseHeader(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.phase = TrackCard(_("Care phase"))
        self.legal = TrackCard(_("Legal status"))
        self.comensha = TrackCard(_("CoMensha"))
        self.identification = TrackCard(_("Identification"))
        self.shelter = TrackCard(_("Shelter"), lines=1)
        self.consent = TrackCard(_("Consent"), lines=1)
        self.deadline = TrackCard(_("Next deadline"), lines=1)
        # Grids that take as many columns as the width has room for (issue 17): four tracks
        # side by side on a wide screen, two by two where it is narrow; the text wraps.
        self.tracks_grid = QGridLayout()
        self.status_grid = QGridLayout()
        self.columns = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        # The minimum is minimumSizeHint's (below), not the columns' shown now.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        for grid in (self.tracks_grid, self.status_grid):
            grid.setContentsMargins(0, 0, 0, 0)
            layout.addLayout(grid)
        self._place(len(self.cards()))

    def card_width(self) -> int:
        """The narrowest a card reads well: about 24 characters a line, and its whole name."""
        names = max(card.minimumSizeHint().width() for card in self.cards() + self.status_cards())
        return max(24 * self.fontMetrics().averageCharWidth(), names)

    def _place(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for grid, cards in (
            (self.tracks_grid, self.cards()),
            (self.status_grid, self.status_cards()),
        ):
            for card in cards:
                grid.removeWidget(card)
            used = min(columns, len(cards))
            for i, card in enumerate(cards):
                grid.addWidget(card, i // used, i % used)
            for column in range(len(self.cards())):
                grid.setColumnStretch(column, 1 if column < used else 0)

    def _columns_for(self, width: int) -> int:
        """Four, two or one: two by two rather than three and one."""
        gap = self.tracks_grid.horizontalSpacing()
        for columns in (4, 2):
            if columns * self.card_width() + (columns - 1) * gap <= width:
                return columns
        return 1

    def minimumSizeHint(self) -> QSize:
        """As narrow as one column of cards: the cards go under each other rather than make
        the window wider (the layout's own minimum is that of the columns shown now)."""
        hint = super().minimumSizeHint()
        return QSize(self.card_width(), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(self._columns_for(event.size().width()))

    def cards(self) -> tuple[TrackCard, ...]:
        return (self.phase, self.legal, self.comensha, self.identification)

    def status_cards(self) -> tuple[TrackCard, ...]:
        return (self.shelter, self.consent, self.deadline)

    def show_case(
        self,
        case: CaseFile,
        labels: Mapping[str, str],
        today: date | None = None,
        names: Mapping[int, str] | None = None,
    ) -> None:
        """``names``: the partner organisations by id (the shelter and the consents name them)."""
        today = today or date.today()
        self.phase.set_text(phase_text(case.summary), phase_mark(case))
        self.legal.set_text(
            legal_text(case.reflection, case.permits, today), legal_mark(case, today)
        )
        self.shelter.set_text(shelter_text(case, names or {}))
        self.consent.set_text(consent_text(case, names or {}, today), consent_mark(case, today))
        self.deadline.set_text(deadline_text(case, today), deadline_mark(case, today))
        self.comensha.set_text(comensha_text(case.comensha), comensha_mark(case))
        self.identification.set_text(identification_text(case.identification, labels))

    def texts(self) -> dict[str, str]:
        """What each card says now (tests and the screen reader summary)."""
        return {
            "phase": self.phase.text(),
            "legal": self.legal.text(),
            "comensha": self.comensha.text(),
            "identification": self.identification.text(),
        }

    def status_texts(self) -> dict[str, str]:
        return {
            "shelter": self.shelter.text(),
            "consent": self.consent.text(),
            "deadline": self.deadline.text(),
        }

    def kinds(self) -> dict[str, str | None]:
        """The shape each status card shows now (ui/status_marks.py kinds)."""
        return {
            "phase": self.phase.kind,
            "legal": self.legal.kind,
            "comensha": self.comensha.kind,
            "consent": self.consent.kind,
            "deadline": self.deadline.kind,
        }
