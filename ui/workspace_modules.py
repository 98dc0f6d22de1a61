"""The core modules behind the workspace, loaded on the vault worker during the unlock.

The unlock screen needs none of them (issue 14: statistics bring HiGHS and numpy, letters bring
reportlab and pikepdf, imports bring openpyxl, the vault brings SQLCipher, Argon2 and pydantic;
together ~2 s and ~190 MiB). They are loaded
once, by the first unlock's job on the vault worker, while the GUI thread shows the busy state;
when the workspace is built on the GUI thread afterwards, its own ``ui.*`` modules are all that
is left to load. tests/ui/test_fast_start.py checks that this list covers every core module the
workspace imports, and that none of them is loaded for the unlock screen. (packaging/carecoord.spec
collects every carecoord submodule, so the frozen app finds them all.)
"""

from __future__ import annotations

import importlib
import sys

WORKSPACE_CORE = (
    # The access log and the vault (SQLCipher, Argon2, cryptography, pydantic): the unlock job
    # imports them too, the access log first (ui/unlock_page.py).
    "carecoord.audit",
    "carecoord.vault.vault",
    "carecoord.store.case_store",
    "carecoord.store.case_list",
    "carecoord.store.intake",
    "carecoord.store.retention_repository",
    "carecoord.stats.export",
    "carecoord.stats.grid",
    "carecoord.stats.labels",
    "carecoord.stats.period",
    "carecoord.stats.release",
    "carecoord.stats.service",
    "carecoord.letters.issue",
    "carecoord.letters.logo",
    "carecoord.letters.model",
    "carecoord.letters.provider",
    "carecoord.letters.saving",
    "carecoord.retention",
    "carecoord.retention.subject_export",
    "carecoord.case_import",
    "carecoord.domain.case",
    "carecoord.domain.casefile",
    "carecoord.domain.client",
    "carecoord.domain.codelists",
    "carecoord.domain.consent",
    "carecoord.domain.municipalities",
    "carecoord.domain.nationality",
    "carecoord.domain.pathway",
    "carecoord.domain.referral",
    "carecoord.domain.support",
)


def load_core() -> None:
    """Runs on the vault worker (never the GUI thread): a no-op once everything is loaded."""
    for name in WORKSPACE_CORE:
        if name not in sys.modules:
            importlib.import_module(name)
    # The navigation's icon library (qtawesome and QtPy, ~140 ms to import): Python modules
    # only, no Qt object is made, so the worker can load them too.
    from ui.icons import load_library

    load_library()
