"""Reading the tracks beside the care phase and the support of one case into domain models:
the bedenktijd, B8/3 permits, CoMensha registrations, the identification route, the client's
circumstances, shelter stays and the exit programme. Part of
:class:`~carecoord.store.case_reader.CaseReader` (no audit here: the facade logs)."""

from __future__ import annotations

from carecoord.domain.client import ClientCircumstances
from carecoord.domain.comensha import ComenshaRegistration
from carecoord.domain.identification import IdentificationRoute
from carecoord.domain.legal import PermitRenewal, ReflectionPeriod, ResidencePermit
from carecoord.domain.support import ExitProgramme, Milestone, ShelterStay
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.sqlvalues import s2d, s2d_required, s2dt
from carecoord.vault.database import Database


class TrackReads:
    _db: Database

    def reflection(self, case_id: int) -> ReflectionPeriod | None:
        rows = self._db.all(
            "SELECT id, offered_on, offered_by, ind_informed_on, started_on, ends_on, outcome,"
            " outcome_on FROM reflection_periods WHERE case_id = ?",
            (case_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return ReflectionPeriod(
            id=r[0],
            offered_on=s2d(r[1]),
            offered_by=r[2],
            ind_informed_on=s2d(r[3]),
            started_on=s2d_required(r[4]),
            ends_on=s2d_required(r[5]),
            outcome=r[6],
            outcome_on=s2d(r[7]),
        )

    def permits(self, case_id: int) -> list[ResidencePermit]:
        """Oldest first, by the first date of each permit's history."""
        renewals: dict[int, list[PermitRenewal]] = {}
        for permit_id, renewed_on, valid_until in self._db.all(
            "SELECT r.permit_id, r.renewed_on, r.valid_until FROM permit_renewals r"
            " JOIN residence_permits p ON p.id = r.permit_id WHERE p.case_id = ?",
            (case_id,),
        ):
            renewals.setdefault(permit_id, []).append(
                PermitRenewal(
                    renewed_on=s2d_required(renewed_on), valid_until=s2d_required(valid_until)
                )
            )
        permits = [
            ResidencePermit(
                id=r[0],
                ground=r[1],
                applied_on=s2d(r[2]),
                granted_on=s2d(r[3]),
                valid_until=s2d(r[4]),
                rejected_on=s2d(r[5]),
                ended_on=s2d(r[6]),
                continued_applied_on=s2d(r[7]),
                continued_outcome=r[8],
                continued_decided_on=s2d(r[9]),
                renewals=tuple(sorted(renewals.get(r[0], ()), key=lambda x: x.valid_until)),
            )
            for r in self._db.all(
                "SELECT id, ground, applied_on, granted_on, valid_until, rejected_on, ended_on,"
                " continued_applied_on, continued_outcome, continued_decided_on"
                " FROM residence_permits WHERE case_id = ?",
                (case_id,),
            )
        ]
        return sorted(permits, key=lambda p: (p.started_on, p.id or 0))

    def comensha(self, case_id: int) -> list[ComenshaRegistration]:
        """The case's registrations with CoMensha, oldest first."""
        return [
            ComenshaRegistration(
                id=r[0],
                registered_on=s2d_required(r[1]),
                basis=r[2],
                consent_id=r[3],
                already_registered_by=r[4],
                migrated=bool(r[5]),
                recorded_by=r[6],
                recorded_at=s2dt(r[7]),
            )
            for r in self._db.all(
                "SELECT id, registered_on, basis, consent_id, already_registered_by, migrated,"
                " recorded_by, recorded_at FROM comensha_registrations WHERE case_id = ?"
                " ORDER BY registered_on, id",
                (case_id,),
            )
        ]

    def identification(self, case_id: int) -> IdentificationRoute | None:
        rows = self._db.all(
            "SELECT route, mdt_requested_on, mdt_meeting_on, mdt_advice, mdt_advice_on,"
            " recorded_by, recorded_at FROM identification_routes WHERE case_id = ?",
            (case_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return IdentificationRoute(
            route=r[0],
            mdt_requested_on=s2d(r[1]),
            mdt_meeting_on=s2d(r[2]),
            mdt_advice=r[3],
            mdt_advice_on=s2d(r[4]),
            recorded_by=r[5],
            recorded_at=s2dt(r[6]),
        )

    def circumstances(self, client_id: int) -> ClientCircumstances:
        """The client's circumstances; the employer is gone once the identity is (anonymised)."""
        rows = self._db.all(
            "SELECT cl.custody, cl.labour_migrant, cl.housing_tied_to_employer,"
            " cl.residence_registration, ci.employer FROM clients cl"
            " LEFT JOIN client_identity ci ON ci.client_id = cl.id WHERE cl.id = ?",
            (client_id,),
        )
        if not rows:
            raise InputRejected(
                _("There is no client with id %(client_id)s.") % {"client_id": client_id}
            )
        return circumstances_from_row(rows[0])

    def shelter_stays(self, case_id: int) -> list[ShelterStay]:
        return [
            ShelterStay(
                id=r[0],
                shelter_type=r[1],
                provider_id=r[2],
                started_on=s2d_required(r[3]),
                ended_on=s2d(r[4]),
                end_reason=r[5],
            )
            for r in self._db.all(
                "SELECT id, shelter_type, provider_id, started_on, ended_on, end_reason"
                " FROM shelter_stays WHERE case_id = ? ORDER BY started_on, id",
                (case_id,),
            )
        ]

    def exit_programme(self, case_id: int) -> ExitProgramme | None:
        rows = self._db.all(
            "SELECT id, scheme_name, enrolled_on, outcome, outcome_on FROM exit_programmes"
            " WHERE case_id = ?",
            (case_id,),
        )
        if not rows:
            return None
        r = rows[0]
        milestones = tuple(
            Milestone(milestone=x[0], reached_on=s2d_required(x[1]))
            for x in self._db.all(
                "SELECT milestone, reached_on FROM exit_milestones WHERE programme_id = ?"
                " ORDER BY reached_on, id",
                (r[0],),
            )
        )
        return ExitProgramme(
            id=r[0],
            scheme_name=r[1],
            enrolled_on=s2d_required(r[2]),
            outcome=r[3],
            outcome_on=s2d(r[4]),
            milestones=milestones,
        )


def circumstances_from_row(r: tuple[object, ...]) -> ClientCircumstances:
    """``custody, labour_migrant, housing_tied_to_employer, residence_registration, employer``."""
    migrant = r[1]
    return ClientCircumstances(
        custody=r[0],
        labour_migrant=None if migrant is None else bool(migrant),
        housing_tied_to_employer=r[2],
        residence_registration=r[3],
        employer=r[4],
    )
