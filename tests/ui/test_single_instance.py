"""One instance per vault: the name, the raise message, and bringing the window forward."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from ui import single_instance
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
