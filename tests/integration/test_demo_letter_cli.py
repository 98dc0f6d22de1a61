"""A demo vault can print its referrals: partners with (fictitious) addresses, a demo letterhead."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carecoord.demo_directory import DIRECTORY
from tests.conftest import PASSPHRASE, run_cli

STDIN = PASSPHRASE + "\n"


def test_letter_for_demo_referrals(cli_vault: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = cli_vault
    # Letters are dated today, so the demo's consents must be current: its reference date today.
    today = date.today().isoformat()
    demo = run_cli(
        "demo", "--cases", "40", "--seed", "3", "--today", today, vault=folder, stdin=STDIN
    )
    assert demo.returncode == 0, demo.stderr
    listed = run_cli("referrals", "list", "--status", "sent", vault=folder, stdin=STDIN)
    assert listed.returncode == 0, listed.stderr
    sent = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert sent
    printed = []
    for referral_id in sent:
        out = tmp_path / "letters" / f"brief-{referral_id}.pdf"
        letter = run_cli("letter", referral_id, "--out", str(out), vault=folder, stdin=STDIN)
        if letter.returncode == 0:
            assert f"written to {out}" in letter.stdout
            assert out.read_bytes().startswith(b"%PDF-")
            printed.append(referral_id)
        else:
            # The demo keeps referrals without a valid consent on purpose (the letter is then
            # rightly refused); never for a missing address or letterhead.
            assert letter.returncode == 5, letter.stderr
            assert "no valid consent" in letter.stderr, letter.stderr
            assert not out.exists()
    assert len(printed) >= len(sent) // 2, (len(printed), len(sent))
    verify = run_cli("vault", "verify", vault=folder, stdin=STDIN)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_demo_partners_listed_with_addresses(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    assert run_cli("demo", "--cases", "5", vault=folder, stdin=STDIN).returncode == 0
    listed = run_cli("settings", "partners", "list", vault=folder, stdin=STDIN)
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert len(rows) == len(DIRECTORY)  # 26 since issue 15 (CoMensha and the new partner types)
    assert all(row[4].split(" / ")[1].startswith("0") for row in rows)
