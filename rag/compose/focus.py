"""What a question asks for, and whether the best passages hold that kind of answer.

An article cannot answer a question about something it never mentions ("the pilot", "the
exchange rate", "in 2019"), a count of Russian soldiers when its only counts are of Turkish ones,
"how much revenue" when it states no sum of money, "the name of the manager" when no manager is
named, or what an inquiry concluded when the inquiry has only been opened. Similarity alone
misses all of these, so abstention also asks what kind of answer the question wants and looks
for one in the passages that would answer it. Words are compared by meaning (rag.compose.words),
never by one article's spelling.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from rag.compose.nlp import parse, parse_all
from rag.compose.terms import GENERIC_WORDS
from rag.compose.words import KNOWN_SIMILARITY, WordSpace
from rag.lexicon import load
from rag.numbers import number_pattern

if TYPE_CHECKING:
    from spacy.tokens import Token

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")

# What kind of value a question wants, read from its wording.
_PERCENT_ASK = re.compile(r"\b(what|which)\s+(share|percentage|proportion|fraction|per ?cent|"
                          r"rate|portion)\b|\bhow (high|low) (was|is|were) (the )?turnout\b|"
                          r"\bwhat percentage\b|\bby how much\b.*%", re.IGNORECASE)
_DURATION_ASK = re.compile(r"\bhow long\b|\bfor how many (hours|days|weeks|months|years)\b",
                           re.IGNORECASE)
_LENGTH_ASK = re.compile(r"\bhow long an? (?!time\b|while\b|period\b|spell\b|wait\b|"
                         r"delay\b)[a-z]+", re.IGNORECASE)
_AGE_ASK = re.compile(r"\bhow old\b|\bwhat age\b|\b(the|his|her|their) age\b|\bage of\b",
                      re.IGNORECASE)
# An age as articles give one: "Penrith, 54," / "aged 71" / "a 71-year-old" / "71 years old"
_AGE = re.compile(r"[A-Z][\w’'-]+,\s+\d{1,3},|\baged\s+\d{1,3}\b|\b\d{1,3}-year-old\b|"
                  r"\b\d{1,3}\s+years?\s+old\b|\b(one|two|three|four|five|six|seven|eight|nine|"
                  r"ten|eleven|twelve|[a-z]+ty(-[a-z]+)?)-year-old\b", re.IGNORECASE)
# A measured quantity asked for by name ("What is the population of ...?", "What was the
# height of ...?") or by "how large / far / deep ...". General English, not any article's words.
MEASURE_NOUNS = frozenset({"population", "size", "height", "length", "width", "depth",
                           "weight", "distance", "speed", "temperature", "area", "capacity",
                           "volume", "magnitude", "altitude", "elevation", "diameter",
                           "radius", "mileage", "range"})
_MEASURE_ASK = re.compile(r"\bhow (large|big|tall|high|far|deep|wide|fast|heavy)\b|"
                          r"\b(what|which) (is|was|are|were) (the|its|their|his|her) "
                          r"(?P<noun>" + "|".join(sorted(MEASURE_NOUNS)) + r")\b",
                          re.IGNORECASE)
_WHEN_ASK = re.compile(r"^\s*when\b|\bwhat (day|date|year|month|time)\b", re.IGNORECASE)
_NAME_ASK = re.compile(r"\b(what is|what's|what was|give) the name of (the |a |an )?|"
                       r"^\s*who (is|was) (the |a |an )?|^\s*which\s+", re.IGNORECASE)
# Money: nouns that are sums of money, verbs that move money.
MONEY_NOUNS = {"money", "cost", "costs", "price", "revenue", "revenues", "profit", "profits",
               "loss", "losses", "compensation", "fine", "fines", "salary", "budget", "sum",
               "fee", "fees", "funding", "income", "sales", "earnings", "damages", "payment",
               "investment", "bill", "wage", "wages", "turnover", "value", "worth", "debt",
               "bail", "penalty", "donation", "donations", "grant", "subsidy", "bonus"}
# A cost that rises or a borrowing rate is often given as a percentage, not a sum: "By how much
# did input costs rise?" is answered by "by 9%", "the benchmark borrowing cost" by "3.75%"
CHANGE_WORDS = {"rise", "increase", "fall", "drop", "grow", "growth", "inflation", "rate",
                "change", "shrink", "climb", "decline", "jump", "borrowing", "interest",
                "cut", "raise", "hike", "reduce", "reduction", "soar", "slump"}
MONEY_VERBS = {"pay", "cost", "spend", "earn", "raise", "invest", "charge", "fine", "owe",
               "lose", "steal", "siphon", "embezzle", "donate", "receive", "offer"}
# Outcomes: a question about what an inquiry, a count or a court concluded needs a passage
# where that outcome happened, not one where it is still pending.
OUTCOME_VERBS = {"conclude", "show", "find", "reveal", "decide", "rule", "agree", "publish",
                 "determine", "sentence", "convict", "acquit"}
# Nouns that name an outcome ("What verdict did the court reach?"), each with the words a
# passage reports that outcome in.
OUTCOME_NOUNS = {"verdict": ("verdict", "convict", "acquit"),
                 "ruling": ("ruling", "rule"), "conclusion": ("conclusion", "conclude"),
                 "finding": ("finding", "find"), "result": ("result", "show", "find"),
                 "outcome": ("outcome",), "decision": ("decision", "decide")}
# "What did it conclude?" asks for the outcome; "Has it found proof?" is answered by "no
# evidence so far", so a yes/no question is never refused for a pending outcome
_OUTCOME_ASK = re.compile(r"^\s*what\b", re.IGNORECASE)
_PENDING = re.compile(r"\b(will|would|shall|is due|are due|expected|has opened|have opened|"
                      r"opened an|yet to|not yet|pending|plans? to|intends? to|is to|are to|"
                      r"continues|ongoing|under way|underway|awaiting|if|unless|could|"
                      r"faces?|facing)\b", re.IGNORECASE)
# People a "name of" question can ask for beyond the lexicon's roles (kin, team-mates...).
_PERSON_WORDS = {"person", "man", "woman", "sister", "brother", "wife", "husband", "son",
                 "daughter", "mother", "father", "teammate", "team-mate", "colleague", "victim",
                 "driver", "passenger", "pilot", "captain", "commander", "mayor", "judge",
                 "minister", "governor", "coach", "athlete", "player", "witness", "suspect",
                 "defendant", "patient", "resident", "friend", "partner", "accountant",
                 "employee", "official", "spokesman", "spokeswoman", "spokesperson"}


@cache
def _roles() -> tuple[frozenset[str], frozenset[str]]:
    """(person roles, organisation nouns) from the ledger's side lexicon plus the words above."""
    sides = load("sides")
    people = {r.split()[-1] for r in sides["representative_roles"]}
    people |= {r.split()[-1] for r in sides["role_bodies"]} | _PERSON_WORDS
    organisations = {w for words in sides["body_types"].values() for w in words
                     if " " not in w and len(w) > 3}
    organisations |= {w for words in sides["generic_references"].values() for w in words}
    return frozenset(people), frozenset(organisations - people)


