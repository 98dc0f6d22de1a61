"""Shared wording of the human-readable exports (Dutch, as the recipients read it)."""

from __future__ import annotations

from carecoord.stats.disclosure_settings import ROUNDING_BASE
from carecoord.stats.release import Release

TOTAL_LABEL = "Totaal"
# The en dash, as on the statistics page and in the PDF report: one mark for a withheld number in
# everything a person reads (the CSV leaves the value empty with status C, DESIGN.md §5).
SUPPRESSED_MARK = "–"


def counting_unit(release: Release) -> str:
    del release
    return (
        "Unieke personen: een persoon telt één keer per tabel, met de gegevens van het eerste "
        "dossier van het kalenderjaar (begin = eerste signaal), in het kwartaal waarin dat "
        "dossier begon; zo is een jaar precies de som van zijn kwartalen. Een dossier met meer "
        "dan één vorm van uitbuiting telt als 'multiple'. Verwijzingen tellen als verwijzingen; de "
        "geheimhoudingsregels tellen daar de personen achter elke cel. De tabel naar keuze na "
        "bedenktijd telt personen van wie de bedenktijd in de periode eindigde, de tabel naar "
        "reden van afsluiting personen van wie een dossier in de periode werd afgesloten (elk "
        "één keer, in het kwartaal van dat einde); de tabellen van arbeidsmigranten en van "
        "verblijfsvergunningen tellen alleen de arbeidsmigranten, of de personen met een "
        "vergunning, van wie een dossier in de periode begon. De signalentabellen tellen signalen (elk "
        "signaal in de periode, met of zonder bekende persoon), de controletabellen controles op "
        "risicolocaties; daar gelden de geheimhoudingsregels voor die signalen en controles zelf. "
        "Welke personen een tabel telt, staat in de metadata (cohort, only)."
    )


def explanation_nl(release: Release, mark: str = SUPPRESSED_MARK) -> list[str]:
    s = release.settings
    lines = [
        f"{mark} = geheim.",
        f"Periode: {release.period_id}. Regio: {len(release.population)} gemeente(n): "
        + ", ".join(release.population)
        + ".",
        counting_unit(release),
        "_T / Totaal = totaal over die dimensie.",
    ]
    lines.append(
        f"Status C: geheim ({mark}). Geheim is een cel met 1 tot {s.k} personen"
        + (", een lege cel" if s.zeros_unsafe else "")
        + ", een cel met alle personen van een totaal (groepsonthulling), en een hele tabel met "
        f"minder dan {s.k} personen"
        + (
            " of waarin één cel een heel totaal bevat"
            if s.mode == "round5"
            else ", plus de cellen die nodig zijn om die niet terug te laten rekenen"
        )
        + ". Alle geheime cellen hebben dezelfde status."
    )
    if s.mode == "suppress":
        lines += [
            "Een controle (lineaire programmering) heeft voor elke onveilige cel bevestigd dat de "
            f"mogelijke waarden minstens {s.k} breed blijven, ook samen met eerdere exports van "
            "hetzelfde jaar voor dezelfde of overlappende gemeenten. Een geheime cel kan ook 0 zijn.",
            "Totalen zijn echte totalen. Door geheimhouding kan de som van de zichtbare cellen "
            "lager zijn dan het gepubliceerde totaal.",
        ]
    else:
        lines += [
            f"Afgerond: alle niet-geheime getallen zijn afgerond op een veelvoud van "
            f"{ROUNDING_BASE}.",
            "Totalen zijn apart afgerond; door afronding kan de som van de cellen afwijken van "
            "het totaal.",
        ]
    lines.append("Status F: vrij gepubliceerd.")
    return lines
