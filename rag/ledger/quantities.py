"""Figures in claims: their value, their unit, what they count, and over which scope.

Any figure can be compared: people (killed, injured, missing, arrested, treated...), money in
any currency, percentages (turnout, vote share, a pay offer), objects (cars, homes, ballots).
Two figures are only comparable when they count the same thing (at the lemma level, with the
qualifiers that change what is counted: "confirmed cases" are not "suspected cases") in the same
unit over the same scope (one event, a period, a place). Getting that right is what keeps
"33 killed in the strike" and "54 killed since February" apart, so the rules here leave what is
counted empty (never compared) rather than guess. The words live in `rag/lexicon/`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from rag.ledger.countries import state_of
from rag.lexicon import classes, load, words
from rag.numbers import bound_words, modifier_pattern, number_pattern, parse_number, vague
from rag.records import Quantity

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SINCE = re.compile(r"\bsince\s+(?:the\s+(?:beginning|start|end|outbreak)\s+of\s+(?:the\s+)?)?"
                    r"([\w-]+(?:\s+\d{4})?)", re.IGNORECASE)
_SINCE_START = re.compile(r"since\s+(?:the\s+)?(?:very\s+)?first\b", re.IGNORECASE)
_AGO = re.compile(r"\s+(?:ago|earlier|before)\b", re.IGNORECASE)
_PERIOD = re.compile(r"\b(this|last|past|previous|a)\s+(year|month|week|weekend|quarter)\b",
                     re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|during|for|of)\s+((?:19|20)\d\d)\b")
_IN_MONTH = re.compile(rf"\b(?:in|during|throughout)\s+({'|'.join(_MONTHS)})\b", re.IGNORECASE)
_ON_DAY = re.compile(rf"\b(?:(?:on|last)\s+({'|'.join(_WEEKDAYS)})\b|({'|'.join(_WEEKDAYS)})['’]s)",
                     re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"^\s*(?:%|per\s*cent\b|percent\b|pc\b|percentage\s+points?\b)",
                            re.IGNORECASE)
_ENT_SKIP = ("DATE", "TIME", "ORDINAL")


@cache
def _lex() -> dict:
    return load("quantities")


@cache
def _noun_class() -> dict[str, str]:
    return classes("quantities", "noun_classes")


@cache
def _event_class() -> dict[str, str]:
    return classes("quantities", "event_classes")


@cache
def _currency_of() -> dict[str, str]:
    return classes("quantities", "currencies")


@cache
def _single_event() -> re.Pattern[str]:
    nouns = "|".join(sorted(_lex()["event_nouns"], key=len, reverse=True))
    return re.compile(rf"\b(?:in|by|during|from|when|after|at)\s+(?:an?|the|one|this|that|last|"
                      rf"\w+'s|\w+’s)\s+(?:[\w-]+\s+){{0,2}}({nouns})s?\b", re.IGNORECASE)


@cache
def _nationwide() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(p) for p in _lex()["nationwide"]), re.IGNORECASE)


def noun_class(lemma: str) -> str:
    """The class a counted noun belongs to ('troops' -> 'soldiers'), or the lemma itself."""
    return _noun_class().get(lemma.lower(), lemma.lower())


def known_noun_class(lemma: str) -> str:
    """The synonym class of a counted noun, or '' when the lexicon does not know it."""
    return _noun_class().get(lemma.lower(), "")


def event_class_names() -> frozenset[str]:
    return frozenset(_lex()["event_classes"])


def event_class(lemma: str) -> str:
    return _event_class().get(lemma.lower(), "")


@dataclass(frozen=True)
class Bound:
    """How a reported figure constrains the true value: exact, at least, at most, about."""

    kind: str   # "exact" | "lower" | "upper" | "approx"
    value: float


def bound_of(q: Quantity) -> Bound | None:
    if q.value is None:
        return None
    raw = q.raw.lower()
    lower, upper, _ = bound_words()
    if any(raw.startswith(m) for m in lower) or raw.split()[0] in vague():
        return Bound("lower", q.value)
    if any(raw.startswith(m) for m in upper):
        return Bound("upper", q.value)
    return Bound("approx" if q.approximate else "exact", q.value)


def values_conflict(a: Quantity, b: Quantity) -> bool:
    """True when two figures for the same count and scope cannot both be right."""
    ba, bb = bound_of(a), bound_of(b)
    if ba is None or bb is None:
        return False
    lo_a, hi_a = _interval(ba)
    lo_b, hi_b = _interval(bb)
    if hi_a < lo_b or hi_b < lo_a:
        return True
    # "at least 12 people died" is the speaker's count so far, not only a bound: another
    # source's count above it ("fifteen people had died") is a different count of the same dead
    return (_counted_so_far(a) and lo_b > ba.value) or (_counted_so_far(b) and lo_a > bb.value)


def _counted_so_far(q: Quantity) -> bool:
    raw = q.raw.lower()
    return any(raw.startswith(m) for m in words("quantities", "count_so_far"))


def _interval(b: Bound) -> tuple[float, float]:
    if b.kind == "lower":
        return b.value, float("inf")
    if b.kind == "upper":
        return b.value * 0.85, b.value       # "nearly 300" is somewhat below 300
    if b.kind == "approx":
        return b.value * 0.9, b.value * 1.1
    return b.value, b.value


def find_quantities(sent: Doc, base: int, lo: int, hi: int) -> list[Quantity]:
    """Quantities whose digits lie inside [lo, hi) of the sentence (sentence-local offsets).

    `base` is the file offset of the sentence so Quantity offsets index the original file.
    """
    text = sent.text
    scope = scope_of(text)
    found: list[Quantity] = []
    for match in number_pattern().finditer(text):
        start, end = match.span()
        if start < lo or end > hi:
            continue
        duration = _duration(sent, text, match)
        if duration is not None:
            found.append(_duration_quantity(text, base, match, duration, scope))
            continue
        if _skip(text, match, sent):
            continue
        raw_number = match.group()
        value, well_formed = parse_number(raw_number)
        unit, unit_end, symbol_start = _unit(text, start, end)
        modifier = modifier_pattern().search(text[:symbol_start])
        m_start = modifier.start() if modifier else symbol_start
        token = _token_at(sent, end - 1)
        counts = ""
        if token is not None:
            counts = _measured(sent, token, unit, unit_end) if unit else counts_of(token)
        raw_end = unit_end if unit and unit_end <= hi else end
        found.append(Quantity(
            value=value, raw=text[m_start:raw_end], start=base + m_start, end=base + raw_end,
            counts=counts, scope=scope, approximate=bool(modifier) or raw_number.lower()
            .split()[0] in vague(), well_formed=well_formed, unit=unit))
    return found


_TIME_UNIT = re.compile(r"^[\s-]*(years?|months?|weeks?|days?|hours?)\b", re.IGNORECASE)
_DAYS = {"year": 365.0, "month": 30.44, "week": 7.0, "day": 1.0, "hour": 1 / 24}


@cache
def _duration_class() -> dict[str, str]:
    return classes("quantities", "duration_events")


def _duration(sent: Doc, text: str, match: re.Match[str]) -> tuple[str, float, str] | None:
    """'banned for four years', 'jailed for 18 months', 'a two-year suspension': how long a
    measure lasts, as (what lasts, days, its clause), when the verb or noun it measures is one the
    lexicon knows lasts (a ban, a sentence). None for any other number."""
    unit = _TIME_UNIT.match(text[match.end():])
    value, well_formed = parse_number(match.group())
    if unit is None or value is None or not well_formed:
        return None
    token = _token_at(sent, match.end() - 1)
    unit_token = _token_at(sent, match.end() + unit.end() - 1)
    if token is None or unit_token is None:
        return None
    measured = None
    if unit_token.dep_ == "pobj" and unit_token.head.lower_ in ("for", "to"):
        measured = unit_token.head.head   # "banned for four years", "sentenced to six years"
    elif text[match.end():match.end() + 1] == "-" and unit_token.head.pos_ == "NOUN":
        measured = unit_token.head                 # "a four-year ban"
    if measured is None:
        return None
    what = _duration_class().get(measured.lemma_.lower())
    if not what:
        return None
    days = value * _DAYS[unit.group(1).lower().rstrip("s")]
    return what, days, _clause_text(measured)


def _clause_text(head: Token) -> str:
    """The words of one clause, without the clauses joined to it ('suspended for two years
    and would be eligible to return in March': the return's date is not the ban's)."""
    skip = {t.i for c in head.children if c.dep_ in ("conj", "advcl", "parataxis")
            for t in c.subtree}
    return " ".join(t.text for t in head.subtree if t.i not in skip)


def _duration_quantity(text: str, base: int, match: re.Match[str],
                       duration: tuple[str, float, str], scope: str) -> Quantity:
    what, days, clause = duration
    scope = scope_of(clause)
    unit = _TIME_UNIT.match(text[match.end():])
    end = match.end() + (unit.end() if unit else 0)
    modifier = modifier_pattern().search(text[:match.start()])
    start = modifier.start() if modifier else match.start()
    return Quantity(value=round(days, 2), raw=text[start:end].strip(" -"), start=base + start,
                    end=base + end, counts=what, scope=scope, approximate=bool(modifier),
                    well_formed=True, unit="days")


def _unit(text: str, start: int, end: int) -> tuple[str, int, int]:
    """(unit, end of the figure with its unit, start with a leading currency symbol)."""
    after = _PERCENT_AFTER.match(text[end:])
    if after:
        return "%", end + after.end(), start
    before = text[max(0, start - 4):start]
    symbol = re.search(r"([€$£¥₹₽₺₩₦₪]|US\$|R\$)\s?$", before)
    scale = re.match(r"(?:bn|mn|tn|m|k)\b", text[end:], re.IGNORECASE)
    scale_end = end + (scale.end() if scale else 0)
    if symbol:
        code = _currency_of().get(symbol.group(1).lower(), "")
        if code:
            return code, scale_end, start - len(symbol.group(0))
    word = re.match(r"\s*(?:(?:bn|mn|m)\b\s*)?([A-Za-z]+|[€$£¥])", text[end:])
    if word:
        code = _currency_of().get(word.group(1).lower(), "")
        if code:
            return code, end + word.end(), start
    return "", end, start


def _skip(text: str, match: re.Match[str], sent: Doc) -> bool:
    raw = match.group().lower()
    after = text[match.end():match.end() + 1]
    before = text[max(0, match.start() - 1):match.start()]
    if after in ("-",) and not raw[0].isdigit():
        return True                                  # "two-hour", "SA-17" style labels
    if before == "-" or after == "-":
        return True
    if raw in ("one", "a", "half", "tens", "scores"):
        return True                                  # "one official" is not a figure
    if re.fullmatch(r"(1[89]|20)\d\d", raw):
        return True                                  # a year
    if re.fullmatch(r"\d{1,2}", raw) and re.match(r"\s*(?:a\.?m\.?|p\.?m\.?|am|pm)\b",
                                                  text[match.end():], re.IGNORECASE):
        return True                                  # a time of day
    if before == ":" or text[match.end():match.end() + 1] == ":":
        return True                                  # "04:30"
    token = _token_at(sent, match.start())
    return token is not None and token.ent_type_ in _ENT_SKIP


def _token_at(sent: Doc, char: int) -> Token | None:
    for token in sent:
        if token.idx <= char < token.idx + len(token.text):
            return token
    return None


def _counted_noun(token: Token) -> Token | None:
    """The noun a number token quantifies: '33 [soldiers]', 'one million [people]'."""
    node = token
    if token.lower_ in vague() or token.lower_ in ("hundred", "thousand", "million", "billion"):
        # "thousands of troops", "hundreds of thousands of others": the object of "of"
        for child in token.children:
            if child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return _counted_noun(obj) if obj.like_num or obj.lower_ in vague() \
                            else obj
    if token.head.lower_ == "of" and token.head.head.lower_ in vague():
        return _counted_noun(token.head.head)
    if token.like_num and token.dep_ not in ("nummod", "quantmod", "compound"):
        # "2,150 of the terminal's 2,400 dock staff": the object of the number's own "of"
        for child in token.children:
            if child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN"):
                        return _possessed(obj) or obj
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
                    if obj.pos_ in ("NOUN", "PROPN", "ADJ"):
                        return obj
    return node if node.pos_ in ("NOUN", "PROPN") and not node.like_num else None


def _possessed(noun: Token) -> Token | None:
    """'the terminal's 2,400 dock staff' with the possessive lost by the parse: the noun the
    possessor qualifies, the first noun heading a phrase within a few words after it."""
    doc = noun.doc
    if noun.i + 1 >= len(doc) or doc[noun.i + 1].lower_ not in ("’s", "'s", "’", "'"):
        return None
    for t in doc[noun.i + 2:min(len(doc), noun.i + 7)]:
        if t.pos_ == "NOUN" and t.dep_ != "compound":
            return t
    return None


def _whole_of_part(token: Token) -> bool:
    """'2,150 of the terminal's roughly 2,400 dock staff': the second figure is the whole the
    first is part of; what happened to the part (walked out) is not said of the whole."""
    before = token.doc[max(0, token.i - 7):token.i]
    return any(t.like_num and t.i + 1 < len(token.doc) and token.doc[t.i + 1].lower_ == "of"
               for t in before)


def counts_of(token: Token) -> str:
    """Normalised thing counted, e.g. 'Turkey soldiers killed', 'people injured', 'polling
    station'. Empty when the sentence does not say what the number counts."""
    figure = _figure_statement(token)
    if figure is not None:
        return figure
    noun = _counted_noun(token)
    if noun is None:
        return ""
    if noun.lemma_.lower() in _lex()["figure_nouns"]:
        return _figure_noun_counts(noun)
    lemma = noun.lemma_.lower()
    embedded = _lex()["people_event_nouns"].get(lemma)
    if embedded:
        return embedded            # "1,300 strikers": the noun says what they did
    if lemma in ("injured", "wounded", "dead", "missing") or noun.lower_ in ("injured", "wounded",
                                                                             "dead", "missing"):
        return f"people {event_class(noun.lower_) or event_class(lemma)}"
    what = noun_class(lemma)
    qualifier = _qualifier(noun)
    event = "" if _whole_of_part(token) else _event(noun)
    if not event and noun.dep_ == "pobj" and noun.head.head.i == token.i:
        event = _event(token)       # "2,150 of the dock staff have walked out"
    if not event and noun.i > token.i and noun.head.head.i != token.i \
            and any(c.lower_ == "of" for c in token.children) and not _whole_of_part(token):
        event = _event(token)       # the part's own verb when the parse lost the possessive
    # with what happened said, a kind word ('dock' workers on strike) does not make another
    # count: the strikers are the strikers, however the sources name them
    kinds = "" if event else _compounds(noun)
    return " ".join(part for part in (qualifier, kinds, what, event) if part)


def _compounds(noun: Token) -> str:
    """Noun modifiers that name a kind of the thing ('polling [stations]', 'ballot [papers]')."""
    parts = [c.lemma_.lower() for c in noun.children
             if c.dep_ == "compound" and c.i < noun.i and c.pos_ == "NOUN"
             and not c.like_num and c.ent_type_ not in ("GPE", "NORP", "ORG", "PERSON")]
    return " ".join(parts)


def _qualifier(noun: Token) -> str:
    """What narrows the counted thing: a state ('Turkish soldiers'), or an adjective that
    changes what is counted ('confirmed cases', 'eligible voters'); never 'more' or 'other'."""
    ignored = words("quantities", "qualifiers_ignored")
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "poss") and child.i < noun.i:
            state = state_of(child.text.rstrip("’'s"))
            if state:
                return state
            if child.ent_type_ == "GPE":
                return child.text
    for child in noun.children:
        if child.dep_ == "amod" and child.i < noun.i and child.pos_ == "ADJ":
            lemma = child.lemma_.lower()
            if lemma not in ignored and not event_class(lemma) and not child.like_num:
                return lemma
    # "Turkey has had 54 soldiers killed": the possessor is the subject of "have"
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_ == "have":
        for child in head.children:
            if child.dep_ == "nsubj" and child.ent_type_ in ("GPE", "NORP"):
                return state_of(child.text) or child.text
    return ""