@cache
def _demonyms() -> dict[str, set[str]]:
    """Lower-cased name, demonym or capital -> every name of that country ("turkish" ->
    turkey, turks, ankara...), from the ledger's country lexicon."""
    out: dict[str, set[str]] = {}
    for entry in load("countries")["countries"]:
        names = {entry["name"].lower()}
        for key in ("aliases", "demonyms", "metonyms"):
            names |= {n.lower() for n in entry.get(key, [])}
        for name in names:
            out.setdefault(name, set()).update(names)
    return out


def country_names(name: str) -> set[str]:
    """Every name of the country a name or demonym belongs to (empty when it is none)."""
    return {n for n in _demonyms().get(name.lower(), set()) if " " not in n}


@dataclass(frozen=True)
class Focus:
    nouns: tuple[str, ...]          # lower-cased nouns (not generic words)
    nationalities: tuple[str, ...]  # NORP / GPE entities: "russian", "greece"
    years: tuple[str, ...]
    counted: str = ""               # lemma of the noun a "how many" question counts
    counted_nationality: str = ""   # "russian" in "how many Russian aircraft ..."
    counted_modifiers: tuple[str, ...] = ()   # ("regime",) in "how many regime troops ..."
    event: str = ""                 # what happened to the counted ("injured", "killed")
    asks: str = ""    # count | money | percent | duration | measure | when | age | name
    money_noun: str = ""            # "revenue" in "How much revenue ..."
    measure_noun: str = ""          # "population" in "What is the population of ...?"
    relative: bool = False          # asks a change or a rate ("by how much", "borrowing cost")
    role: str = ""                  # "manager" in "What is the name of the manager ..."
    role_kind: str = ""             # person | organisation
    outcome: str = ""               # "conclude" in "What did the inquiry conclude?"
    names: tuple[str, ...] = ()     # named people and organisations of the question
    compounds: tuple[tuple[str, str], ...] = ()   # ("tag", "price tag"): a noun and its compound
    by_name: bool = False           # "what is the name of the ...": a name, not a role, is asked


