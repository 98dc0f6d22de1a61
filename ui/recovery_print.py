"""Printing the recovery key sheet: rendered in memory as PDF/A by the letters code, printed
through Qt with a neutral job name; nothing is written to disk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from carecoord.i18n import current_language
from carecoord.letters.model import RecoverySheet
from carecoord.letters.recovery_sheet import render_recovery_sheet
from ui.printing import print_with_dialog


def recovery_sheet_pdf(recovery_key: str) -> bytes:
    language = "en" if current_language() == "en" else "nl"
    return render_recovery_sheet(
        RecoverySheet(language=language, recovery_key=recovery_key, created_on=date.today())
    )


def print_recovery_sheet(
    recovery_key: str,
    parent: QWidget | None = None,
    *,
    vault_folder: Path | None = None,
    show: Callable[[str], None] | None = None,
) -> bool:
    """A print-to-file never lands in the vault (``show`` says so and the printer is asked again)."""
    pdf = recovery_sheet_pdf(recovery_key)
    return bool(print_with_dialog(parent, pdf, vault_folder=vault_folder, show=show))
