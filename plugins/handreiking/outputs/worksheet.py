"""The worksheet of the partnerschapskaart, ``/partnerschapskaart/``: the five steps of
appendix II of the Zuidoost guide, laid out right to left as the card is, for a mixed
group to fill in together.

Made when the theory box ``partnerschapskaart`` exists (the worksheet explains itself
through it). Without JavaScript the page is the blank card, to print and fill in by
hand; ``hulpmiddelen.js`` adds the fields (several partners per step), keeps what the
group writes in the browser (localStorage), and adds export, import, clearing,
printing (filled or blank) and large text. Only elements and attributes the raw-HTML
allowlist keeps (``content/safety.py``): the fields are the script's.
"""

from __future__ import annotations

from html import escape

from handreiking.content.editions import WORKSHEET_SRC_URI

#: The theory box the worksheet belongs to.
BOX = "partnerschapskaart"
TITLE = "Werkblad: de partnerschapskaart"

#: The five steps, in the order the group takes them (the card shows them right to left):
#: the name of each, and the question it asks (appendix II of the Zuidoost guide).
STEPS: tuple[tuple[str, str], ...] = (
    (
        "Waarden en succes",
        "Welke waarden stellen we, en wanneer spreken we van een geslaagde samenwerking?",
    ),
    ("Relaties", "Hoe werken we samen: wat zijn onze onderlinge relaties?"),
    (
        "Vereist handelen en vaardigheden",
        "Wat vragen die relaties van het handelen en de vaardigheden van de partners?",
    ),
    (
        "Voorwaarden",
        "Wat is nodig om zo te kunnen handelen en de relaties te onderhouden?",
    ),
    (
        "Acties",
        "Welke acties vragen we van onszelf, van de groep samen en van anderen?",
    ),
)

#: What to keep in mind at every step.
POINTS: tuple[str, ...] = (
    "Het gaat om dialoog.",
    "Het gaat om wederkerigheid.",
    "Deelnemers helpen elkaar om actief deel te nemen.",
    "Verschillende partners kunnen best verschillende waarden hebben: hoe maak je er "
    "samen een win-winsituatie van?",
)


def worksheet_markdown() -> str:
    """The Markdown of ``/partnerschapskaart/``."""
    box = f"bouwstenen/{BOX}.md"
    html = [
        '<div id="werkblad" class="werkblad">',
        '<div class="werkblad-knoppen"></div>',
        '<h2 class="werkblad-titel">De partnerschapskaart</h2>',
        '<ol class="werkblad-stappen">',
    ]
    for number, (name, question) in enumerate(STEPS, start=1):
        html += [
            f'<li class="werkblad-stap" id="stap-{number}">',
            f"<h2>Stap {number}: {escape(name)}</h2>",
            f'<p class="werkblad-vraag">{escape(question)}</p>',
            '<ol class="werkblad-bijdragen"></ol>',
            "</li>",
        ]
    html += [
        "</ol>",
        '<div class="werkblad-aandachtspunten">',
        "<h2>Houd bij alle stappen in de gaten</h2>",
        "<ul>",
        *(f"<li>{escape(point)}</li>" for point in POINTS),
        "</ul>",
        "</div>",
        "</div>",
    ]
    out = [
        f"# {TITLE}",
        "",
        "De partnerschapskaart is een hulpmiddel voor het gesprek in een gemengde groep: "
        "beroepskrachten, vrijwilligers, bewoners en anderen die samen iets willen "
        "opzetten. Je vult haar samen in, in vijf stappen, **van rechts naar links**: eerst "
        "waar je het over eens wilt zijn (waarden en succes), tot slot wat ieder gaat doen "
        f"(acties). Meer over de kaart en waar zij vandaan komt: [de bouwsteen]({box}).",
        "",
        "Heb je veel tijd, neem dan elke stap apart. Heb je weinig tijd, doe dan eerst "
        "stap 1 en neem daarna de stappen 2 tot en met 5 samen.",
        "",
        "**Wat je hier invult, blijft in deze browser.** Het gaat naar geen server en "
        "naar geen andere website. Het blijft bewaard tot je op *Wissen* drukt. Met "
        "*Exporteren* sla je de kaart op als bestand, dat een ander met *Importeren* op "
        "een ander apparaat weer opent. *Afdrukken* geeft de ingevulde kaart op één "
        "A4 liggend; *Lege kaart afdrukken* een lege kaart om met de hand in te vullen. "
        "*Grote tekst* maakt de kaart leesbaar op een projectiescherm.",
        "",
        "\n".join(html),
        "",
    ]
    return "\n".join(out)


__all__ = ["BOX", "STEPS", "TITLE", "WORKSHEET_SRC_URI", "worksheet_markdown"]