@cache
def question_focus(question: str) -> Focus:
    from rag.ledger.quantities import event_class

    doc = parse(question)
    nouns = tuple(dict.fromkeys(
        t.text.lower() for t in doc
        if t.pos_ in ("NOUN", "PROPN") and t.is_alpha and len(t.text) > 2
        and t.text.lower() not in GENERIC_WORDS and t.lemma_.lower() not in GENERIC_WORDS))
    # nationalities only: a place ("Idlib", "Gothenburg") is often named in another paragraph
    compounds = tuple(
        (t.text.lower(), " ".join([*(c.text.lower() for c in t.lefts if c.dep_ == "compound"),
                                   t.text.lower()]))
        for t in doc if t.pos_ == "NOUN" and any(c.dep_ == "compound" for c in t.lefts))
    # and a country that owns what the question is about ("Iran's foreign ministry", "Greece's
    # prime minister"): the answer must come from a passage about that country
    nationalities = tuple(dict.fromkeys(
        e.text.lower() for e in doc.ents
        if e.label_ == "NORP" or (e.label_ == "GPE" and e.root.dep_ == "poss")))
    names = tuple(dict.fromkeys(e.text for e in doc.ents if e.label_ in ("PERSON", "ORG")))
    counted, event, counted_nationality = "", "", ""
    counted_modifiers: tuple[str, ...] = ()
    for t in doc:
        if t.lower_ in ("many", "much") and t.dep_ == "amod" and t.head.pos_ == "NOUN":
            counted = t.head.lemma_.lower()
            counted_nationality = _nationality_of(t.head)
            counted_modifiers = _modifiers_of(t.head)
            break
        if t.lower_ == "many" and t.i + 2 < len(doc) and doc[t.i + 1].lower_ == "of":
            head = next((x for x in doc[t.i + 2:] if x.pos_ == "NOUN"), None)   # many of the X
            counted = head.lemma_.lower() if head is not None else ""
            break
    verbs = [t for t in doc if t.pos_ in ("VERB", "ADJ") and t.lemma_.lower() not in
             ("do", "be", "have", "say", "many", "much")]
    event = next((event_class(v.lemma_) for v in verbs if event_class(v.lemma_)), "")
    lowered = question.lower()
    asks, money_noun, measure_noun = "", "", ""
    # a money noun that only modifies another ("price inflation", "price index") is not asked
    money = next((t.lemma_.lower() for t in doc if (t.lower_ in MONEY_NOUNS
                  or t.lemma_.lower() in MONEY_NOUNS) and t.dep_ != "compound"), "")
    relative = bool(re.search(r"\bby how much\b", lowered)) or any(
        t.lemma_.lower() in CHANGE_WORDS for t in doc)
    money_verb = any(t.lemma_.lower() in MONEY_VERBS for t in doc if t.pos_ == "VERB")
    if _AGE_ASK.search(question):
        asks = "age"
    elif _PERCENT_ASK.search(question):
        asks = "percent"
    elif _LENGTH_ASK.search(question):
        asks = "measure"    # "How long a stretch of the river ...?" asks a length, not a time
    elif _DURATION_ASK.search(question):
        asks = "duration"
    elif measure_ask := _MEASURE_ASK.search(question):
        asks, measure_noun = "measure", (measure_ask.group("noun") or "").lower()
    elif re.search(r"\bhow much\b", lowered):
        asks = "money" if money or money_verb or counted in MONEY_NOUNS else "measure"
        money_noun = money
    elif counted and counted in MONEY_NOUNS:
        asks, money_noun = "money", counted
    elif counted:
        asks = "count"
    elif money and re.match(r"\s*what (was|is|were|are)\b", lowered):
        asks, money_noun = "money", money   # "What was Norrvik's operating profit?"
    elif _WHEN_ASK.search(question):
        asks = "when"
    role, role_kind = "", ""
    name_ask = _NAME_ASK.search(question)
    if name_ask:
        after = [t for t in doc if t.idx >= name_ask.end()]
        people, organisations = _roles()
        # the role is the head noun of the phrase after "the name of" / "who is" / "which"
        head = next((t for t in after if t.pos_ == "NOUN" and t.is_alpha
                     and t.dep_ not in ("compound", "amod", "npadvmod", "nmod")), None)
        if head is not None and not any(t.pos_ == "PROPN" and t.i < head.i for t in after
                                         if t.dep_ not in ("poss", "compound", "amod")):
            lemma = head.lemma_.lower()
            if lemma in people or head.lower_ in people:
                role, role_kind = lemma, "person"
            elif lemma in organisations:
                role, role_kind = lemma, "organisation"
        if role and not asks:
            asks = "name"
    outcome = ""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    candidates = [root] if root is not None and _OUTCOME_ASK.match(question) else []
    for verb in candidates:
        if verb is not None and verb.lemma_.lower() in OUTCOME_VERBS:
            if any(a.lower_ in ("did", "has", "have", "had") for a in verb.children) \
                    or verb.tag_ == "VBD":
                outcome = verb.lemma_.lower()
                break
    if not outcome and re.match(r"\s*(what|which)\b", question, re.IGNORECASE):
        # the outcome is what is asked for ("What verdict ...", "What was the result of ..."),
        # not a word on the way ("... give for the adverse finding?")
        outcome = next((t.lemma_.lower() for t in doc
                        if t.pos_ == "NOUN" and t.lemma_.lower() in OUTCOME_NOUNS
                        and (any(c.lower_ in ("what", "which") for c in t.children)
                             or (t.dep_ in ("attr", "nsubj") and t.head.lemma_ == "be"))), "")
    return Focus(nouns=nouns, nationalities=nationalities, years=tuple(_YEAR.findall(question)),
                 counted=counted, counted_nationality=counted_nationality,
                 counted_modifiers=counted_modifiers, event=event,
                 asks=asks, money_noun=money_noun,
                 measure_noun=measure_noun, relative=relative, role=role,
                 role_kind=role_kind, outcome=outcome, names=names,
                 by_name=bool(name_ask and "name" in name_ask.group(0).lower()),
                 compounds=compounds)


