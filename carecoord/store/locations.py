"""Risk locations and controls (issue 18): ``store.locations``.

The one write path of ``risk_locations``, ``location_controls`` and ``case_locations`` (a signal's
location is the signal's own column, written by ``store.signals.set_location``); the retention
of closed locations deletes through :mod:`carecoord.store.location_retention`. Every public
method reports one audit event that names the location by its id, never by its name or address
(which can identify a one-person business), but for the bare count of a case's links; every
write runs in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from carecoord.domain.location import (
    LinkedSignal,
    LocationControl,
    LocationDossier,
    LocationSummary,
    RiskLocation,
)
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.sqlvalues import d2s, dt2s, s2d

_LOCATION_COLUMNS = (
    "id, reference, name, location_type, municipality, address, sector, indicators, first_seen, last_seen,"
    " status, closed_on"
)
_CONTROL_COLUMNS = "id, location_id, control_date, control_by, reason, outcome, follow_ups"

_Item = TypeVar("_Item", RiskLocation, LocationControl)


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c for c in text.split(";") if c)


def location_from_row(r: Any) -> RiskLocation:
    return RiskLocation(
        id=r[0],
        reference=r[1],
        name=r[2],
        location_type=r[3],
        municipality=r[4],
        address=r[5],
        sector=r[6],
        indicators=_codes(r[7]),
        first_seen=date.fromisoformat(r[8]),
        last_seen=date.fromisoformat(r[9]),
        status=r[10],
        closed_on=s2d(r[11]),
    )


def control_from_row(r: Any) -> LocationControl:
    return LocationControl(
        id=r[0],
        location_id=r[1],
        control_date=date.fromisoformat(r[2]),
        control_by=r[3],
        reason=r[4],
        outcome=r[5],
        follow_ups=_codes(r[6]),
    )


def _described(location: RiskLocation) -> tuple[Any, ...]:
    """The columns from ``name`` to ``status``, as both the INSERT and the UPDATE write them."""
    return (
        location.name,
        location.location_type,
        location.municipality,
        location.address,
        location.sector,
        ";".join(location.indicators),
        d2s(location.first_seen),
        d2s(location.last_seen),
        location.status,
    )


class LocationManager(Manager):
    # -- the register -------------------------------------------------------------------------
    def _check_dates(self, location: RiskLocation) -> None:
        if location.last_seen > self.today():
            raise InputRejected(_("A location cannot be last seen in the future."))

    def _closed_on(self, location: RiskLocation, before: RiskLocation | None) -> str | None:
        if location.status != "closed":
            return None
        if before is not None and before.closed_on is not None:
            return d2s(before.closed_on)
        return d2s(location.closed_on or self.today())

    def _reference(self, location: RiskLocation) -> str:
        if location.reference is None:
            number = int(self.db.scalar("SELECT coalesce(max(id), 0) + 1 FROM risk_locations"))
            reference = f"RL-{number:04d}"
            while self.db.scalar("SELECT 1 FROM risk_locations WHERE reference = ?", (reference,)):
                number += 1
                reference = f"RL-{number:04d}"
            return reference
        if self.db.scalar(
            "SELECT 1 FROM risk_locations WHERE reference = ?", (location.reference,)
        ):
            raise InputRejected(
                _("A risk location with reference '%(reference)s' already exists.")
                % {"reference": location.reference}
            )
        return location.reference

    def _insert(self, location: RiskLocation) -> int:
        self._check_dates(location)
        cursor = self.db.execute(
            "INSERT INTO risk_locations(reference, name, location_type, municipality, address, sector,"
            " indicators, first_seen, last_seen, status, closed_on, recorded_by, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self._reference(location),
                *_described(location),
                self._closed_on(location, None),
                self.user,
                dt2s(self.now()),
            ),
        )
        return int(cursor.lastrowid)

    def _write(
        self,
        items: Iterable[_Item],
        insert: Callable[[_Item], int],
        event: Callable[[list[int]], AuditEvent],
    ) -> list[int]:
        """The one write path of locations and controls, for one row as for an import: every row
        through ``insert`` (which checks it), all or none in one transaction, one audit event."""
        with self.db.transaction():
            ids = [insert(item) for item in items]
            self._log(event(ids))
            return ids

    def add(self, location: RiskLocation) -> int:
        (location_id,) = self._write(
            [location], self._insert, lambda ids: AuditEvent("create", f"risk location {ids[0]}")
        )
        return location_id

    def add_many(self, locations: Iterable[RiskLocation]) -> list[int]:
        """Several locations in one transaction (the import): all or none, one audit event."""
        return self._write(
            locations,
            self._insert,
            lambda ids: AuditEvent("import", f"risk locations ({len(ids)})"),
        )

    def update(self, location: RiskLocation) -> None:
        """Change a location in place; closing it records the day (retention counts on)."""
        if location.id is None:
            raise InputRejected(_("There is no such record (id %(row_id)s).") % {"row_id": None})
        with self.db.transaction():
            before = self._location(location.id)
            self._check_dates(location)
            if location.reference not in (None, before.reference):
                self._reference(location)  # refuses a number another location has
            self.db.execute(
                "UPDATE risk_locations SET reference = ?, name = ?, location_type = ?, municipality = ?,"
                " address = ?, sector = ?, indicators = ?, first_seen = ?, last_seen = ?,"
                " status = ?, closed_on = ? WHERE id = ?",
                (
                    location.reference or before.reference,
                    *_described(location),
                    self._closed_on(location, before),
                    location.id,
                ),
            )
            self._log(AuditEvent("update", f"risk location {location.id}"))

    def _location(self, location_id: int) -> RiskLocation:
        rows = self.db.all(
            f"SELECT {_LOCATION_COLUMNS} FROM risk_locations WHERE id = ?", (location_id,)
        )
        if not rows:
            raise InputRejected(
                _("There is no risk location with id %(location_id)s.")
                % {"location_id": location_id}
            )
        return location_from_row(rows[0])

    def get(self, location_id: int) -> RiskLocation:
        location = self._location(location_id)
        self._log(AuditEvent("read", f"risk location {location_id}"))
        return location

    def register(
        self,
        *,
        municipality: str | None = None,
        location_type: str | None = None,
        status: str | None = None,
        sector: str | None = None,
    ) -> list[LocationSummary]:
        """The register, filtered by codes; newest last seen first, with its counts."""
        where, params = [], []
        for column, value in (
            ("l.municipality", municipality),
            ("l.location_type", location_type),
            ("l.status", status),
            ("l.sector", sector),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = (
            f"SELECT {', '.join('l.' + c.strip() for c in _LOCATION_COLUMNS.split(','))},"
            " (SELECT count(*) FROM signals s WHERE s.location_id = l.id),"
            " (SELECT count(*) FROM location_controls c WHERE c.location_id = l.id),"
            " (SELECT count(*) FROM case_locations k WHERE k.location_id = l.id),"
            " (SELECT max(c.control_date) FROM location_controls c WHERE c.location_id = l.id)"
            " FROM risk_locations l"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.db.all(sql + " ORDER BY l.last_seen DESC, l.id DESC", tuple(params))
        self._log(AuditEvent("list", f"risk locations ({len(rows)})"))
        return [
            LocationSummary(
                location=location_from_row(r),
                signals=r[12],
                controls=r[13],
                cases=r[14],
                last_control=s2d(r[15]),
            )
            for r in rows
        ]

    def dossier(self, location_id: int) -> LocationDossier:
        """A location's page: its signals, its controls and its cases (dossier numbers only)."""
        location = self._location(location_id)
        signals = tuple(
            LinkedSignal(
                signal_id=r[0],
                signal_date=date.fromisoformat(r[1]),
                signaller=r[2],
                sector=r[3],
                case_reference=r[4],
            )
            for r in self.db.all(
                "SELECT s.id, s.signal_date, s.signaller, s.sector, c.reference FROM signals s"
                " LEFT JOIN cases c ON c.id = s.case_id WHERE s.location_id = ?"
                " ORDER BY s.signal_date DESC, s.id DESC",
                (location_id,),
            )
        )
        controls = tuple(
            control_from_row(r)
            for r in self.db.all(
                f"SELECT {_CONTROL_COLUMNS} FROM location_controls WHERE location_id = ?"
                " ORDER BY control_date DESC, id DESC",
                (location_id,),
            )
        )
        references = tuple(
            str(r[0])
            for r in self.db.all(
                "SELECT c.reference FROM case_locations k JOIN cases c ON c.id = k.case_id"
                " WHERE k.location_id = ? ORDER BY c.reference",
                (location_id,),
            )
        )
        self._log(AuditEvent("read", f"risk location {location_id} with its links"))
        return LocationDossier(
            location=location, signals=signals, controls=controls, case_references=references
        )

    # -- controls -----------------------------------------------------------------------------
    def _insert_control(self, control: LocationControl) -> int:
        if control.control_date > self.today():
            raise InputRejected(_("A control cannot be dated in the future."))
        location = self._location(control.location_id)
        cursor = self.db.execute(
            "INSERT INTO location_controls(location_id, control_date, control_by, reason,"
            " outcome, follow_ups, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                control.location_id,
                d2s(control.control_date),
                control.control_by,
                control.reason,
                control.outcome,
                ";".join(control.follow_ups),
                self.user,
                dt2s(self.now()),
            ),
        )
        # A control is a sighting: the location was seen that day (retention counts from it).
        if control.control_date > location.last_seen:
            self.db.execute(
                "UPDATE risk_locations SET last_seen = ? WHERE id = ?",
                (d2s(control.control_date), control.location_id),
            )
        return int(cursor.lastrowid)

    def record_control(self, control: LocationControl) -> int:
        (control_id,) = self._write(
            [control],
            self._insert_control,
            lambda ids: AuditEvent(
                "create", f"control {ids[0]} at risk location {control.location_id}"
            ),
        )
        return control_id

    def record_controls(self, controls: Iterable[LocationControl]) -> list[int]:
        """Several controls in one transaction (the import): all or none, one audit event."""
        return self._write(
            controls,
            self._insert_control,
            lambda ids: AuditEvent("import", f"controls ({len(ids)})"),
        )

    def ids_of_references(self, references: Iterable[str]) -> dict[str, int]:
        """The ids of those of these register numbers that exist (the imports check rows)."""
        wanted = sorted(set(references))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(
                (str(r[0]), int(r[1]))
                for r in self.db.all(
                    f"SELECT reference, id FROM risk_locations WHERE reference IN ({marks})",
                    tuple(chunk),
                )
            )
        return found

    # -- links --------------------------------------------------------------------------------
    def link_case(self, case_id: int, location_id: int) -> None:
        with self.db.transaction():
            client_id = self._case_client(case_id)
            self._location(location_id)
            self.db.execute(
                "INSERT OR IGNORE INTO case_locations(case_id, location_id, linked_on, linked_by)"
                " VALUES (?, ?, ?, ?)",
                (case_id, location_id, d2s(self.today()), self.user),
            )
            self._log(
                AuditEvent(
                    "update",
                    f"case linked to risk location {location_id}",
                    case_id=case_id,
                    client_id=client_id,
                )
            )

    def unlink_case(self, case_id: int, location_id: int) -> None:
        """Undo :meth:`link_case` (a link made by mistake, or no longer true); the access log
        keeps both. Refused when the case is not linked to the location: nothing to log."""
        with self.db.transaction():
            client_id = self._case_client(case_id)
            removed = self.db.execute(
                "DELETE FROM case_locations WHERE case_id = ? AND location_id = ?",
                (case_id, location_id),
            ).rowcount
            if not removed:
                raise InputRejected(_("This case is not linked to that risk location."))
            self._log(
                AuditEvent(
                    "update",
                    f"case unlinked from risk location {location_id}",
                    case_id=case_id,
                    client_id=client_id,
                )
            )

    def links_of_case(self, case_id: int) -> int:
        """How many risk locations the case is linked to: a count that names no location, read
        with the case file (whose read is logged), so not logged itself."""
        return int(
            self.db.scalar("SELECT count(*) FROM case_locations WHERE case_id = ?", (case_id,))
        )

    def of_case(self, case_id: int) -> list[RiskLocation]:
        """The locations a case is linked to (the case's side of the link)."""
        client_id = self._case_client(case_id)
        rows = self.db.all(
            f"SELECT {', '.join('l.' + c.strip() for c in _LOCATION_COLUMNS.split(','))}"
            " FROM case_locations k JOIN risk_locations l ON l.id = k.location_id"
            " WHERE k.case_id = ? ORDER BY l.name",
            (case_id,),
        )
        self._log(
            AuditEvent("read", "risk locations of the case", case_id=case_id, client_id=client_id)
        )
        return [location_from_row(r) for r in rows]

    def choices(self) -> list[tuple[int, str, str]]:
        """(id, reference and name, municipality) of every watched location, for a picker."""
        rows = self.db.all(
            "SELECT id, reference || ' ' || name, municipality FROM risk_locations WHERE status = 'watch'"
            " ORDER BY name, id"
        )
        self._log(AuditEvent("list", f"risk locations to choose from ({len(rows)})"))
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]
