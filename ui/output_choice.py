"""Choosing where to save: a place inside the vault is refused and the user chooses again.

The check is the core's (carecoord.output_paths), the same as on the command line; it only looks
at paths, never at the vault's data, so it runs here on the GUI thread before any work is sent to
the vault worker. The writer checks again right before writing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from carecoord.errors import UsageError
from carecoord.output_paths import output_file, output_folder


def choose_output(
    ask: Callable[[], Path | None],
    vault_folder: Path,
    show: Callable[[str], None],
    *,
    folder: bool = False,
) -> Path | None:
    """Ask until the answer is a place outside the vault (or the user cancels: None).

    Each refusal is shown with ``show`` (one sentence in the app's language) before the chooser
    opens again, so the reason is on screen while the user picks another place.
    """
    check = output_folder if folder else output_file
    while True:
        path = ask()
        if path is None:
            return None
        try:
            return check(path, vault_folder, create=False)
        except UsageError as exc:
            show(exc.message)


def documents_folder() -> str:
    """Where a file dialog opens: the user's Documents folder (the home folder if the desktop
    has none), never the working directory, which may be the vault's or the program's folder."""
    from PySide6.QtCore import QStandardPaths

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found or str(Path.home())


def in_documents(name: str) -> str:
    """A suggested file name, in the Documents folder."""
    return str(Path(documents_folder()) / name) if name else documents_folder()