def _event(noun: Token) -> str:
    # the participle on the noun first ("32 wounded troops", "54 soldiers killed")
    for child in noun.children:
        if child.dep_ in ("amod", "acl", "relcl"):
            found = event_class(child.lemma_) or event_class(child.lower_)
            if found:
                return found
    node = noun
    # "five choppers, 23 tanks": the list's first noun carries the verb
    while node.dep_ in ("conj", "appos") and node.head is not node:
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ == "among":    # "seven were among 11 killed"
        return _event(node.head.head) if node.head.head is not node else ""
    verb = node.head
    if node.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
        found = event_class(verb.lemma_) or _phrasal_event(verb)
        if not found:
            # "204,000 vehicles needed to be inspected": the verb the clause goes on to
            found = next((event_class(c.lemma_) for c in verb.children
                          if c.dep_ == "xcomp" and event_class(c.lemma_)), "")
        if not found and verb.lemma_ == "be":
            # "12 people were dead", "five are missing"
            found = next((event_class(c.lower_) for c in verb.children
                          if c.dep_ in ("acomp", "attr") and event_class(c.lower_)), "")
        if found:
            return found
    if node.lemma_.lower() in ("death", "fatality", "casualty"):
        return "killed"
    return ""


def _phrasal_event(verb: Token) -> str:
    """'took part', 'turned out', 'walked out': a verb whose particle or bare object makes the
    event ('take part' is joining a march; 'take' alone is nothing)."""
    for child in verb.children:
        if (child.dep_ == "prt" or (child.dep_ == "dobj" and not any(
                c.dep_ == "det" for c in child.children))) and child.i > verb.i:
            found = event_class(f"{verb.lemma_.lower()} {child.lower_}")
            if found:
                return found
    return ""