# ---- numbers in passages --------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """A number in a passage: what it counts (noun lemma), what happened, its unit."""

    noun: str
    event: str
    unit: str           # "" count, "%" percent, currency code, or a measure word
    nationality: str = ""   # "syrian" in "five Syrian regime choppers"
    modifiers: tuple[str, ...] = ()   # ("regime",) in "309 regime troops"


_CURRENCY = re.compile(r"[€$£¥₹]|\b(euros?|dollars?|pounds?|crowns?|kronor|krona|kroner|francs?|"
                       r"yen|yuan|rupees?|roubles?|rubles?|lira|zloty|rand|reais|pesos?)\b",
                       re.IGNORECASE)
_PERCENT = re.compile(r"%|\bper ?cent\b|\bpercentage points?\b", re.IGNORECASE)
_DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "fortnight",
                   "decade", "night"}
_MEASURE_UNITS = (r"millimetres?|millimeters?|mm|centimetres?|cm|metres?|meters?|km|"
                  r"kilometres?|kilometers?|miles?|litres?|liters?|gallons?|barrels?|"
                  r"tonnes?|tons?|kilograms?|kg|grams?|pounds?|degrees?|mph|knots?|feet|"
                  r"foot|inches?|hectares?|acres?|megawatts?|mw|kwh|gigawatts?|"
                  r"watt-hours?|cubic")
_MEASURE = re.compile(rf"\b({_MEASURE_UNITS})\b", re.IGNORECASE)
# "a 22-kilometre stretch": a measure written as one hyphenated word, which the number pattern
# (shared with the ledger) leaves alone
_HYPHENATED_MEASURE = re.compile(rf"(?<![\w-])\d+(?:[.,]\d+)*-({_MEASURE_UNITS})\b",
                                 re.IGNORECASE)


