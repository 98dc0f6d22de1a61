"""A fast start (issue 14): the unlock screen loads none of the heavy modules.

Statistics (highspy, numpy), letters (reportlab, pikepdf) and spreadsheets (openpyxl) are loaded
when the workspace is first needed, on the vault worker during the unlock, so the window comes up
at about the cost of a bare PySide6 window. Each check runs the real app in a fresh interpreter:
``sys.modules`` of this test process already holds everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import carecoord

ROOT = Path(carecoord.__file__).resolve().parent.parent

HEAVY = ("highspy", "numpy", "reportlab", "pikepdf", "openpyxl", "carecoord.stats")
# carecoord.letters.events is the access log's hook for printed documents (a pydantic model,
# no renderer); the package's __init__ is a docstring. Every other letters module renders.
LETTERS_HOOKS = {"carecoord.letters", "carecoord.letters.events"}

# Starts ui.app.main as the entry point does; at the first turn of the event loop after show()
# (where benchmarks/bench_start.py stops its clock) and once the unlock page is on screen,
# reports which modules are loaded and which Qt classes PySide has created, and quits.
START_AND_REPORT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["carecoord-gui"])
report = {}
def first_turn():
    report["first_turn_modules"] = sorted(sys.modules)
    # PySide creates a class (and its Python enums) when it is first used.
    report["qt_classes"] = sorted(
        name
        for module in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")
        for name in vars(sys.modules[module])
    )
QTimer.singleShot(0, first_turn)
def on_screen():
    window = next(w for w in app.topLevelWidgets() if w.isVisible() and w.windowTitle())
    report["unlock_page_shown"] = window.stack.currentWidget() is window.unlock_page
    report["modules"] = sorted(sys.modules)
    app.quit()
QTimer.singleShot(200, on_screen)
from ui.app import main
main(["carecoord-gui"])
import json  # not before: json is one of the modules the start must not load
print(json.dumps(report))
"""


def _run(code: str, tmp_path: Path) -> dict[str, object]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARECOORD_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_RUNTIME_DIR=str(tmp_path),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def _heavy(modules: list[str]) -> list[str]:
    return [
        name
        for name in modules
        if name.split(".")[0] in HEAVY
        or name.startswith(tuple(f"{h}." for h in HEAVY))
        or name in HEAVY
        or (name.startswith("carecoord.letters") and name not in LETTERS_HOOKS)
    ]


def test_unlock_screen_loads_no_heavy_module(tmp_path: Path) -> None:
    report = _run(START_AND_REPORT, tmp_path)
    assert report["unlock_page_shown"] is True
    modules = report["modules"]
    assert isinstance(modules, list)
    assert _heavy(modules) == []
    # The workspace's pages are built after the first unlock, not for the unlock screen.
    assert "ui.workspace" not in modules
    assert "carecoord.cli" not in modules
    # The vault and the access log are loaded by the unlock job on the vault worker, too.
    for name in ("carecoord.vault.vault", "carecoord.audit", "sqlcipher3", "argon2", "pydantic"):
        assert name not in modules


# The worker's preload, then the workspace's own modules on the GUI thread: the GUI thread then
# loads nothing but ui.* and Qt modules (no core or third-party module waits for it after an
# unlock).
PRELOAD_THEN_WORKSPACE = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(["carecoord-gui"])
import ui.app
from ui import workspace_modules
before_preload = set(sys.modules)
workspace_modules.load_core()
preloaded = set(sys.modules)
import ui.workspace
print(json.dumps({
    "heavy_preloaded": sorted(preloaded - before_preload),
    "gui_loaded": sorted(set(sys.modules) - preloaded),
}))
"""


# Kept off the start by issue 14's second round, each for a measured cost (milliseconds on a
# machine where a bare PySide6 window took ~130 ms):
OFF_THE_START = (
    "babel",  # ~30 to import, ~25 to parse a .po: the compiled .mo is read with gettext
    "PySide6.QtNetwork",  # ~8: the first start listens once its window is shown
    "PySide6.QtDBus",  # ~3: the screen-lock watcher joins the bus after the first frame
    "logging.handlers",  # ~10 (socket, pickle, queue): the error log's file at the first error
    "carecoord.vault.restore_journal",  # ~9 (json, atomic writes, secrets, hmac)
    "carecoord.atomic",
    "keyring",  # its backends are found through slow entry points: on the worker, at unlock
    "ui.help_dialogs",
    "ui.recovery_key_dialog",
    "ui.recovery_print",
    # standard-library modules that only our code brought in at start
    "dataclasses",
    "json",
    "secrets",
    "socket",
)
# Qt classes whose creation (with their Python enums) the unlock screen does not need: the Qt
# namespace (~20 ms, a hundred enums), QEvent and the event classes, which a Python event filter
# on the application would wrap every event in (~40 ms before the first frame: the idle lock
# watches events only while unlocked), and QMessageBox.
NOT_CREATED = ("Qt", "QEvent", "QPaintEvent", "QResizeEvent", "QShowEvent", "QMessageBox")


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if m in names or m.startswith(tuple(f"{n}." for n in names))]


def test_first_frame_needs_no_babel_network_dbus_or_qt_namespace(tmp_path: Path) -> None:
    report = _run(START_AND_REPORT, tmp_path)
    modules = report["first_turn_modules"]
    assert isinstance(modules, list)
    assert "ui.app" in modules and "carecoord.i18n" in modules  # the report came after main()
    assert _loaded(modules, OFF_THE_START) == []
    assert _heavy(modules) == []
    created = report["qt_classes"]
    assert isinstance(created, list)
    assert "QMainWindow" in created  # the test can see what PySide created
    assert [name for name in NOT_CREATED if name in created] == []


def test_the_worker_preloads_everything_the_workspace_imports(tmp_path: Path) -> None:
    report = _run(PRELOAD_THEN_WORKSPACE, tmp_path)
    preloaded = report["heavy_preloaded"]
    assert isinstance(preloaded, list)
    # openpyxl is not among them: it loads when a spreadsheet is first read (on the worker).
    assert {"highspy", "reportlab", "pikepdf", "carecoord.stats", "carecoord.audit"} <= set(
        preloaded
    )
    assert "openpyxl" not in preloaded
    gui_loaded = report["gui_loaded"]
    assert isinstance(gui_loaded, list)
    # Qt modules (printing, PDF) are loaded by the GUI thread itself; they are Qt's own.
    assert [n for n in gui_loaded if not n.startswith(("ui.", "PySide6."))] == []
