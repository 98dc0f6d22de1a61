"""`carecoord letter` on a real vault: the store's referral, consent and letterhead become a PDF/A
letter; without a consent or override it is refused and nothing is written."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pikepdf
from pikepdf import pdfa

from carecoord.domain.case import Signal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.consent import Consent
from carecoord.domain.referral import Organisation
from carecoord.letters.model import Letterhead
from carecoord.letters.provider import save_letterhead
from carecoord.store.intake import open_client_case
from carecoord.vault import Credentials, Vault
from carecoord.workspace import open_store
from tests.conftest import PASSPHRASE, run_cli
from tests.support.letters_pdf import all_text


def _prepare(folder: Path) -> tuple[int, int]:
    """A case with a sent referral (under consent) and a draft one (no consent)."""
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    try:
        store = open_store(vault)
        save_letterhead(
            store,
            Letterhead(
                organisation="Gemeente Voorbeeld",
                address_lines=("Postbus 1", "1000 AA Voorbeeld"),
                coordinator_name="A. Coördinator",
                coordinator_role="Zorgcoördinator mensenhandel",
                phone="14 020",
                email="zorgcoordinatie@example.nl",
            ),
        )
        shelter = store.organisations.add(
            Organisation(name="Opvang Noord", address="Postbus 9\n9700 AA Groningen")
        )
        lawyer = store.organisations.add(
            Organisation(name="Advocatuur Zuid", address="Markt 1\n5600 AA Eindhoven")
        )
        today = date.today()
        case_id = open_client_case(
            store,
            ClientFacts(reference="CL-77", gender="female"),
            ClientIdentity(
                given_name="Zorabel", family_name="Quintanilla", birth_date=date(1990, 1, 2)
            ),
            Signal(
                signal_date=today - timedelta(days=10),
                exploitation_forms=("labour",),
                municipality="GM0363",
            ),
        )
        client_id = store.read.summary(case_id).client_id
        store.consents.record(
            Consent(
                client_id=client_id,
                recipient_id=shelter,
                purposes=("shelter",),
                data_categories=("identity",),
                given_on=today - timedelta(days=1),
            )
        )
        sent = store.referrals.create(case_id, shelter, "shelter", reason="Veilige opvang nodig.")
        store.referrals.send(sent)
        draft = store.referrals.create(case_id, lawyer, "legal_aid")
        return sent, draft
    finally:
        vault.lock()


def test_letter_for_a_sent_referral(cli_vault: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = cli_vault
    sent, _draft = _prepare(folder)
    out = tmp_path / "letter.pdf"
    result = run_cli("letter", str(sent), "--out", str(out), vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdfa.check(pdf, "2b").passed
    text = run_text(data)
    assert "Opvang Noord" in text and "Gemeente Voorbeeld" in text
    assert "Quintanilla" not in text  # only the initials by default
    assert "Z.Q." in text
    log = run_cli("audit", "show", vault=folder, stdin=PASSPHRASE + "\n")
    assert "export" in log.stdout


def test_letter_refused_without_consent_writes_nothing(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    _sent, draft = _prepare(folder)
    out = tmp_path / "letter.pdf"
    result = run_cli("letter", str(draft), "--out", str(out), vault=folder, stdin=PASSPHRASE + "\n")
    assert result.returncode == 5
    assert "consent" in result.stderr.lower()
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [folder] or not any(
        p.suffix == ".pdf" for p in tmp_path.rglob("*")
    )


def run_text(data: bytes) -> str:
    return " ".join(all_text(data).split())
