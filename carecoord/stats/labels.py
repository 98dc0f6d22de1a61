"""What a person reads for the codes of a statistics table: titles, descriptions, labels, reasons.

Codes stay codes in the machine-readable files (DESIGN.md §5); the screens and the PDF report show
these labels instead (issue 17: "the statistics page is an English dump of cells"). Like the
code lists, each text is a Dutch and English pair, because the PDF report is Dutch whatever
language the app speaks; the values themselves come from the code lists and the municipality
reference list, so a label is corrected in one place.
"""

from __future__ import annotations

from carecoord.domain.codelists import Language, codelist
from carecoord.domain.municipalities import municipalities
from carecoord.stats.release import PublishedCell, TableRelease
from carecoord.stats.tables import MULTIPLE, MUNICIPALITY, NONE, TOTAL, TableDefinition

Pair = tuple[str, str]

# Dimension name -> the code list of its values (municipality: the reference list).
DIMENSION_LISTS: dict[str, str] = {
    "exploitation_form": "exploitation_form",
    "gender": "gender",
    "age_group": "age_group",
    "signaller": "signaller",
    "nationality_group": "nationality_group",
    "shelter_type": "shelter_type",
    "milestone": "exit_step",
    "referral_type": "referral_type",
    "referral_status": "referral_status",
    "location_type": "location_type",
    "sector": "sector",
    "reflection_outcome": "reflection_outcome",
    "permit_ground": "permit_ground",
    "permit_state": "permit_state",
    "closure_reason": "closure_reason",
    "residence_registration": "residence_registration",
    "outcome": "control_outcome",
}

DIMENSION_TITLES: dict[str, Pair] = {
    MUNICIPALITY: ("Gemeente", "Municipality"),
    "exploitation_form": ("Vorm van uitbuiting", "Form of exploitation"),
    "gender": ("Geslacht", "Gender"),
    "age_group": ("Leeftijdsgroep", "Age group"),
    "signaller": ("Melder", "Signaller"),
    "nationality_group": ("Nationaliteitsgroep", "Nationality group"),
    "shelter_type": ("Soort opvang", "Type of shelter"),
    "milestone": ("Verste stap", "Furthest step"),
    "referral_type": ("Soort verwijzing", "Type of referral"),
    "referral_status": ("Status verwijzing", "Referral status"),
    "location_type": ("Soort locatie", "Location type"),
    "sector": ("Sector", "Sector"),
    "reflection_outcome": ("Keuze na bedenktijd", "Outcome of the reflection period"),
    "permit_ground": ("Grond vergunning", "Permit ground"),
    "permit_state": ("Stand vergunning", "Permit state"),
    "closure_reason": ("Reden van afsluiting", "Closure reason"),
    "residence_registration": ("Inschrijving", "Residence registration"),
    "outcome": ("Uitkomst controle", "Outcome of the control"),
}

# Codes the tables add to their code lists.
EXTRA_CODES: dict[str, Pair] = {
    TOTAL: ("Totaal", "Total"),
    MULTIPLE: ("meer dan één", "more than one"),
    NONE: ("geen", "none"),
}

_STARTED: Pair = (
    "Telt personen van wie het eerste dossier van het jaar in de periode begon (eerste signaal), "
    "in de regio; een persoon telt één keer.",
    "Counts persons whose first case of the year started in the period (first signal), in the "
    "region; a person counts once.",
)

