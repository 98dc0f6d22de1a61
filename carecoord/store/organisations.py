"""The directory of partner organisations the coordinator refers to."""

from __future__ import annotations

from typing import Any

from carecoord.domain.referral import Organisation
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.sqlvalues import codes_json, json_codes
from carecoord.vault.database import Database

_COLUMNS = "id, name, services, contact_person, email, phone, address, active"


def _organisation(row: Any) -> Organisation:
    return Organisation(
        id=row[0],
        name=row[1],
        services=json_codes(row[2]),
        contact_person=row[3],
        email=row[4],
        phone=row[5],
        address=row[6],
        active=bool(row[7]),
    )


class OrganisationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, organisation: Organisation) -> int:
        with self._db.transaction():
            if self._db.scalar("SELECT 1 FROM organisations WHERE name = ?", (organisation.name,)):
                raise InputRejected(
                    _("An organisation named '%(name)s' already exists.")
                    % {"name": organisation.name}
                )
            cursor = self._db.execute(
                "INSERT INTO organisations(name, services, contact_person, email, phone, address,"
                " active) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    organisation.name,
                    codes_json(organisation.services),
                    organisation.contact_person,
                    organisation.email,
                    organisation.phone,
                    organisation.address,
                    int(organisation.active),
                ),
            )
            return int(cursor.lastrowid)

    def update(self, organisation: Organisation) -> None:
        if organisation.id is None:
            raise ValueError("update needs an organisation id")
        with self._db.transaction():
            self.get(organisation.id)
            self._db.execute(
                "UPDATE organisations SET name = ?, services = ?, contact_person = ?, email = ?,"
                " phone = ?, address = ?, active = ? WHERE id = ?",
                (
                    organisation.name,
                    codes_json(organisation.services),
                    organisation.contact_person,
                    organisation.email,
                    organisation.phone,
                    organisation.address,
                    int(organisation.active),
                    organisation.id,
                ),
            )

    def get(self, organisation_id: int) -> Organisation:
        rows = self._db.all(
            f"SELECT {_COLUMNS} FROM organisations WHERE id = ?", (organisation_id,)
        )
        if not rows:
            raise InputRejected(
                _("There is no organisation with id %(organisation_id)s.")
                % {"organisation_id": organisation_id}
            )
        return _organisation(rows[0])

    def all(self, *, active_only: bool = False) -> list[Organisation]:
        where = " WHERE active = 1" if active_only else ""
        return [
            _organisation(r)
            for r in self._db.all(f"SELECT {_COLUMNS} FROM organisations{where} ORDER BY name")
        ]

    def by_name(self, name: str) -> Organisation | None:
        rows = self._db.all(f"SELECT {_COLUMNS} FROM organisations WHERE name = ?", (name,))
        return _organisation(rows[0]) if rows else None
