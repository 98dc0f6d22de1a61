"""`carecoord transfer` through the real command line, between two real vaults (issue 19).

A sends a case to B; B receives it after checking A's fingerprint. The case is the same in both
(minus the vault's own numbers and the log), closed in A. A changed byte, a package for another
vault, another signer, a replay, a newer format version and an unconfirmed sender are each
refused with exit 5, B unchanged. No canary of the case reaches any file outside the vaults:
not HOME, not the temp folder, not the vault folders in clear, not the package itself.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from carecoord.errors import EXIT_OK, EXIT_REJECTED
from carecoord.store.case_store import CaseStore
from carecoord.transfer import identity
from carecoord.transfer.envelope import seal
from carecoord.transfer.payload import build_payload, payload_bytes
from carecoord.vault import Credentials, Vault
from carecoord.workspace import open_store
from tests.conftest import PASSPHRASE, CliResult, run_cli
from tests.support.transfer_compare import comparable_case
from tests.support.vault_content import content_digest

OVERRIDE = "Placed in a shelter in region Beland for her safety, urgent."


class Regions:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.scratch = root / "scratch"
        for sub in ("home", "tmp"):
            (self.scratch / sub).mkdir(parents=True)
        self.out = root / "out"
        self.env = {
            "CARECOORD_PASSPHRASE": PASSPHRASE,
            "HOME": str(self.scratch / "home"),
            "TMPDIR": str(self.scratch / "tmp"),
            "TEMP": str(self.scratch / "tmp"),
            "TMP": str(self.scratch / "tmp"),
        }

    def folder(self, name: str) -> Path:
        return self.root / f"vault-{name}"

    def cli(self, name: str, *args: str) -> CliResult:
        return run_cli("--user", name, *args, vault=self.folder(name), env=self.env)

    def init(self, name: str, organisation: str) -> dict[str, str]:
        assert self.cli(name, "vault", "init").returncode == EXIT_OK
        letterhead = self.cli(
            name,
            "settings",
            "letterhead",
            "--organisation",
            organisation,
            "--address",
            "Postbus 1",
            "--address",
            "1000 AA Plaats",
            "--coordinator",
            f"{name.title()} Coördinator",
            "--role",
            "Zorgcoördinator mensenhandel",
            "--phone",
            "14 020",
        )
        assert letterhead.returncode == EXIT_OK, letterhead.stderr
        return self.keys(name)

    def keys(self, name: str) -> dict[str, str]:
        result = self.cli(name, "transfer", "key")
        assert result.returncode == EXIT_OK, result.stderr
        lines = result.stdout.strip().splitlines()
        assert [line.split(": ", 1)[0] for line in lines] == ["recipient", "signing", "fingerprint"]
        return dict(line.split(": ", 1) for line in lines)  # type: ignore[misc]

    @contextmanager
    def store(self, name: str) -> Iterator[CaseStore]:
        vault = Vault.unlock(self.folder(name), Credentials(passphrase=PASSPHRASE, user=name))
        try:
            yield open_store(vault)
        finally:
            vault.lock()

    def digest(self, name: str) -> str:
        return content_digest(self.folder(name), PASSPHRASE)


@pytest.fixture
def regions(tmp_path: Path) -> Regions:
    return Regions(tmp_path)


def _canary_case(regions: Regions, canary: str) -> str:
    """A case in A whose client's names and note hold the canary."""
    signal = (date.today() - timedelta(days=30)).isoformat()
    csv = regions.root / "import.csv"
    csv.write_text(
        "client_ref,given_name,family_name,birth_date,gender,nationality,municipality,"
        "signal_date,signaller,exploitation_forms,sector,location_type,phase\n"
        f"CL-9,{canary},Fam{canary},1994-03-02,female,RO,GM0363,{signal},police,labour,"
        "agriculture,agricultural_site,intake\n",
        encoding="utf-8",
    )
    assert regions.cli("anna", "import", str(csv)).returncode == EXIT_OK
    csv.unlink()
    with regions.store("anna") as store:
        case_id = store.cases.id_for_reference(str(store.db.scalar("SELECT reference FROM cases")))
        assert case_id is not None
        store.tasks.add_note(case_id, f"Lives with {canary} at a secret address.")
        return str(store.read.summary(case_id).reference)


