"""The UI language: our catalog for our strings, Qt's own qtbase catalog (shipped in PySide6's
translations folder) for Qt's dialogs and standard buttons (file and print dialogs, message boxes).

Switching replaces the Qt translator instead of adding one per switch.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from carecoord import i18n

_installed: list[QTranslator] = []


def install_language(app: QCoreApplication, language: str) -> None:
    i18n.set_language(language)
    locale = QLocale(i18n.locale_name(language))
    QLocale.setDefault(locale)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(locale, "qtbase", "_", path):
        app.installTranslator(translator)
        _installed.append(translator)
