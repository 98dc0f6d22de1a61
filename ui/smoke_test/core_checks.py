"""The smoke test's checks of the core: process hardening, the vault (SQLCipher, Argon2), the
case store with its reference data, a PDF/A letter, a protected statistics table, the catalogs
and Babel's locale data, the keyring backend, and last that the install folder is unchanged.

None of them needs Qt, so a bundle that lost a native module or a data file of the core fails
here with the module's name, apart from the Qt plugins :mod:`ui.smoke_test.qt_checks` covers.
"""

from __future__ import annotations

import sys
from datetime import date

from carecoord.hardening import process_dumpable
from carecoord.vault import Vault
from ui.smoke_test.context import SmokeContext, install_root, snapshot

SQLITE_MAGIC = b"SQLite format 3\x00"


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
