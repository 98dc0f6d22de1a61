"""Signals: further signals on a case, signals without a person and attaching them.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.signals``); every
public method reports one audit event, every write runs in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from carecoord.domain.case import Signal
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import insert_sql, signal_record
from carecoord.store.sqlvalues import dt2s


class SignalManager(Manager):
    def _insert_signal(self, signal: Signal) -> int:
        cursor = self.db.execute(
            insert_sql("signals"),
            signal_record(signal.case_id, signal, self.user, dt2s(self._clock())),
        )
        return int(cursor.lastrowid)

    def add(self, signal: Signal) -> int:
        """A further signal on a case, or (``case_id`` None) one without an identified person."""
        with self.db.transaction():
            if signal.signal_date > self.today():
                raise InputRejected(_("A signal cannot be dated in the future."))
            client_id = None
            if signal.case_id is not None:
                client_id = self._case_client(signal.case_id)
            signal_id = self._insert_signal(signal)
            self._log(
                AuditEvent(
                    "create", f"signal {signal_id}", case_id=signal.case_id, client_id=client_id
                )
            )
            return signal_id

    def _unattached_signal(self, signal_id: int) -> Signal:
        """The signal, if it exists and has no case yet (else a clear refusal)."""
        rows = self.db.all(_SIGNAL_SELECT + " WHERE s.id = ?", (signal_id,))
        if not rows:
            raise InputRejected(
                _("There is no signal with id %(signal_id)s.") % {"signal_id": signal_id}
            )
        if rows[0][9] is not None:
            raise InputRejected(
                _(
                    "Signal %(id)s already belongs to case %(case)s; it cannot be moved to another case."
                )
                % {"id": signal_id, "case": rows[0][10]}
            )
        return _signal_from_row(rows[0])

    def _link_signal(self, signal_id: int, case_id: int) -> None:
        # The guard in the WHERE clause keeps a concurrent attach from moving a linked signal.
        cursor = self.db.execute(
            "UPDATE signals SET case_id = ? WHERE id = ? AND case_id IS NULL", (case_id, signal_id)
        )
        if cursor.rowcount != 1:
            raise InputRejected(
                _("Signal %(signal_id)s already belongs to a case.") % {"signal_id": signal_id}
            )

    def without_person(self, signal_id: int) -> Signal:
        """One signal that has no case yet (to open a case from it or attach it)."""
        signal = self._unattached_signal(signal_id)
        self._log(AuditEvent("read", f"signal {signal_id}"))
        return signal

    def attach(self, signal_id: int, case_id: int) -> None:
        """Attach a signal without a person to an existing case, now that the person is known.

        The signal keeps its own date, signaller, location and description; the case keeps its
        opening date and coded facts. Refused if the signal already belongs to a case, or is
        dated before the client's birth date."""
        with self.db.transaction():
            signal = self._unattached_signal(signal_id)
            client_id = self._case_client(case_id)
            born = self.read.birth_date_of_client(client_id)
            if born is not None and signal.signal_date < born:
                raise InputRejected(_("The signal date lies before the client's birth date."))
            self._link_signal(signal_id, case_id)
            self._log(
                AuditEvent(
                    "update",
                    f"signal {signal_id} attached to the case",
                    case_id=case_id,
                    client_id=client_id,
                )
            )

    def set_location(self, signal_id: int, location_id: int | None) -> None:
        """Link a signal to a risk location (issue 18), or unlink it (None): the signal's own
        column, so that ``signals`` keeps one write path."""
        with self.db.transaction():
            rows = self.db.all("SELECT case_id FROM signals WHERE id = ?", (signal_id,))
            if not rows:
                raise InputRejected(
                    _("There is no signal with id %(signal_id)s.") % {"signal_id": signal_id}
                )
            case_id = rows[0][0]
            if location_id is not None and not self.db.scalar(
                "SELECT 1 FROM risk_locations WHERE id = ?", (location_id,)
            ):
                raise InputRejected(
                    _("There is no risk location with id %(location_id)s.")
                    % {"location_id": location_id}
                )
            self.db.execute(
                "UPDATE signals SET location_id = ? WHERE id = ?", (location_id, signal_id)
            )
            client_id = None if case_id is None else self._case_client(case_id)
            what = "unlinked" if location_id is None else f"linked to risk location {location_id}"
            self._log(
                AuditEvent(
                    "update", f"signal {signal_id} {what}", case_id=case_id, client_id=client_id
                )
            )

    def list_without_person(self, *, offset: int = 0, limit: int = 50) -> list[Signal]:
        rows = self.db.all(
            _SIGNAL_SELECT + " WHERE s.case_id IS NULL"
            " ORDER BY s.signal_date DESC, s.id DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )
        self._log(AuditEvent("list", f"signals without a person ({len(rows)})"))
        return [_signal_from_row(r) for r in rows]


_SIGNAL_SELECT = (
    "SELECT s.id, s.signal_date, s.signaller, s.location_type, s.sector, s.municipality, s.forms,"
    " s.description, s.recorded_by, s.case_id, c.reference FROM signals s"
    " LEFT JOIN cases c ON c.id = s.case_id"
)


def _signal_from_row(r: Any) -> Signal:
    return Signal(
        id=r[0],
        case_id=r[9],
        signal_date=date.fromisoformat(r[1]),
        signaller=r[2],
        location_type=r[3],
        sector=r[4],
        municipality=r[5],
        exploitation_forms=tuple(r[6].split(";")),
        description=r[7],
        recorded_by=r[8],
    )
