"""Import in the app: a good file is imported with progress; a bad one lists every problem and
writes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow

HEADER = "client_ref,given_name,family_name,birth_date,gender,nationality,municipality,signal_date,signaller,exploitation_forms,sector,location_type,phase\n"
GOOD = HEADER + (
    "IM-1,Ana,Test,1990-01-01,female,RO,GM0363,2025-03-01,police,sexual,window_licensed,sex_business,signalled\n"
    "IM-2,Bo,Test,1985-05-05,male,PL,GM0344,2025-04-01,fairwork,labour,agriculture,agricultural_site,intake\n"
)
BAD = HEADER + (
    "IM-3,Cy,Test,1990-01-01,female,RO,GM9999,2025-03-01,police,sexual,window_licensed,sex_business,signalled\n"
    "IM-4,Di,Test,2030-01-01,female,XX,GM0363,2025-03-01,nobody,sexual,window_licensed,sex_business,signalled\n"
)


def test_import_good_and_bad(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    ws = window.workspace
    ws.show_page("Cases")
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=10_000)

    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    dialog = ws.cases.import_cases()
    dialog.ask_file = lambda: bad  # type: ignore[method-assign]
    dialog.start()
    qtbot.waitUntil(dialog.problems.isVisible, timeout=10_000)
    problems = dialog.problems.toPlainText()
    assert "row 2" in problems and "row 3" in problems
    assert "municipality" in problems and "signaller" in problems
    assert ws.cases.list.model.rowCount() == 0

    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    dialog.ask_file = lambda: good  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.finished_import, timeout=10_000) as blocker:
        dialog.start()
    assert blocker.args == [2]
    qtbot.waitUntil(lambda: ws.cases.list.model.rowCount() == 2, timeout=10_000)


def test_worker_names_a_full_disk(qtbot, worker) -> None:  # type: ignore[no-untyped-def]
    """A real SQLITE_FULL on the vault worker reaches the screen as the named error (issue 12),
    not as "Unexpected internal error"."""
    import sqlcipher3

    from carecoord.errors import DiskFull

    def job() -> None:
        conn = sqlcipher3.connect(":memory:")
        conn.execute("CREATE TABLE t (x)")
        conn.execute("PRAGMA max_page_count = 2")
        conn.execute("INSERT INTO t VALUES (zeroblob(100000))")

    errors: list[object] = []
    worker.submit(job, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], DiskFull)
    assert errors[0].message == "The disk is full; nothing was changed."
