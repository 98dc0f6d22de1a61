"""Retention and erasure: review, apply (anonymise or destroy), legal holds, erasure on request.

Each action writes exactly one access-log entry per case, in the same transaction as the change,
so a change is never unlogged and a log entry never describes a change that was rolled back.
After ``apply`` and ``erase_client`` the database is vacuumed so freed pages keep no old text.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from carecoord.audit import AccessLog, Action
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store import anonymise, location_retention
from carecoord.store import retention_repository as repository
from carecoord.store.retention_repository import DueCase, RetentionRules
from carecoord.vault import Vault

# AVG art. 17(1) grounds, as codes: the reason goes into the register and the log, so it must
# not be free text (it could name the client).
ErasureGround = Literal[
    "art17_1a_not_needed",  # no longer necessary for the purpose
    "art17_1b_consent_withdrawn",
    "art17_1c_objection",
    "art17_1d_unlawful",
    "art17_1e_legal_obligation",
]
ERASURE_GROUNDS: tuple[str, ...] = ErasureGround.__args__  # type: ignore[attr-defined]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class ApplyResult:
    anonymised: tuple[str, ...]
    destroyed: tuple[str, ...]
    held: tuple[str, ...]
    log_entries_pruned: int
    # Issue 18: closed risk locations destroyed (their ids; a location has no reference).
    locations_destroyed: tuple[int, ...] = ()


class Retention:
    """Runs on the vault worker. ``clock`` is replaceable so tests can move time forward."""

    def __init__(self, vault: Vault, clock: Callable[[], datetime] = utc_now) -> None:
        self._vault = vault
        self._db = vault.db
        self._log = AccessLog(vault)
        self._clock = clock

    # -- rules ---------------------------------------------------------------------------------
    def rules(self) -> RetentionRules:
        return repository.load_rules(self._db)

    def set_rules(self, rules: RetentionRules) -> None:
        with self._db.transaction():
            repository.save_rules(self._db, rules)
            self._log.record(
                Action.UPDATE,
                detail={
                    "what": "retention_rules",
                    "support_given_years": rules.support_given.years,
                    "no_support_years": rules.no_support.years,
                    "access_log_years": rules.access_log_years,
                    "closed_location_years": rules.closed_location_years,
                },
            )

    # -- review --------------------------------------------------------------------------------
    def review(self) -> list[DueCase]:
        """Cases past their period (held ones included, marked). One log entry per case listed."""
        due = repository.due_cases(self._db, self.rules(), self._clock().date())
        with self._db.transaction():
            for case in due:
                self._log.record(
                    Action.RETENTION_REVIEW,
                    case_ref=case.case_id,
                    client_ref=case.client_id,
                    detail={"rule": case.rule, "held": case.hold_reason is not None},
                )
        return due

    def due_locations(self) -> list[location_retention.DueLocation]:
        """Closed risk locations past their period (ids and dates only)."""
        return location_retention.due_locations(self._db, self.rules(), self._clock().date())

    # -- legal hold ----------------------------------------------------------------------------
    def _case_id(self, reference: str) -> tuple[int, int]:
        rows = self._db.all("SELECT id, client_id FROM cases WHERE reference = ?", (reference,))
        if not rows:
            raise InputRejected(
                _("There is no case with reference '%(reference)s'.") % {"reference": reference}
            )
        return int(rows[0][0]), int(rows[0][1])

    def set_hold(self, reference: str, reason: str) -> None:
        case_id, client_id = self._case_id(reference)
        with self._db.transaction():
            repository.set_hold(
                self._db, case_id, reason, on=self._clock().date(), by=self._vault.user
            )
            # The reason stays in the vault table; the log gets only that a hold was set.
            self._log.record(Action.LEGAL_HOLD_SET, case_ref=case_id, client_ref=client_id)

    def holds(self) -> list[repository.LegalHold]:
        """Holds in force on any case; references and reasons only (as the register)."""
        return repository.holds(self._db)

    def lift_hold(self, reference: str) -> None:
        case_id, client_id = self._case_id(reference)
        with self._db.transaction():
            repository.lift_hold(self._db, case_id)
            self._log.record(Action.LEGAL_HOLD_LIFT, case_ref=case_id, client_ref=client_id)

    # -- apply ---------------------------------------------------------------------------------
    def apply(
        self,
        *,
        vacuum: bool = True,
        only: Collection[str] | None = None,
        locations: Collection[int] | None = None,
    ) -> ApplyResult:
        """Anonymise or destroy every due case that is not held; prune the access log to its
        period; vacuum. All cases in one transaction: all are done or none.

        ``only`` limits it to the case references a person reviewed and confirmed: a case that
        became due after the review (the date moved on) waits for the next review. In the same
        way ``locations`` names the closed risk locations the review listed; with ``only`` and
        without ``locations`` none is destroyed, without either every due one is."""
        now = self._clock()
        rules = self.rules()
        due = repository.due_cases(self._db, rules, now.date())
        if only is not None:
            confirmed = set(only)
            due = [case for case in due if case.reference in confirmed]
        done: dict[str, list[str]] = {"anonymise": [], "destroy": []}
        held: list[str] = []
        with self._db.transaction():
            for case in due:
                if case.hold_reason is not None:
                    held.append(case.reference)
                    continue
                self._carry_out(case.case_id, case.client_id, case.action, case.rule, now, case)
                done[case.action].append(case.reference)
            confirmed_locations = (
                None if only is None and locations is None else set(locations or ())
            )
            destroyed_locations = self._destroy_locations(rules, now, confirmed_locations)
        try:
            pruned = self._log.prune_before(add_years_dt(now, -rules.access_log_years))
        finally:
            # Also when pruning is refused (a log that fails verification): what was erased
            # above must not stay behind in index segments or free pages.
            if vacuum:
                repository.vacuum(self._db)
        return ApplyResult(
            anonymised=tuple(done["anonymise"]),
            destroyed=tuple(done["destroy"]),
            held=tuple(held),
            log_entries_pruned=pruned,
            locations_destroyed=destroyed_locations,
        )

    def _destroy_locations(
        self, rules: RetentionRules, now: datetime, confirmed: set[int] | None
    ) -> tuple[int, ...]:
        """Every closed location past its period (caller's transaction), one log entry each;
        with ``confirmed``, only those the review listed (one that became due since waits)."""
        done = []
        for due in location_retention.due_locations(self._db, rules, now.date()):
            if confirmed is not None and due.location_id not in confirmed:
                continue
            location_retention.destroy_location(self._db, due.location_id)
            self._log.record(
                Action.RETENTION_DESTROY,
                detail={
                    "what": "risk_location",
                    "location": due.location_id,
                    "rule": f"closed_location:{rules.closed_location_years}y",
                },
            )
            done.append(due.location_id)
        return tuple(done)

    def _carry_out(
        self,
        case_id: int,
        client_id: int,
        action: repository.RetentionAction,
        rule: str,
        now: datetime,
        case: DueCase | None = None,
    ) -> None:
        repository.carry_out(
            self._db,
            case_id,
            action,
            rule=rule,
            at=now,
            by=self._vault.user,
            due_on=None if case is None else case.due_on,
        )
        self._log.record(
            Action.RETENTION_DESTROY if action == "destroy" else Action.RETENTION_ANONYMISE,
            case_ref=case_id,
            client_ref=client_id,
            detail={"rule": rule},
        )

    # -- erasure on request (AVG art. 17) ------------------------------------------------------
    def erase_client(
        self,
        client_reference: str,
        ground: str,
        *,
        action: repository.RetentionAction = "anonymise",
        vacuum: bool = True,
    ) -> tuple[str, ...]:
        """Every case of one client, by the same mechanism as retention, with the ground as the
        rule. Refused whole when any of the cases is under a legal hold (art. 17(3))."""
        if ground not in ERASURE_GROUNDS:
            raise InputRejected(
                _("Unknown ground for erasure; use one of: %(grounds)s.")
                % {"grounds": ", ".join(ERASURE_GROUNDS)}
            )
        client_id = self._db.scalar(
            "SELECT id FROM clients WHERE reference = ?", (client_reference,)
        )
        if client_id is None:
            raise InputRejected(
                _("There is no client with reference '%(client_reference)s'.")
                % {"client_reference": client_reference}
            )
        cases = repository.case_ids_of_client(self._db, int(client_id))
        held = [ref for cid, ref in cases if repository.hold_of(self._db, cid) is not None]
        if held:
            raise InputRejected(
                _("A legal hold suspends erasure of case %(cases)s; nothing was erased.")
                % {"cases": ", ".join(held)}
            )
        now = self._clock()
        rule = f"erasure:{ground}"
        with self._db.transaction():
            for case_id, _ref in cases:
                self._carry_out(case_id, int(client_id), action, rule, now)
            if not cases:
                # A client without a case: the identity alone.
                anonymise.anonymise_client(self._db, int(client_id), now.date().isoformat())
                self._log.record(
                    Action.RETENTION_ANONYMISE, client_ref=int(client_id), detail={"rule": rule}
                )
        if vacuum:
            repository.vacuum(self._db)
        return tuple(ref for _cid, ref in cases)

    def register(self) -> list[repository.RegisterEntry]:
        return repository.register(self._db)


def add_years_dt(moment: datetime, years: int) -> datetime:
    day = repository.add_years(moment.date(), years)
    return moment + timedelta(days=(day - moment.date()).days)
