"""One instance per vault: the name, the raise message, and bringing the window forward."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from ui import single_instance
from ui.instance_lock import InstanceLock
from ui.single_instance import SingleInstance, bring_forward, server_name


@pytest.fixture(autouse=True)
def private_runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # Short on purpose: a socket path must fit in sun_path (tmp_path is too long).
    runtime = Path(tempfile.mkdtemp(prefix="cc-rt-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    yield runtime
    shutil.rmtree(runtime, ignore_errors=True)


def test_a_path_too_long_for_a_socket_gives_no_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if sys.platform == "win32":
        assert server_name(tmp_path / "vault") is not None  # pipes have no such limit
        return
    deep = tmp_path / ("x" * 90)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    deep.mkdir(mode=0o700)
    assert server_name(tmp_path / "vault") is None


def test_name_is_opaque_stable_and_per_vault(tmp_path: Path) -> None:
    folder = tmp_path / "Gemeente Utrecht zorg" / "vault"
    name = server_name(folder)
    assert name is not None
    assert name == server_name(folder)
    assert name != server_name(tmp_path / "other" / "vault")
    leaf = Path(name).name
    assert leaf.startswith("carecoord-")
    assert "Utrecht" not in name and "vault" not in leaf
    if sys.platform != "win32":
        assert Path(name).parent.stat().st_mode & 0o077 == 0


def test_no_running_instance(tmp_path: Path) -> None:
    assert SingleInstance(tmp_path / "vault").notify_running() is False


def test_second_start_asks_the_first_to_come_forward(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = SingleInstance(tmp_path / "vault")
    second = SingleInstance(tmp_path / "vault")
    assert first.listen()
    try:
        with qtbot.waitSignal(first.raiseRequested, timeout=3000):
            assert second.notify_running() is True
        # a different vault is a different instance
        assert SingleInstance(tmp_path / "elsewhere").notify_running() is False
    finally:
        first.close()
    assert second.notify_running() is False


@pytest.mark.skipif(sys.platform == "win32", reason="socket files exist on Unix only")
def test_stale_socket_from_a_crash_is_replaced(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    instance = SingleInstance(tmp_path / "vault")
    assert instance.name is not None
    Path(instance.name).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    Path(instance.name).write_bytes(b"")  # what a killed process leaves behind
    assert instance.notify_running() is False
    assert instance.listen()
    instance.close()


@pytest.mark.skipif(sys.platform == "win32", reason="the runtime folder is Unix only")
def test_a_runtime_folder_others_can_enter_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "CareCoord").mkdir()
    os.chmod(shared / "CareCoord", 0o777)  # noqa: S103 - the unsafe case under test
    monkeypatch.setattr(
        single_instance.platformdirs,
        "user_runtime_dir",
        lambda *_a, **_k: str(shared / "CareCoord"),
    )
    assert server_name(tmp_path / "vault") is None
    instance = SingleInstance(tmp_path / "vault")
    assert instance.listen() is False
    assert instance.notify_running() is False


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_bring_forward_restores_a_minimised_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.setWindowState(Qt.WindowState.WindowMinimized)
    assert window.isMinimized()
    bring_forward(window)
    assert not window.isMinimized()
    assert window.isVisible()


# -- the lock file: the first start listens only once its window is shown (issue 14) ---------

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="the lock file is POSIX only")

ROOT = Path(__file__).resolve().parents[2]

# A later start in its own process: asks the first to come forward, prints whether it could.
SECOND_START = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([])
from ui.single_instance import SingleInstance
print(SingleInstance(Path(sys.argv[1])).notify_running(), flush=True)
"""

# Holds the lock for the vault, says so, and waits to be killed.
HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from ui.single_instance import SingleInstance
assert SingleInstance(Path(sys.argv[1])).notify_running() is False
print("holding", flush=True)
time.sleep(60)
"""


def _child(code: str, folder: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-c", code, str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@posix_only
def test_the_first_start_holds_the_lock_before_it_listens(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(single_instance, "WAIT_FOR_FIRST_S", 0.3)
    first = SingleInstance(tmp_path / "vault")
    assert first.name is not None
    socket_file, lock_file = Path(first.name), Path(first.name + ".lock")
    assert first.notify_running() is False  # nobody else: this start is the first
    assert lock_file.exists() and not socket_file.exists()  # no server yet
    assert lock_file.stat().st_mode & 0o077 == 0
    second = SingleInstance(tmp_path / "vault")
    try:
        # The first does not listen yet: the second waits for it, then gives up without
        # taking its place (it neither listens nor removes the name).
        assert second.notify_running() is False
        assert second.listen() is False
        assert first.listen()
        with qtbot.waitSignal(first.raiseRequested, timeout=3000):
            assert second.notify_running() is True
    finally:
        first.close()
    assert not lock_file.exists() and not socket_file.exists()
    assert second.notify_running() is False  # the first is gone: the second is the first now
    second.close()
    assert not lock_file.exists()


@posix_only
def test_a_second_start_reaches_the_first_once_it_listens(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = SingleInstance(tmp_path / "vault")
    assert first.notify_running() is False
    second = _child(SECOND_START, tmp_path / "vault")
    try:
        qtbot.wait(400)  # the second is retrying meanwhile (the first holds the lock)
        assert second.poll() is None
        with qtbot.waitSignal(first.raiseRequested, timeout=10_000):
            assert first.listen()
        out, err = second.communicate(timeout=30)
    finally:
        second.kill()
        first.close()
    assert out.strip() == "True", err


@posix_only
def test_a_killed_first_start_leaves_no_lock_behind(tmp_path: Path) -> None:
    holder = _child(HOLD_THE_LOCK, tmp_path / "vault")
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        assert InstanceLock(Path(str(server_name(tmp_path / "vault")) + ".lock")).acquire() is False
    finally:
        holder.kill()  # SIGKILL: no clean-up of its own
        holder.wait(timeout=30)
    # The lock file is still there, but the kernel released its lock with the process.
    instance = SingleInstance(tmp_path / "vault")
    started = time.monotonic()
    assert instance.notify_running() is False
    assert time.monotonic() - started < single_instance.WAIT_FOR_FIRST_S / 2  # no waiting
    assert instance.listen()
    instance.close()


@posix_only
def test_a_lock_file_replaced_under_a_holder_is_not_trusted(tmp_path: Path) -> None:
    path = Path(tempfile.mkdtemp(prefix="cc-lk-")) / "x.lock"
    try:
        first = InstanceLock(path)
        assert first.acquire()
        assert InstanceLock(path).acquire() is False  # held: another open file cannot lock it
        first.release()
        assert not path.exists()
        path.write_bytes(b"")  # left by a crash
        again = InstanceLock(path)
        assert again.acquire()
        path.unlink()  # removed by someone else: the path no longer names our lock
        other = InstanceLock(path)
        assert other.acquire()  # a new file, a new lock
        again.release()
        assert path.exists()  # not ours any more: left for its holder
        other.release()
        assert not path.exists()
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
