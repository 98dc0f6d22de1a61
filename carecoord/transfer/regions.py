"""The other regions whose keys this vault knows: the one write path of ``known_regions``.

A region is added only with the fingerprint the coordinator heard by phone from the other
region's coordinator; it must match the keys given (a key swapped on the way, by mail or chat,
gives another fingerprint). Each region is also an organisation of the directory, so that a
client's consent for purpose ``transfer`` can name it, as a referral's consent names its
organisation (:func:`carecoord.domain.consent.consent_gate`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from carecoord.domain.referral import Organisation
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.case_store import CaseStore
from carecoord.store.sqlvalues import d2s, s2d_required
from carecoord.transfer.fingerprint import fingerprint, normalised
from carecoord.transfer.identity import public_keys
from carecoord.transfer.keys import checked_recipient, signing_text
from carecoord.vault.database import Database

MAX_NAME = 200
_COLUMNS = (
    "id, name, age_recipient, signing_public, fingerprint, organisation_id, confirmed_on,"
    " confirmed_by"
)


@dataclass(frozen=True)
class KnownRegion:
    id: int
    name: str
    recipient: str
    signing_public: bytes
    fingerprint: str
    organisation_id: int
    confirmed_on: date
    confirmed_by: str

    @property
    def signing(self) -> str:
        return signing_text(self.signing_public)


def _region(row: tuple[object, ...]) -> KnownRegion:
    return KnownRegion(
        id=int(str(row[0])),
        name=str(row[1]),
        recipient=str(row[2]),
        signing_public=bytes(row[3]),  # type: ignore[call-overload]
        fingerprint=str(row[4]),
        organisation_id=int(str(row[5])),
        confirmed_on=s2d_required(str(row[6])),
        confirmed_by=str(row[7]),
    )


def _one(db: Database, where: str, value: object) -> KnownRegion | None:
    rows = db.all(f"SELECT {_COLUMNS} FROM known_regions WHERE {where} = ?", (value,))
    return _region(tuple(rows[0])) if rows else None


def all_regions(db: Database) -> list[KnownRegion]:
    return [
        _region(tuple(r)) for r in db.all(f"SELECT {_COLUMNS} FROM known_regions ORDER BY name")
    ]


def by_recipient(db: Database, recipient: str) -> KnownRegion | None:
    return _one(db, "age_recipient", recipient)


def by_signing(db: Database, signing_public: bytes) -> KnownRegion | None:
    return _one(db, "signing_public", signing_public)


def by_name(db: Database, name: str) -> KnownRegion | None:
    return _one(db, "name", name)


def checked_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME:
        raise InputRejected(_("A region's name has 1 to 200 characters."))
    if any(unicodedata.category(ch) == "Cc" for ch in cleaned):
        raise InputRejected(_("A region's name holds a control character."))
    return cleaned


def add_region(
    store: CaseStore,
    name: str,
    *,
    recipient: str,
    signing_public: bytes,
    confirmed_fingerprint: str,
    on: date | None = None,
) -> KnownRegion:
    """Add another region's keys once the fingerprint heard by phone matches them."""
    name = checked_name(name)
    recipient = checked_recipient(recipient)
    expected = fingerprint(recipient, signing_public)
    if normalised(confirmed_fingerprint) != expected:
        raise InputRejected(
            _(
                "The fingerprint does not match these keys: they may have been changed on the "
                "way. Check the keys with the other region by phone; nothing was added."
            )
        )
    own = public_keys(store.db)
    if recipient == own.recipient or signing_public == own.signing_public:
        raise InputRejected(_("These are this vault's own keys, not another region's."))
    db = store.db
    with db.transaction():
        for where, value in (
            ("name", name),
            ("age_recipient", recipient),
            ("signing_public", signing_public),
        ):
            if _one(db, where, value) is not None:
                raise InputRejected(
                    _("This region or one of its keys is already known; nothing was added.")
                )
        organisation = store.organisations.by_name(name)
        organisation_id = (
            organisation.id
            if organisation is not None and organisation.id is not None
            else store.organisations.add(Organisation(name=name))
        )
        db.execute(
            "INSERT INTO known_regions(name, age_recipient, signing_public, fingerprint,"
            " organisation_id, confirmed_on, confirmed_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                name,
                recipient,
                signing_public,
                expected,
                organisation_id,
                d2s(on or store.today()),
                store.user,
            ),
        )
        region = by_recipient(db, recipient)
    assert region is not None
    return region
