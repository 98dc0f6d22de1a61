"""The standard tables of issue 15: who they count, what they count, and their small cells.

Known small populations give known counts; a small cell is withheld; the cohort tables (a
bedenktijd ended, a case closed) share no number with the persons whose case started; a table of
part of a cohort (labour migrants) cannot be subtracted from the whole cohort's table.
"""

from __future__ import annotations

from datetime import date

from carecoord.stats.aggregate import count_table, in_population
from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.period import Period
from carecoord.stats.protect import protect
from carecoord.stats.records import StatsRecord
from carecoord.stats.release import TableRelease
from carecoord.stats.system import build_system
from carecoord.stats.tables import STANDARD_IDS, TOTAL, definition

A, B = "GM0034", "GM0037"
REGION = frozenset({A, B})
YEAR = Period(year=2024)
NEW = (
    "reflection_by_outcome",
    "permits_by_ground",
    "closures_by_reason",
    "labour_migrants_by_sector",
)


def _person(n: int, day: date = date(2024, 2, 1), **facts: object) -> StatsRecord:
    return StatsRecord.model_validate(
        {"person_key": f"p{n}", "case_start": day, "municipality": A, **facts}
    )


def _values(table: TableRelease) -> dict[tuple[str, ...], int | None]:
    return {cell.coords: cell.value for cell in table.cells}


def test_new_tables_are_standard_with_their_ids_and_unit() -> None:
    assert STANDARD_IDS[: len(STANDARD_IDS) - len(NEW)] == (
        "cases_by_municipality_form",
        "cases_by_gender_age",
        "cases_by_signaller",
        "cases_by_nationality_age",
        "shelter_by_type",
        "exit_programme_flow",
        "referrals_by_type_status",
        "signals_by_location_sector",
        "controls_by_location_type",
    )  # the existing ids stay as they were
    assert STANDARD_IDS[-len(NEW) :] == NEW
    assert [definition(t).unit for t in NEW] == ["persons"] * 4
    assert definition("reflection_by_outcome").cohort == "reflection_ended"
    assert definition("closures_by_reason").cohort == "closed"
    assert definition("labour_migrants_by_sector").only == "labour_migrant"


def _reflections() -> list[StatsRecord]:
    ended = [
        # (person, day the bedenktijd ended, outcome)
        (1, date(2024, 2, 10), "report_filed"),
        (2, date(2024, 3, 1), "report_filed"),
        (3, date(2024, 4, 2), "report_filed"),
        (4, date(2024, 5, 9), "report_filed"),
        (5, date(2024, 6, 1), "report_filed"),
        (6, date(2024, 7, 7), "report_filed"),
        (7, date(2024, 8, 1), "no_cooperation"),
        (8, date(2024, 9, 3), "no_cooperation"),
        (9, date(2024, 10, 1), "withdrawn"),
        # a second bedenktijd of person 1 (a later case): a person counts once, the first
        (1, date(2024, 11, 1), "no_cooperation"),
    ]
    return [
        _person(n, day, cohort="reflection_ended", reflection_outcome=outcome)
        for n, day, outcome in ended
    ]


def test_reflection_by_outcome_counts_persons_whose_bedenktijd_ended() -> None:
    started = [_person(n) for n in range(100, 140)]  # others, whose case started: not counted
    records = in_population(_reflections() + started, YEAR, REGION)
    table = count_table(definition("reflection_by_outcome"), YEAR, records, REGION)
    assert table.values[("report_filed",)] == 6
    assert table.values[("no_cooperation",)] == 2
    assert table.values[("withdrawn",)] == 1
    assert table.values[("pending",)] == 0
    assert table.values[(TOTAL,)] == 9
    # A quarter counts the bedenktijden that ended in it: the year is the sum of its quarters.
    quarters = [
        count_table(
            definition("reflection_by_outcome"),
            Period(year=2024, quarter=q),
            [r for r in records if Period(year=2024, quarter=q).contains(r.case_start)],
            REGION,
        ).values[(TOTAL,)]
        for q in range(1, 5)
    ]
    assert quarters == [2, 3, 3, 1]


def test_small_outcome_cells_are_withheld() -> None:
    release = protect(
        in_population(_reflections(), YEAR, REGION),
        YEAR,
        REGION,
        DisclosureSettings(k=5),
        table_ids=("reflection_by_outcome",),
    )
    assert release.audit_ok
    cells = {cell.coords: cell for cell in release.tables[0].cells}
    for small in (("no_cooperation",), ("withdrawn",)):
        assert cells[small].value is None and cells[small].status == "A"
        assert cells[small].reason == "small"
    published = {c: cell.value for c, cell in cells.items() if cell.status == "F"}
    truth = {("report_filed",): 6, ("other_cooperation",): 0, ("pending",): 0, (TOTAL,): 9}
    assert published and all(truth.get(c, v) == v for c, v in published.items())
    # What is published does not give the 2 and the 1 away: each keeps a range at least k wide.
    for entry in release.audit:
        if entry.status == "A":
            assert entry.upper is not None and entry.upper - entry.lower >= 5


