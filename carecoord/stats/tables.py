"""Table definitions as data: a new table is a new definition, not new code.

Every table partitions its population, so that margins are true sums (DESIGN.md §5): a person
counts once per table, in exactly one inner cell. Sets of codes (exploitation forms, shelter
types) become a single code, ``multiple`` when there are several; the furthest exit-programme
milestone is counted. The person tables all count the same population (everyone whose case started
in the period), so they share one grand total, which the linear system links across tables.
The referral table counts events (referrals), but its disclosure rules count the persons behind
each cell (research/sdc.md §1.1: three referrals of one victim is a cell with one contributor).

A table counts one *cohort* of person records (issue 15): ``started`` (a case started in the
period, the default), ``reflection_ended`` (a bedenktijd ended in the period) or ``closed`` (a
case closed in the period); a table may count only the records of its cohort where a yes/no field
holds (``only``: the labour migrants among those whose case started). Tables of one cohort and
filter share their totals; a filtered table is a part of its cohort, which the linear system
knows (:mod:`carecoord.stats.system`).
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from carecoord.domain import code_literals as codes
from carecoord.stats import records as r

TOTAL = "_T"
MULTIPLE = "multiple"
NONE = "none"
MUNICIPALITY = "municipality"

# How a dimension takes its code from a record (or from a referral, for event tables).
Rule = Literal["value", "single_or_multiple", "furthest", "referral_type", "referral_status"]
Unit = Literal["persons", "referrals", "signals", "controls"]
# Units each counted once, with one contributor each: a cell's count is its contributors, so k
# applies to the counted units themselves (issue 18: a signal about a person is still a person's
# data; a control can point to a one-person business). Referrals count the persons behind them.
ONE_CONTRIBUTOR_EACH: tuple[Unit, ...] = ("persons", "signals", "controls")
# issue 18: "signal" (every signal dated in the period, with or without a known person) and
# "control" (every control at a risk location held in the period) are cohorts of their own.
Cohort = Literal["started", "reflection_ended", "closed", "signal", "control"]
# Yes/no fields of a record a table may be restricted to.
Only = Literal["labour_migrant", "has_permit"]


class Dimension(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    field: str
    rule: Rule = "value"
    # None: the codes come from the population (the region's municipalities).
    codes: tuple[str, ...] | None


class TableDefinition(BaseModel):
    model_config = ConfigDict(frozen=True)

    table_id: str
    title_nl: str
    title_en: str
    unit: Unit = "persons"
    dimensions: tuple[Dimension, ...]
    population: str = "persons whose first case of the year started in the period, in the region"
    cohort: Cohort = "started"
    only: Only | None = None
    # A coarser table to offer when suppression would hide most of this one.
    coarser: str | None = None

    @property
    def population_key(self) -> tuple[str, str | None]:
        """Which persons the table counts: tables with the same key share their totals."""
        return self.cohort, self.only


def _codes(literal: object) -> tuple[str, ...]:
    return tuple(str(code) for code in get_args(literal))


FORMS = (*_codes(codes.ExploitationForm), MULTIPLE)
AGE = _codes(r.AgeGroup)
SHELTER = (*_codes(codes.ShelterType), MULTIPLE, NONE)
MILESTONES = (NONE, *_codes(r.Milestone))
# Dimensions several tables share (the region picture's all have one or both); frozen, so one
# value serves every table.
BY_MUNICIPALITY = Dimension(name=MUNICIPALITY, field="municipality", codes=None)
BY_LOCATION_TYPE = Dimension(
    name="location_type", field="location_type", codes=_codes(codes.LocationType)
)

STANDARD_TABLES: tuple[TableDefinition, ...] = (
    TableDefinition(
        table_id="cases_by_municipality_form",
        title_nl="Personen naar gemeente en vorm van uitbuiting",
        title_en="Persons by municipality and form of exploitation",
        dimensions=(
            BY_MUNICIPALITY,
            Dimension(
                name="exploitation_form",
                field="exploitation_forms",
                rule="single_or_multiple",
                codes=FORMS,
            ),
        ),
        coarser="cases_by_form",
    ),
    TableDefinition(
        table_id="cases_by_gender_age",
        title_nl="Personen naar geslacht en leeftijdsgroep",
        title_en="Persons by gender and age group",
        dimensions=(
            Dimension(name="gender", field="gender", codes=_codes(codes.Gender)),
            Dimension(name="age_group", field="age_group", codes=AGE),
        ),
    ),
    TableDefinition(
        table_id="cases_by_signaller",
        title_nl="Personen naar melder",
        title_en="Persons by signaller",
        dimensions=(Dimension(name="signaller", field="signaller", codes=_codes(codes.Signaller)),),
    ),
    TableDefinition(
        table_id="cases_by_nationality_age",
        title_nl="Personen naar nationaliteitsgroep en leeftijdsgroep",
        title_en="Persons by nationality group and age group",
        dimensions=(
            Dimension(
                name="nationality_group",
                field="nationality_group",
                codes=_codes(r.NationalityGroup),
            ),
            Dimension(name="age_group", field="age_group", codes=AGE),
        ),
    ),
    TableDefinition(
        table_id="shelter_by_type",
        title_nl="Personen naar soort opvang",
        title_en="Persons by type of shelter",
        dimensions=(
            Dimension(
                name="shelter_type",
                field="shelter_types",
                rule="single_or_multiple",
                codes=SHELTER,
            ),
        ),
    ),
    TableDefinition(
        table_id="exit_programme_flow",
        title_nl="Personen naar verste stap in het uitstapprogramma",
        title_en="Persons by furthest exit-programme milestone",
        dimensions=(
            Dimension(name="milestone", field="milestones", rule="furthest", codes=MILESTONES),
        ),
    ),
    TableDefinition(
        table_id="referrals_by_type_status",
        title_nl="Verwijzingen naar soort en status",
        title_en="Referrals by type and status",
        unit="referrals",
        population="referrals of the persons counted in the person tables",
        dimensions=(
            Dimension(
                name="referral_type",
                field="referrals",
                rule="referral_type",
                codes=_codes(codes.ReferralType),
            ),
            Dimension(
                name="referral_status",
                field="referrals",
                rule="referral_status",
                codes=_codes(codes.ReferralStatus),
            ),
        ),
    ),
    TableDefinition(
        table_id="signals_by_location_sector",
        title_nl="Signalen naar soort locatie en sector",
        title_en="Signals by location type and sector",
        unit="signals",
        cohort="signal",
        population=(
            "signals dated in the period (with or without a known person), in the region: the "
            "signal's own municipality, else its case's"
        ),
        dimensions=(
            BY_LOCATION_TYPE,
            Dimension(name="sector", field="sector", codes=_codes(codes.Sector)),
        ),
    ),
    TableDefinition(
        table_id="controls_by_location_type",
        title_nl="Controles naar soort locatie en uitkomst",
        title_en="Controls by location type and outcome",
        unit="controls",
        cohort="control",
        population="controls at risk locations held in the period, in the region of the location",
        dimensions=(
            BY_LOCATION_TYPE,
            Dimension(name="outcome", field="control_outcome", codes=_codes(codes.ControlOutcome)),
        ),
    ),
    # Issue 15: the VNG's questions on the legal track, closures and labour migrants.
    TableDefinition(
        table_id="reflection_by_outcome",
        title_nl="Personen naar keuze na bedenktijd",
        title_en="Persons by outcome of the reflection period",
        population=(
            "persons whose reflection period (bedenktijd) ended in the period (its end date, or "
            "the date of the choice when that came first), in the region of that case"
        ),
        cohort="reflection_ended",
        dimensions=(
            Dimension(
                name="reflection_outcome",
                field="reflection_outcome",
                codes=_codes(codes.ReflectionOutcome),
            ),
        ),
    ),
    TableDefinition(
        table_id="permits_by_ground",
        title_nl="Personen naar grond en stand van de verblijfsvergunning mensenhandel (B8/3)",
        title_en="Persons by ground and state of the B8/3 residence permit",
        population=(
            "persons whose first case of the year started in the period, in the region, with a "
            "B8/3 permit applied for or granted by the end of the year: the newest permit of "
            "their cases of the year, as it stood at the end of the year"
        ),
        # Only those with a permit: a 'none' code in both dimensions would be a cell that
        # always holds its whole margin (no ground, no state), which the rules would withhold.
        only="has_permit",
        dimensions=(
            Dimension(
                name="permit_ground", field="permit_ground", codes=_codes(codes.PermitGround)
            ),
            Dimension(name="permit_state", field="permit_state", codes=_codes(codes.PermitState)),
        ),
    ),
    TableDefinition(
        table_id="closures_by_reason",
        title_nl="Personen naar reden van afsluiting",
        title_en="Persons by closure reason",
        population=(
            "persons whose case closed in the period (their first closed case of the year), in "
            "the region of that case"
        ),
        cohort="closed",
        dimensions=(
            Dimension(
                name="closure_reason", field="closure_reason", codes=_codes(codes.ClosureReason)
            ),
        ),
    ),
    TableDefinition(
        table_id="labour_migrants_by_sector",
        title_nl="Arbeidsmigranten naar sector en inschrijving (BRP/RNI)",
        title_en="Labour migrants by sector and residence registration",
        population=(
            "persons whose first case of the year started in the period, in the region, recorded "
            "as labour migrants"
        ),
        only="labour_migrant",
        dimensions=(
            Dimension(name="sector", field="sector", codes=_codes(codes.Sector)),
            Dimension(
                name="residence_registration",
                field="residence_registration",
                codes=_codes(codes.ResidenceRegistration),
            ),
        ),
    ),
)

# Not in the standard set: offered instead of a municipality table that would be mostly crosses.
COARSER_TABLES: tuple[TableDefinition, ...] = (
    TableDefinition(
        table_id="cases_by_form",
        title_nl="Personen naar vorm van uitbuiting (hele regio)",
        title_en="Persons by form of exploitation (whole region)",
        dimensions=(
            Dimension(
                name="exploitation_form",
                field="exploitation_forms",
                rule="single_or_multiple",
                codes=FORMS,
            ),
        ),
    ),
)

# Issue 18: the region picture (Regiobeeld) per quarter: signals, controls and new cases by
# location type, sector and municipality. Not in the standard set; released through the same
# disclosure control, as a release of its own (the app's Regiobeeld tab).
REGION_TABLES: tuple[TableDefinition, ...] = (
    TableDefinition(
        table_id="signals_by_municipality_location",
        title_nl="Signalen naar gemeente en soort locatie",
        title_en="Signals by municipality and location type",
        unit="signals",
        cohort="signal",
        population=(
            "signals dated in the period (with or without a known person), in the region: the "
            "signal's own municipality, else its case's"
        ),
        dimensions=(
            BY_MUNICIPALITY,
            BY_LOCATION_TYPE,
        ),
    ),
    TableDefinition(
        table_id="controls_by_municipality_location",
        title_nl="Controles naar gemeente en soort locatie",
        title_en="Controls by municipality and location type",
        unit="controls",
        cohort="control",
        population="controls at risk locations held in the period, in the region of the location",
        dimensions=(
            BY_MUNICIPALITY,
            BY_LOCATION_TYPE,
        ),
    ),
    TableDefinition(
        table_id="cases_by_municipality_location",
        title_nl="Nieuwe dossiers: personen naar gemeente en soort locatie",
        title_en="New cases: persons by municipality and location type",
        dimensions=(
            BY_MUNICIPALITY,
            BY_LOCATION_TYPE,
        ),
    ),
    TableDefinition(
        table_id="cases_by_location_sector",
        title_nl="Nieuwe dossiers: personen naar soort locatie en sector",
        title_en="New cases: persons by location type and sector",
        dimensions=(
            BY_LOCATION_TYPE,
            Dimension(name="sector", field="sector", codes=_codes(codes.Sector)),
        ),
    ),
)
REGION_IDS: tuple[str, ...] = (
    "signals_by_location_sector",
    "signals_by_municipality_location",
    "controls_by_location_type",
    "controls_by_municipality_location",
    "cases_by_municipality_location",
    "cases_by_location_sector",
)

ALL_TABLES: dict[str, TableDefinition] = {
    t.table_id: t for t in STANDARD_TABLES + COARSER_TABLES + REGION_TABLES
}
STANDARD_IDS: tuple[str, ...] = tuple(t.table_id for t in STANDARD_TABLES)


def definition(table_id: str) -> TableDefinition:
    return ALL_TABLES[table_id]


def dimension_codes(dim: Dimension, population: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(population)) if dim.codes is None else dim.codes
