"""``carecoord-gui --smoke-test``: does the installed (frozen) application really work?

Headless, in a temporary folder: each check is a small function that exercises one thing the
bundle must contain (a native module, a Qt plugin, data files) with the real code, and returns a
short detail line or raises. The runner prints one line per check and exits 0 only when every
check passed. Nothing is written outside the temporary folder; the last check proves that the
install folder was not touched.

To add a check: write ``def check_<what>(ctx: SmokeContext) -> str`` and append it to ``CHECKS``.
Checks run in list order and may use what earlier ones left in ``ctx`` (the open vault).
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

import carecoord
from carecoord.hardening import HardeningReport, process_dumpable
from carecoord.vault import Vault

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class SmokeContext:
    scratch: Path
    hardening: HardeningReport
    install_snapshot: dict[str, tuple[int, int]]
    passphrase: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    recovery_key: str = ""
    vault: Vault | None = None  # open once "vault unlock" passed

    @property
    def vault_folder(self) -> Path:
        return self.scratch / "vault"

    def open_vault(self) -> Vault:
        if self.vault is None or not self.vault.is_open:
            raise RuntimeError("no open vault (an earlier vault check failed)")
        return self.vault


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[SmokeContext], str]


# -- where the application is installed --------------------------------------------------------
def install_root() -> Path:
    """The one-folder bundle when frozen; the source tree's packages otherwise."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(carecoord.__file__).resolve().parent.parent


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file the app ships (source tree: its packages and catalogs)."""
    if getattr(sys, "frozen", False):
        tops = [root]
    else:
        tops = [root / "carecoord", root / "ui"]  # the catalogs are in carecoord/translations
    result: dict[str, tuple[int, int]] = {}
    for top in tops:
        for path in top.rglob("*"):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            stat = path.stat()
            result[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return result


# -- the checks ----------------------------------------------------------------------------------
def check_hardening(ctx: SmokeContext) -> str:
    failed = ctx.hardening.failures()
    if failed:
        raise RuntimeError("not applied: " + ", ".join(m.name for m in failed))
    if sys.platform != "win32":
        import resource

        if resource.getrlimit(resource.RLIMIT_CORE) != (0, 0):
            raise RuntimeError("RLIMIT_CORE is not (0, 0)")
    if sys.platform == "linux" and process_dumpable() is not False:
        raise RuntimeError("the process is still dumpable")
    return "; ".join(m.name for m in ctx.hardening.measures)


def check_vault_create(ctx: SmokeContext) -> str:
    from carecoord.vault import kdf

    # The floor profile is the real Argon2id (64 MiB, t=3) without minutes of calibration.
    vault, ctx.recovery_key = Vault.create(
        ctx.vault_folder, "coordinator", ctx.passphrase, params=kdf.FLOOR_PARAMS
    )
    vault.lock()
    p = kdf.FLOOR_PARAMS
    return f"Argon2id t={p.time_cost} m={p.memory_kib // 1024} MiB p={p.parallelism}"


def check_no_plaintext_header(ctx: SmokeContext) -> str:
    with (ctx.vault_folder / "vault.db").open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if len(head) < len(SQLITE_MAGIC):
        raise RuntimeError("vault.db is empty: nothing was checkpointed")
    if head == SQLITE_MAGIC:
        raise RuntimeError("vault.db starts with the plaintext SQLite header")
    return "vault.db does not start with 'SQLite format 3'"


def check_vault_unlock(ctx: SmokeContext) -> str:
    from carecoord.vault import Credentials

    by_recovery = Vault.unlock(ctx.vault_folder, Credentials(recovery_key=ctx.recovery_key))
    by_recovery.lock()
    ctx.vault = Vault.unlock(ctx.vault_folder, Credentials(passphrase=ctx.passphrase))
    return "passphrase and recovery key both unlock"


def check_sqlcipher(ctx: SmokeContext) -> str:
    vault = ctx.open_vault()
    version = vault.db.scalar("PRAGMA cipher_version")
    if not version:
        raise RuntimeError("PRAGMA cipher_version is empty: SQLCipher is not active")
    return f"cipher_version {version}"


def check_vault_verify(ctx: SmokeContext) -> str:
    report = ctx.open_vault().verify()
    failure = report.first_failure
    if failure is not None:
        raise RuntimeError(f"{failure.name}: {failure.detail}")
    return f"{len(report.checks)} checks passed"


def check_demo_import(ctx: SmokeContext) -> str:
    """The case migrations and the reference data under carecoord/resources are bundled."""
    from carecoord.demo import generate
    from carecoord.store.case_list import CaseQuery
    from carecoord.workspace import open_store

    store = open_store(ctx.open_vault())
    result = generate(store, 5, seed=1)
    counted = store.cases.count(CaseQuery())
    if result.cases != 5 or counted < 5:
        raise RuntimeError(f"expected 5 demo cases, found {counted}")
    return f"{counted} synthetic cases written and counted"


def check_letter(_ctx: SmokeContext) -> str:
    """Fonts, templates and pikepdf's PDF/A data are bundled: a letter renders as PDF/A-2b."""
    import io

    import pikepdf
    from pikepdf import pdfa

    from carecoord.letters.referral_letter import render_referral_letter
    from carecoord.letters.samples import sample_letter

    data = render_referral_letter(sample_letter("nl"))
    if not data.startswith(b"%PDF-"):
        raise RuntimeError("the letter is not a PDF")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if not pdfa.check(pdf, "2b").passed:
            raise RuntimeError("the letter is not valid PDF/A-2b")
        fonts = {
            str(font.get("/BaseFont"))
            for page in pdf.pages
            for font in page.Resources.get("/Font", {}).values()
        }
    if not any("LiberationSans" in name for name in fonts):
        raise RuntimeError("the shipped font is not embedded")
    return f"PDF/A-2b, {len(data) // 1024} KiB, fonts: {', '.join(sorted(fonts))}"


