"""Clients: registration, identity and its rectification, coded facts, circumstances,
anonymisation.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.clients``); every
public method reports one audit event, every write runs in one transaction."""

from __future__ import annotations

import json
from datetime import datetime

from carecoord.domain.client import Client, ClientCircumstances, ClientFacts, ClientIdentity
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store import anonymise
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import circumstance_columns, client_row, identity_row, insert_sql
from carecoord.store.sqlvalues import d2s, dt2s


class ClientManager(Manager):
    def register(self, facts: ClientFacts, identity: ClientIdentity | None) -> int:
        with self.db.transaction():
            if self.db.scalar("SELECT 1 FROM clients WHERE reference = ?", (facts.reference,)):
                raise InputRejected(
                    _("A client with reference '%(reference)s' already exists.")
                    % {"reference": facts.reference}
                )
            cursor = self.db.execute(insert_sql("clients"), client_row(facts, dt2s(self._clock())))
            client_id = int(cursor.lastrowid)
            if identity is not None:
                self._write_identity(client_id, identity)
            self._log(AuditEvent("create", "client", client_id=client_id))
            return client_id

    def _write_identity(self, client_id: int, identity: ClientIdentity) -> None:
        # A rectification replaces the identity in place (its history row is written first).
        # The employer's name shares the row but is a circumstance (set_circumstances): kept.
        employer = self.db.scalar(
            "SELECT employer FROM client_identity WHERE client_id = ?", (client_id,)
        )
        self.db.execute(
            insert_sql("client_identity", upsert_on=("client_id",)),
            identity_row(client_id, identity, employer),
        )

    def update_identity(self, client_id: int, identity: ClientIdentity) -> None:
        with self.db.transaction():
            self.read.client(client_id)
            self._write_identity(client_id, identity)
            self._log(AuditEvent("update", "client identity", client_id=client_id))

    def rectify_identity(self, client_id: int, identity: ClientIdentity) -> int:
        """Correct a client's identifying data (AVG art. 16), keeping what it was before.

        The previous values go to ``client_identity_history`` (inside the vault, erased with the
        identity on anonymisation). Logged as a rectification. Returns the history row's id."""
        with self.db.transaction():
            previous = self.read.client(client_id).identity
            before = (
                {} if previous is None else json.loads(previous.model_dump_json(exclude_none=False))
            )
            cursor = self.db.execute(
                "INSERT INTO client_identity_history(client_id, replaced_at, replaced_by,"
                " previous) VALUES (?, ?, ?, ?)",
                (client_id, dt2s(self._clock()), self.user, json.dumps(before, ensure_ascii=False)),
            )
            self._write_identity(client_id, identity)
            self._log(AuditEvent("rectify", "client identity", client_id=client_id))
            return int(cursor.lastrowid)

    def identity_history(self, client_id: int) -> list[tuple[datetime, str, ClientIdentity]]:
        """Earlier identities, oldest first: (replaced at, by whom, the values then)."""
        rows = self.db.all(
            "SELECT replaced_at, replaced_by, previous FROM client_identity_history"
            " WHERE client_id = ? ORDER BY id",
            (client_id,),
        )
        self._log(AuditEvent("read", "client identity history", client_id=client_id))
        return [
            (datetime.fromisoformat(r[0]), r[1], ClientIdentity.model_validate_json(r[2]))
            for r in rows
        ]

    def update_facts(self, client_id: int, facts: ClientFacts) -> None:
        with self.db.transaction():
            self.read.client(client_id)
            if self.db.scalar(
                "SELECT 1 FROM clients WHERE reference = ? AND id <> ?",
                (facts.reference, client_id),
            ):
                raise InputRejected(
                    _("A client with reference '%(reference)s' already exists.")
                    % {"reference": facts.reference}
                )
            self.db.execute(
                "UPDATE clients SET reference = ?, gender = ?, nationality = ?,"
                " nationality_group = ? WHERE id = ?",
                (
                    facts.reference,
                    facts.gender,
                    facts.nationality,
                    facts.nationality_group,
                    client_id,
                ),
            )
            self._log(AuditEvent("update", "client facts", client_id=client_id))

    def set_circumstances(self, client_id: int, circumstances: ClientCircumstances) -> None:
        """Custody, the ties to an employer, the residence registration and the employer's name.

        The coded facts go to ``clients`` (statistics count them); the employer's name
        identifies the client and goes to ``client_identity``, so a client must have an identity
        to have one, and anonymisation erases it with the rest of the identity."""
        with self.db.transaction():
            self.read.client(client_id)
            has_identity = self.db.scalar(
                "SELECT 1 FROM client_identity WHERE client_id = ?", (client_id,)
            )
            if circumstances.employer is not None and not has_identity:
                raise InputRejected(
                    _(
                        "The employer's name is kept with the client's identity, and this client "
                        "has none (anonymised or never recorded)."
                    )
                )
            self.db.execute(
                "UPDATE clients SET custody = ?, labour_migrant = ?, housing_tied_to_employer = ?,"
                " residence_registration = ? WHERE id = ?",
                (*circumstance_columns(circumstances), client_id),
            )
            if has_identity:
                self.db.execute(
                    "UPDATE client_identity SET employer = ? WHERE client_id = ?",
                    (circumstances.employer, client_id),
                )
            self._log(AuditEvent("update", "client circumstances", client_id=client_id))

    def get(self, client_id: int) -> Client:
        client = self.read.client(client_id)
        self._log(AuditEvent("read", "client", client_id=client_id))
        return client

    def anonymise(self, client_id: int) -> None:
        """Erase everything identifying about a client; the coded facts stay for statistics."""
        with self.db.transaction():
            self.read.client(client_id)
            anonymise.anonymise_client(self.db, client_id, str(d2s(self.today())))
            self._log(AuditEvent("anonymise", "client", client_id=client_id))

    def existing_references(self, references: list[str]) -> set[str]:
        """Which of these client references are already in the vault (no personal data)."""
        found: set[str] = set()
        unique = sorted(set(references))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(
                r[0]
                for r in self.db.all(
                    f"SELECT reference FROM clients WHERE reference IN ({marks})", chunk
                )
            )
        return found

    def id_for_reference(self, reference: str) -> int | None:
        value = self.db.scalar("SELECT id FROM clients WHERE reference = ?", (reference,))
        return None if value is None else int(value)
