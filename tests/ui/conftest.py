"""pytest-qt fixtures: QSettings in a scratch folder, a worker, the main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from carecoord import i18n
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.worker import VaultWorker


@pytest.fixture
def preferences(tmp_path: Path) -> Preferences:
    return Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def worker() -> Iterator[VaultWorker]:
    w = VaultWorker()
    yield w
    w.shutdown()


@pytest.fixture
def window(
    qtbot, tmp_path: Path, worker: VaultWorker, preferences: Preferences
) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    i18n.set_language("en")
    win = MainWindow(tmp_path / "vault", worker, preferences)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.session.lock()
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