def check_protected_table(ctx: SmokeContext) -> str:
    """numpy, OpenBLAS and HiGHS (highspy) load: one standard table of the demo cases is protected
    and audited (nothing is written)."""
    from carecoord.stats.export import preview
    from carecoord.stats.period import Period
    from carecoord.stats.source import records_for_period
    from carecoord.stats.tables import STANDARD_IDS

    vault = ctx.open_vault()
    year = int(vault.db.scalar("SELECT substr(min(opened_on), 1, 4) FROM cases"))
    records = records_for_period(vault, Period(year=year))
    if not records:
        raise RuntimeError("no statistics records for the demo cases")
    region = frozenset(r.municipality for r in records)
    release = preview(vault.db, records, Period(year=year), region, table_ids=STANDARD_IDS[:1])
    if not release.audit_ok:
        raise RuntimeError("the disclosure audit failed")
    cells = sum(len(t.cells) for t in release.tables)
    return f"{STANDARD_IDS[0]} for {year}: {cells} cells, audit passed"


def check_dutch_translation(_ctx: SmokeContext) -> str:
    from carecoord import i18n

    i18n.set_language("nl")
    try:
        translated = i18n.gettext("Settings")
        missing = i18n.missing_catalog()
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
    if missing is not None:
        raise RuntimeError(f"the Dutch catalog is missing: {missing}")
    if translated != "Instellingen":
        raise RuntimeError(
            f"'Settings' came out as {translated!r}; catalog at {i18n.catalog_path('nl')}"
        )
    if not i18n.compiled_path("nl").exists():  # Dutch still works, but every start parses the .po
        raise RuntimeError(f"the compiled Dutch catalog is missing: {i18n.compiled_path('nl')}")
    return "'Settings' → 'Instellingen' (compiled catalog)"


def check_babel_locales(_ctx: SmokeContext) -> str:
    from carecoord import i18n

    dutch = i18n.format_date(date(2026, 3, 5), "long", language="nl")
    english = i18n.format_date(date(2026, 3, 5), "long", language="en")
    if "maart" not in dutch or "March" not in english:
        raise RuntimeError(f"dates came out as {dutch!r} / {english!r}")
    return f"{dutch} / {english}"


def check_qt_translation(_ctx: SmokeContext) -> str:
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    translator = QTranslator()
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale("nl_NL"), "qtbase", "_", path):
        raise RuntimeError(f"qtbase_nl.qm not found in {path}")
    QCoreApplication.installTranslator(translator)
    try:
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    finally:
        QCoreApplication.removeTranslator(translator)
    if cancel != "Annuleren":
        raise RuntimeError(f"Qt's 'Cancel' came out as {cancel!r}")
    return "qtbase_nl: 'Cancel' → 'Annuleren'"


