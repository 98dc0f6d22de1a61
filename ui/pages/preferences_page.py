"""Settings: language, auto-lock time and font size (workstation preferences, no client data)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from carecoord.i18n import LANGUAGES, _, language_name
from ui.preferences import Preferences


class PreferencesPage(QWidget):
    languageChanged = Signal(str)
    idleMinutesChanged = Signal(int)
    fontScaleChanged = Signal(int)

    def __init__(self, preferences: Preferences) -> None:
        super().__init__()
        self.preferences = preferences
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(LANGUAGES.index(preferences.language))
        self.idle = QSpinBox()
        self.idle.setRange(1, 60)
        self.idle.setSuffix(" min")
        self.idle.setValue(preferences.idle_minutes)
        self.font_scale = QSpinBox()
        self.font_scale.setRange(80, 200)
        self.font_scale.setSingleStep(10)
        self.font_scale.setSuffix(" %")
        self.font_scale.setValue(preferences.font_scale)

        form = QFormLayout()
        # A language, minutes, a percentage: each field as wide as what it holds.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for text, widget in (
            (_("&Language"), self.language),
            (_("Lock after &idle time"), self.idle),
            (_("Font si&ze"), self.font_scale),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        note = QLabel(_("A change of language takes effect at once, on every screen."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

        self.language.currentIndexChanged.connect(self._language)
        self.idle.valueChanged.connect(self._idle)
        self.font_scale.valueChanged.connect(self._font)

    def _language(self) -> None:
        code = str(self.language.currentData())
        self.preferences.language = code
        self.languageChanged.emit(code)

    def _idle(self, value: int) -> None:
        self.preferences.idle_minutes = value
        self.idleMinutesChanged.emit(value)

    def _font(self, value: int) -> None:
        self.preferences.font_scale = value
        self.fontScaleChanged.emit(value)
