"""Two real vaults, region A with demo cases and region B, each knowing the other's keys."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from carecoord import demo
from carecoord.letters.model import Letterhead
from carecoord.letters.provider import save_letterhead
from carecoord.store.case_store import CaseStore
from carecoord.transfer import identity
from carecoord.transfer.regions import KnownRegion, add_region
from carecoord.vault import Vault
from carecoord.vault.database import Database
from carecoord.workspace import open_store
from tests.conftest import PASSPHRASE


@dataclass
class Region:
    name: str
    vault: Vault
    store: CaseStore

    @property
    def keys(self) -> identity.PublicKeys:
        return identity.public_keys(self.vault.db)


@dataclass
class Pair:
    a: Region
    b: Region
    b_at_a: KnownRegion  # region B as A knows it
    tmp: Path

    def richest_open_case(self) -> tuple[int, str]:
        """The open case of A with the most referrals, meetings, goals and notes."""
        row = self.a.vault.db.all(
            "SELECT id, reference FROM cases c WHERE phase <> 'closed' ORDER BY"
            " (SELECT count(*) FROM referrals r WHERE r.case_id = c.id)"
            " + (SELECT count(*) FROM case_meetings m WHERE m.case_id = c.id)"
            " + (SELECT count(*) FROM case_goals g WHERE g.case_id = c.id)"
            " + (SELECT count(*) FROM notes n WHERE n.case_id = c.id) DESC, id LIMIT 1"
        )[0]
        return int(row[0]), str(row[1])


def _region(folder: Path, user: str, name: str) -> Region:
    vault, _recovery = Vault.create(folder, user, PASSPHRASE)
    store = open_store(vault)
    save_letterhead(
        store,
        Letterhead(
            organisation=name,
            address_lines=("Postbus 1", "1000 AA Plaats"),
            coordinator_name=f"{user.title()} Coördinator",
            coordinator_role="Zorgcoördinator mensenhandel",
            phone="14 020",
            email="zorgcoordinatie@example.nl",
        ),
    )
    return Region(name, vault, store)


def introduce(known_by: Region, region: Region) -> KnownRegion:
    keys = region.keys
    return add_region(
        known_by.store,
        region.name,
        recipient=keys.recipient,
        signing_public=keys.signing_public,
        confirmed_fingerprint=keys.fingerprint,
    )


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    a = _region(tmp_path / "vault-a", "anna", "Gemeente Aland")
    b = _region(tmp_path / "vault-b", "bob", "Gemeente Beland")
    demo.generate(a.store, 30, 3, today=date.today())
    b_at_a = introduce(a, b)
    identity.public_keys(b.vault.db)  # B has its keys before anything is sealed to it
    yield Pair(a, b, b_at_a, tmp_path)
    for region in (a, b):
        if region.vault.is_open:
            region.vault.lock()


def db_digest(db: Database) -> str:
    """Every row of every table, the access log included: a refusal writes nothing at all."""
    digest = hashlib.sha256()
    tables = [
        r[0]
        for r in db.all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '%\\_fts%' ESCAPE '\\' ORDER BY name"
        )
    ]
    for table in tables:
        digest.update(table.encode())
        for row in db.all(f'SELECT * FROM "{table}" ORDER BY 1'):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
