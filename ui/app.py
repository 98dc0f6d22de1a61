"""Application bootstrap: QApplication, language, the vault worker and the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from carecoord import i18n
from carecoord.hardening import harden_process, warning_line
from carecoord.i18n import _
from carecoord.vault.location import default_vault_folder
from ui import error_hook
from ui.immortal_singletons import reserve_references
from ui.language import install_language
from ui.main_window import MainWindow, apply_font_scale
from ui.preferences import Preferences
from ui.single_instance import SingleInstance, bring_forward
from ui.worker import VaultWorker

SMOKE_TEST_FLAG = "--smoke-test"


__all__ = ["create_app", "install_language", "main", "missing_catalog_notice"]


def create_app(argv: list[str] | None = None) -> QApplication:
    # Before the first Qt call: PySide6 6.12.0 leaks references to None and True on Python 3.11.
    reserve_references()
    app = QApplication.instance() or QApplication(argv or sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("CareCoord")
    app.setOrganizationName("CareCoord")
    # Wayland app id and taskbar grouping: matches packaging/linux/carecoord.desktop.
    app.setDesktopFileName("carecoord")
    return app


def missing_catalog_notice() -> str:
    """One line for the user when the chosen language's catalog is not installed (issue 14):
    never a silent fall-back to English. The log has its type and place (carecoord/i18n.py)."""
    language = i18n.current_language()
    if i18n.missing_catalog() is None:
        return ""
    return _(
        "The %(language)s translation is missing from this installation (%(place)s), so texts"
        " are shown in English. Please tell your administrator."
    ) % {"language": i18n.language_name(language), "place": i18n.catalog_place(language)}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    # Before anything holds a key: no core dumps, no debugger attach (carecoord/hardening.py).
    hardening = harden_process()
    warning = warning_line(hardening)
    if warning and sys.stderr is not None:  # a windowed Windows build has no stderr
        print(f"carecoord-gui: warning: {warning}", file=sys.stderr)
    if SMOKE_TEST_FLAG in argv[1:]:
        from ui.smoke_test import run_smoke_test

        return run_smoke_test(hardening)
    app = create_app(argv)
    folder = default_vault_folder()
    instance = SingleInstance(folder)
    if instance.notify_running():
        return 0  # the running window was asked to come forward
    preferences = Preferences()
    install_language(app, preferences.language)
    notice = missing_catalog_notice()
    if notice and sys.stderr is not None:
        print(f"carecoord-gui: warning: {notice}", file=sys.stderr)
    error_hook.install()
    apply_font_scale(preferences.font_scale)
    worker = VaultWorker()
    window = MainWindow(folder, worker, preferences)
    instance.raiseRequested.connect(lambda: bring_forward(window))
    if notice:
        window.show_installation_problem(notice)
    window.resize(1100, 720)
    window.show()
    instance.listen_when_shown()
    try:
        return app.exec()
    finally:
        instance.close()
        window.session.lock()
        worker.shutdown()
