"""The demo's words for case work (issue 16): goals, meeting decisions and actions, safety
measures and legal grounds, as a Dutch coordinator writes them. Generic on purpose: none
describes a real person or case."""

from __future__ import annotations

GOAL_TEXTS = {
    "housing": (
        "Zelfstandige woonruimte in de regio vinden.",
        "Urgentieverklaring aanvragen bij de gemeente.",
        "Doorstroom naar begeleid wonen regelen.",
    ),
    "income_debts": (
        "Uitkering regelen en schulden in kaart brengen.",
        "Bankrekening openen en budgetbeheer starten.",
        "Aanmelden bij schuldhulpverlening.",
    ),
    "health": (
        "Behandeling bij ggz starten en volhouden.",
        "Inschrijven bij een huisarts.",
        "Zorgverzekering of regeling onverzekerden regelen.",
    ),
    "social_network": (
        "Contact opbouwen buiten het oude netwerk.",
        "Lotgenotengroep bezoeken.",
    ),
    "work_education": (
        "Taalcursus en daarna werk of opleiding.",
        "Vrijwilligerswerk als opstap naar betaald werk.",
    ),
    "safety": (
        "Veiligheidsplan opstellen en met de cliënt doornemen.",
        "Nieuw telefoonnummer en geen contact met het oude netwerk.",
    ),
    "legal": (
        "Aangifte voorbereiden met de advocaat.",
        "Verblijfsvergunning mensenhandel aanvragen.",
        "Aanvraag Schadefonds indienen.",
    ),
}
MEETING_DECISIONS = (
    "Opvang wordt verlengd; advocaat en politie stemmen de planning van de aangifte af.",
    "Veiligheidsplan aangescherpt; de opvang houdt het adres geheim.",
    "Wijkteam neemt de nazorg over na vertrek uit de opvang.",
    "Schuldhulpverlening start; de gemeente regelt de uitkering.",
    "Geen directe dreiging meer; afschalen naar ambulante begeleiding.",
    "Terugkeer besproken; de cliënt krijgt bedenktijd om te kiezen.",
)
ACTION_TEXTS = (
    "Advocaat informeren over de afspraken.",
    "Aanvraag uitkering indienen.",
    "Veiligheidsplan met de cliënt doornemen.",
    "Plaatsing in vervolgopvang aanvragen.",
    "Terugkoppeling aan de politie over de aangifte.",
    "Afspraak bij de huisarts maken.",
    "Tolk regelen voor het volgende gesprek.",
    "Overdracht aan het wijkteam voorbereiden.",
)
SAFETY_MEASURES = (
    "Geheim adres; cliënt gaat niet alleen naar buiten.",
    "Nieuw telefoonnummer; oude sociale media verwijderd.",
    "Vaste contactpersoon bij de politie; bij dreiging direct 112.",
    "Geen contact met familie zonder begeleiding.",
    "Schuldeisers benaderen alleen via de schuldhulpverlening.",
)
LEGAL_GROUNDS = (
    "Gegevens gedeeld zonder toestemming: acute dreiging voor de cliënt (vitaal belang).",
    "Zorg- en Veiligheidshuis: delen op grond van het convenant en de meldcode.",
    "Toestemming mondeling gegeven, schriftelijke vastlegging volgt na het overleg.",
)
