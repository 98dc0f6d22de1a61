"""The UI's reads of the store, run on the vault worker (each takes the vault as it is there).

Reads change nothing, so they announce nothing; they are here, beside the writes, so that every
store method the UI calls is named in ui/operations only (a change of the store's API touches
this package, not the screens). Each read that concerns a client is logged by the store itself.
"""

from __future__ import annotations

from datetime import date, datetime

from carecoord.domain.case import CaseSummary, Signal
from carecoord.domain.casefile import CaseFile
from carecoord.domain.client import Client, ClientIdentity
from carecoord.domain.referral import ReferralLine
from carecoord.store.case_list import CasePage, CaseQuery
from carecoord.store.case_store import DueItem
from carecoord.store.caseload import Caseload
from carecoord.store.tasks import DayCounts
from carecoord.vault import Vault
from ui.operations.store_access import store_of

IdentityHistory = list[tuple[datetime, str, ClientIdentity]]


def case_file(vault: Vault, case_id: int) -> CaseFile:
    return store_of(vault).cases.case_file(case_id)


def identification_labels(vault: Vault) -> dict[str, str]:
    """The region's names for the identification routes (empty: the code list's labels)."""
    return dict(store_of(vault).settings.identification_labels())


def organisation_names(vault: Vault) -> dict[int, str]:
    """Every partner organisation's name by id, the inactive ones too (an old meeting names
    them)."""
    return {o.id: o.name for o in store_of(vault).organisations.all() if o.id is not None}


def cases_page(vault: Vault, query: CaseQuery) -> CasePage:
    return store_of(vault).cases.page(query)


def cases_count(vault: Vault, query: CaseQuery) -> int:
    return store_of(vault).cases.count(query)


def caseload(vault: Vault, today: date) -> Caseload:
    return store_of(vault).cases.caseload(today)


def cases_search(
    vault: Vault, text: str, limit: int, within: CaseQuery | None = None
) -> list[CaseSummary]:
    """Logged by the store as one search, the query only as keyed hashes."""
    return store_of(vault).cases.search(text, limit, within)


def client_with_history(vault: Vault, client_id: int) -> tuple[Client, IdentityHistory]:
    store = store_of(vault)
    return store.clients.get(client_id), store.clients.identity_history(client_id)


def signal_without_person(vault: Vault, signal_id: int) -> Signal:
    return store_of(vault).signals.without_person(signal_id)


def signals_without_person(vault: Vault, offset: int, limit: int) -> list[Signal]:
    return store_of(vault).signals.list_without_person(offset=offset, limit=limit)


def referral_lines(
    vault: Vault, status: str | None, offset: int, limit: int | None
) -> list[ReferralLine]:
    return store_of(vault).referrals.lines(status=status, offset=offset, limit=limit)


def referrals_count(vault: Vault, status: str | None) -> int:
    return store_of(vault).referrals.count(status=status)


def overdue(vault: Vault, offset: int, limit: int) -> list[DueItem]:
    return store_of(vault).tasks.overdue(offset=offset, limit=limit)


def due_soon(vault: Vault, offset: int, limit: int) -> list[DueItem]:
    return store_of(vault).tasks.due_soon(offset=offset, limit=limit)


def day_list(vault: Vault, offset: int, limit: int) -> list[DueItem]:
    return store_of(vault).tasks.day_list(offset=offset, limit=limit)


def day_counts(vault: Vault) -> DayCounts:
    return store_of(vault).tasks.day_counts()


def phase_counts(vault: Vault) -> list[tuple[str, int]]:
    """How many cases are in each phase of the care pathway (counts only: not logged)."""
    from carecoord.domain.codelists import codelist

    cases = store_of(vault).cases
    return [(p, cases.count(CaseQuery(phases=(p,)))) for p in codelist("phase").values]
