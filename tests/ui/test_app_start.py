"""Starting the real application: hardened, one instance, and no writes beside the program."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import carecoord
from carecoord.hardening import HardeningReport
from ui import smoke_test
from ui.smoke_test import Check, SmokeContext, run_checks

ROOT = Path(carecoord.__file__).resolve().parent.parent

# Runs ui.app.main as the entry point does, and quits once the main window is up.
START_AND_QUIT = """
import ctypes, json, resource, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["carecoord-gui"])
shown = []
def quit_when_shown():
    shown.extend(w.windowTitle() for w in app.topLevelWidgets() if w.isVisible())
    app.quit()
QTimer.singleShot(300, quit_when_shown)
from ui.app import main
code = main(["carecoord-gui"])
print(json.dumps({
    "code": code,
    "shown": shown,
    "core": list(resource.getrlimit(resource.RLIMIT_CORE)),
    "dumpable": ctypes.CDLL(None).prctl(3, 0, 0, 0, 0) if sys.platform == "linux" else None,
}))
"""


def _listing(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for top in ("carecoord", "ui")  # the catalogs are in carecoord/translations
        for p in (root / top).rglob("*")
        if p.is_file()
    }


@pytest.mark.skipif(sys.platform == "win32", reason="HOME/XDG redirection is the Unix layout")
def test_start_writes_nothing_beside_the_program(tmp_path: Path) -> None:
    cwd = tmp_path / "cwd"
    home = tmp_path / "home"
    cwd.mkdir()
    home.mkdir()
    runtime = Path(tempfile.mkdtemp(prefix="cc-rt-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARECOORD_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_RUNTIME_DIR=str(runtime),
        QT_QPA_PLATFORM="offscreen",
        PYTHONDONTWRITEBYTECODE="1",  # a source checkout would otherwise gain __pycache__
        PYTHONPATH=str(ROOT),
    )
    before = _listing(ROOT)
    try:
        result = subprocess.run(
            [sys.executable, "-c", START_AND_QUIT],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        leftovers = sorted((runtime / "CareCoord").iterdir())
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state["code"] == 0
    assert state["shown"] == ["CareCoord"]
    assert state["core"] == [0, 0]
    if sys.platform == "linux":
        assert state["dumpable"] == 0
    assert list(cwd.iterdir()) == []
    assert _listing(ROOT) == before
    # The single-instance socket lived in the private runtime folder and is gone after exit.
    assert leftovers == []


# The first start, as the entry point runs it: says when its window is up, and quits once a
# later start has asked it to come forward.
FIRST_START = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["carecoord-gui"])
import ui.app
bring_forward = ui.app.bring_forward
def raised(window):
    bring_forward(window)
    print("raised", flush=True)
    app.quit()
ui.app.bring_forward = raised
QTimer.singleShot(0, lambda: print("shown", flush=True))
QTimer.singleShot(60_000, app.quit)
sys.exit(ui.app.main(["carecoord-gui"]))
"""
SECOND_START = "from ui.app import main; raise SystemExit(main(['carecoord-gui']))"


@pytest.mark.skipif(sys.platform == "win32", reason="HOME/XDG redirection is the Unix layout")
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_second_start_brings_the_first_forward_and_exits(tmp_path: Path) -> None:
    """The first start listens only after its window is shown (issue 14); a second start right
    then still reaches it (the lock file says it runs) instead of opening a window of its own."""
    home = tmp_path / "home"
    home.mkdir()
    runtime = Path(tempfile.mkdtemp(prefix="cc-rt-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARECOORD_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_RUNTIME_DIR=str(runtime),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
    )
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    run = {"cwd": tmp_path, "env": env, "text": True, **pipes}
    first = subprocess.Popen([sys.executable, "-c", FIRST_START], **run)
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "shown"
        second = subprocess.run(
            [sys.executable, "-c", SECOND_START], check=False, timeout=60, **run
        )
        out, err = first.communicate(timeout=60)
        leftovers = sorted((runtime / "CareCoord").iterdir())
    finally:
        first.kill()
        shutil.rmtree(runtime, ignore_errors=True)
    assert second.returncode == 0, second.stderr
    assert second.stdout == ""
    assert out.strip() == "raised", err
    assert first.returncode == 0, err
    assert leftovers == []  # socket and lock file gone with the first


def test_smoke_test_from_source_passes(tmp_path: Path) -> None:
    """The same checks the frozen app runs, here against the source tree."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARECOORD_")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--smoke-test"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(lines) == len(smoke_test.CHECKS) + 1
    assert all(line.startswith("ok    ") for line in lines[:-1])
    assert lines[-1] == f"smoke test: {len(smoke_test.CHECKS)} checks, passed"
    assert list(tmp_path.iterdir()) == []


def _boom(_ctx: SmokeContext) -> str:
    raise RuntimeError("plugin missing")


def test_a_failing_check_is_reported_and_the_rest_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        smoke_test,
        "CHECKS",
        [Check("first", _boom), Check("second", lambda _ctx: "fine")],
    )

    out = io.StringIO()
    ctx = SmokeContext(tmp_path, HardeningReport(()), {})
    failed = run_checks(ctx, out)
    assert failed == ["first"]
    assert out.getvalue().splitlines() == [
        "FAIL  first: RuntimeError: plugin missing",
        "ok    second: fine",
    ]