def test_closures_and_permits_count_their_own_persons() -> None:
    records = [
        _person(1, permit_ground="report_filed", permit_state="granted"),
        _person(2, permit_ground="report_filed", permit_state="renewed"),
        _person(3, permit_ground="other_cooperation", permit_state="applied"),
        _person(4),
        _person(5),
        _person(1, date(2024, 9, 1), cohort="closed", closure_reason="completed"),
        _person(6, date(2024, 5, 1), cohort="closed", closure_reason="out_of_sight"),
        _person(7, date(2024, 6, 1), cohort="closed", closure_reason="completed"),
    ]
    population = in_population(records, YEAR, REGION)
    closures = count_table(definition("closures_by_reason"), YEAR, population, REGION)
    assert closures.values[("completed",)] == 2 and closures.values[("out_of_sight",)] == 1
    assert closures.values[(TOTAL,)] == 3
    permits = count_table(definition("permits_by_ground"), YEAR, population, REGION)
    assert permits.values[("report_filed", TOTAL)] == 2
    assert permits.values[("report_filed", "renewed")] == 1
    assert permits.values[(TOTAL, "applied")] == 1
    assert permits.values[(TOTAL, TOTAL)] == 3  # persons with a permit, not all five
    signallers = count_table(definition("cases_by_signaller"), YEAR, population, REGION)
    assert signallers.values[(TOTAL,)] == 5
    # Other persons, other totals: the closures' total is not the started cases' total, and the
    # permit holders' total is a part of it (tied by a rest, not shared).
    system = build_system([closures, permits, signallers])
    started = system.index("2024", "cases_by_signaller", (TOTAL,))
    assert system.index("2024", "closures_by_reason", (TOTAL,)) != started
    part = system.index("2024", "permits_by_ground", (TOTAL, TOTAL))
    assert part != started
    rest = next(r for r, whole in system.rests.items() if whole == started)
    assert system.rest_parts[rest] == part and system.values[rest] == 2
    assert (started, (part, rest), "rest") in system.relations


def _hospitality_population() -> list[StatsRecord]:
    """40 persons: 6 in hospitality, 5 of them labour migrants registered in the BRP; 12 labour
    migrants in agriculture (in the BRP or the RNI); the rest in other sectors."""
    records = []
    for n in range(40):
        if n < 6:
            facts = {"sector": "hospitality", "location_type": "horeca"}
            if n < 5:
                facts |= {"labour_migrant": True, "residence_registration": "brp"}
        elif n < 18:
            registration = "brp" if n < 12 else "rni"
            facts = {
                "sector": "agriculture",
                "location_type": "agricultural_site",
                "labour_migrant": True,
                "residence_registration": registration,
            }
        else:
            facts = {"sector": "escort", "location_type": "hotel"}
        records.append(_person(n, **facts))
    return records


def test_labour_migrants_cannot_be_subtracted_from_all_persons_of_a_sector() -> None:
    """Persons in hospitality (6) and labour migrants in hospitality (5) would give away the one
    person in hospitality who is not a labour migrant: they are not both published."""
    records = _hospitality_population()
    release = protect(
        records,
        YEAR,
        REGION,
        DisclosureSettings(k=5),
        # Issue 18: signals_by_location_sector counts signals now; persons by sector are here.
        table_ids=("cases_by_location_sector", "labour_migrants_by_sector"),
    )
    assert release.audit_ok
    tables = {t.definition.table_id: _values(t) for t in release.tables}
    everyone = tables["cases_by_location_sector"][(TOTAL, "hospitality")]
    migrants = tables["labour_migrants_by_sector"][("hospitality", TOTAL)]
    assert everyone is None or migrants is None, (everyone, migrants)
    truth = count_table(
        definition("labour_migrants_by_sector"),
        YEAR,
        in_population(records, YEAR, REGION),
        REGION,
    ).values
    published = {c: v for c, v in tables["labour_migrants_by_sector"].items() if v is not None}
    assert published and all(truth[c] == v for c, v in published.items())
    rest = [e for e in release.audit if e.table_id.endswith("~rest")]
    assert rest and all(e.ok for e in rest)


def test_labour_migrant_table_counts_only_labour_migrants() -> None:
    population = in_population(_hospitality_population(), YEAR, REGION)
    table = count_table(definition("labour_migrants_by_sector"), YEAR, population, REGION)
    assert table.values[(TOTAL, TOTAL)] == 17
    assert table.values[("agriculture", "rni")] == 6
    assert table.values[("escort", TOTAL)] == 0
