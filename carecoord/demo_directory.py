"""The demo's partner directory and letterhead: familiar names, fictitious addresses."""

from __future__ import annotations

# Partners with postal addresses, so that a demo referral can be printed. The addresses are
# fictitious on purpose: Dutch postcodes run from 1000 to 9999, so 0xxx is never a real one,
# the towns do not exist, and the street names are the generic ones every Dutch town has. Real
# organisations' names appear (the directory looks familiar), never their real addresses.
DEMO_TOWNS = ("Voorbeeldstad", "Demodorp")
DIRECTORY: tuple[tuple[str, tuple[str, ...], tuple[str, str]], ...] = (
    ("Categorale Opvang Mensenhandel Midden", ("shelter",), ("Postbus 101", "0101 AA")),
    ("Vrouwenopvang De Haven", ("shelter",), ("Postbus 102", "0102 AB")),
    ("Mannenopvang Het Anker", ("shelter",), ("Postbus 103", "0103 AC")),
    ("Maatschappelijke Opvang Stad en Regio", ("shelter", "housing"), ("Kerkstraat 12", "0110 BA")),
    ("Jeugdzorg Regio West", ("shelter",), ("Schoolstraat 4", "0111 BB")),
    ("Nidos regio (voogdij)", ("shelter",), ("Stationsplein 7", "0112 BC")),
    ("Politie – team mensenhandel", ("police_report",), ("Molenweg 30", "0120 CA")),
    ("Immigratie- en Naturalisatiedienst", ("immigration",), ("Postbus 120", "0121 CB")),
    ("Advocatenkantoor Slachtofferrecht", ("legal_aid",), ("Marktplein 3", "0130 DA")),
    ("Juridisch Loket", ("legal_aid",), ("Dorpsstraat 18", "0131 DB")),
    ("FairWork", ("fairwork", "legal_aid"), ("Postbus 131", "0132 DC")),
    ("Schadefonds Geweldsmisdrijven", ("compensation_fund",), ("Postbus 140", "0140 EA")),
    ("Huisartsenpraktijk Centrum", ("medical",), ("Lindelaan 9", "0150 FA")),
    ("GGZ Traumacentrum", ("mental_health",), ("Parkweg 21", "0151 FB")),
    ("Gemeente – Burgerzaken", ("brp_registration",), ("Raadhuisplein 1", "0160 GA")),
    ("Gemeente – Werk en Inkomen", ("income_support",), ("Raadhuisplein 2", "0160 GB")),
    ("Schuldhulpverlening", ("debt_support",), ("Nieuwstraat 45", "0161 GC")),
    ("Woningcorporatie", ("housing",), ("Beukenlaan 60", "0170 HA")),
    ("Uitstapprogramma", ("exit_programme",), ("Eikenlaan 2", "0171 HB")),
    ("IOM Nederland", ("return",), ("Postbus 180", "0180 JA")),
    # Appended (issue 15), so that the indexes above keep their addresses. COSM places are
    # requested from CoMensha, which places in a COSM shelter; registrations go to it too.
    ("CoMensha", ("cosm_placement",), ("Postbus 190", "0190 KA")),
    ("Zorgverzekeraar / regeling onverzekerden", ("health_insurance",), ("Postbus 191", "0191 KB")),
    ("Veilig Thuis regio", ("veilig_thuis",), ("Postbus 192", "0192 KC")),
    ("Slachtofferhulp Nederland", ("victim_support",), ("Postbus 193", "0193 KD")),
    (
        "Gecertificeerde instelling jeugdbescherming",
        ("youth_protection",),
        ("Postbus 194", "0194 KE"),
    ),
    ("Wijkteam Centrum", ("social_team",), ("Kerkstraat 40", "0195 KF")),
)
# The sending side of a demo letter, stored only when the vault has no letterhead yet.
DEMO_LETTERHEAD = {
    "organisation": "Gemeente Voorbeeldstad (demo)",
    "department": "Zorg en Veiligheid",
    "address_lines": ("Postbus 100", "0100 AA  Voorbeeldstad"),
    "coordinator_name": "Demo Coördinator",
    "coordinator_role": "Zorgcoördinator mensenhandel",
    "phone": "0100-000000",
    "email": "zorgcoordinatie@voorbeeldstad.example",
}


def demo_address(index: int) -> str:
    """The postal address of ``DIRECTORY[index]``: street or PO box, postcode and town."""
    street, postcode = DIRECTORY[index][2]
    return f"{street}\n{postcode}  {DEMO_TOWNS[index % 2]}"
