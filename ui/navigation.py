"""The workspace's pages in navigation order: their titles are known before the pages are built.

The Go menu (Ctrl+1 … Ctrl+9, Ctrl+0 for the tenth) is made with the main window, at start; the pages themselves are
built at the first unlock (ui/workspace.py), with the list that shows these titles and their icons
(ui/navigation_list.py). This module stays free of Qt: the first frame needs only the titles.
"""

from __future__ import annotations

from carecoord.i18n import N_, _

# (title, Phosphor icon): a shape per page helps find it again at a glance (issue 17).
PAGE_ICONS = (
    (N_("Dashboard"), "squares-four"),
    (N_("Cases"), "folders"),
    (N_("Signals"), "flag"),
    (N_("Referrals"), "arrow-bend-up-right"),
    (N_("Tasks"), "check-square"),
    (N_("Statistics"), "chart-bar"),
    (N_("Access log"), "clock-counter-clockwise"),
    (N_("Retention"), "hourglass"),
    # Issue 18: the register of risk locations, its controls and the Regiobeeld.
    (N_("Risk locations"), "map-pin"),
    (N_("Settings"), "gear"),
)
PAGES = tuple(title for title, _icon in PAGE_ICONS)


def page_titles() -> list[str]:
    return [_(title) for title in PAGES]
