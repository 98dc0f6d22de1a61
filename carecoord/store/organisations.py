"""The directory of partner organisations the coordinator refers to."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from carecoord.domain.codelists import codelist
from carecoord.domain.referral import Organisation
from carecoord.errors import InputRejected
from carecoord.i18n import N_, _
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


_FIELD_NAMES = {
    "name": N_("name"),
    "contact_person": N_("contact person"),
    "email": N_("e-mail address"),
    "phone": N_("phone number"),
    "address": N_("address"),
}


def new_partner(
    *,
    name: str,
    services: Sequence[str],
    address_lines: Sequence[str] = (),
    contact_person: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> Organisation:
    """A directory entry from a script's arguments (``carecoord settings partners add``), with
    the checks the app's form gets from its widgets: service codes from the list, one line per
    field (an address line per argument), lengths the model allows."""
    allowed = codelist("referral_type").values
    unknown = [code for code in dict.fromkeys(services) if code not in allowed]
    if unknown:
        raise InputRejected(
            _("Unknown service %(codes)s; a service is a referral_type code: %(allowed)s.")
            % {"codes": ", ".join(unknown), "allowed": ", ".join(allowed)}
        )
    texts = {"name": name, "contact_person": contact_person, "email": email, "phone": phone}
    bad = [
        field
        for field, text in [*texts.items(), *(("address", line) for line in address_lines)]
        if text is not None and any(unicodedata.category(ch) == "Cc" for ch in text)
    ]
    if bad:
        raise InputRejected(
            _("The partner's %(field)s holds a control character such as a line break.")
            % {"field": _(_FIELD_NAMES[bad[0]])}
        )
    lines = [line.strip() for line in address_lines if line.strip()]
    try:
        return Organisation(
            name=name.strip(),
            services=tuple(dict.fromkeys(services)),  # codes checked above
            address="\n".join(lines) or None,
            **{k: (v.strip() or None) if v else None for k, v in texts.items() if k != "name"},
        )
    except ValidationError as exc:
        fields = sorted({str(error["loc"][0]) for error in exc.errors()})
        raise InputRejected(
            _("The partner's %(fields)s is empty or too long.")
            % {"fields": ", ".join(_(_FIELD_NAMES.get(f, f)) for f in fields)}
        ) from None


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