def figures_in(texts: list[str]) -> list[Figure]:
    """Every number of the texts with the noun it counts and its unit ("33 Turkish soldiers"
    -> soldier; "41 billion crowns" -> money; "63.2 percent" -> %)."""
    return [f for text in texts for f in _figures(text)]


@lru_cache(maxsize=8192)
def _figures(text: str) -> tuple[Figure, ...]:
    found: list[Figure] = []
    parsed = parse_all([text])
    from rag.ledger.quantities import event_class

    for doc in parsed:
        text = doc.text
        for match in number_pattern().finditer(text):
            if _YEAR.fullmatch(match.group(0).strip()):
                continue
            around = text[max(0, match.start() - 2):match.end() + 25]
            unit = ""
            if _CURRENCY.search(text[max(0, match.start() - 2):match.start() + 1] + around):
                unit = "money"
            if _PERCENT.search(text[match.end():match.end() + 22]):
                unit = "%"
            after = text[match.end():match.end() + 16]
            # "a 22-kilometre stretch": the unit may be joined to the number by a hyphen
            measure = _MEASURE.match(after.strip().lstrip("-")) if after.strip() else None
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            noun, event, nationality = "", "", ""
            modifiers: tuple[str, ...] = ()
            if span is not None:
                head = span.root
                while head.head is not head and (head.head.like_num or head.dep_ == "compound"):
                    head = head.head
                target = head.head if head.head.pos_ in ("NOUN", "PROPN") else None
                if target is None:
                    target = next((t for t in doc[span.end:span.end + 4] if t.pos_ == "NOUN"),
                                  None)
                if target is not None:
                    noun = target.lemma_.lower()
                    nationality = _nationality_of(target)
                    modifiers = _modifiers_of(target)
                    if noun in _DURATION_UNITS and not unit:
                        unit = "duration"
                    verb = target.head if target.head.pos_ == "VERB" else None
                    related = [verb] if verb is not None else []
                    related += [t for t in target.children if t.pos_ in ("VERB", "ADJ")]
                    event = next((event_class(v.lemma_) for v in related
                                  if event_class(v.lemma_)), "")
            if measure and not unit:
                unit = measure.group(0).lower()
            found.append(Figure(noun=noun, event=event, unit=unit, nationality=nationality,
                                modifiers=modifiers))
        for match in _HYPHENATED_MEASURE.finditer(text):
            found.append(Figure(noun="", event="", unit=match.group(1).lower()))
    return tuple(found)


def _people_class(noun: str) -> str:
    from rag.ledger.quantities import known_noun_class  # the ledger's synonyms for counts

    return known_noun_class(noun)


def same_thing(noun: str, candidates: set[str], words: WordSpace) -> bool:
    """The noun, a synonym the ledger uses ("servicemen" = "troops"), a misspelling or a word
    close in meaning is among the candidates; a count of people ("casualties") matches any
    group of people."""
    candidates = {c for c in candidates if c}
    if noun in candidates:
        return True
    if not candidates:
        return False
    if difflib.get_close_matches(noun, sorted(candidates), n=1, cutoff=0.8):   # "soliders"
        return True
    asked = _people_class(noun)
    counted = {_people_class(c) for c in candidates} - {""}
    if asked and (asked in counted or (asked == "people" and counted)):
        return True
    return words.similarity(noun, candidates) >= KNOWN_SIMILARITY


