"""Retention in the case store: which closed cases are due, legal holds, the destruction register.

The rules (periods and what to do) live in the vault settings; the defaults and their sources
are in docs/retention.md. The *retention reason* that picks the period is derived from the
pathway, not from the case's closure reason: a case counts as "support given" when it ever
reached a phase after the signal (intake, shelter, support, outflow, aftercare), has a
bedenktijd or a residence permit on its legal track (before issue 15 these were phases after
intake, so they keep counting), or has a referral that was sent, a shelter stay, an exit
programme, a goal of the case plan, a case meeting or a safety assessment (issue 16; a list of
contacts alone is not support). Everything else (a signal only, a registration with CoMensha only, the client
declined or could not be reached) is "no support given". Deriving it means the reason cannot be
forgotten or mistyped, and it always errs towards the longer period. The closure reason
(``closure_reason`` codes) says why the case ended, which is another question: a case closed as
"declined" after months of shelter was still given support.

Orchestration (access-log entries, pruning the log, vacuum) is in :mod:`carecoord.retention`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store import anonymise
from carecoord.store.settings_repository import SettingsRepository
from carecoord.vault.database import Database

RetentionReason = Literal["support_given", "no_support"]
RetentionAction = Literal["anonymise", "destroy"]

RULES_KEY = "retention.rules"

# Phases that mean the coordinator actually took the client on (docs/retention.md, "Defaults").
SUPPORT_PHASES = ("intake", "shelter", "support", "outflow", "aftercare")


class RetentionRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    years: int = Field(ge=1, le=100)
    action: RetentionAction = "anonymise"


class RetentionRules(BaseModel):
    """Per closure reason how long a closed case is kept and what happens then; the log's own
    period. Defaults: Selectielijst gemeenten 2020 (3.1.5: 15 years, 3.2: 5 years), NEN 7513."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    support_given: RetentionRule = RetentionRule(years=15)
    no_support: RetentionRule = RetentionRule(years=5)
    access_log_years: int = Field(default=5, ge=1, le=100)
    # Issue 18: a closed risk location, counted from when it was last seen (a watched one is kept).
    closed_location_years: int = Field(default=5, ge=1, le=100)

    def for_reason(self, reason: RetentionReason) -> RetentionRule:
        return self.support_given if reason == "support_given" else self.no_support


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def load_rules(db: Database) -> RetentionRules:
    raw = SettingsRepository(db).get(RULES_KEY)
    if raw is None:
        return RetentionRules()
    try:
        return RetentionRules.model_validate(raw)
    except ValueError as exc:
        raise InputRejected(
            _("The retention settings in the vault are not valid; set them again."),
            problems=[_("retention.rules: invalid")],
        ) from exc


def save_rules(db: Database, rules: RetentionRules) -> None:
    SettingsRepository(db).put(RULES_KEY, rules.model_dump(mode="json"))


class DueCase(BaseModel):
    """A closed case in the retention review: references, dates and codes only."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    case_id: int
    client_id: int
    reference: str
    closed_on: date
    reason: RetentionReason
    years: int
    action: RetentionAction
    due_on: date
    hold_reason: str | None

    @property
    def rule(self) -> str:
        return f"{self.reason}:{self.years}y"


_SUPPORT_MARKS = ", ".join(f"'{p}'" for p in SUPPORT_PHASES)
_SUPPORT_GIVEN = (
    "EXISTS (SELECT 1 FROM phase_changes p WHERE p.case_id = c.id"
    f" AND p.to_phase IN ({_SUPPORT_MARKS}))"
    " OR EXISTS (SELECT 1 FROM reflection_periods b WHERE b.case_id = c.id)"
    " OR EXISTS (SELECT 1 FROM residence_permits v WHERE v.case_id = c.id)"
    " OR EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND r.sent_on IS NOT NULL)"
    " OR EXISTS (SELECT 1 FROM shelter_stays s WHERE s.case_id = c.id)"
    " OR EXISTS (SELECT 1 FROM exit_programmes e WHERE e.case_id = c.id)"
    # Case work (issue 16): a plan, a case meeting or a safety assessment is support given.
    " OR EXISTS (SELECT 1 FROM case_goals g WHERE g.case_id = c.id)"
    " OR EXISTS (SELECT 1 FROM case_meetings m WHERE m.case_id = c.id)"
    " OR EXISTS (SELECT 1 FROM safety_assessments a WHERE a.case_id = c.id)"
)


def closed_cases(db: Database, rules: RetentionRules) -> list[DueCase]:
    """Every closed case not yet anonymised, with its retention date, oldest due first."""
    rows = db.all(
        f"SELECT c.id, c.client_id, c.reference, c.closed_on, ({_SUPPORT_GIVEN}), h.reason"
        " FROM cases c LEFT JOIN legal_holds h ON h.case_id = c.id"
        " WHERE c.phase = 'closed' AND c.closed_on IS NOT NULL AND c.anonymised_on IS NULL"
        " ORDER BY c.closed_on, c.reference"
    )
    found: list[DueCase] = []
    for case_id, client_id, reference, closed_on, support, hold in rows:
        reason: RetentionReason = "support_given" if support else "no_support"
        rule = rules.for_reason(reason)
        closed = date.fromisoformat(closed_on)
        found.append(
            DueCase(
                case_id=case_id,
                client_id=client_id,
                reference=reference,
                closed_on=closed,
                reason=reason,
                years=rule.years,
                action=rule.action,
                due_on=add_years(closed, rule.years),
                hold_reason=hold,
            )
        )
    found.sort(key=lambda c: (c.due_on, c.reference))
    return found


def due_cases(db: Database, rules: RetentionRules, today: date) -> list[DueCase]:
    """Closed cases whose retention period has ended on ``today`` (held ones included)."""
    return [c for c in closed_cases(db, rules) if c.due_on <= today]


# -- legal holds ---------------------------------------------------------------------------------
def hold_of(db: Database, case_id: int) -> str | None:
    value = db.scalar("SELECT reason FROM legal_holds WHERE case_id = ?", (case_id,))
    return None if value is None else str(value)


def set_hold(db: Database, case_id: int, reason: str, *, on: date, by: str) -> None:
    reason = reason.strip()
    if not 3 <= len(reason) <= 300:
        raise InputRejected(_("A legal hold needs a reason of 3 to 300 characters."))
    with db.transaction():
        if hold_of(db, case_id) is not None:
            raise InputRejected(_("This case is already under a legal hold."))
        db.execute(
            "INSERT INTO legal_holds(case_id, reason, set_on, set_by) VALUES (?, ?, ?, ?)",
            (case_id, reason, on.isoformat(), by),
        )


def lift_hold(db: Database, case_id: int) -> None:
    with db.transaction():
        if hold_of(db, case_id) is None:
            raise InputRejected(_("This case is not under a legal hold."))
        db.execute("DELETE FROM legal_holds WHERE case_id = ?", (case_id,))


class LegalHold(BaseModel):
    """A hold as the retention screen lists it: case reference, reason, when and by whom."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    case_id: int
    reference: str
    reason: str
    set_on: date
    set_by: str


