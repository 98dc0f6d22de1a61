"""A case file as two vaults can compare it: organisations by name, the vault's own ids gone.

Two vaults number their records and organisations each their own way, and a received case has
its own reference; everything else of the case must be the same on both sides (issue 19)."""

from __future__ import annotations

from typing import Any

from carecoord.store.case_store import CaseStore

ORGANISATION_KEYS = frozenset(
    {"recipient_id", "organisation_id", "provider_id", "owner_organisation_id"}
)
# The vault's own numbers: only whether they are set can be compared.
ID_KEYS = frozenset(
    {
        "id",
        "case_id",
        "client_id",
        "consent_id",
        "referral_id",
        "task_id",
        "source_id",
        "exit_programme_id",
    }
)
# The received case's own reference, and its client's (made free when taken), and the mark of
# where it came from (only the receiving side has it).
OWN_KEYS = frozenset(
    {"reference", "client_reference", "received_from", "received_on", "sender_reference"}
)


def comparable_case(store: CaseStore, case_id: int) -> dict[str, Any]:
    names = {o.id: o.name for o in store.organisations.all()}
    data = store.cases.case_file(case_id).model_dump(mode="json")

    def walk(value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items() if k not in OWN_KEYS}
        if isinstance(value, list):
            items = [walk(v, key) for v in value]
            if key == "further_recipient_ids":
                return sorted(items)
            return items
        if key in ORGANISATION_KEYS or key == "further_recipient_ids":
            return None if value is None else names[value]
        if key in ID_KEYS:
            return value is not None
        return value

    return walk(data)  # type: ignore[no-any-return]