def value_missing(focus: Focus, texts: list[str], words: WordSpace) -> str:
    """What kind of value the question asks for that none of the texts holds ("" when held).

    Returns a short phrase for the reply: "count of hospitals", "sum of money", ...
    """
    if focus.asks not in ("count", "money", "percent", "duration", "measure", "when", "age"):
        return ""
    if focus.asks == "age":
        return "" if any(_AGE.search(t) for t in texts) else "age"
    if focus.asks == "when":
        return "" if any(_has_time(t) for t in texts) else "date or time"
    figures = figures_in(texts)
    if focus.asks == "percent":
        # "what share" is also answered by "more than half" or a count out of a total
        return "" if figures or any(_FRACTION.search(t) for t in texts) else "share or percentage"
    if focus.asks == "duration":
        return "" if any(f.unit == "duration" for f in figures) \
            or any(_DURATION.search(t) or _UNTIL.search(t) for t in texts) else "length of time"
    if focus.asks == "money":
        units = ("money", "%") if focus.relative else ("money",)
        return "" if any(f.unit in units for f in figures) else "sum of money"
    if focus.asks == "measure":
        return "" if _measured(focus, texts, figures, words) else \
            (focus.measure_noun or "measured amount")
    # counts: a number counting the thing asked about (or a word close to it in meaning),
    # and, when the question says what happened to them, not only for something else
    # ("injured" is not "died")
    matching = _answering_counts(focus, figures, words)
    if not matching:
        return f"count of {_plural(focus.counted)}"
    if focus.event:
        # a count with no event of its own answers only where its sentence says what the
        # question asks happened ("30 people were still missing" does not count the injured);
        # for the events a bare count usually means (deployed, marched...) any count does
        told = {f for text in texts if _tells_event(text, focus.event)
                for f in _figures(text)}
        if all((f.event and f.event != focus.event)
               or (not f.event and f not in told and focus.event in NAMED_EVENTS)
               for f in matching):
            return f"count of {_plural(focus.counted)} {focus.event}"
    return ""


def _measured(focus: Focus, texts: list[str], figures: list[Figure], words: WordSpace) -> bool:
    """A figure that can be the measure asked for: for "how large / far ..." any figure; for
    a named measure ("the population of ...") a figure in a sentence that names that measure
    (or a word close to it), or one in a unit of measurement; a population is also a count
    of people."""
    if not focus.measure_noun:
        return bool(figures)
    if any(f.unit not in ("", "money", "%", "duration") for f in figures):
        return True
    for text in texts:
        if not _figures(text):
            continue
        lemmas = {t.lemma_.lower() for t in parse(text) if t.pos_ in ("NOUN", "ADJ")}
        if focus.measure_noun in lemmas or \
                words.similarity(focus.measure_noun, lemmas) >= KNOWN_SIMILARITY:
            return True
        if focus.measure_noun == "population" and any(
                f.noun in ("inhabitant", "resident", "people", "person") for f in _figures(text)):
            return True
    return False


def _tells_event(text: str, event: str) -> bool:
    """The text has a word of that event class ("injured", "wounded", "hurt" for injured)."""
    from rag.ledger.quantities import event_class

    return any(event_class(t.lemma_) == event for t in parse(text))


def _answering_counts(focus: Focus, figures: list[Figure], words: WordSpace) -> list[Figure]:
    """The figures that count what the question counts: the same thing (or a word close to it
    in meaning), or people to whom the very thing asked about happened ("how many protesters
    were detained" is answered by "27 people were arrested")."""
    counts = [f for f in figures if f.noun and f.unit not in ("money", "%")
              and not _other_nationality(focus, f)]
    matching = [f for f in counts if _counts_same(focus.counted, f.noun, words)]
    if focus.event:
        matching += [f for f in counts if f.event == focus.event and f not in matching
                     and _people_class(f.noun) == "people"]
    return matching


def _nationality_of(noun: Token) -> str:
    """The country a counted noun is said to belong to ("five Syrian regime choppers"); items
    listed after it share it ("..., 23 tanks, 10 armored vehicles")."""
    while True:
        found = next((t.text.lower() for t in noun.subtree
                      if t.i < noun.i and t.ent_type_ in ("NORP", "GPE")), "")
        if found or noun.dep_ not in ("conj", "appos") or noun.head is noun:
            return found
        noun = noun.head


def _modifiers_of(noun: Token) -> tuple[str, ...]:
    """Words that say which of the thing is counted ("regime" troops, "ammunition" depots):
    compounds and adjectives before the noun, apart from numbers, countries and "many"."""
    return tuple(t.lemma_.lower() for t in noun.lefts
                 if t.dep_ in ("compound", "amod") and t.is_alpha and not t.like_num
                 and t.ent_type_ not in ("NORP", "GPE", "CARDINAL")
                 and t.lower_ not in ("many", "much"))


def _other_nationality(focus: Focus, figure: Figure) -> bool:
    """The figure counts another country's people or things than the question asks about
    ("five Syrian choppers" for "how many Russian aircraft"; "how many tanks did Turkish forces
    destroy" names whose forces, not whose tanks)."""
    if not figure.nationality or not focus.counted_nationality:
        return False
    asked = country_names(focus.counted_nationality) | {focus.counted_nationality}
    return figure.nationality not in asked and not (country_names(figure.nationality) & asked)


