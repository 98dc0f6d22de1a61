"""The one place where the operations reach the store from a vault.

When the store comes from the session (issue 14), only this function changes.
"""

from __future__ import annotations

from carecoord.store.case_store import CaseStore
from carecoord.vault import Vault


def store_of(vault: Vault) -> CaseStore:
    return CaseStore.for_vault(vault)
