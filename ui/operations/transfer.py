"""Handing a case over to another region and receiving one (issue 19; carecoord/transfer).

Every job runs on the vault worker. Reads (this vault's keys, the known regions, whether a
consent covers a handover, who sent a package) return plain values for the screens; sending
and receiving are :class:`Op`s that say what they changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ui.operations import Changes, Op
from ui.operations.store_access import store_of

if TYPE_CHECKING:
    from carecoord.transfer.identity import PublicKeys
    from carecoord.transfer.receiving import ReceivedCase
    from carecoord.transfer.regions import KnownRegion
    from carecoord.transfer.sending import SentPackage
    from carecoord.transfer.summary import PrintedSummary
    from carecoord.vault import Vault


@dataclass(frozen=True)
class RegionChoice:
    """A known region as the hand-over dialog offers it, with the consent that covers it."""

    recipient: str
    name: str
    fingerprint: str
    consent_given_on: date | None  # a valid consent of the client for purpose 'transfer'


@dataclass(frozen=True)
class PackageSender:
    """Who sealed a package, shown before it is received."""

    region: str
    fingerprint: str
    known: bool


def own_keys(vault: Vault) -> PublicKeys:
    from carecoord.transfer.identity import public_keys

    return public_keys(store_of(vault).db)


def regions(vault: Vault) -> list[KnownRegion]:
    from carecoord.transfer.regions import all_regions

    return all_regions(store_of(vault).db)


def region_choices(vault: Vault, case_id: int) -> list[RegionChoice]:
    from carecoord.transfer.regions import all_regions
    from carecoord.transfer.sending import PURPOSE

    store = store_of(vault)
    consents = store.read.consents(store.read.summary(case_id).client_id)
    today = store.today()
    choices = []
    for region in all_regions(store.db):
        covering = [c for c in consents if c.covers(region.organisation_id, PURPOSE, today)]
        choices.append(
            RegionChoice(
                recipient=region.recipient,
                name=region.name,
                fingerprint=region.fingerprint,
                consent_given_on=covering[-1].given_on if covering else None,
            )
        )
    return choices


def add_region(name: str, recipient: str, signing: str, fingerprint: str) -> Op[KnownRegion]:
    def job(vault: Vault) -> KnownRegion:
        from carecoord.transfer.keys import signing_from_text
        from carecoord.transfer.regions import add_region as add

        return add(
            store_of(vault),
            name,
            recipient=recipient,
            signing_public=signing_from_text(signing),
            confirmed_fingerprint=fingerprint,
        )

    return Op(job, Changes.SETTINGS)


def send(
    case_reference: str, recipient: str, out: Path, override_reason: str | None
) -> Op[SentPackage]:
    def job(vault: Vault) -> SentPackage:
        from carecoord.transfer.sending import send_case

        return send_case(
            vault,
            store_of(vault),
            case_reference,
            recipient=recipient,
            out=out,
            override_reason=override_reason,
        )

    # The case is closed: its phase, its deadlines, the case list.
    return Op(job, Changes.CASES | Changes.TASKS)


def summary(
    case_reference: str, recipient: str, *, save_to: Path | None, printing: bool
) -> Op[PrintedSummary]:
    def job(vault: Vault) -> PrintedSummary:
        from carecoord.i18n import current_language
        from carecoord.transfer.summary import issue_summary

        return issue_summary(
            vault,
            store_of(vault),
            case_reference,
            recipient=recipient,
            language="en" if current_language() == "en" else "nl",
            save_to=save_to,
            printing=printing,
        )

    return Op(job, Changes.NONE)


def sender_of(path: Path) -> Op[PackageSender]:
    """Open the package in memory and say who sealed it; nothing is written."""

    def job(vault: Vault) -> PackageSender:
        from carecoord.transfer.receiving import inspect_package, read_package

        inspected = inspect_package(store_of(vault), read_package(path))
        return PackageSender(
            region=inspected.sender.region,
            fingerprint=inspected.sender.fingerprint,
            known=inspected.region is not None,
        )

    return Op(job, Changes.NONE)


def receive(path: Path, confirmed_fingerprint: str | None) -> Op[ReceivedCase]:
    """Receive the package; from an unknown sender only with the fingerprint the coordinator
    confirmed (the one shown, which they compared with the one heard by phone)."""

    def job(vault: Vault) -> ReceivedCase:
        from carecoord.transfer.receiving import read_package, receive_package

        return receive_package(
            vault,
            store_of(vault),
            read_package(path),
            expected_fingerprint=confirmed_fingerprint,
        )

    return Op(job, Changes.everything())