def _figure_statement(token: Token) -> str | None:
    """'put the number of injured at 12', 'the toll rose to 19', 'a toll of 18': the figure
    noun says what is counted. None when the number is not stated through a figure noun."""
    prep = token.head if token.dep_ == "pobj" else None
    if prep is None or prep.lower_ not in ("at", "of", "to", "from"):
        return None
    owner = prep.head
    nouns = [owner] + [c for c in owner.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
    if owner.dep_ in ("acl", "relcl"):
        # "the number of people admitted to hospital at 23": the "at" hung on the participle
        nouns.append(owner.head)
    for noun in nouns:
        if noun.lemma_.lower() in _lex()["figure_nouns"]:
            return _figure_noun_counts(noun)
    for noun in nouns[1:]:
        # "put the turnout at 18,000": a noun that itself says who is counted
        embedded = _lex()["people_event_nouns"].get(noun.lemma_.lower())
        if embedded and prep.lower_ == "at":
            return embedded
    return None


def _figure_noun_counts(noun: Token) -> str:
    """What a figure noun counts: 'death toll' -> people killed, 'number of injured' -> people
    injured, 'number of cars recalled' -> vehicles recalled."""
    lemma = noun.lemma_.lower()
    for child in noun.children:
        if child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    if obj.lower_ in ("injured", "wounded", "dead", "missing", "displaced"):
                        return f"people {event_class(obj.lower_)}"
                    embedded = _lex()["people_event_nouns"].get(obj.lemma_.lower())
                    if embedded:
                        return embedded
                    counted = noun_class(obj.lemma_)
                    event = _event(obj) or next(
                        (event_class(c.lemma_) for c in noun.children
                         if c.dep_ in ("acl", "relcl") and event_class(c.lemma_)), "")
                    return " ".join(p for p in (_qualifier(obj), counted, event) if p)
    for child in noun.children:
        if child.dep_ in ("compound", "amod") and child.i < noun.i:
            event = event_class(child.lemma_) or event_class(child.lower_)
            if event:
                return f"people {event}"
    if lemma in _lex()["death_toll_nouns"]:
        return "people killed"
    return ""


def _measured(sent: Doc, token: Token, unit: str, unit_end: int) -> str:
    """What a percentage or an amount of money measures ('turnout', 'vote (Liberal Party)',
    'revenue', 'share fall'); empty when the sentence does not say."""
    anchor = _token_at(sent, unit_end - 1) or token
    if anchor.like_num is False and anchor.pos_ not in ("NOUN", "PROPN", "SYM", "NUM", "X"):
        anchor = token
    while anchor.dep_ in ("nummod", "quantmod", "compound") and anchor.head is not anchor \
            and anchor.head.i <= anchor.i + 3 and (anchor.head.like_num or anchor.head.lower_ in
                                                   ("%", "percent", "cent") or
                                                   _currency_of().get(anchor.head.lower_)):
        anchor = anchor.head
    thing = _thing_of(anchor)
    return f"{thing} [{unit}]" if thing else ""


def _thing_of(anchor: Token) -> str:
    def noun_phrase(noun: Token) -> str:
        base = noun_class(noun.lemma_)
        return " ".join(p for p in (_compounds(noun), base) if p)

    # "48% of the vote", "€4m in damages": the object of the figure's own preposition
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "in"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN"):
                    return noun_phrase(obj) + _winner(anchor)
    # "a 4% pay rise", "62% turnout": the noun the figure modifies
    if anchor.dep_ in ("amod", "compound", "nummod", "npadvmod") and anchor.head.pos_ == "NOUN":
        return noun_phrase(anchor.head)
    if anchor.dep_ == "pobj":
        prep = anchor.head
        head = prep.head
        # "turnout of 62%", "revenue of 41 billion crowns", "a fine of €2m"
        if prep.lower_ == "of" and head.pos_ == "NOUN":
            return noun_phrase(head)
        # "turnout stood at 62%", "shares fell by 8%", "the offer rose to 4%"
        if head.pos_ in ("VERB", "AUX"):
            return _from_verb(head)
    if anchor.dep_ in ("attr", "dobj", "npadvmod", "acomp", "oprd", "nsubj"):
        return _from_verb(anchor.head)
    return ""


def _from_verb(verb: Token) -> str:
    """'turnout was 62%' -> turnout; 'shares fell 8%' -> share fall; 'the firm lost €3m' ->
    lose (an agent is not what is measured, so the verb names it)."""
    event = event_class(verb.lemma_) if verb.lemma_.lower() in (
        _event_class_members("rise") | _event_class_members("fall")) else ""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN",) \
                and child.ent_type_ not in ("ORG", "PERSON", "GPE", "NORP"):
            return " ".join(p for p in (_compounds(child), noun_class(child.lemma_), event) if p)
    if verb.pos_ == "VERB" and verb.lemma_.lower() not in ("be", "have", "say", "reach",
                                                           "stand", "total"):
        return verb.lemma_.lower()
    return ""


def _event_class_members(name: str) -> set[str]:
    return {k for k, v in _event_class().items() if v == name}


def _winner(anchor: Token) -> str:
    """'the Greens won 31% of the vote': whose share it is, so two parties' shares never meet."""
    verb = anchor.head if anchor.dep_ in ("dobj", "attr") else None
    if verb is None:
        return ""
    for child in verb.children:
        if child.dep_ == "nsubj" and (child.ent_type_ or child.pos_ == "PROPN"):
            return f" ({' '.join(t.text for t in child.subtree)})"
    return ""


def scope_of(sentence: str) -> str:
    """The period, place or event a figure covers; 'unspecified' when the sentence does not
    say (then it is taken to be the story's own event)."""
    since = _SINCE.search(sentence)
    if since and _SINCE_START.match(sentence[since.start():]):
        since = None     # "since the first cases were reported": the whole event so far
    if since:
        return f"since:{since.group(1).lower()}"
    month = _IN_MONTH.search(sentence)
    if month:
        return f"month:{month.group(1).lower()}"
    # "a year ago" is a past period; "€6.5 million a year", "for at least a week" are a rate
    # and a length, no period of their own
    period = next((m for m in _PERIOD.finditer(sentence) if m.group(1).lower() != "a"
                   or _AGO.match(sentence, m.end())), None)
    if period:
        which = "last" if period.group(1).lower() in ("last", "previous", "a") else \
            period.group(1).lower()
        return f"period:{which}_{period.group(2).lower()}"
    year = _YEAR.search(sentence)
    if year:
        return f"period:{year.group(1)}"
    if _nationwide().search(sentence):
        return "place:nationwide"
    event = _single_event().search(sentence)
    day = _ON_DAY.search(sentence)
    day_name = (day.group(1) or day.group(2)).lower() if day else ""
    if event:
        return "event:" + event.group(1).lower() + (f"@{day_name}" if day_name else "")
    if day_name:
        return f"day:{day_name}"
    return "unspecified"


def _day(scope: str) -> str:
    if scope.startswith("day:"):
        return scope[4:]
    return scope.split("@", 1)[1] if "@" in scope else ""


def comparable_scopes(a: str, b: str, same_document: bool = True) -> bool:
    """Two scopes can hold the same count: equal, or both the story's own event (a figure with
    no stated scope is about the event the story reports; one event named by different words,
    or on a day, is still that event). Periods, places and 'since' never meet anything else."""
    if not same_document and "unspecified" in (a, b):
        # across reports a figure must say which event or day it counts: two unscoped figures
        # in two articles that merely share a place are not known to count the same thing
        return False
    if not same_document and _day(a) and _day(b) and _day(a) != _day(b):
        return False      # "late on Tuesday" in one report, "on Saturday" in another
    if a == b:
        return True
    own = ("unspecified", "event:", "day:")
    return a.startswith(own) and b.startswith(own) and not (
        a.startswith("event:") and b.startswith("event:")
        and a.split("@")[0] != b.split("@")[0])