_FRACTION = re.compile(r"\b(half|third|quarter|fifth|majority|minority|most|per ?cent|%)\b",
                       re.IGNORECASE)
_DURATION = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                       r"a few|several|an?)[- ](second|minute|hour|day|week|month|year)s?\b",
                       re.IGNORECASE)
# "How long will it stay shut?" is also answered by when it ends: "closed until Friday"
_UNTIL = re.compile(r"\b(until|till|through|for the rest of)\s+(the end of\s+|next\s+|early\s+|"
                    r"late\s+|mid-?)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                    r"january|february|march|april|may|june|july|august|september|october|"
                    r"november|december|tomorrow|week|month|year|spring|summer|autumn|winter|"
                    r"\d{1,2}|\d{4})\b", re.IGNORECASE)
COUNT_SIMILARITY = 0.45   # looser than KNOWN_SIMILARITY: "locations" ~ "polling stations"
ROLE_SIMILARITY = 0.45    # "official" ~ "director", "attorney" ~ "lawyer"


# What happens to people or things that a count must say to count it: a bare count of people at
# a scene is not a count of the injured, the arrested or the dead (event classes of the
# ledger's quantities lexicon)
NAMED_EVENTS = frozenset({"killed", "injured", "missing", "displaced", "evacuated", "rescued",
                          "arrested", "infected", "destroyed", "damaged", "captured"})
_COLLECTIVE = {"people", "police", "staff", "personnel", "children", "men", "women", "cattle",
               "livestock", "crew", "equipment", "money", "aircraft", "spacecraft", "sheep",
               "deer", "fish", "species", "series", "offspring"}


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") or noun in _COLLECTIVE else noun + "s"


def _counts_same(asked: str, counted: str, words: WordSpace) -> bool:
    """A count of `counted` answers "how many `asked`": the same word, the ledger's synonyms,
    any group of people for a question about people ("lives", "travellers"), or a word close
    in meaning."""
    if same_thing(asked, {counted}, words):
        return True
    if words.similarity(asked, [counted]) >= COUNT_SIMILARITY:
        return True
    people = _people_class(counted) or ("people" if counted in _roles()[0] else "")
    asked_people = _people_class(asked) or (
        "people" if asked in _roles()[0] or words.similarity(asked, ["people"]) >= 0.45 else "")
    return bool(people and asked_people)


_TIME_WORDS = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                         r"january|february|march|april|may|june|july|august|september|"
                         r"october|november|december|yesterday|today|tonight|morning|evening|"
                         r"afternoon|night|week|month|year|\d{4}|\d{1,2}(:\d\d)?\s?(am|pm)|"
                         r"ago|earlier|later|since|until)\b", re.IGNORECASE)


def _has_time(text: str) -> bool:
    return bool(_TIME_WORDS.search(text))


def value_kind_in(focus: Focus, text: str, words: WordSpace) -> float:
    """1.0 when the text holds the kind of value the question asks for (a count of the thing
    counted, a sum of money, a percentage, a length of time, a measure, a date or time, a
    named person for "who"/"which official"), 0.75 for a count of the thing of another kind than
    asked, 0.5 for a count of something else, else 0.0. Ranking uses it to prefer the sentence
    with the answer's kind of value."""
    asks = focus.asks
    if asks in ("count", "money", "percent", "duration", "measure"):
        figures = figures_in([text])
        if asks == "count":
            # the count of the thing asked about, to which what was asked happened; in full
            # when it is the same kind of that thing ("309 regime troops" for "how many regime
            # troops", where "33 Turkish soldiers" counts troops of another kind)
            answering = [f for f in _answering_counts(focus, figures, words)
                         if not focus.event or f.event in ("", focus.event)]
            if any(set(focus.counted_modifiers) <= set(f.modifiers) for f in answering):
                return 1.0
            if answering:
                return 0.75
            return 0.5 if any(f.unit not in ("money", "%") for f in figures) else 0.0
        if asks == "money":
            units = ("money", "%") if focus.relative else ("money",)
            return float(any(f.unit in units for f in figures))
        if asks == "percent":
            return float(any(f.unit == "%" for f in figures))
        if asks == "duration":
            return float(any(f.unit == "duration" for f in figures)
                         or bool(_DURATION.search(text) or _UNTIL.search(text)))
        return float(bool(figures))
    if asks == "when":
        return float(_has_time(text))
    if asks == "age":
        return float(bool(_AGE.search(text)))
    if focus.role_kind == "person":
        return float(any(e.label_ == "PERSON" for e in parse(text).ents))
    return 0.0


