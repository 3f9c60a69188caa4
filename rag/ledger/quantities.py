"""Numbers in claims: their value, what they count, and over which scope.

Two figures are only comparable when they count the same thing (soldiers killed, people
displaced, tanks destroyed...) over the same scope (one strike, since a date, a month). Getting the
scope right is what keeps "33 killed in the strike" and "54 killed since February" apart, so the
rules here prefer to leave a scope "unspecified" (never compared) than to guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from rag.records import Quantity

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# vague plurals: "hundreds of thousands" is at least 200,000; we keep the lower bound
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000,
          "tens": 20}
_VAGUE_SCALE = {"hundreds": 100, "thousands": 1_000, "millions": 1_000_000, "dozens": 12}
_WORD = "|".join(sorted(list(_UNITS) + list(_SCALES) + list(_VAGUE) + ["dozen", "half"],
                        key=len, reverse=True))
_DIGITS = r"\d+(?:[.,]\d+)*"
_NUMBER_PART = rf"(?:{_DIGITS}|(?:{_WORD})(?:-(?:{_WORD}))?)"
_NUMBER = re.compile(
    rf"(?<![\w-])(?:{_NUMBER_PART})(?:\s+(?:and\s+|of\s+)?(?:{_NUMBER_PART}))*(?![\w-])",
    re.IGNORECASE)
_MODIFIER = re.compile(
    r"(?:at\s+least|more\s+than|over|nearly|almost|some|about|around|up\s+to|as\s+many\s+as|"
    r"roughly|approximately|fewer\s+than|less\s+than|close\s+to|an\s+estimated|estimated)\s+$",
    re.IGNORECASE)
LOWER_BOUND = ("at least", "more than", "over", "as many as")
UPPER_BOUND = ("up to", "nearly", "almost", "fewer than", "less than", "close to")
_WELL_FORMED_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")

# what is counted: synonyms collapse so two officials' words for the same people compare
_NOUN_CLASS = {
    "soldier": "soldiers", "troop": "soldiers", "serviceman": "soldiers", "servicemen": "soldiers",
    "personnel": "soldiers", "trooper": "soldiers", "fighter": "fighters", "rebel": "fighters",
    "militant": "fighters", "civilian": "civilians", "people": "people", "person": "people",
    "resident": "people", "child": "children", "children": "children", "refugee": "refugees",
    "migrant": "migrants", "woman": "women", "women": "women", "death": "people",
    "casualty": "people", "fatality": "people", "body": "people",
}
_EVENT_CLASS = {
    "kill": "killed", "die": "killed", "dead": "killed", "death": "killed", "slay": "killed",
    "fatality": "killed", "casualty": "killed", "wound": "wounded", "injure": "wounded",
    "hurt": "wounded", "injured": "wounded", "wounded": "wounded", "displace": "displaced",
    "flee": "displaced", "uproot": "displaced", "host": "hosted", "shelter": "hosted",
    "arrive": "arrived", "cross": "arrived", "destroy": "destroyed", "down": "destroyed",
    "shoot": "destroyed", "capture": "captured", "seize": "captured", "deploy": "deployed",
    "send": "deployed", "arrest": "detained", "detain": "detained", "treat": "treated",
    "evacuate": "evacuated", "rescue": "rescued",
}
_DEMONYMS = {
    "turkish": "Turkey", "russian": "Russia", "syrian": "Syria", "american": "United States",
    "us": "United States", "u.s.": "United States", "iranian": "Iran", "israeli": "Israel",
    "ukrainian": "Ukraine", "chinese": "China", "british": "United Kingdom", "french": "France",
    "german": "Germany", "iraqi": "Iraq", "lebanese": "Lebanon", "palestinian": "Palestine",
    "egyptian": "Egypt", "saudi": "Saudi Arabia", "greek": "Greece", "kurdish": "Kurds",
    "afghan": "Afghanistan", "pakistani": "Pakistan", "indian": "India", "yemeni": "Yemen",
    "norwegian": "Norway", "swedish": "Sweden", "danish": "Denmark", "finnish": "Finland",
    "polish": "Poland", "italian": "Italy", "spanish": "Spain", "dutch": "Netherlands",
    "belgian": "Belgium", "japanese": "Japan", "korean": "Korea", "canadian": "Canada",
    "mexican": "Mexico", "brazilian": "Brazil", "australian": "Australia", "serbian": "Serbia",
    "armenian": "Armenia", "azerbaijani": "Azerbaijan", "georgian": "Georgia",
    "belarusian": "Belarus", "sudanese": "Sudan", "ethiopian": "Ethiopia", "eritrean":
    "Eritrea", "somali": "Somalia", "libyan": "Libya", "jordanian": "Jordan", "qatari": "Qatar",
    "emirati": "United Arab Emirates", "algerian": "Algeria", "moroccan": "Morocco",
    "tunisian": "Tunisia", "nigerian": "Nigeria", "kenyan": "Kenya", "malian": "Mali",
    "venezuelan": "Venezuela", "colombian": "Colombia", "hungarian": "Hungary",
    "romanian": "Romania", "bulgarian": "Bulgaria", "moldovan": "Moldova",
    "regime": "regime", "government": "government", "opposition": "opposition",
}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EVENT_NOUNS = {"strike", "raid", "attack", "bombing", "blast", "explosion", "shelling",
                "earthquake", "quake", "flood", "fire", "collision", "derailment", "landslide",
                "storm", "stampede", "accident", "sinking", "massacre", "clash", "clashes",
                "airstrike", "assault", "ambush", "crash", "bombardment", "shooting"}
_SINCE = re.compile(r"\bsince\s+(?:the\s+(?:beginning|start|end)\s+of\s+)?([\w-]+(?:\s+\d{4})?)",
                    re.IGNORECASE)
_PERIOD = re.compile(r"\b(this|last|past)\s+(year|month|week|weekend)\b", re.IGNORECASE)
_IN_MONTH = re.compile(rf"\b(?:in|during|throughout)\s+({'|'.join(_MONTHS)})\b", re.IGNORECASE)
_ON_DAY = re.compile(rf"\b(?:(?:on|last)\s+({'|'.join(_WEEKDAYS)})\b|({'|'.join(_WEEKDAYS)})['’]s)",
                     re.IGNORECASE)
_SINGLE_EVENT = re.compile(
    rf"\b(?:in|by|during|from|when)\s+(?:an?|the|one|this|that|last|\w+'s|\w+’s)\s+"
    rf"(?:[\w-]+\s+){{0,2}}({'|'.join(sorted(_EVENT_NOUNS))})s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Bound:
    """How a reported figure constrains the true value: exact, at least, at most, about."""

    kind: str   # "exact" | "lower" | "upper" | "approx"
    value: float


def bound_of(q: Quantity) -> Bound | None:
    if q.value is None:
        return None
    raw = q.raw.lower()
    if any(raw.startswith(m) for m in LOWER_BOUND) or re.match(r"(hundreds|thousands|millions|"
                                                               r"dozens|tens|scores)\b", raw):
        return Bound("lower", q.value)
    if any(raw.startswith(m) for m in UPPER_BOUND):
        return Bound("upper", q.value)
    return Bound("approx" if q.approximate else "exact", q.value)


def values_conflict(a: Quantity, b: Quantity) -> bool:
    """True when two figures for the same count and scope cannot both be right."""
    ba, bb = bound_of(a), bound_of(b)
    if ba is None or bb is None:
        return False
    lo_a, hi_a = _interval(ba)
    lo_b, hi_b = _interval(bb)
    return hi_a < lo_b or hi_b < lo_a


def _interval(b: Bound) -> tuple[float, float]:
    if b.kind == "lower":
        return b.value, float("inf")
    if b.kind == "upper":
        return b.value * 0.85, b.value       # "nearly 300" is somewhat below 300
    if b.kind == "approx":
        return b.value * 0.9, b.value * 1.1
    return b.value, b.value


def parse_number(raw: str) -> tuple[float | None, bool]:
    """(value, well_formed) of a number written in digits and/or words."""
    words = re.split(r"[\s-]+", raw.lower().replace(" and ", " ").replace(" of ", " "))
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if not word:
            continue
        if word[0].isdigit():
            if "," in word and not _WELL_FORMED_DIGITS.fullmatch(word):
                return None, False          # "950,0000": grouping that no style writes
            try:
                current += float(word.replace(",", ""))
            except ValueError:
                return None, False
            seen = True
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word == "dozen":
            current = (current or 1) * 12
            seen = True
        elif word == "half":
            current += 0.5
            seen = True
        elif word in _SCALES:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0.0
            seen = True
        elif word in _VAGUE:
            # "hundreds of thousands": a later vague plural is a scale, the first a lower bound
            current = current * _VAGUE_SCALE.get(word, 1) if current else _VAGUE[word]
            seen = True
    if not seen:
        return None, False
    return total + current, True


def find_quantities(sent: Doc, base: int, lo: int, hi: int) -> list[Quantity]:
    """Quantities whose digits lie inside [lo, hi) of the sentence (sentence-local offsets).

    `base` is the file offset of the sentence so Quantity offsets index the original file.
    """
    text = sent.text
    scope = scope_of(text)
    found: list[Quantity] = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if start < lo or end > hi or _skip(text, match, sent):
            continue
        raw_number = match.group()
        value, well_formed = parse_number(raw_number)
        modifier = _MODIFIER.search(text[:start])
        m_start = modifier.start() if modifier else start
        token = _token_at(sent, end - 1)
        counts = counts_of(token) if token is not None else ""
        found.append(Quantity(
            value=value, raw=text[m_start:end], start=base + m_start, end=base + end,
            counts=counts, scope=scope, approximate=bool(modifier) or raw_number.lower()
            .split()[0] in _VAGUE, well_formed=well_formed))
    return found


def _skip(text: str, match: re.Match[str], sent: Doc) -> bool:
    raw = match.group().lower()
    after = text[match.end():match.end() + 1]
    before = text[max(0, match.start() - 1):match.start()]
    if after in ("-", "%") and not raw[0].isdigit():
        return True                                  # "two-hour", "SA-17" style labels
    if before == "-" or after == "-":
        return True
    if raw in ("one", "a", "half", "tens", "scores"):
        return True                                  # "one official" is not a figure
    if re.fullmatch(r"(1[89]|20)\d\d", raw):
        return True                                  # a year
    token = _token_at(sent, match.start())
    if token is not None and token.ent_type_ in ("DATE", "TIME", "ORDINAL", "PERCENT", "MONEY"):
        return True
    return False


def _token_at(sent: Doc, char: int) -> Token | None:
    for token in sent:
        if token.idx <= char < token.idx + len(token.text):
            return token
    return None


def _counted_noun(token: Token) -> Token | None:
    """The noun a number token quantifies: '33 [soldiers]', 'one million [people]'."""
    node = token
    if token.lower_ in _VAGUE or token.lower_ in _SCALES:
        # "thousands of troops", "hundreds of thousands of others": the object of "of"
        for child in token.children:
            if child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return _counted_noun(obj) if obj.like_num or obj.lower_ in _VAGUE \
                            else obj
    if token.head.lower_ == "of" and token.head.head.lower_ in _VAGUE:
        return _counted_noun(token.head.head)
    for _ in range(4):
        if node.pos_ in ("NOUN", "PROPN") and not node.like_num:
            return node
        if node.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") or node.like_num:
            if node.head is node:
                return None
            node = node.head
            continue
        if node.dep_ == "pobj" and node.head.lower_ == "of":   # "hundreds of thousands of X"
            node = node.head.head
            continue
        break
    if node.like_num:   # "11 people" parsed with the number as head: look at its "of" child
        for child in node.children:
            if child.lower_ == "of":
                for obj in child.children:
                    if obj.pos_ in ("NOUN", "PROPN"):
                        return obj
    return node if node.pos_ in ("NOUN", "PROPN") and not node.like_num else None


def counts_of(token: Token) -> str:
    """Normalised thing counted, e.g. 'Turkey soldiers killed', 'people displaced'."""
    noun = _counted_noun(token)
    if noun is None:
        return _toll(token)
    lemma = noun.lemma_.lower()
    what = _NOUN_CLASS.get(lemma, lemma)
    qualifier = _qualifier(noun)
    event = _event(noun)
    return " ".join(part for part in (qualifier, what, event) if part)


def _toll(token: Token) -> str:
    """'put the (death) toll at 18', 'a toll of 18': a count of the dead."""
    prep = token.head if token.dep_ == "pobj" else None
    if prep is None or prep.lower_ not in ("at", "of", "to"):
        return ""
    owner = prep.head
    nouns = [owner] + [c for c in owner.children if c.dep_ == "dobj"]
    if any(n.lemma_.lower() == "toll" for n in nouns):
        return "people killed"
    return ""


def _qualifier(noun: Token) -> str:
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "poss") and child.i < noun.i:
            country = _DEMONYMS.get(child.lower_.rstrip("’'s"))
            if country:
                return country
            if child.ent_type_ == "GPE":
                return child.text
    # "Turkey has had 54 soldiers killed": the possessor is the subject of "have"
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_ == "have":
        for child in head.children:
            if child.dep_ == "nsubj" and child.ent_type_ in ("GPE", "NORP"):
                return _DEMONYMS.get(child.lower_, child.text)
    return ""


def _event(noun: Token) -> str:
    # the participle on the noun first ("32 wounded troops", "54 soldiers killed")
    for child in noun.children:
        if child.dep_ in ("amod", "acl", "relcl") and child.lemma_.lower() in _EVENT_CLASS:
            return _EVENT_CLASS[child.lemma_.lower()]
        if child.dep_ in ("amod", "acl") and child.lower_ in _EVENT_CLASS:
            return _EVENT_CLASS[child.lower_]
    node = noun
    # "five choppers, 23 tanks": the list's first noun carries the verb
    while node.dep_ in ("conj", "appos") and node.head is not node:
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ == "among":    # "seven were among 11 killed"
        return _event(node.head.head) if node.head.head is not node else ""
    verb = node.head
    if node.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and verb.lemma_.lower() in _EVENT_CLASS:
        return _EVENT_CLASS[verb.lemma_.lower()]
    if node.lemma_.lower() in ("death", "fatality", "casualty"):
        return "killed"
    return ""


def scope_of(sentence: str) -> str:
    """The period or event a figure covers; 'unspecified' when the sentence does not say."""
    since = _SINCE.search(sentence)
    if since:
        return f"since:{since.group(1).lower()}"
    month = _IN_MONTH.search(sentence)
    if month:
        return f"month:{month.group(1).lower()}"
    period = _PERIOD.search(sentence)
    if period:
        return f"period:{period.group(1).lower()}_{period.group(2).lower()}"
    event = _SINGLE_EVENT.search(sentence)
    day = _ON_DAY.search(sentence)
    day_name = (day.group(1) or day.group(2)).lower() if day else ""
    if event:
        return "event:" + event.group(1).lower() + (f"@{day_name}" if day_name else "")
    if day_name:
        return f"day:{day_name}"
    return "unspecified"
