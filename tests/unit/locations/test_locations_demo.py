"""The demo fills the register: locations with controls, and signals and cases linked to them."""

from __future__ import annotations

from pathlib import Path

from carecoord import demo
from carecoord.demo import DemoResult
from carecoord.store.case_store import CaseStore
from carecoord.vault import Vault
from carecoord.workspace import open_store
from tests.conftest import PASSPHRASE, USER

# recorded_at / linked_on are the store's clock (when the demo ran), not the data's.
LOCATIONS = (
    "SELECT reference, name, location_type, municipality, address, sector, indicators,"
    " first_seen, last_seen, status, closed_on FROM risk_locations ORDER BY id"
)
CONTROLS = (
    "SELECT location_id, control_date, control_by, reason, outcome, follow_ups"
    " FROM location_controls ORDER BY id"
)


def _demo(folder: Path, seed: int) -> tuple[Vault, CaseStore, DemoResult]:
    vault, _ = Vault.create(folder, USER, PASSPHRASE)
    store = open_store(vault)
    return vault, store, demo.generate(store, 200, seed=seed)


def test_the_demo_makes_a_register_with_controls_and_links_the_same_for_a_seed(
    tmp_path: Path,
) -> None:
    vault_a, store, result = _demo(tmp_path / "a", 5)
    vault_b, store_b, _ = _demo(tmp_path / "b", 5)
    try:
        db = store.db
        assert result.locations == 10 and result.controls > 5
        assert db.all(LOCATIONS) == store_b.db.all(LOCATIONS)
        assert db.all(CONTROLS) == store_b.db.all(CONTROLS)
        assert db.all("SELECT id, location_id FROM signals") == store_b.db.all(
            "SELECT id, location_id FROM signals"
        )
        # Links join like with like: the signal's or case's kind and municipality.
        signals = db.all(
            "SELECT s.location_type, l.location_type, s.municipality, l.municipality"
            " FROM signals s JOIN risk_locations l ON l.id = s.location_id"
        )
        assert signals and all(a == b and c == d for a, b, c, d in signals)
        cases = db.all(
            "SELECT c.location_type, l.location_type FROM case_locations k"
            " JOIN cases c ON c.id = k.case_id JOIN risk_locations l ON l.id = k.location_id"
        )
        assert cases and all(a == b for a, b in cases)
        statuses = {r[0] for r in db.all("SELECT status FROM risk_locations")}
        assert "watch" in statuses
        assert (
            db.scalar(
                "SELECT count(*) FROM location_controls WHERE control_date > ?",
                (result.today.isoformat(),),
            )
            == 0
        )
        region = set(store.settings.region())
        assert {r[0] for r in db.all("SELECT municipality FROM risk_locations")} <= region
    finally:
        vault_a.lock()
        vault_b.lock()
