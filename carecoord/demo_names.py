"""Name parts for synthetic demo clients: common given names and surnames, combined at random.

Combinations are random, so they do not describe real people; the lists are common names from
each language area, not names of anyone in particular.
"""

from __future__ import annotations

DUTCH_GIVEN_F = (
    "Anna Emma Julia Sophie Lotte Sanne Lisa Eva Fleur Iris Noor Femke Tess Mila Lieke Sara "
    "Anouk Esther Marloes Kim Laura Naomi Romy Britt Demi Jasmijn Lara Nina Roos Vera"
).split()
DUTCH_GIVEN_M = (
    "Daan Lucas Sem Levi Thomas Jesse Bram Ruben Niels Tim Stijn Lars Joris Koen Mark Rick "
    "Sven Thijs Wouter Bas Jeroen Pieter Milan Luuk"
).split()
DUTCH_FAMILY = (
    "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|"
    "Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|"
    "de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|van den Heuvel|Willems|"
    "van der Veen|van den Broek|de Bruijn|de Bruin|van der Heijden|Schouten|van Beek|Kuipers"
).split("|")

FOREIGN = {
    "RO": (
        "Maria Elena Ioana Andreea Alexandra Mihaela Cristina Ana Gabriela Daniela".split(),
        "Andrei Ion Mihai Alexandru Florin Constantin Marius Gheorghe Vasile Adrian".split(),
        "Popescu Ionescu Popa Constantin Stan Dumitru Stoica Gheorghe Matei Ciobanu".split(),
    ),
    "PL": (
        "Anna Katarzyna Magdalena Agnieszka Joanna Ewa Monika Natalia".split(),
        "Piotr Krzysztof Tomasz Pawel Marcin Michal Jakub Kamil".split(),
        "Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski".split(),
    ),
    "BG": (
        "Ivana Elena Desislava Maria Gergana Petya Yoana Nikol".split(),
        "Georgi Ivan Dimitar Nikolai Petar Hristo Stoyan Todor".split(),
        "Ivanov Georgiev Dimitrov Petrov Nikolov Stoyanov Todorov Iliev".split(),
    ),
    "HU": (
        "Anna Eszter Katalin Zsofia Reka Nikolett".split(),
        "Laszlo Istvan Zoltan Gabor Peter Balazs".split(),
        "Nagy Kovacs Toth Szabo Horvath Varga Kiss Molnar".split(),
    ),
    "NG": (
        "Blessing Joy Precious Faith Gift Favour Esther Mercy Patience Grace".split(),
        "Emmanuel Chinedu Samuel Ikenna Osagie Uche Daniel Efosa".split(),
        "Okafor Osagie Eze Okonkwo Adeyemi Obi Igbinedion Nwosu Edo Osaro".split(),
    ),
    "UG": (
        "Sarah Prossy Brenda Esther Florence Juliet".split(),
        "Moses Ivan Brian Joseph Ronald Isaac".split(),
        "Nakato Okello Mugisha Namubiru Ssempa Atim".split(),
    ),
    "VN": (
        "Linh Lan Huong Thao Mai Trang Ngoc Anh".split(),
        "Minh Duc Hung Tuan Nam Long Quang Huy".split(),
        "Nguyen Tran Le Pham Hoang Phan Vu Dang".split(),
    ),
    "CN": (
        "Li Mei Xiu Ying Jing Hui Yan Ling".split(),
        "Wei Jun Hao Lei Qiang Ming Tao Jian".split(),
        "Wang Li Zhang Liu Chen Yang Huang Zhao".split(),
    ),
    "UA": (
        "Olena Iryna Natalia Tetiana Oksana Yulia Kateryna Anastasiia".split(),
        "Oleksandr Serhii Andrii Dmytro Mykola Volodymyr Ivan Yurii".split(),
        "Melnyk Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Boyko Oliinyk".split(),
    ),
    "MA": (
        "Fatima Khadija Aicha Meryem Samira Nadia".split(),
        "Mohamed Youssef Said Rachid Karim Hamza".split(),
        "El Amrani Benali Bouzid El Idrissi Alaoui Tahiri".split(),
    ),
    "BR": (
        "Ana Juliana Fernanda Camila Larissa Beatriz".split(),
        "Joao Pedro Lucas Gabriel Rafael Mateus".split(),
        "Silva Santos Oliveira Souza Lima Pereira Costa Ferreira".split(),
    ),
    "ER": (
        "Helen Senait Mehret Selam Luwam Saba".split(),
        "Yonas Tesfay Dawit Samuel Filmon Habtom".split(),
        "Tesfamariam Gebremedhin Haile Kidane Berhane Tekle".split(),
    ),
    "IN": (
        "Priya Anjali Pooja Sunita Kavita Neha".split(),
        "Rahul Amit Rajesh Suresh Vikram Arjun".split(),
        "Sharma Singh Kumar Patel Gupta Reddy".split(),
    ),
    "PH": (
        "Maria Angelica Kristine Jasmine Rowena Lea".split(),
        "Jose Mark John Paolo Ramon Carlo".split(),
        "Santos Reyes Cruz Bautista Garcia Mendoza".split(),
    ),
}

LANGUAGES = {
    "NL": "Nederlands",
    "RO": "Roemeens",
    "PL": "Pools",
    "BG": "Bulgaars",
    "HU": "Hongaars",
    "NG": "Engels",
    "UG": "Engels",
    "VN": "Vietnamees",
    "CN": "Mandarijn",
    "UA": "Oekraïens",
    "MA": "Arabisch",
    "BR": "Portugees",
    "ER": "Tigrinya",
    "IN": "Hindi",
    "PH": "Tagalog",
}

STREETS = (
    "Kerkstraat Dorpsstraat Schoolstraat Molenweg Stationsweg Julianastraat Beatrixlaan "
    "Wilhelminastraat Nieuwstraat Kastanjelaan Lindelaan Parallelweg"
).split()

NOTE_TEMPLATES = (
    "Gesprek gehad over huisvesting; cliënt wil graag in de regio blijven.",
    "Contact met opvanglocatie: plaatsing loopt goed, volgende evaluatie over vier weken.",
    "Tolk geregeld voor het gesprek met de advocaat.",
    "Cliënt geeft aan zich onveilig te voelen na contact met oud-werkgever; veiligheidsplan besproken.",
    "Aanvraag Schadefonds besproken; documenten worden verzameld.",
    "Huisarts ingeschakeld voor lichamelijke klachten; afspraak staat.",
    "Inschrijving BRP afgerond op geheim adres.",
    "Bijstandsaanvraag ingediend bij de gemeente.",
    "Overleg met wijkteam over nazorg na vertrek uit de opvang.",
    "Cliënt heeft aangifte gedaan; politie houdt contact via de zorgcoördinator.",
    "Schuldhulpverlening gestart, eerste intake gepland.",
    "Terugkeer besproken; cliënt wil nog geen besluit nemen.",
    "Cliënt volgt taalles en heeft vrijwilligerswerk gevonden.",
    "Telefonisch niet bereikbaar; via opvang bericht achtergelaten.",
)

SIGNAL_TEMPLATES = (
    "Controle op vakantiepark: meerdere arbeidsmigranten in één chalet, paspoorten ingehouden.",
    "Melding buurtbewoner: wisselende bezoekers 's nachts in woning.",
    "Arbeidsinspectie: signalen van schuldenlast bij werknemers in de kas.",
    "Online advertenties met zelfde telefoonnummer op meerdere profielen.",
    "Horecacontrole: personeel slaapt in opslagruimte boven het restaurant.",
    "Bedrijventerrein: busjes halen vroeg in de ochtend groepen op.",
)
