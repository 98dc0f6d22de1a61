"""Application bootstrap: QApplication, language, the vault worker and the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

import carecoord.audit  # noqa: F401 - registers the access log with the vault hooks
from carecoord import i18n
from carecoord.cli.context import default_vault_folder
from ui.main_window import MainWindow, apply_font_scale
from ui.settings import Preferences
from ui.worker import VaultWorker


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("CareCoord")
    app.setOrganizationName("CareCoord")
    return app


def install_language(app: QApplication, language: str) -> None:
    """Our catalog for our strings; Qt's own qtbase catalog for its dialogs and buttons."""
    i18n.set_language(language)
    QLocale.setDefault(QLocale(i18n.locale_name(language)))
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(i18n.locale_name(language)), "qtbase", "_", path):
        app.installTranslator(translator)


def main(argv: list[str] | None = None) -> int:
    app = create_app(argv)
    preferences = Preferences()
    install_language(app, preferences.language)
    apply_font_scale(preferences.font_scale)
    worker = VaultWorker()
    window = MainWindow(default_vault_folder(), worker, preferences)
    window.resize(1100, 720)
    window.show()
    try:
        return app.exec()
    finally:
        window.session.lock()
        worker.shutdown()
