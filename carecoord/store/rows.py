"""One row builder per table of case records: the columns and how a domain object becomes them.

The store's single writes (a coordinator's step) and the bulk writer (import, demo) both turn
domain objects into rows here, so a case written either way has the same values in every table
(``tests/unit/cases/test_one_write_path.py``). Each builder returns the values in the order of
:data:`COLUMNS` for its table, without the ``id``: the store lets SQLite number the row, the bulk
writer puts its own id in front (:func:`insert_sql` with ``with_id=True``).

Timestamps and the user arrive as arguments: the store passes its clock's now, the bulk writer its
one ``now`` for the whole write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from carecoord.domain.case import CaseFacts, PhaseChange, Signal
from carecoord.domain.casefile import Note
from carecoord.domain.client import ClientCircumstances, ClientFacts, ClientIdentity
from carecoord.domain.codelists import codelist
from carecoord.domain.consent import Consent
from carecoord.domain.dates import age_on
from carecoord.domain.deadlines import Deadline, Task
from carecoord.domain.referral import Referral

# The builders of the tracks beside the phase and of support are in track_rows.py, those of case
# work in case_work_rows.py (one job per module); re-exported, so that every writer still finds
# every builder as ``rows.<name>``.
from carecoord.store.case_work_rows import (
    CASE_WORK_COLUMNS,
    action_row,
    consent_recipient_rows,
    contact_person_row,
    contact_row,
    goal_row,
    meeting_row,
    participant_row,
    safety_row,
)
from carecoord.store.sqlvalues import codes_json, d2s, dt2s, form_mask, forms_text
from carecoord.store.track_rows import (
    TRACK_COLUMNS,
    Row,
    comensha_row,
    identification_row,
    milestone_row,
    permit_row,
    programme_row,
    reflection_row,
    renewal_row,
    shelter_stay_row,
)

__all__ = [
    "COLUMNS",
    "PHASE_RANK",
    "Row",
    "action_row",
    "comensha_row",
    "consent_recipient_rows",
    "contact_person_row",
    "contact_row",
    "goal_row",
    "identification_row",
    "insert_sql",
    "meeting_row",
    "milestone_row",
    "participant_row",
    "permit_row",
    "programme_row",
    "reflection_row",
    "renewal_row",
    "safety_row",
    "shelter_stay_row",
]

PHASE_RANK = {code: rank for rank, code in enumerate(codelist("phase").values)}

# The note on a referral's 'sent' event when it went out on a written override, not a consent.
OVERRIDE_EVENT_NOTE = "consent override"

COLUMNS: dict[str, tuple[str, ...]] = {
    "clients": (
        "reference",
        "gender",
        "nationality",
        "nationality_group",
        "created_at",
        "custody",
        "labour_migrant",
        "housing_tied_to_employer",
        "residence_registration",
    ),
    "client_identity": (
        "client_id",
        "given_name",
        "family_name",
        "aliases",
        "birth_date",
        "phone",
        "email",
        "address",
        "address_is_secret",
        "language",
        "interpreter_needed",
        "employer",
    ),
    "cases": (
        "reference",
        "client_id",
        "opened_on",
        "phase",
        "phase_rank",
        "phase_since",
        "closed_on",
        "closure_reason",
        "signaller",
        "sector",
        "location_type",
        "municipality",
        "age_at_signal",
        "forms",
        "form_mask",
        "next_deadline",
        "created_at",
        # A case received from another region (issue 19): NULL for a case that began here.
        "received_from",
        "received_on",
        "sender_reference",
    ),
    "case_forms": ("case_id", "form"),
    "signals": (
        "case_id",
        "signal_date",
        "signaller",
        "location_type",
        "sector",
        "municipality",
        "forms",
        "description",
        "recorded_by",
        "recorded_at",
    ),
    "phase_changes": (
        "case_id",
        "from_phase",
        "to_phase",
        "changed_on",
        "changed_by",
        "reason",
        "recorded_at",
        "closure_reason",
    ),
    "consents": (
        "client_id",
        "recipient_id",
        "purposes",
        "data_categories",
        "given_on",
        "given_by",
        "valid_until",
        "withdrawn_on",
        "note",
        "recorded_by",
        "recorded_at",
    ),
    "referrals": (
        "case_id",
        "organisation_id",
        "referral_type",
        "urgency",
        "status",
        "reason",
        "created_on",
        "sent_on",
        "consent_id",
        "override_reason",
        "override_by",
        "override_at",
        "feedback",
        "feedback_on",
    ),
    "referral_events": ("referral_id", "status", "changed_on", "changed_by", "note"),
    "tasks": (
        "case_id",
        "kind",
        "due_on",
        "source_id",
        "title",
        "done_on",
        "created_by",
        "created_at",
    ),
    "notes": ("case_id", "written_at", "author", "body"),
    # The tracks beside the phase and the support (store/track_rows.py).
    **TRACK_COLUMNS,
    # Case work: plan, contacts, meetings, safety (store/case_work_rows.py).
    **CASE_WORK_COLUMNS,
}


def insert_sql(table: str, *, with_id: bool = False, upsert_on: tuple[str, ...] = ()) -> str:
    """``INSERT INTO table(columns) VALUES (?, …)`` for the builder's row (``id`` first if asked).

    ``upsert_on`` names the unique key of a row the store replaces in place (a client's identity,
    a life domain's plan item): a row with that key takes every other column of the new one."""
    columns = (("id",) if with_id else ()) + COLUMNS[table]
    marks = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table}({', '.join(columns)}) VALUES ({marks})"
    if upsert_on:
        unknown = set(upsert_on) - set(COLUMNS[table])
        if unknown:
            raise ValueError(f"{table} has no column {sorted(unknown)}")
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in upsert_on)
        sql += f" ON CONFLICT({', '.join(upsert_on)}) DO UPDATE SET {updates}"
    return sql


