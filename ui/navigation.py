"""The workspace's pages in navigation order: their titles are known before the pages are built.

The Go menu (Ctrl+1 … Ctrl+9, Ctrl+0 for the tenth) is made with the main window, at start; the pages themselves are
built at the first unlock (ui/workspace.py).
"""

from __future__ import annotations

from carecoord.i18n import N_, _

PAGES = (
    N_("Dashboard"),
    N_("Cases"),
    N_("Signals"),
    N_("Referrals"),
    N_("Tasks"),
    N_("Statistics"),
    N_("Access log"),
    N_("Retention"),
    # Issue 18: the register of risk locations, its controls and the Regiobeeld.
    N_("Risk locations"),
    N_("Settings"),
)


def page_titles() -> list[str]:
    return [_(title) for title in PAGES]
