"""The paged model loads only the pages the view asks for, and drops stale answers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from carecoord.vault import Credentials, Vault
from carecoord.workspace import opened
from tests.conftest import PASSPHRASE
from ui.models.paged_table import PAGE_SIZE, Column, PagedTableModel
from ui.session import Session
from ui.worker import VaultWorker

ROWS = 250


def _session(qtbot, tmp_path: Path, worker: VaultWorker) -> Session:  # type: ignore[no-untyped-def]
    vault, _ = Vault.create(tmp_path / "v", "anna", PASSPHRASE)
    with vault.db.transaction():
        vault.db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT)")
        vault.db.executemany(
            "INSERT INTO t VALUES (?, ?)", [(i, f"row {i:03d}") for i in range(ROWS)]
        )
    vault.lock()
    session = Session(worker)
    with qtbot.waitSignal(worker.busyChanged, timeout=5000):
        worker.submit(
            lambda: opened(Vault.unlock(tmp_path / "v", Credentials(passphrase=PASSPHRASE))),
            session.attach,
        )
    qtbot.waitUntil(lambda: session.is_unlocked, timeout=5000)
    return session


calls: list[tuple[int, str | None]] = []


def fetch(
    vault: Vault, offset: int, limit: int, sort: str | None, desc: bool
) -> tuple[Sequence[Any], int]:
    calls.append((offset, sort))
    order = f"{sort or 'id'} {'DESC' if desc else 'ASC'}"
    rows = vault.db.all(
        f"SELECT id, label FROM t ORDER BY {order} LIMIT ? OFFSET ?", (limit, offset)
    )
    total = vault.db.scalar("SELECT count(*) FROM t")
    return [{"id": r[0], "label": r[1]} for r in rows], total


def test_pages_load_on_demand_and_sort(qtbot, tmp_path: Path, worker: VaultWorker) -> None:  # type: ignore[no-untyped-def]
    session = _session(qtbot, tmp_path, worker)
    calls.clear()
    model = PagedTableModel(session, [Column("id", "Id", "id"), Column("label", "Label", "label")])
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_fetch(fetch)
    assert model.rowCount() == ROWS
    assert model.data(model.index(0, 1)) == "row 000"
    assert calls == [(0, None)]  # only the first page so far

    far = ROWS - 1
    assert model.data(model.index(far, 1)) == "…"
    qtbot.waitUntil(lambda: model.data(model.index(far, 1)) == f"row {far:03d}", timeout=5000)
    assert calls[-1] == ((far // PAGE_SIZE) * PAGE_SIZE, None)
    assert len(calls) == 2

    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == str(ROWS - 1)
    session.lock()


def test_stale_answers_are_dropped(qtbot, tmp_path: Path, worker: VaultWorker) -> None:  # type: ignore[no-untyped-def]
    session = _session(qtbot, tmp_path, worker)
    model = PagedTableModel(session, [Column("label", "Label", "label")])
    model.set_fetch(fetch)
    # A second query replaces the first before its answer arrives.
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.sort(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not worker.busy, timeout=5000)
    assert model.data(model.index(0, 0)) == f"row {ROWS - 1:03d}"
    session.lock()