TABLE_DESCRIPTIONS: dict[str, Pair] = {
    "cases_by_municipality_form": (
        _STARTED[0] + " Meer vormen van uitbuiting tellen als 'meer dan één'.",
        _STARTED[1] + " Several forms of exploitation count as 'more than one'.",
    ),
    "cases_by_form": (
        _STARTED[0] + " De hele regio samen, zonder verdeling over gemeenten.",
        _STARTED[1] + " The whole region together, not split by municipality.",
    ),
    "cases_by_gender_age": (
        _STARTED[0] + " Leeftijd op de dag van het eerste signaal.",
        _STARTED[1] + " Age on the day of the first signal.",
    ),
    "cases_by_signaller": (
        _STARTED[0] + " Naar de melder van het eerste signaal.",
        _STARTED[1] + " By who gave the first signal.",
    ),
    "cases_by_nationality_age": _STARTED,
    "shelter_by_type": (
        _STARTED[0] + " Naar de soort opvang in dat jaar; meer soorten tellen als 'meer dan één'.",
        _STARTED[1]
        + " By the type of shelter in that year; several types count as 'more than one'.",
    ),
    "exit_programme_flow": (
        _STARTED[0] + " Naar de verste stap die zij in het uitstapprogramma bereikten.",
        _STARTED[1] + " By the furthest step they reached in the exit programme.",
    ),
    "referrals_by_type_status": (
        "Telt verwijzingen (niet personen) van de personen in de andere tabellen; de "
        "geheimhouding telt de personen achter elke cel.",
        "Counts referrals (not persons) of the persons in the other tables; the protection "
        "counts the persons behind each cell.",
    ),
    "signals_by_location_sector": (
        "Telt signalen (niet personen) met een datum in de periode, met of zonder bekende "
        "persoon, naar de soort locatie en de sector; de geheimhouding telt de signalen.",
        "Counts signals (not persons) dated in the period, with or without a known person, by "
        "the type of location and the sector; the protection counts the signals.",
    ),
    "controls_by_location_type": (
        "Telt controles op risicolocaties in de periode, naar de soort locatie en de uitkomst; "
        "de geheimhouding telt de controles.",
        "Counts controls at risk locations in the period, by location type and outcome; the "
        "protection counts the controls.",
    ),
    "signals_by_municipality_location": (
        "Telt signalen (niet personen) in de periode naar gemeente en soort locatie.",
        "Counts signals (not persons) in the period by municipality and location type.",
    ),
    "controls_by_municipality_location": (
        "Telt controles op risicolocaties in de periode naar gemeente en soort locatie.",
        "Counts controls at risk locations in the period by municipality and location type.",
    ),
    "cases_by_municipality_location": (
        _STARTED[0] + " Naar gemeente en de soort locatie van de uitbuiting.",
        _STARTED[1] + " By municipality and the type of location of the exploitation.",
    ),
    "cases_by_location_sector": (
        _STARTED[0] + " Naar de soort locatie en de sector van de uitbuiting.",
        _STARTED[1] + " By the type of location and the sector of the exploitation.",
    ),
    "reflection_by_outcome": (
        "Telt personen van wie de bedenktijd in de periode eindigde, naar hun keuze.",
        "Counts persons whose reflection period ended in the period, by their choice.",
    ),
    "permits_by_ground": (
        "Telt personen uit de regio met een aangevraagde of verleende verblijfsvergunning "
        "mensenhandel (B8/3), naar grond en stand aan het eind van het jaar.",
        "Counts persons of the region with a B8/3 residence permit applied for or granted, by "
        "ground and state at the end of the year.",
    ),
    "closures_by_reason": (
        "Telt personen van wie een dossier in de periode werd afgesloten, naar de reden.",
        "Counts persons whose case closed in the period, by the reason.",
    ),
    "labour_migrants_by_sector": (
        "Telt de arbeidsmigranten onder de personen van wie een dossier in de periode begon, "
        "naar sector en inschrijving (BRP of RNI).",
        "Counts the labour migrants among the persons whose case started in the period, by "
        "sector and registration (BRP or RNI).",
    ),
}

PRIMARY: Pair = ("primair", "primary")
SECONDARY: Pair = ("secundair", "secondary")

