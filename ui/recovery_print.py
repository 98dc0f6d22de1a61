"""Printing the recovery key sheet: rendered in memory as PDF/A by the letters code, printed
through Qt with a neutral job name; nothing is written to disk."""

from __future__ import annotations

from datetime import date

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


def print_recovery_sheet(recovery_key: str, parent: QWidget | None = None) -> bool:
    return bool(print_with_dialog(parent, recovery_sheet_pdf(recovery_key)))