# -- clients ------------------------------------------------------------------------------------
def client_row(
    facts: ClientFacts,
    created_at: str | None,
    circumstances: ClientCircumstances | None = None,
) -> Row:
    found = circumstances or ClientCircumstances()
    return (
        facts.reference,
        facts.gender,
        facts.nationality,
        facts.nationality_group,
        created_at,
        *circumstance_columns(found),
    )


def circumstance_columns(circumstances: ClientCircumstances) -> Row:
    """``custody, labour_migrant, housing_tied_to_employer, residence_registration`` of clients
    (the employer's name goes with the identity: :func:`identity_row`)."""
    migrant = circumstances.labour_migrant
    return (
        circumstances.custody,
        None if migrant is None else int(migrant),
        circumstances.housing_tied_to_employer,
        circumstances.residence_registration,
    )


def identity_row(client_id: int, identity: ClientIdentity, employer: str | None = None) -> Row:
    return (
        client_id,
        identity.given_name,
        identity.family_name,
        json.dumps(list(identity.aliases), ensure_ascii=False),
        d2s(identity.birth_date),
        identity.phone,
        identity.email,
        identity.address,
        int(identity.address_is_secret),
        identity.language,
        int(identity.interpreter_needed),
        employer,
    )


# -- cases --------------------------------------------------------------------------------------
def phase_columns(phase: str, since: date, closure_reason: str | None = None) -> Row:
    """``phase, phase_rank, phase_since, closed_on, closure_reason`` of a case that entered
    ``phase`` on ``since`` (the case row at opening, and the update after every phase change)."""
    closed = phase == "closed"
    return (
        phase,
        PHASE_RANK[phase],
        d2s(since),
        d2s(since) if closed else None,
        closure_reason if closed else None,
    )


def case_row(
    reference: str,
    client_id: int,
    facts: CaseFacts,
    *,
    opened_on: date,
    phase: str,
    phase_since: date,
    birth_date: date | None,
    next_deadline: date | None,
    created_at: str | None,
    closure_reason: str | None = None,
    received: Received | None = None,
) -> Row:
    return (
        reference,
        client_id,
        d2s(opened_on),
        *phase_columns(phase, phase_since, closure_reason),
        facts.signaller,
        facts.sector,
        facts.location_type,
        facts.municipality,
        None if birth_date is None else age_on(birth_date, opened_on),
        forms_text(facts.exploitation_forms),
        form_mask(facts.exploitation_forms),
        d2s(next_deadline),
        created_at,
        *received_columns(received),
    )


