"""`settings letterhead` and `settings partners` through the real command line (DESIGN.md §5).

What the command line writes is read back with the same core calls the app's Settings tabs use
(``load_letterhead``, ``store.organisations``), so there is one write path and one stored form.
"""

from __future__ import annotations

from pathlib import Path

from carecoord.domain.codelists import codelist
from carecoord.letters.model import Letterhead
from carecoord.letters.provider import load_letterhead, save_letterhead
from carecoord.store.case_store import CaseStore
from carecoord.vault import Credentials, Vault
from carecoord.workspace import open_store
from tests.conftest import PASSPHRASE, run_cli

STDIN = PASSPHRASE + "\n"


def _store(folder: Path) -> tuple[Vault, CaseStore]:
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    return vault, open_store(vault)


def _letterhead(folder: Path) -> Letterhead | None:
    vault, store = _store(folder)
    try:
        return load_letterhead(store)
    finally:
        vault.lock()


def test_letterhead_show_set_and_keep_unnamed_fields(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    empty = run_cli("settings", "letterhead", vault=folder, stdin=STDIN)
    assert empty.returncode == 0, empty.stderr
    assert "No letterhead is stored" in empty.stdout

    result = run_cli(
        "settings",
        "letterhead",
        "--organisation",
        "Gemeente Voorbeeldstad",
        "--department",
        "Zorg en Veiligheid",
        "--address",
        "Postbus 100",
        "0101 AB  Voorbeeldstad",
        "--coordinator",
        "J. de Vries",
        "--role",
        "Zorgcoördinator mensenhandel",
        "--email",
        "zorgcoordinatie@voorbeeldstad.example",
        vault=folder,
        stdin=STDIN,
    )
    assert result.returncode == 0, result.stderr
    stored = _letterhead(folder)
    assert stored is not None
    assert stored.organisation == "Gemeente Voorbeeldstad"
    assert stored.department == "Zorg en Veiligheid"
    assert stored.address_lines == ("Postbus 100", "0101 AB  Voorbeeldstad")
    assert stored.coordinator_name == "J. de Vries"
    assert stored.coordinator_role == "Zorgcoördinator mensenhandel"
    assert stored.email == "zorgcoordinatie@voorbeeldstad.example"
    assert stored.phone == ""

    # The app's tab stores a logo and signature lines the command line does not set: kept.
    vault, store = _store(folder)
    try:
        save_letterhead(
            store,
            stored.model_copy(update={"logo_png": b"\x89PNG-logo", "signature_lines": ("Team",)}),
        )
    finally:
        vault.lock()
    phone = run_cli("settings", "letterhead", "--phone", "0101-123456", vault=folder, stdin=STDIN)
    assert phone.returncode == 0, phone.stderr
    after = _letterhead(folder)
    assert after is not None
    assert after.phone == "0101-123456"
    assert after.organisation == "Gemeente Voorbeeldstad"
    assert after.address_lines == ("Postbus 100", "0101 AB  Voorbeeldstad")
    assert after.logo_png == b"\x89PNG-logo" and after.signature_lines == ("Team",)

    shown = run_cli("settings", "letterhead", vault=folder, stdin=STDIN)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert "organisation: Gemeente Voorbeeldstad" in lines
    assert "address: Postbus 100" in lines and "address: 0101 AB  Voorbeeldstad" in lines
    assert "phone: 0101-123456" in lines
    assert "logo: yes" in lines


def test_letterhead_with_a_control_character_is_refused_and_nothing_changes(
    cli_vault: tuple[Path, str],
) -> None:
    folder, _ = cli_vault
    ok = run_cli(
        "settings", "letterhead", "--organisation", "Gemeente A", vault=folder, stdin=STDIN
    )
    assert ok.returncode == 0, ok.stderr
    bad = run_cli(
        "settings",
        "letterhead",
        "--organisation",
        "Gemeente B",
        "--address",
        "Straat 1\nextra",
        vault=folder,
        stdin=STDIN,
    )
    assert bad.returncode == 5
    assert bad.stderr.count("\n") == 1 and "address" in bad.stderr
    assert "Traceback" not in bad.stderr
    stored = _letterhead(folder)
    assert stored is not None and stored.organisation == "Gemeente A"


def test_letterhead_too_long_is_exit_5(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    bad = run_cli("settings", "letterhead", "--role", "x" * 1000, vault=folder, stdin=STDIN)
    assert bad.returncode == 5, bad.stderr
    assert "role" in bad.stderr and "x" * 20 not in bad.stderr
    assert _letterhead(folder) is None


def test_partners_add_and_list(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    empty = run_cli("settings", "partners", "list", vault=folder, stdin=STDIN)
    assert empty.returncode == 0 and empty.stdout == "", empty.stderr

    added = run_cli(
        "settings",
        "partners",
        "add",
        "Opvang De Linde",
        "--service",
        "shelter",
        "housing",
        "--address",
        "Lindelaan 4",
        "0102 CD  Voorbeeldstad",
        vault=folder,
        stdin=STDIN,
    )
    assert added.returncode == 0, added.stderr
    second = run_cli(
        "settings",
        "partners",
        "add",
        "Juridisch Spreekuur",
        "--service",
        "legal_aid",
        vault=folder,
        stdin=STDIN,
    )
    assert second.returncode == 0, second.stderr

    vault, store = _store(folder)
    try:
        org = store.organisations.by_name("Opvang De Linde")
        assert org is not None
        assert org.services == ("shelter", "housing")
        assert org.address == "Lindelaan 4\n0102 CD  Voorbeeldstad"
        assert org.active
        legal = store.organisations.by_name("Juridisch Spreekuur")
        assert legal is not None and legal.address is None
    finally:
        vault.lock()

    listed = run_cli("settings", "partners", "list", vault=folder, stdin=STDIN)
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [row[1] for row in rows] == ["Juridisch Spreekuur", "Opvang De Linde"]
    linde = rows[1]
    assert linde[0].isdigit()
    assert linde[2] == "shelter,housing"
    assert linde[3] == "active"
    assert linde[4] == "Lindelaan 4 / 0102 CD  Voorbeeldstad"
    assert rows[0][4] == ""


def test_partner_with_an_unknown_service_is_exit_5_naming_the_codes(
    cli_vault: tuple[Path, str],
) -> None:
    folder, _ = cli_vault
    bad = run_cli(
        "settings",
        "partners",
        "add",
        "Opvang X",
        "--service",
        "shelter",
        "shelterr",
        vault=folder,
        stdin=STDIN,
    )
    assert bad.returncode == 5, bad.stderr
    first = bad.stderr.splitlines()[0]
    assert "referral_type" in first
    assert "shelterr" in first
    for code in codelist("referral_type").values:
        assert code in first
    assert "Traceback" not in bad.stderr
    listed = run_cli("settings", "partners", "list", vault=folder, stdin=STDIN)
    assert listed.stdout == ""


def test_partner_duplicate_name_is_refused(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    args = ("settings", "partners", "add", "Opvang De Linde", "--service", "shelter")
    assert run_cli(*args, vault=folder, stdin=STDIN).returncode == 0
    again = run_cli(*args[:-1], "housing", vault=folder, stdin=STDIN)
    assert again.returncode == 5
    assert "already exists" in again.stderr and again.stderr.count("\n") == 1
    vault, store = _store(folder)
    try:
        orgs = store.organisations.all()
        assert [(o.name, o.services) for o in orgs] == [("Opvang De Linde", ("shelter",))]
    finally:
        vault.lock()


def test_partner_without_a_service_is_a_usage_error(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    result = run_cli("settings", "partners", "add", "Opvang X", vault=folder, stdin=STDIN)
    assert result.returncode == 2
    assert "--service" in result.stderr


def test_settings_commands_log_sessions_only_and_verify(cli_vault: tuple[Path, str]) -> None:
    """The app's Settings tabs record the session (login, lock), not the directory's content:
    partners and letterhead are no client's file. The command line does the same."""
    folder, _ = cli_vault
    before = run_cli("audit", "show", vault=folder, stdin=STDIN).stdout.splitlines()
    head = run_cli("settings", "letterhead", "--organisation", "G", vault=folder, stdin=STDIN)
    assert head.returncode == 0, head.stderr
    partner = ("settings", "partners", "add", "P", "--service", "other")
    assert run_cli(*partner, vault=folder, stdin=STDIN).returncode == 0
    after = run_cli("audit", "show", vault=folder, stdin=STDIN).stdout.splitlines()
    # Each command is one session: a login and a lock (the audit show of "before" adds its own).
    new = after[len(before) :]
    actions = [line.split()[5] for line in new]
    assert actions.count("login") == 3 and actions.count("lock") >= 2
    assert set(actions) <= {"login", "lock", "log_read"}
    verify = run_cli("vault", "verify", vault=folder, stdin=STDIN)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_partner_with_an_empty_name_or_a_line_break_is_exit_5(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    empty = run_cli(
        "settings", "partners", "add", "  ", "--service", "shelter", vault=folder, stdin=STDIN
    )
    assert empty.returncode == 5, empty.stderr
    assert "name" in empty.stderr and empty.stderr.count("\n") == 1
    broken = run_cli(
        "settings",
        "partners",
        "add",
        "Opvang Y",
        "--service",
        "shelter",
        "--address",
        "Straat 1\nRegel 2",
        vault=folder,
        stdin=STDIN,
    )
    assert broken.returncode == 5, broken.stderr
    assert "address" in broken.stderr and "Regel" not in broken.stderr
    assert run_cli("settings", "partners", "list", vault=folder, stdin=STDIN).stdout == ""
