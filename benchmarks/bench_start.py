"""Start to the unlock screen against a bare PySide6 window (issue 14), side by side.

Each run is a fresh process, timed by this one from launch until the child reports its window
on screen (the first turn of its event loop after ``show()``); the child's peak resident memory
comes from ``wait4``. Runs alternate between the two so that load from other processes falls on
both; the figures are medians. The app starts as ``carecoord-gui`` does (``ui.app.main``) in an
empty home folder, so it shows the first-run screen of the unlock page (the same page and
imports as unlocking). Target: the app within 1.5× the bare window's time.

Both read compiled bytecode, as an installed app does (pip and PyInstaller compile it): the
children keep theirs in a cache folder of their own (``PYTHONPYCACHEPREFIX``), written by the
first, discarded round, whatever ``PYTHONDONTWRITEBYTECODE`` the caller has set, and without
writing ``__pycache__`` into the source tree. (Without it, a caller with
``PYTHONDONTWRITEBYTECODE=1`` had every run of the app compile its two dozen modules from
source, about 0.1× more than an installed app pays.)

Run: ``.venv/bin/python -m benchmarks start`` (``--runs N``, default 7). Adds ``start`` to
benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results.json")
TARGET_RATIO = 1.5

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(["bare"])
window = QMainWindow()
window.setCentralWidget(QLabel("CareCoord"))
window.resize(1100, 720)
window.show()
def shown():
    print("shown", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

APP = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["carecoord-gui"])
def shown():
    window = next(w for w in app.topLevelWidgets() if w.isVisible() and w.windowTitle())
    assert window.stack.currentWidget() is window.unlock_page
    print("shown", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
from ui.app import main
main(["carecoord-gui"])
"""


def _environment(home: Path, bytecode: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARECOORD_", "XDG_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PYTHONPYCACHEPREFIX=str(bytecode),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_RUNTIME_DIR=str(home / "run"),
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        PYTHONPATH=str(Path(__file__).resolve().parent.parent),
    )
    return env


def _run_once(code: str, home: Path, bytecode: Path) -> tuple[float, float]:
    """(milliseconds from launch to the window on screen, peak RSS in MiB)."""
    (home / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=home,
        env=_environment(home, bytecode),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if line.strip() != "shown" or child.returncode != 0:
        raise SystemExit(f"bench_start: the child failed (exit {child.returncode})")
    return elapsed, usage.ru_maxrss / 1024  # kilobytes on Linux


def run_start_benchmarks(runs: int = 7) -> list[dict[str, Any]]:
    times: dict[str, list[float]] = {"bare": [], "app": []}
    memory: dict[str, list[float]] = {"bare": [], "app": []}
    with tempfile.TemporaryDirectory(prefix="cc-bench-start-") as folder:
        for index in range(runs + 1):
            for name, code in (("bare", BARE), ("app", APP)):
                ms, mib = _run_once(code, Path(folder) / f"{name}-{index}", Path(folder) / "pyc")
                if index == 0:
                    continue  # the first round warms the file cache and writes the bytecode
                times[name].append(ms)
                memory[name].append(mib)
    bare_ms = statistics.median(times["bare"])
    app_ms = statistics.median(times["app"])
    ratio = app_ms / bare_ms
    return [
        {
            "name": "bare PySide6 window on screen",
            "ms": round(bare_ms, 1),
            "peak_rss_mb": round(statistics.median(memory["bare"]), 1),
            "runs": runs,
        },
        {
            "name": "carecoord-gui unlock screen on screen",
            "ms": round(app_ms, 1),
            "peak_rss_mb": round(statistics.median(memory["app"]), 1),
            "runs": runs,
            "ratio": round(ratio, 2),
            "target_ratio": TARGET_RATIO,
            "ok": ratio <= TARGET_RATIO,
        },
    ]


def store(results: list[dict[str, Any]], path: Path = RESULTS) -> None:
    """Keep the other areas' measurements; replace this area's."""
    document: dict[str, Any] = {}
    if path.exists():
        document = json.loads(path.read_text(encoding="utf-8"))
    document["start"] = results
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    rows = run_start_benchmarks(args.runs)
    store(rows)
    print("| measurement | median | peak RSS | ratio (target) |")
    print("|---|---:|---:|---|")
    for row in rows:
        ratio = f"{row['ratio']} (≤ {row['target_ratio']})" if "ratio" in row else ""
        print(f"| {row['name']} | {row['ms']} ms | {row['peak_rss_mb']} MiB | {ratio} |")
    return 0 if all(row.get("ok", True) for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
