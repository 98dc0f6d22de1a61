"""The store the case tests share: a real vault, the user "anna", a fixed clock (15 June 2025,
noon UTC) and the audit events it reports, collected in a list the test can read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from carecoord.store.audit import AuditEvent
from carecoord.store.case_store import CaseStore
from tests.conftest import VaultFixture


@pytest.fixture
def events() -> list[AuditEvent]:
    return []


@pytest.fixture
def store(vault_fx: VaultFixture, events: list[AuditEvent]) -> CaseStore:
    return CaseStore(
        vault_fx.vault.db,
        user="anna",
        audit=events.append,
        clock=lambda: datetime(2025, 6, 15, 12, tzinfo=UTC),
    )