@dataclass(frozen=True)
class Received:
    """Where a case handed over by another region came from (issue 19): the region's name as
    its package was signed, the day it was received, the reference the sender knew it by."""

    region: str
    on: date
    sender_reference: str


def received_columns(received: Received | None) -> Row:
    """``received_from, received_on, sender_reference`` of a case row."""
    if received is None:
        return (None, None, None)
    return (received.region, d2s(received.on), received.sender_reference)


def case_form_rows(case_id: int, facts: CaseFacts) -> list[Row]:
    return [(case_id, form) for form in facts.exploitation_forms]


# -- signals and phase history ------------------------------------------------------------------
def signal_row(signal: Signal, user: str) -> Row:
    """A signal's columns from signal_date to recorded_by, as every writer of signals stores them."""
    return (
        d2s(signal.signal_date),
        signal.signaller,
        signal.location_type,
        signal.sector,
        signal.municipality,
        forms_text(signal.exploitation_forms),
        signal.description,
        signal.recorded_by or user,
    )


def signal_record(case_id: int | None, signal: Signal, user: str, recorded_at: str | None) -> Row:
    """The whole ``signals`` row (``case_id`` None: a signal without an identified person)."""
    return (case_id, *signal_row(signal, user), recorded_at)


def phase_change_row(case_id: int, change: PhaseChange, recorded_at: str | None) -> Row:
    """``recorded_at`` is used when the change does not carry its own (it usually does not)."""
    return (
        case_id,
        change.from_phase,
        change.to_phase,
        d2s(change.changed_on),
        change.changed_by,
        change.reason.strip() if change.reason else None,
        dt2s(change.recorded_at) or recorded_at,
        change.closure_reason,
    )


# -- consents and referrals ---------------------------------------------------------------------
def consent_row(consent: Consent, user: str, recorded_at: str | None) -> Row:
    return (
        consent.client_id,
        consent.recipient_id,
        codes_json(consent.purposes),
        codes_json(consent.data_categories),
        d2s(consent.given_on),
        consent.given_by,
        d2s(consent.valid_until),
        d2s(consent.withdrawn_on),
        consent.note,
        user,
        recorded_at,
    )


def referral_row(referral: Referral) -> Row:
    return (
        referral.case_id,
        referral.organisation_id,
        referral.referral_type,
        referral.urgency,
        referral.status,
        referral.reason,
        d2s(referral.created_on),
        d2s(referral.sent_on),
        referral.consent_id,
        referral.override_reason,
        referral.override_by,
        dt2s(referral.override_at),
        referral.feedback,
        d2s(referral.feedback_on),
    )


def referral_event_row(
    referral_id: int, status: str, on: date, user: str, note: str | None = None
) -> Row:
    return (referral_id, status, d2s(on), user, note)


def sent_event_note(override_reason: str | None) -> str | None:
    """The 'sent' event says whether the referral went out on an override (never its text)."""
    return OVERRIDE_EVENT_NOTE if override_reason is not None else None


# -- tasks and notes ----------------------------------------------------------------------------
def deadline_row(case_id: int, deadline: Deadline) -> Row:
    return (
        case_id,
        deadline.kind,
        d2s(deadline.due_on),
        deadline.source_id,
        None,
        None,
        None,
        None,
    )


def manual_task_row(case_id: int, task: Task, user: str, created_at: str | None) -> Row:
    """A coordinator's own task; ``user`` and ``created_at`` when the task does not name them."""
    return (
        case_id,
        "manual",
        d2s(task.due_on),
        None,
        task.title,
        d2s(task.done_on),
        task.created_by or user,
        dt2s(task.created_at) or created_at,
    )


def note_row(case_id: int, note: Note) -> Row:
    return (case_id, dt2s(note.written_at), note.author, note.body)
