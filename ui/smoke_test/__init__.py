"""``carecoord-gui --smoke-test``: does the installed (frozen) application really work?

Headless, in a temporary folder: each check is a small function that exercises one thing the
bundle must contain (a native module, a Qt plugin, data files) with the real code, and returns a
short detail line or raises. The runner prints one line per check and exits 0 only when every
check passed. Nothing is written outside the temporary folder; the last check proves that the
install folder was not touched.

To add a check: write ``def check_<what>(ctx: SmokeContext) -> str`` in :mod:`.core_checks`
(no Qt) or :mod:`.qt_checks` and append it to ``CHECKS``.
Checks run in list order and may use what earlier ones left in ``ctx`` (the open vault).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from carecoord.hardening import HardeningReport
from ui.smoke_test.context import Check, SmokeContext, install_root, snapshot
from ui.smoke_test.core_checks import (
    check_babel_locales,
    check_demo_import,
    check_dutch_translation,
    check_hardening,
    check_install_untouched,
    check_keyring_backends,
    check_letter,
    check_no_plaintext_header,
    check_protected_table,
    check_sqlcipher,
    check_vault_create,
    check_vault_unlock,
    check_vault_verify,
)
from ui.smoke_test.qt_checks import (
    check_image_formats,
    check_main_window,
    check_print_to_pdf,
    check_qt_collation,
    check_qt_translation,
    check_single_instance,
)

CHECKS: list[Check] = [
    Check("process hardening", check_hardening),
    Check("vault create", check_vault_create),
    Check("no plaintext SQLite header", check_no_plaintext_header),
    Check("vault unlock", check_vault_unlock),
    Check("SQLCipher active", check_sqlcipher),
    Check("vault verify", check_vault_verify),
    Check("demo cases import", check_demo_import),
    Check("letter renders", check_letter),
    Check("protected statistics table", check_protected_table),
    Check("Dutch translation", check_dutch_translation),
    Check("Babel locale data nl/en", check_babel_locales),
    Check("Qt's Dutch translation", check_qt_translation),
    Check("Qt collation (ICU)", check_qt_collation),
    Check("main window (offscreen)", check_main_window),
    Check("QtPrintSupport and QtPdf", check_print_to_pdf),
    Check("image format plugins", check_image_formats),
    Check("single instance channel", check_single_instance),
    Check("keyring backend", check_keyring_backends),
    # Last: everything above must have left the install folder alone.
    Check("install folder untouched", check_install_untouched),
]


def run_checks(ctx: SmokeContext, out: TextIO | None) -> list[str]:
    """Run every check; returns the names of those that failed."""
    failed: list[str] = []
    for check in CHECKS:
        try:
            line = f"ok    {check.name}: {check.run(ctx)}"
        except Exception as exc:  # report every failure, then carry on with the next check
            failed.append(check.name)
            line = f"FAIL  {check.name}: {type(exc).__name__}: {exc}"
        if out is not None:
            print(line, file=out, flush=True)
    return failed


def run_smoke_test(hardening: HardeningReport, out: TextIO | None = None) -> int:
    """Headless by design: the offscreen platform unless the caller chose another one."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = out if out is not None else sys.stdout  # None in a windowed Windows build
    from carecoord.workspace import connect_access_log
    from ui.app import create_app

    connect_access_log()

    app = create_app([sys.argv[0] if sys.argv else "carecoord-gui"])
    # The vaults below are checked as the unlocked app has them: the access log attached and the
    # store's verify checks registered, which the app loads on the vault worker at the first
    # unlock, not at start (issue 14).
    from ui.workspace_modules import load_core

    load_core()
    before = snapshot(install_root())
    # The scratch vault holds only the smoke test's own synthetic data (demo cases, a sample
    # letter), is encrypted like any vault, and is removed on exit; no client data reaches it.
    with tempfile.TemporaryDirectory(prefix="carecoord-smoke-") as scratch:
        ctx = SmokeContext(Path(scratch), hardening, before)
        try:
            failed = run_checks(ctx, out)
        finally:
            if ctx.vault is not None:
                ctx.vault.lock()
    app.processEvents()
    if out is not None:
        verdict = "passed" if not failed else f"FAILED: {', '.join(failed)}"
        print(f"smoke test: {len(CHECKS)} checks, {verdict}", file=out, flush=True)
    return 0 if not failed else 1