def _encodings(text: str) -> list[bytes]:
    return [text.encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be")]


def _leaks(root: Path, needles: list[bytes]) -> list[str]:
    return [
        f"{path.relative_to(root)}: {needle!r}"
        for path in sorted(root.rglob("*"))
        if path.is_file()
        for needle in needles
        if needle in path.read_bytes()
    ]


def _refused(regions: Regions, name: str, package: Path, *args: str) -> CliResult:
    before = regions.digest(name)
    result = regions.cli(name, "transfer", "receive", str(package), *args)
    assert result.returncode == EXIT_REJECTED, (result.stdout, result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert regions.digest(name) == before
    return result


def test_send_and_receive_between_two_vaults(regions: Regions) -> None:
    canary = "Kanarie" + secrets.token_hex(6)
    a_keys = regions.init("anna", "Gemeente Aland")
    b_keys = regions.init("bob", "Gemeente Beland")
    reference = _canary_case(regions, canary)
    with regions.store("anna") as store:
        case_id = store.cases.id_for_reference(reference)
        assert case_id is not None
        before = comparable_case(store, case_id)

    # A cannot send to keys it has not confirmed; a wrong fingerprint adds nothing.
    package = regions.out / "case.age"
    send = ("transfer", "send", reference, "--to", b_keys["recipient"], "--out", str(package))
    assert regions.cli("anna", *send, "--override-reason", OVERRIDE).returncode == EXIT_REJECTED
    # The region's coordination as a partner with its postal address (the summary's recipient);
    # add-region takes the directory entry of that name.
    partner = regions.cli(
        "anna",
        *("settings", "partners", "add", "Gemeente Beland", "--service", "other"),
        *("--address", "Postbus 2", "--address", "2000 BB Beland"),
    )
    assert partner.returncode == EXIT_OK, partner.stderr
    add = ("transfer", "add-region", "Gemeente Beland", "--recipient", b_keys["recipient"])
    wrong = regions.cli("anna", *add, "--signing", b_keys["signing"], "--fingerprint", "AAAA" * 5)
    assert wrong.returncode == EXIT_REJECTED
    added = regions.cli(
        "anna", *add, "--signing", b_keys["signing"], "--fingerprint", b_keys["fingerprint"]
    )
    assert added.returncode == EXIT_OK, added.stderr
    assert regions.cli("anna", "transfer", "regions").stdout.startswith("Gemeente Beland\t")

    # Without consent and without override: refused, nothing written.
    digest_a = regions.digest("anna")
    refused = regions.cli("anna", *send)
    assert refused.returncode == EXIT_REJECTED and "consent" in refused.stderr
    assert regions.digest("anna") == digest_a and not package.exists()

    # Never into the vault folder (exit 2, DESIGN.md section 5).
    inside = regions.cli(
        "anna",
        *send[:-1],
        str(regions.folder("anna") / "case.age"),
        "--override-reason",
        OVERRIDE,
    )
    assert inside.returncode == 2 and not (regions.folder("anna") / "case.age").exists()
    sent = regions.cli("anna", *send, "--override-reason", OVERRIDE)
    assert sent.returncode == EXIT_OK, sent.stderr
    assert package.stat().st_mode & 0o077 == 0
    summary = regions.cli(
        "anna", "transfer", "summary", reference, "--out", str(regions.out / "summary.pdf")
    )
    assert summary.returncode == EXIT_OK, summary.stderr
    assert (regions.out / "summary.pdf").read_bytes().startswith(b"%PDF-")

    # B: an unknown sender, without the fingerprint or with another one; a changed byte.
    assert "--from" in _refused(regions, "bob", package).stderr
    _refused(regions, "bob", package, "--from", "AAAA-BBBB-CCCC-DDDD-EEEE")
    flipped = regions.root / "flipped.age"
    data = bytearray(package.read_bytes())
    data[len(data) // 3] ^= 0x04
    flipped.write_bytes(bytes(data))
    _refused(regions, "bob", flipped, "--from", a_keys["fingerprint"])
    # A third vault: not for it.
    regions.init("carl", "Gemeente Celand")
    _refused(regions, "carl", package, "--from", a_keys["fingerprint"])

    received = regions.cli(
        "bob", "transfer", "receive", str(package), "--from", a_keys["fingerprint"].lower()
    )
    assert received.returncode == EXIT_OK, received.stderr
    assert f"its reference there: {reference}" in received.stdout
    assert canary not in received.stdout + received.stderr
    # A package is received once.
    assert "received before" in _refused(regions, "bob", package).stderr

    with regions.store("bob") as store:
        (new_id,) = [int(r[0]) for r in store.db.all("SELECT id FROM cases")]
        assert comparable_case(store, new_id) == before
        assert store.db.all("SELECT received_from, sender_reference FROM cases") == [
            ("Gemeente Aland", reference)
        ]
    with regions.store("anna") as store:
        closed = store.read.summary(case_id)
        assert (closed.phase, closed.closure_reason) == ("closed", "transferred_region")
    audit = regions.cli("anna", "audit", "show", "--case", str(case_id))
    assert audit.returncode == EXIT_OK, audit.stderr
    actions = [line.split()[5] for line in audit.stdout.splitlines()]
    # The package (export, on an override), the closing; the summary (archived, saved).
    assert actions.count("export") == 2 and "consent_override" in actions, actions

    needles = _encodings(canary)
    for root in (regions.scratch, regions.folder("anna"), regions.folder("bob"), regions.out):
        assert _leaks(root, needles) == [], root.name


def _forged(
    regions: Regions, b_recipient: str, *, version: int, key: Ed25519PrivateKey | None
) -> Path:
    """A package from A's vault as an attacker or a newer CareCoord would make it."""
    with regions.store("anna") as store:
        case_id = int(store.db.scalar("SELECT id FROM cases"))
        payload = build_payload(
            store, case_id, from_region="Gemeente Aland", to_region="B", on=store.today()
        )
        raw = json.loads(payload_bytes(payload))
        raw["version"] = version
        _id, data = seal(
            json.dumps(raw).encode(),
            recipient=b_recipient,
            sender_region="Gemeente Aland",
            sender_recipient=identity.public_keys(store.db).recipient,
            signing_key=key or identity.signing_key(store.db),
        )
    path = regions.root / f"forged-{version}-{key is not None}.age"
    path.write_bytes(data)
    return path


def test_another_signer_and_a_newer_format_are_refused(regions: Regions) -> None:
    a_keys = regions.init("anna", "Gemeente Aland")
    b_keys = regions.init("bob", "Gemeente Beland")
    _canary_case(regions, "Kanarie")
    added = regions.cli(
        "bob",
        "transfer",
        "add-region",
        "Gemeente Aland",
        "--recipient",
        a_keys["recipient"],
        "--signing",
        a_keys["signing"],
        "--fingerprint",
        a_keys["fingerprint"],
    )
    assert added.returncode == EXIT_OK, added.stderr
    impostor = _forged(regions, b_keys["recipient"], version=1, key=Ed25519PrivateKey.generate())
    assert "not from the sender" in _refused(regions, "bob", impostor).stderr
    newer = _forged(regions, b_keys["recipient"], version=2, key=None)
    assert "version 2" in _refused(regions, "bob", newer).stderr
    # The genuine one from a known region needs no --from.
    genuine = _forged(regions, b_keys["recipient"], version=1, key=None)
    assert regions.cli("bob", "transfer", "receive", str(genuine)).returncode == EXIT_OK
