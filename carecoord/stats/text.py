"""Shared wording of the human-readable exports (Dutch, as the recipients read it)."""

from __future__ import annotations

from carecoord.stats.release import Release
from carecoord.stats.settings import ROUNDING_BASE

TOTAL_LABEL = "Totaal"
SUPPRESSED_MARK = "x"


def counting_unit(release: Release) -> str:
    del release
    return (
        "Unieke personen: een persoon telt één keer per tabel, met de kenmerken van de eerste "
        "zaak van het kalenderjaar (begin = eerste signaal), in het kwartaal waarin die zaak "
        "begon; zo is een jaar precies de som van zijn kwartalen. Een zaak met meer dan één vorm "
        "van uitbuiting telt als 'multiple'. Verwijzingen tellen als verwijzingen; de "
        "geheimhoudingsregels tellen daar de personen achter elke cel."
    )


def explanation_nl(release: Release) -> list[str]:
    s = release.settings
    lines = [
        "x = geheim.",
        f"Periode: {release.period_id}. Regio: {len(release.population)} gemeente(n): "
        + ", ".join(release.population)
        + ".",
        counting_unit(release),
        "_T / Totaal = totaal over die dimensie.",
    ]
    if s.mode == "suppress":
        lines += [
            f"Status A: primair geheim – een cel met 1 tot {s.k} personen"
            + (", een lege cel" if s.zeros_unsafe else "")
            + (
                ", of een cel met alle personen van een gepubliceerd totaal (groepsonthulling)"
                if s.group_disclosure
                else ""
            )
            + ".",
            "Status D: aanvullend (secundair) geheim – gekozen zodat de geheime cellen niet uit "
            "de totalen zijn terug te rekenen. Een controle (lineaire programmering) heeft voor "
            f"elke primair geheime cel bevestigd dat de mogelijke waarden minstens {s.k} breed "
            "blijven, ook samen met eerdere exports van dezelfde regio en hetzelfde jaar.",
            "Totalen zijn echte totalen. Door geheimhouding kan de som van de zichtbare cellen "
            "lager zijn dan het gepubliceerde totaal.",
        ]
    else:
        lines += [
            f"Afgerond: cellen met 1 tot {s.k} personen zijn geheim (x); alle andere getallen "
            f"zijn afgerond op een veelvoud van {ROUNDING_BASE}.",
            "Totalen zijn apart afgerond; door afronding kan de som van de cellen afwijken van "
            "het totaal.",
        ]
    lines.append("Status F: vrij gepubliceerd.")
    return lines
