"""A deterministic generator of synthetic news articles about invented events.

Each event (a strike, a flood, a ferry sinking, ...) in an invented town is covered by two to four
invented outlets. Reports differ the way real ones do: tolls rise between reports, a monitor
gives a higher figure than the ministry, an accused side denies, an outlet cannot confirm. So the
ledger has claims, denials and numeric discrepancies to find, across documents.

Articles are plain text in the layout of scraped news pages the ingest classifier expects:
headline, standfirst, body paragraphs of one to three sentences, a section heading, a photo
caption with a credit, and a source line. The same seed always gives byte-identical files.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

_P1 = ["Bar", "Kel", "Mor", "Tal", "Ves", "Dor", "Zan", "Ril", "Hal", "Or", "Sel", "Kar", "Nim",
       "Pel", "Gor", "Lun", "Ast", "Bel", "Cor", "Dra", "Fen", "Jor", "Mav", "Tes", "Ulm"]
_P2 = ["", "a", "en", "ri", "o", "ul", "ve", "is", "am", "et"]
_P3 = ["ava", "ovo", "enz", "ir", "heim", "abad", "ek", "ora", "ith", "stan", "mar", "vik",
       "ent", "ul", "osa", "gard", "ane", "ecz"]
_FIRST = ["Ines", "Tomas", "Leyla", "Arvid", "Mira", "Dario", "Selin", "Kofi", "Anya", "Ruben",
          "Yusuf", "Petra", "Jonas", "Amara", "Viktor", "Nadia", "Emre", "Hana", "Oskar", "Farah",
          "Milan", "Sofia", "Karim", "Lena", "Idris", "Maren", "Teodor", "Zara", "Bogdan", "Elif"]
_LAST_A = ["Kor", "Val", "Bren", "Mal", "Ost", "Dur", "Sar", "Lind", "Gal", "Tam", "Vor",
           "Hess", "Rad", "Nov", "Cal"]
_LAST_B = ["vath", "ani", "ovic", "berg", "essi", "ado", "inen", "oglu", "ski", "ard", "ez",
           "quist", "enko", "ulu"]
_COUNTRIES = [
    # (country, adjective, capital, armed group, monitor)
    ("Valdoria", "Valdorian", "Port Ameth", "the Northern Liberation Front",
     "the Valdorian Human Rights Observatory"),
    ("Kestria", "Kestrian", "Olvanta", "the Free Hills Brigade", "the Kestrian Civil Monitor"),
    ("Marunia", "Marunian", "Sel Darra", "the Coastal Resistance Army",
     "the Marunian Documentation Centre"),
    ("Tarsova", "Tarsovan", "Brevik Nor", "the People's Defence Units",
     "the Tarsova Casualty Register"),
    ("Ilyria", "Ilyrian", "Amsenne", "the Southern Self-Defence Forces",
     "the Ilyrian Rights Network"),
    ("Osmara", "Osmaran", "Qal Tiren", "the Osmara Patriotic Movement",
     "the Osmaran Monitoring Group"),
]
_OUTLETS = ["The Meridian Post", "Coastal Wire", "Northern Herald", "Agence Lumen",
            "Daily Ledger", "Harbour Times", "The Continental", "Radio Atlas",
            "Frontier Dispatch", "Capital Review", "Eastbridge News", "World Desk"]
_AGENCIES = ["Lumen Press Agency", "Atlas News Service", "Meridian Wire", "Pressline"]
_PHOTO = ["AFP", "Reuters", "AP", "EPA", "Anadolu"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                 9: "nine", 10: "ten", 12: "twelve"}


@dataclass(frozen=True)
class Kind:
    name: str          # "air strike"
    verb: str          # "hit"
    victims: str       # "civilians"
    site: str          # "a crowded market"
    cause: str         # what officials blame
    accused: str       # "military" | "group" | "company" | "none"


_KINDS = [
    Kind("air strike", "hit", "civilians", "a crowded market", "a missile fired from the air",
         "military"),
    Kind("artillery attack", "struck", "residents", "a residential block",
         "shelling from positions east of the town", "group"),
    Kind("factory fire", "tore through", "workers", "a textile factory",
         "an electrical fault in the dyeing hall", "company"),
    Kind("ferry sinking", "capsized off", "passengers", "the harbour mouth",
         "overloading and high winds", "company"),
    Kind("bridge collapse", "brought down traffic at", "commuters", "the river crossing",
         "corroded cables that inspectors had flagged", "company"),
    Kind("mine explosion", "shook", "miners", "a coal pit", "a build-up of methane", "company"),
    Kind("flood", "swept through", "villagers", "low-lying districts",
         "a dam breach after days of rain", "none"),
    Kind("border clash", "erupted near", "soldiers", "a frontier post",
         "an incursion by armed men", "group"),
    Kind("train derailment", "derailed outside", "passengers", "a mountain pass",
         "a signalling failure", "company"),
    Kind("protest crackdown", "turned deadly in", "protesters", "the central square",
         "live fire by security forces", "military"),
]


@dataclass
class Event:
    number: int
    kind: Kind
    town: str
    district: str
    country: tuple[str, str, str, str, str]
    day: str
    month: str
    killed: int
    injured: int
    missing: int
    displaced: int
    monitor_killed: int
    officials: list[tuple[str, str]] = field(default_factory=list)   # (name, title)
    company: str = ""


@dataclass(frozen=True)
class Article:
    name: str          # file name
    text: str
    event: int         # Event.number
    outlet: str


def _town(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(_P1) + rng.choice(_P2) + rng.choice(_P3)
        if name not in used:
            used.add(name)
            return name


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST_A)}{rng.choice(_LAST_B)}"


def _num(n: int) -> str:
    return _NUMBER_WORDS.get(n, f"{n:,}")


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def make_event(rng: random.Random, number: int, used: set[str]) -> Event:
    kind = rng.choice(_KINDS)
    killed = rng.choice([rng.randint(3, 19), rng.randint(20, 90), rng.randint(91, 400)])
    country = rng.choice(_COUNTRIES)
    titles = [f"{country[1]} Interior Minister", "the regional governor",
              "a police spokesman", "the director of the main hospital",
              "a civil defence official", "the mayor of the town",
              f"a spokesperson for {country[3]}", "a United Nations humanitarian coordinator"]
    officials = [(_person(rng), t) for t in rng.sample(titles, 5)]
    return Event(
        number=number, kind=kind, town=_town(rng, used), district=_town(rng, used),
        country=country, day=rng.choice(_DAYS), month=rng.choice(_MONTHS), killed=killed,
        injured=killed * rng.randint(2, 5) + rng.randint(0, 9), missing=rng.randint(2, 40),
        displaced=rng.randint(2, 90) * 1000, monitor_killed=killed + rng.randint(4, 30),
        officials=officials, company=f"{rng.choice(_LAST_A)}{rng.choice(_LAST_B)} Holdings")


def _sentences(rng: random.Random, ev: Event, outlet: str, toll: int, later: bool) -> list[str]:
    """The pool of body sentences one outlet may write about an event (some with variants)."""
    k, (country, adj, capital, group, monitor) = ev.kind, ev.country
    (p1, t1), (p2, t2), (p3, t3), (p4, t4), (p5, t5) = ev.officials
    agency = rng.choice(_AGENCIES)
    km = rng.randint(12, 240)
    pool = [
        f"At least {_num(toll)} {k.victims} were killed when a {k.name} {k.verb} {k.site} in "
        f"{ev.town} on {ev.day}, {t1} {p1} said.",
        f"{_cap(t2)}, {p2}, said {_num(ev.injured)} people were injured and {_num(ev.missing)} "
        f"remained missing late on {ev.day}.",
        f"“We are still pulling people out of the rubble and the numbers will rise,” {p3}, "
        f"{t3}, told {outlet}.",
        f"{_cap(monitor)} put the death toll at {_num(ev.monitor_killed)}, higher than the "
        f"figure given by the authorities in {capital}.",
        f"{outlet} could not independently confirm the casualty figures.",
        f"Rescue teams worked through the night in the {ev.district} district, where "
        f"{_num(ev.missing)} people were believed to be trapped.",
        f"Nearly {ev.displaced:,} residents have fled {ev.town} since {ev.month}, according to "
        f"the {agency}.",
        f"{ev.town} lies about {km} kilometres from {capital} and is home to roughly "
        f"{rng.randint(20, 400) * 1000:,} people.",
        f"Officials blamed the disaster on {k.cause}, but survivors said warnings had been "
        f"ignored for months.",
        f"Hospitals in {ev.town} said they had run out of blood and appealed for donors.",
        f"The {adj} government declared three days of national mourning.",
        f"{_cap(t4)}, {p4}, said an investigation had been opened and those responsible would "
        f"be held to account.",
        "Witnesses described a deafening noise followed by screams, and said ambulances took "
        "more than an hour to arrive.",
        f"Opposition lawmakers in {capital} called for an independent inquiry and the "
        f"resignation of the minister in charge.",
        f"“This was not an accident, it was negligence,” said {_person(rng)}, whose brother was "
        f"among the dead.",
        f"The {adj} Red Crescent said it had sent {_num(rng.randint(4, 60))} ambulances and "
        f"{_num(rng.randint(20, 400))} volunteers to the area.",
        f"{_cap(t5)}, {p5}, warned that the number of victims could exceed {_num(toll * 2)}.",
        f"Local media reported that {_num(rng.randint(2, 30))} children were among the dead, "
        f"a figure the ministry did not confirm.",
        f"Residents of {ev.district} said they had received no warning before the {k.name}.",
        f"The United Nations said it was ready to send {_num(rng.randint(2, 50))} tonnes of "
        f"emergency supplies to {country}.",
        f"Images shared on social media showed thick smoke rising over {ev.town} and people "
        f"running through the streets.",
        f"The {adj} interior ministry said {_num(rng.randint(2, 40))} people had been "
        f"detained for questioning.",
        f"Prices of bread and fuel in {ev.town} doubled within a day, traders said.",
        f"It was the deadliest {k.name} in {country} since {rng.randint(1978, 2019)}, "
        f"according to records kept by the {agency}.",
    ]
    if k.accused == "military":
        pool += [f"{_cap(group)} accused the army of carrying out the {k.name}.",
                 f"The {adj} defence ministry denied that its forces were involved and called "
                 f"the accusations “fabricated”.",
                 f"An army spokesman, {_person(rng)}, said troops had only returned fire at "
                 f"armed men hiding in {ev.district}."]
    elif k.accused == "group":
        pool += [f"The {adj} army said {group} fired the first shots near {ev.town}.",
                 f"{_cap(group)} denied responsibility and said the attack was carried out by "
                 f"government forces.",
                 f"A commander of {group}, {_person(rng)}, claimed that {_num(rng.randint(5, 60))}"
                 f" government soldiers had also been killed, a claim that could not be "
                 f"verified."]
    elif k.accused == "company":
        pool += [f"{ev.company}, which operates the site, denied that safety rules had been "
                 f"broken and said it was cooperating with investigators.",
                 f"Union leader {_person(rng)} said workers had complained about conditions at "
                 f"{k.site} for years.",
                 f"Prosecutors said {_num(rng.randint(2, 9))} managers of {ev.company} had been "
                 f"questioned."]
    else:
        pool += [f"Meteorologists said {rng.randint(120, 600)} millimetres of rain fell on "
                 f"{ev.town} in {_num(rng.randint(2, 6))} days.",
                 f"Engineers said the dam upstream of {ev.town} had not been inspected since "
                 f"{rng.randint(1990, 2015)}.",
                 "The ministry denied that warnings about the dam had been ignored."]
    if later:
        pool.append(f"Earlier reports had put the death toll at {_num(ev.killed)}, but officials "
                    f"raised it to {_num(toll)} on {ev.day} evening as more bodies were found.")
    rng.shuffle(pool)
    return pool


def make_article(rng: random.Random, ev: Event, outlet: str, serial: int) -> Article:
    later = serial > 0 and rng.random() < 0.5
    toll = ev.killed + (rng.randint(2, 25) if later else 0)
    n_sentences = rng.randint(20, 40)
    pool = _sentences(rng, ev, outlet, toll, later)
    # the lead sentence first; the rest of the pool (with fresh variants if it runs out)
    body = [s for s in pool if s.startswith("At least")][:1]
    while len(body) < n_sentences:
        extra = _sentences(rng, ev, outlet, toll, later)
        body.extend(s for s in extra if s not in body and not s.startswith("At least"))
    body = body[:n_sentences]
    k = ev.kind
    headline = (f"{_cap(_num(toll))} killed as {k.name} {k.verb} {k.site} in {ev.town}"
                if serial % 2 == 0 else f"{ev.town} {k.name}: death toll rises to {toll:,}")
    standfirst = (f"Officials in {ev.country[0]} promise an inquiry as rescuers search for "
                  f"{_num(ev.missing)} people still missing.")
    paragraphs: list[str] = []
    i = 0
    while i < len(body):
        size = rng.choice([1, 1, 2, 2, 2, 3])
        paragraphs.append(" ".join(body[i:i + size]))
        i += size
    lines = [headline, "", standfirst, ""]
    heading_at = rng.randint(3, max(3, len(paragraphs) - 2))
    caption_at = rng.randint(2, max(2, len(paragraphs) - 1))
    for n, para in enumerate(paragraphs):
        if n == heading_at:
            lines += [rng.choice(["Calls for inquiry", "Rescue effort", "Rising toll",
                                  "Denials", "Aftermath"]), ""]
        if n == caption_at:
            lines += [f"Rescuers search the site of the {k.name} in {ev.town} on {ev.day} "
                      f"[{_person(rng)}/{rng.choice(_PHOTO)}]", ""]
        lines += [para, ""]
    lines.append(f"Source: {outlet}, News Agencies")
    slug = outlet.lower().replace("the ", "").replace(" ", "-")
    name = f"{ev.number:05d}-{serial}-{slug}-{ev.town.lower()}.txt"
    return Article(name=name, text="\n".join(lines) + "\n", event=ev.number, outlet=outlet)


def generate(seed: int = 7) -> Iterator[tuple[Event, Article]]:
    """An endless, deterministic stream of (event, article), two to four articles per event."""
    rng = random.Random(seed)
    used: set[str] = set()
    number = 0
    while True:
        ev = make_event(rng, number, used)
        for serial, outlet in enumerate(rng.sample(_OUTLETS, rng.randint(2, 4))):
            yield ev, make_article(rng, ev, outlet, serial)
        number += 1


def questions_for(rng: random.Random, ev: Event) -> list[str]:
    k, monitor = ev.kind, ev.country[4]
    return [
        f"How many {k.victims} were killed in the {k.name} in {ev.town}?",
        f"What did {ev.officials[0][0]} say about the {k.name}?",
        f"How many people are missing after the {k.name} in {ev.town}?",
        f"Who denied responsibility for the {k.name} in {ev.town}?",
        f"What death toll did {monitor} give for {ev.town}?",
        f"How many residents have fled {ev.town}?",
        f"What caused the {k.name} in {ev.town}?",
    ]


def write_corpus(out_dir: Path, n_articles: int, seed: int = 7) -> list[tuple[Event, Path]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Event, Path]] = []
    for (ev, art), _ in zip(generate(seed), range(n_articles)):
        path = out_dir / art.name
        path.write_text(art.text, "utf-8")
        written.append((ev, path))
    return written