def check_main_window(ctx: SmokeContext) -> str:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from ui.preferences import Preferences
    from ui.worker import VaultWorker

    preferences = Preferences(
        QSettings(str(ctx.scratch / "settings.ini"), QSettings.Format.IniFormat)
    )
    worker = VaultWorker()
    window = MainWindow(ctx.scratch / "window-vault", worker, preferences)
    try:
        window.show()
        QApplication.processEvents()
        if not window.isVisible() or window.windowTitle() != "CareCoord":
            raise RuntimeError("the main window did not show")
        if window.stack.currentWidget() is not window.unlock_page:
            raise RuntimeError("the main window did not start locked")
        platform = QApplication.platformName()
        # The workspace's modules are imported lazily (the vault worker's job at the first
        # unlock, then the pages): building it here proves the bundle holds all of them.
        from ui.workspace_modules import load_core

        load_core()
        pages = len(window.workspace.page_titles())
    finally:
        window.close()
        window.session.lock()
        worker.shutdown()
    return f"shown and locked on the '{platform}' platform plugin; workspace of {pages} pages"


def check_print_to_pdf(ctx: SmokeContext) -> str:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    target = ctx.scratch / "print.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("QPrinter refused to start a PDF")
    painter.drawText(QPointF(100, 100), "CareCoord")
    painter.end()
    document = QPdfDocument()
    document.load(str(target))
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() != 1:
        raise RuntimeError(f"QtPdf read status {document.status()}, {document.pageCount()} pages")
    image = document.render(0, document.pagePointSize(0).toSize())
    document.close()
    if image.isNull():
        raise RuntimeError("QtPdf could not render the page")
    return "QPrinter wrote a one-page PDF; QtPdf read and rendered it"


def check_qt_collation(_ctx: SmokeContext) -> str:
    """Qt's ICU data (cut to the app's locales by packaging/icu_data.py) still sorts Dutch:
    without collation data Qt would compare code points and put 'Ärger' and 'école' after 'zebra'."""
    from PySide6.QtCore import QCollator, QLocale

    collator = QCollator(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    words = sorted(["zebra", "école", "Ärger", "appel"], key=collator.sortKey)
    if words != ["appel", "Ärger", "école", "zebra"]:
        raise RuntimeError(f"Dutch collation sorts {words}")
    return ", ".join(words)


def check_image_formats(_ctx: SmokeContext) -> str:
    from PySide6.QtGui import QImageReader

    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"png", "svg", "jpeg", "ico"} - formats
    if missing:
        raise RuntimeError(f"image format plugins missing: {sorted(missing)}")
    return ", ".join(sorted(formats & {"png", "svg", "jpeg", "ico", "gif"}))


def check_single_instance(ctx: SmokeContext) -> str:
    from PySide6.QtCore import QDeadlineTimer
    from PySide6.QtWidgets import QApplication

    from ui.single_instance import SingleInstance

    first = SingleInstance(ctx.scratch / "instance-vault")
    second = SingleInstance(ctx.scratch / "instance-vault")
    raised: list[bool] = []
    first.raiseRequested.connect(lambda: raised.append(True))
    if not first.listen():
        raise RuntimeError("could not listen on the local socket")
    try:
        if not second.notify_running():
            raise RuntimeError("a second start did not find the first")
        deadline = QDeadlineTimer(3000)
        while not raised and not deadline.hasExpired():
            QApplication.processEvents()
        if not raised:
            raise RuntimeError("the first instance never received 'raise'")
    finally:
        first.close()
    return "a second start reached the first over QLocalSocket"


def check_keyring_backends(_ctx: SmokeContext) -> str:
    import importlib
    import importlib.metadata

    wanted = {"linux": "SecretService", "darwin": "macOS", "win32": "Windows"}.get(sys.platform)
    names = {e.name for e in importlib.metadata.entry_points(group="keyring.backends")}
    if wanted is None:
        return "no OS keyring on this platform"
    if wanted not in names:
        raise RuntimeError(f"keyring entry point {wanted} missing (found {sorted(names)})")
    importlib.import_module(f"keyring.backends.{wanted}")
    return f"keyring.backends.{wanted} importable"


def check_install_untouched(ctx: SmokeContext) -> str:
    root = install_root()
    after = snapshot(root)
    changed = sorted(
        name
        for name in set(after) | set(ctx.install_snapshot)
        if after.get(name) != ctx.install_snapshot.get(name)
    )
    if changed:
        raise RuntimeError(f"{len(changed)} files changed in {root}: {changed[:5]}")
    return f"{len(after)} files in the install folder unchanged"


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
