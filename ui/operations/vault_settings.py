"""The vault's shared settings: region, exit scheme, letterhead, partner organisations.

(Named ``vault_settings``, not ``settings``: the workstation's preferences are ui/settings.py.)
"""

from __future__ import annotations

from carecoord.domain.referral import Organisation
from carecoord.letters.model import Letterhead
from carecoord.letters.provider import save_letterhead
from carecoord.vault import Vault
from ui.operations import Changes, Op
from ui.operations.store_access import store_of


def set_region_and_scheme(municipalities: list[str], exit_scheme_name: str) -> Op[None]:
    def job(vault: Vault) -> None:
        store = store_of(vault)
        store.settings.set_region(municipalities)
        store.settings.set_exit_scheme_name(exit_scheme_name)

    return Op(job, Changes.SETTINGS)


def set_letterhead(letterhead: Letterhead) -> Op[None]:
    return Op(lambda v: save_letterhead(store_of(v), letterhead), Changes.SETTINGS)


def add_organisation(organisation: Organisation) -> Op[int]:
    return Op(lambda v: store_of(v).organisations.add(organisation), Changes.SETTINGS)


def update_organisation(organisation: Organisation) -> Op[None]:
    return Op(lambda v: store_of(v).organisations.update(organisation), Changes.SETTINGS)


def set_identification_labels(labels: dict[str, str]) -> Op[None]:
    """The region's names for the identification routes; a blank one falls back to the code
    list's label. The case view shows them, so its header follows (Changes.SETTINGS)."""
    return Op(lambda v: store_of(v).settings.set_identification_labels(labels), Changes.SETTINGS)