# Why a cell is withheld (PublishedCell.reason): for the app's own preview only.
REASONS: dict[str, Pair] = {
    "small": (
        "1 tot en met %(n)d %(units)s: te weinig om te publiceren",
        "1 to %(n)d %(units)s: too few to publish",
    ),
    "zero": (
        "een lege cel, en lege cellen zijn ingesteld als geheim",
        "an empty cell, and empty cells are set to be withheld",
    ),
    "group": (
        "bevat alle %(units)s van een totaal: het zegt iets over ieder van hen",
        "holds every one of the %(units)s of a total: it says something about each of them",
    ),
    "changed": (
        "verschilt minder dan %(k)d van wat een eerdere export van deze periode publiceerde",
        "differs by less than %(k)d from what an earlier export of this period published",
    ),
    "whole": (
        "de hele tabel is geheim: te weinig %(units)s, of één cel bevat een heel totaal",
        "the whole table is withheld: too few %(units)s, or one cell holds a whole total",
    ),
    "secondary": (
        "geheim gehouden zodat een geheime cel niet is terug te rekenen",
        "withheld so that a withheld cell cannot be worked out",
    ),
    "earlier": (
        "ook geheim in een eerdere export van deze periode",
        "also withheld in an earlier export of this period",
    ),
}


def pick(pair: Pair, language: Language) -> str:
    return pair[0] if language == "nl" else pair[1]


def code_label(dimension: str, code: str, language: Language = "nl") -> str:
    """The label of one value of a dimension; a code nobody labelled yet stays readable."""
    if code in EXTRA_CODES:
        return pick(EXTRA_CODES[code], language)
    if dimension == MUNICIPALITY:
        place = municipalities().get(code)
        return place.name if place is not None else code
    list_name = DIMENSION_LISTS.get(dimension, dimension)
    try:
        return codelist(list_name).label(code, language)
    except KeyError:
        return code.replace("_", " ")


def dimension_title(name: str, language: Language = "nl") -> str:
    pair = DIMENSION_TITLES.get(name)
    return pick(pair, language) if pair else name.replace("_", " ").capitalize()


def table_title(definition: TableDefinition, language: Language = "nl") -> str:
    return definition.title_nl if language == "nl" else definition.title_en


def table_description(table_id: str, language: Language = "nl") -> str:
    pair = TABLE_DESCRIPTIONS.get(table_id)
    return pick(pair, language) if pair else ""


def withheld_kind(cell: PublishedCell, language: Language = "nl") -> str:
    """Primary (unsafe itself) or secondary (withheld to protect another): preview only."""
    return pick(PRIMARY if cell.status == "A" else SECONDARY, language)


# What the disclosure control counts behind a cell (issue 18: k applies to signals and controls
# themselves; a referral table's cells are protected by the persons behind them).
UNIT_WORDS: dict[str, Pair] = {
    "persons": ("personen", "persons"),
    "referrals": ("personen", "persons"),
    "signals": ("signalen", "signals"),
    "controls": ("controles", "controls"),
}


def unit_word(unit: str, language: Language = "nl") -> str:
    return pick(UNIT_WORDS.get(unit, UNIT_WORDS["persons"]), language)


def reason_text(
    cell: PublishedCell, k: int, language: Language = "nl", unit: str = "persons"
) -> str:
    pair = REASONS.get(cell.reason or "secondary", REASONS["secondary"])
    return pick(pair, language) % {"k": k, "n": k - 1, "units": unit_word(unit, language)}


# What to publish instead when suppression hides most of a table's numbers. The release keeps
# its English advice for metadata.json (a machine-read contract); people read these.
ADVICE: dict[str, Pair] = {
    "coarser": (
        "De meeste cijfers van deze tabel zijn geheim: publiceer in plaats daarvan de tabel "
        "voor de hele regio.",
        "Most numbers of this table are withheld: publish the table for the whole region instead.",
    ),
    "quarter": (
        "De meeste cijfers van deze tabel zijn geheim: kies liever een heel jaar.",
        "Most numbers of this table are withheld: consider a whole year instead.",
    ),
    "year": (
        "De meeste cijfers van deze tabel zijn geheim: de tabel is te gedetailleerd voor de "
        "aantallen van de regio; laat haar liever weg.",
        "Most numbers of this table are withheld: it is too detailed for the region's numbers; "
        "consider leaving it out.",
    ),
}


def advice_text(table: TableRelease, quarterly: bool, language: Language = "nl") -> str | None:
    """The advice for a mostly withheld table, in words (no table ids), or None."""
    if not table.mostly_hidden:
        return None
    key = "coarser" if table.definition.coarser else "quarter" if quarterly else "year"
    return pick(ADVICE[key], language)
