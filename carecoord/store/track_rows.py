"""Row builders of the tracks beside the care phase and of support: the bedenktijd and B8/3
permits, the CoMensha registration, the identification route, shelter stays and the exit
programme. The same contract as :mod:`carecoord.store.rows` (which re-exports every builder here
and merges :data:`TRACK_COLUMNS` into its ``COLUMNS``): each builder returns the values in the
order of its table's columns, without the ``id``.
"""

from __future__ import annotations

from carecoord.domain.comensha import ComenshaRegistration
from carecoord.domain.identification import IdentificationRoute
from carecoord.domain.legal import PermitRenewal, ReflectionPeriod, ResidencePermit
from carecoord.domain.support import ExitProgramme, Milestone, ShelterStay
from carecoord.store.sqlvalues import d2s, dt2s

Row = tuple[object, ...]

TRACK_COLUMNS: dict[str, tuple[str, ...]] = {
    "reflection_periods": (
        "case_id",
        "offered_on",
        "offered_by",
        "ind_informed_on",
        "started_on",
        "ends_on",
        "outcome",
        "outcome_on",
    ),
    "residence_permits": (
        "case_id",
        "ground",
        "applied_on",
        "granted_on",
        "valid_until",
        "rejected_on",
        "ended_on",
        "continued_applied_on",
        "continued_outcome",
        "continued_decided_on",
    ),
    "permit_renewals": ("permit_id", "renewed_on", "valid_until"),
    "shelter_stays": (
        "case_id",
        "shelter_type",
        "provider_id",
        "started_on",
        "ended_on",
        "end_reason",
    ),
    "exit_programmes": ("case_id", "scheme_name", "enrolled_on", "outcome", "outcome_on"),
    "exit_milestones": ("programme_id", "milestone", "reached_on"),
    "comensha_registrations": (
        "case_id",
        "registered_on",
        "basis",
        "consent_id",
        "already_registered_by",
        "migrated",
        "recorded_by",
        "recorded_at",
    ),
    "identification_routes": (
        "case_id",
        "route",
        "mdt_requested_on",
        "mdt_meeting_on",
        "mdt_advice",
        "mdt_advice_on",
        "recorded_by",
        "recorded_at",
    ),
}


# -- the legal track, CoMensha, identification ----------------------------------------------
def reflection_row(case_id: int, period: ReflectionPeriod) -> Row:
    return (
        case_id,
        d2s(period.offered_on),
        period.offered_by,
        d2s(period.ind_informed_on),
        d2s(period.started_on),
        d2s(period.end),
        period.outcome,
        d2s(period.outcome_on),
    )


def permit_row(case_id: int, permit: ResidencePermit) -> Row:
    """The permit itself; its renewals are rows of ``permit_renewals`` (:func:`renewal_row`)."""
    return (
        case_id,
        permit.ground,
        d2s(permit.applied_on),
        d2s(permit.granted_on),
        d2s(permit.valid_until),
        d2s(permit.rejected_on),
        d2s(permit.ended_on),
        d2s(permit.continued_applied_on),
        permit.continued_outcome,
        d2s(permit.continued_decided_on),
    )


def renewal_row(permit_id: int, renewal: PermitRenewal) -> Row:
    return (permit_id, d2s(renewal.renewed_on), d2s(renewal.valid_until))


def comensha_row(
    case_id: int, registration: ComenshaRegistration, user: str, recorded_at: str | None
) -> Row:
    return (
        case_id,
        d2s(registration.registered_on),
        registration.basis,
        registration.consent_id,
        registration.already_registered_by,
        int(registration.migrated),
        registration.recorded_by or user,
        dt2s(registration.recorded_at) or recorded_at,
    )


def identification_row(
    case_id: int, route: IdentificationRoute, user: str, recorded_at: str | None
) -> Row:
    return (
        case_id,
        route.route,
        d2s(route.mdt_requested_on),
        d2s(route.mdt_meeting_on),
        route.mdt_advice,
        d2s(route.mdt_advice_on),
        route.recorded_by or user,
        dt2s(route.recorded_at) or recorded_at,
    )


# -- shelter and the exit programme ------------------------------------------------------------
def shelter_stay_row(case_id: int, stay: ShelterStay) -> Row:
    return (
        case_id,
        stay.shelter_type,
        stay.provider_id,
        d2s(stay.started_on),
        d2s(stay.ended_on),
        stay.end_reason,
    )


def programme_row(case_id: int, programme: ExitProgramme) -> Row:
    """The programme itself; its plan and milestones are rows of their own tables."""
    return (
        case_id,
        programme.scheme_name,
        d2s(programme.enrolled_on),
        programme.outcome,
        d2s(programme.outcome_on),
    )


def milestone_row(programme_id: int, milestone: Milestone) -> Row:
    return (programme_id, milestone.milestone, d2s(milestone.reached_on))
