"""Names vulture (`make deadcode`) cannot see being used; each group says who uses them.

vulture reads this file as code that "uses" the names. Keep it short: dead code is removed, not
listed here. Pydantic's `model_config`, its validators and pytest fixtures are ignored in
pyproject.toml ([tool.vulture]) instead of one by one.
"""

# ruff: noqa: B018, F821
from carecoord.audit.actions import Action

# Log vocabulary (NEN 7513): entries with these actions exist in vaults and are read back by value.
Action.MERGE
Action.SPLIT
Action.KEY_SLOT_CHANGE
Action.BACKUP
Action.RESTORE

# Pydantic fields read only through model_dump/validation (the case list, release metadata).
phase_since
# Issue 18: a StatsRecord field read by name through a table's Dimension.field (getattr).
control_outcome
group_disclosure

# Kept on purpose: issue 12 wires them into the legal track and the minors' rules.
is_minor
_.renew_permit
_.end_permit
# Removed by the store split (branch `store`, issue 14); drop this line when that is merged.

# Attributes that ReportLab, openpyxl and keyring read from the objects we configure.
_.spaceBefore
_.repeatRows
_.categoryNames
_.fontName
_.fontSize
_.valueMin
_.labelTextFormat
_.fillColor
_.strokeColor
_.alignment
_.persist
# The vault's private key lives for the session and is dropped at lock (vault.py).
_._private_key
# Whether the screen-lock watcher reached D-Bus (ui/autolock.py), for a debugger's eyes.
_.connected
# Module __getattr__ (PEP 562): lazy attributes of carecoord.vault.
__getattr__

# Qt calls these overrides and properties by name.
_.eventFilter
watched
_.columnCount
_.headerData

# pytest and keyring call these by name (hooks, backend priority and viability).
pytest_configure
config
priority
viable

# HiGHS reads its model (HighsLp, HighsSparseMatrix) by these attribute names.
_.col_cost_
_.col_lower_
_.col_upper_
_.format_
_.index_
_.integrality_
_.num_col_
_.row_lower_
_.row_upper_
_.start_
_.value_
# ReportLab chart attributes (read by its renderer: carecoord/stats/pdf_report.py)
_.barLabelFormat
_.boxAnchor
_.dx
_.dy
_.textAnchor
_.valueMax
# Qt calls it (ui/charts.py)
_.paintEvent
# QLayout virtuals Qt calls (ui/flow_layout.py)
_.expandingDirections
_.minimumSize