def holds(db: Database) -> list[LegalHold]:
    """Every legal hold in force, on any case (due or not, open or closed), oldest first."""
    rows = db.all(
        "SELECT h.case_id, c.reference, h.reason, h.set_on, h.set_by"
        " FROM legal_holds h JOIN cases c ON c.id = h.case_id ORDER BY h.set_on, c.reference"
    )
    names = ("case_id", "reference", "reason", "set_on", "set_by")
    return [LegalHold.model_validate(dict(zip(names, r, strict=True))) for r in rows]


# -- carrying out --------------------------------------------------------------------------------
class RegisterEntry(BaseModel):
    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    id: int
    done_at: datetime
    done_by: str
    case_id: int
    case_ref: str
    action: RetentionAction
    rule: str
    closed_on: date | None
    due_on: date | None


def carry_out(
    db: Database,
    case_id: int,
    action: RetentionAction,
    *,
    rule: str,
    at: datetime,
    by: str,
    due_on: date | None = None,
) -> None:
    """Anonymise or destroy one case and write its register line (caller's transaction)."""
    row = db.all("SELECT reference, closed_on FROM cases WHERE id = ?", (case_id,))
    if not row:
        raise InputRejected(_("There is no case with id %(case_id)s.") % {"case_id": case_id})
    reference, closed_on = row[0]
    if hold_of(db, case_id) is not None:
        raise InputRejected(
            _("Case %(reference)s is under a legal hold; nothing was erased.")
            % {"reference": reference}
        )
    if action == "destroy":
        anonymise.destroy_case(db, case_id)
    else:
        anonymise.anonymise_case(db, case_id, at.date().isoformat())
    db.execute(
        "INSERT INTO destruction_register(done_at, done_by, case_id, case_ref, action, rule,"
        " closed_on, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            at.isoformat(timespec="seconds"),
            by,
            case_id,
            reference,
            action,
            rule,
            closed_on,
            None if due_on is None else due_on.isoformat(),
        ),
    )


def register(db: Database) -> list[RegisterEntry]:
    rows = db.all(
        "SELECT id, done_at, done_by, case_id, case_ref, action, rule, closed_on, due_on"
        " FROM destruction_register ORDER BY id"
    )
    names = ("id", "done_at", "done_by", "case_id", "case_ref", "action", "rule")
    return [
        RegisterEntry.model_validate(
            {**dict(zip(names, r[:7], strict=True)), "closed_on": r[7], "due_on": r[8]}
        )
        for r in rows
    ]


def case_ids_of_client(db: Database, client_id: int) -> list[tuple[int, str]]:
    return [
        (int(r[0]), str(r[1]))
        for r in db.all(
            "SELECT id, reference FROM cases WHERE client_id = ? ORDER BY id", (client_id,)
        )
    ]


def case_id_for_reference(db: Database, reference: str) -> int | None:
    """The opaque id for a case reference, also after the case was destroyed (the register)."""
    value = db.scalar("SELECT id FROM cases WHERE reference = ?", (reference,))
    if value is None:
        value = db.scalar(
            "SELECT case_id FROM destruction_register WHERE case_ref = ? ORDER BY id DESC LIMIT 1",
            (reference,),
        )
    return None if value is None else int(value)


# Full-text indexes over client data. An FTS5 delete only writes a tombstone: the deleted
# terms stay in the older index segments until those are merged ('optimize' merges them all).
SEARCH_INDEXES = ("client_names_fts", "notes_fts")


def vacuum(db: Database) -> None:
    """Leave no erased text anywhere in the file.

    Merge each full-text index into one segment (dropping deleted terms), checkpoint the WAL
    into the main file and empty it, VACUUM (secure_delete is on, but VACUUM also rebuilds the
    file without free pages), and checkpoint again so the WAL keeps no pre-vacuum pages."""
    if db.in_transaction:
        raise RuntimeError("VACUUM cannot run inside a transaction")
    with db.transaction():
        for index in SEARCH_INDEXES:
            db.execute(f"INSERT INTO {index}({index}) VALUES ('optimize')")
    db.checkpoint()
    db.execute("VACUUM")
    db.checkpoint()