# roles any named speaker fills: "which official said ..." is answered by the person quoted
# ("head" of state, of government, of an agency: any title names one, president or chair)
_GENERIC_ROLES = frozenset({"official", "person", "spokesman", "spokeswoman", "spokesperson",
                            "someone", "individual", "representative", "source", "leader",
                            "head"})


def role_unnamed(focus: Focus, texts: list[str], words: WordSpace) -> bool:
    """A "what is the name of the manager" question, and no passage names one: a person next
    to the role word (or a word close to it in meaning), or an organisation for "which firm".
    """
    if not focus.role:
        return False
    asked = {n.lower() for n in focus.names}
    parsed = parse_all(texts)
    for doc in parsed:
        if focus.role_kind == "organisation":
            if any(e.label_ in ("ORG", "GPE", "PERSON", "FAC", "NORP")
                   and e.text.lower() not in asked
                   and not any(e.text.lower() in a or a in e.text.lower() for a in asked)
                   for e in doc.ents):
                return False
            continue
        if focus.role in _GENERIC_ROLES and not focus.by_name and any(
                t.pos_ == "NOUN" and t.lemma_.lower() in _roles()[0]
                and t.lemma_.lower() not in _GENERIC_ROLES for t in doc):
            return False      # "which official's account was rejected?" -> "the mayor's"
        people = [e for e in doc.ents if e.label_ == "PERSON" and e.text.lower() not in asked]
        if not people:
            continue
        if focus.role in _GENERIC_ROLES:
            return False      # "which official said ...": any person named there is one
        role_tokens = [t for t in doc if t.pos_ in ("NOUN", "PROPN") and (
            t.lemma_.lower() == focus.role
            or words.similarity(focus.role, [t.lemma_.lower()]) >= ROLE_SIMILARITY)]
        for person in people:
            for token in role_tokens:
                # "the fire chief, Alan Roderick" / "Ruth Okafor, the former chief accountant"
                gap = min(abs(token.i - person.start), abs(token.i - (person.end - 1)))
                if gap <= 8:
                    return False
    return True


def outcome_pending(focus: Focus, texts: list[str], words: WordSpace) -> bool:
    """"What did the inquiry conclude?" when no passage says it concluded anything: the verb
    (or one close in meaning) appears nowhere, or only where the outcome is still pending."""
    if not focus.outcome:
        return False
    family = OUTCOME_NOUNS.get(focus.outcome, (focus.outcome,))
    parsed = parse_all(texts)
    for doc in parsed:
        for token in doc:
            lemma = token.lemma_.lower()
            if lemma in family and token.pos_ in ("VERB", "NOUN", "ADJ"):
                pass   # the outcome itself, or the words it is reported in
            elif token.pos_ != "VERB" or \
                    words.similarity(focus.outcome, [lemma]) < 0.7:
                continue
            clause = doc.text[max(0, token.idx - 40):token.idx]
            if not _PENDING.search(clause):
                return False
    return True


def nationality_missing(focus: Focus, context: str) -> list[str]:
    """Countries, nationalities and places of the question absent from the answer's context
    ("Russian" soldiers when the passage counts Turkish ones). A country matches any of its
    names and demonyms ("Turkish" = "Turkey" = "Ankara" is not assumed: capitals differ)."""
    lowered = context.lower()
    demonyms = _demonyms()
    missing = []
    for name in focus.nationalities:
        head = name.split()[-1]
        variants = demonyms.get(name, set()) | demonyms.get(head, set()) | {name, head}
        if any(re.search(rf"\b{re.escape(v)}", lowered) for v in variants if len(v) > 2):
            continue
        if len(head) > 4 and head[:4] in lowered:   # "Turkish" ~ "Turkey's"
            continue
        missing.append(name)
    return missing


def counted_nouns(texts: list[str]) -> set[str]:
    """Lemmas of the nouns that numbers count in `texts` (kept for the calibration script)."""
    return {f.noun for f in figures_in(texts) if f.noun}
