"""Who a source is and which side it speaks for, in any kind of story.

A claim's source ("fire chief Marta Lind", "Velmar Logistics, which operates the depot",
"Penrith's lawyer", "a spokeswoman for the ministry", "Russia's defence ministry", "an official
who spoke on condition of anonymity") resolves to:
- `kind`: how the source speaks (person, organisation, government, media, outlet, anonymous...);
- `side`: the body it speaks for, the unit the contested rules compare: a company, an agency, a
  union, a court, the prosecution, a client for their lawyer, a party, a state, an outlet, or
  "anonymous";
- `side_kind`: what sort of body that is (company, agency, union, court, state...).

Affiliations are read from what the text states: apposition, titles, "of/for/at X",
possessives, "X, which operates ...", and how the article introduced a person elsewhere. The
words live in `rag/lexicon/sides.json`; states come from `rag/ledger/countries.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from rag.ledger.countries import seat_in, state_of
from rag.lexicon import load

_ANONYMITY_CACHE: dict[str, re.Pattern[str]] = {}


@dataclass(frozen=True)
class Side:
    kind: str          # how the source speaks: person, organisation, government, media, ...
    side: str          # the body it speaks for ("" when nothing is known)
    side_kind: str     # company, agency, union, court, state, outlet, anonymous, person, ...
    neutral: bool      # an outlet, an international body or a monitor: nobody's side


@cache
def _lex() -> dict:
    return load("sides")


@cache
def _body_type_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for kind, nouns in _lex()["body_types"].items():
        alternatives = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
        out.append((kind, re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)))
    return out


def generic_kind(noun: str) -> str:
    """The kind of body a generic noun refers to ('operator' -> company), or ""."""
    for kind, nouns in _lex()["generic_references"].items():
        if noun in nouns:
            return kind
    return ""


def body_kind(text: str) -> str:
    """The kind of body a name or description denotes ('Harbour Workers' Union' -> union)."""
    best, at = "", -1
    for kind, pattern in _body_type_patterns():
        for match in pattern.finditer(text):
            # the last type word is the head of an English noun phrase ("Velmar Logistics
            # Workers' Union" is a union, "the union's press office" an office of it)
            if match.start() > at:
                best, at = kind, match.start()
    return best


def anonymity_pattern() -> re.Pattern[str]:
    if "explicit" not in _ANONYMITY_CACHE:
        phrases = load("anonymity")["explicit"]
        _ANONYMITY_CACHE["explicit"] = re.compile("|".join(phrases), re.IGNORECASE)
    return _ANONYMITY_CACHE["explicit"]


def is_anonymous(span: Span, relayed: bool = False) -> bool:
    """Anonymous sourcing: spelled out ('who requested anonymity'), a single unnamed person
    ('an official', 'a source close to...'), any 'sources', or unnamed officials whose words
    reach the outlet only through other media ('media reports cited Turkish officials').

    A plain 'officials said' in the outlet's own reporting is ordinary attribution, not
    anonymity: flagging every one would bury the real cases."""
    if anonymity_pattern().search(span.text):
        return True
    if any(e.label_ in ("PERSON", "ORG") for e in span.ents):
        return False
    heads = [t for t in span if t.head.i == t.i or t.head.i < span.start or t.head.i >= span.end]
    head = heads[0] if heads else span.root
    lemma = head.lemma_.lower()
    if lemma not in {w.rstrip("s") for w in load("anonymity")["unnamed_heads"]} | {"people"}:
        return False
    if lemma == "source" or relayed:
        return True
    plural = head.tag_ in ("NNS", "NNPS")
    return not plural and any(t.lower_ in ("a", "an", "one", "another") for t in head.lefts)


def canonical(name: str) -> str:
    """A side's name as a key: no article, no possessive, no trailing punctuation."""
    # a live blog's time stamp ("17:30 - Police") is no part of a name
    name = re.sub(r"^\s*\d{1,2}[:.]\d{2}\s*[-–—|]\s*", "", name)
    name = re.sub(r"[’']s$", "", name.strip(" \t\n,;:.“”\"‘’"))
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    return " ".join(name.split())


def _head_part(span: Span) -> Span:
    """The description without trailing clauses ('..., reporting from the Turkish border')."""
    for token in span:
        if token.dep_ in ("acl", "relcl") and token.i > span.start:
            end = max(span.start + 1, token.left_edge.i)
            while end > span.start + 1 and span.doc[end - 1].is_punct:
                end -= 1
            return span.doc[span.start:end]
    return span


_OPERATES = re.compile(r"\b(operate|run|own|make|manufacture|build|supply|sell|employ)\b")
_GOVERNMENT = re.compile(
    r"\b(ministry|ministries|government|kremlin|presidency|cabinet|army|military|forces|fleet|"
    r"navy|command|president|prime minister|minister|governor|lawmaker|ambassador|embassy|"
    r"commander|general|authorities|parliament|state (?:television|tv|media|news agency)|"
    r"officials?|spokesm[ae]n|spokeswoman|leader|diplomats?|troops|defence|defense)\b",
    re.IGNORECASE)


def state_in(span: Span) -> str:
    """The state a source description speaks for ('Russia's defence ministry', 'the Kremlin',
    'a senior Turkish official'), or ''. A province or a city is a place, not a side."""
    part = _head_part(span)
    seat = seat_in(part.text)
    if seat:
        return seat
    for ent in part.ents:
        if ent.label_ in ("GPE", "NORP"):
            found = state_of(ent.text)
            if found:
                return found
    for token in part:
        if token.pos_ in ("PROPN", "ADJ", "NOUN"):
            found = state_of(token.text, seats=False)
            if found:
                return found
    return ""


class KnownPeople(dict[str, tuple[str, str]]):
    """People's sides learned across the documents of a corpus, by surname (a later report names
    'Brandt' whom an earlier one introduced as the mayor), with the full name each surname was
    learned for: 'Helena Brandt' in a flood report is not 'Oskar Brandt' of a doping story."""

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, str] = {}     # surname -> full name it was learned for


class SideResolver:
    """Resolves the sides of one document's sources, remembering how the document introduced
    each person and organisation so later bare mentions ('Lind said', 'the company said')
    resolve to the same side."""

    def __init__(self, outlet: str, sents: list[Doc],
                 known: KnownPeople | None = None) -> None:
        """`known`: people's sides learned from other documents of the corpus; updated in
        place with this document's."""
        self.outlet = outlet
        self.shared = known if known is not None else KnownPeople()
        self.people: dict[str, tuple[str, str]] = {}     # surname -> side, for this document
        self.orgs: list[tuple[str, str]] = []            # (name, body kind) in order of mention
        self.descriptors: dict[str, set[str]] = {}       # org name -> nouns that described it
        self.texts = [s.text for s in sents]
        self.full_names: dict[str, str] = {}              # surname -> full name
        for sent in sents:
            self._learn(sent)
        # another document's person is this one's only when the full names do not differ
        for surname, side in self.shared.items():
            other, here = self.shared.names.get(surname), self.full_names.get(surname)
            if not (other and here and other != here):
                self.people[surname] = side
        for sent in sents:
            self._learn_people(sent)

    def remember(self, surname: str, side: tuple[str, str]) -> None:
        """This document's person speaks for `side`; later documents may learn it too."""
        self.people[surname] = side
        self.shared[surname] = side
        if surname in self.full_names:
            self.shared.names[surname] = self.full_names[surname]

    # ---- what the document says about its people and organisations ------------------------
    def _learn(self, sent: Doc) -> None:
        for token in sent:
            # "Tessmar Storage, which operates the depot": a company, whatever NER thought
            for child in token.children:
                if child.dep_ == "relcl" and _OPERATES.search(" ".join(
                        t.lemma_ for t in child.subtree)) and token.pos_ == "PROPN":
                    name = canonical(" ".join(t.text for t in token.lefts
                                              if t.dep_ == "compound") + " " + token.text)
                    if name and not any(n == name for n, _ in self.orgs):
                        self.orgs.append((name, "company"))
                        self.descriptors.setdefault(name, set()).update(
                            {t.lemma_.lower() for t in child.subtree if t.pos_ == "NOUN"})
        for token in sent:
            self._learn_apposed_body(token)
        for ent in sent.ents:
            if ent.label_ == "PERSON":
                self.full_names.setdefault(ent.text.split()[-1].rstrip("’'s"),
                                           canonical(ent.text))
        for ent in sent.ents:
            if ent.label_ == "ORG":
                if state_of(ent.text) or not any(w[:1].isupper() for w in ent.text.split()
                                                 if w.lower() != "the"):
                    continue      # "defence ministry" tagged ORG: a description, not a name
                kind = body_kind(ent.text) or self._described_kind(ent) or "organisation"
                name = canonical(ent.text)
                described = self.descriptors.setdefault(name, set())
                described |= {t.lemma_.lower() for t in self._around(ent) if t.pos_ == "NOUN"}
                described |= {w.lower() for w in name.split()}
                if name and not any(n == name for n, _ in self.orgs):
                    self.orgs.append((name, kind))

    def _learn_apposed_body(self, token: Token) -> None:
        """'the mobile operator Telvora', 'Telvora, the mobile operator': a name in apposition
        with a noun for a kind of body ('operator', 'union', 'regulator') is such a body,
        whatever NER thought (invented company names are often tagged as people)."""
        if token.pos_ == "PROPN" and token.dep_ == "appos" and token.head.pos_ == "NOUN":
            name_token, noun = token, token.head
        elif token.pos_ == "NOUN" and token.dep_ in ("appos", "compound") and \
                token.head.pos_ == "PROPN":
            name_token, noun = token.head, token     # "Holmvik, the brewer" / "brewer Holmvik"
        else:
            return
        kind = generic_kind(noun.lemma_.lower())
        if not kind:
            return
        name = canonical(" ".join([*(t.text for t in name_token.lefts if t.dep_ == "compound"
                                     and t.pos_ == "PROPN"), name_token.text]))
        if not name or state_of(name):
            return
        known = [i for i, (n, _) in enumerate(self.orgs) if n == name]
        if known:
            # NER named it an organisation of no known kind; the apposed noun says which
            if self.orgs[known[0]][1] == "organisation":
                self.orgs[known[0]] = (name, kind)
            return
        self.orgs.append((name, kind))
        self.descriptors.setdefault(name, set()).update(
            {t.lemma_.lower() for t in noun.subtree if t.pos_ in ("NOUN", "ADJ")})

    def _learn_people(self, sent: Doc) -> None:
        org_words = {w for name, _ in self.orgs for w in name.split() if w[:1].isupper()}
        for ent in sent.ents:
            if ent.label_ != "PERSON":
                continue
            if canonical(ent.text) in {n for n, _ in self.orgs} or \
                    set(ent.text.split()) <= org_words:
                continue      # "Baltmar Terminals, which runs the terminal": not a person
            surname = ent.text.split()[-1].rstrip("’'s")
            if surname in self.people and self.people[surname][0]:
                continue
            affiliation = self._affiliation_of_person(ent)
            if affiliation[1] in ("government", "military", "agency", "") and \
                    affiliation[1] != "state":
                # "Defence Minister Hulusi Akar and Turkish commanders": a government figure
                # whose state is named next to one of their mentions speaks for that state
                state = self._state_near(surname) if self._governmental(ent) else ""
                if state:
                    affiliation = (state, "state")
            if affiliation[0]:
                self.remember(surname, affiliation)

    def _around(self, ent: Span) -> list[Token]:
        """Words that describe an organisation where it is named: apposition, relative
        clause, and the noun phrase it sits in ('the logistics company Velmar')."""
        root = ent.root
        out: list[Token] = []
        for child in root.children:
            if child.dep_ in ("relcl", "appos", "acl"):
                out += list(child.subtree)
        if root.dep_ in ("appos", "compound"):
            out += [t for t in root.head.subtree if not ent.start <= t.i < ent.end]
        return out

    def _described_kind(self, ent: Span) -> str:
        """'Velmar, which operates the depot' / 'the logistics company Velmar': the words
        around an organisation's name that say what it is."""
        root = ent.root
        for child in root.children:
            if child.dep_ in ("relcl", "appos", "acl"):
                words = " ".join(t.lemma_ for t in child.subtree)
                if re.search(r"\b(operate|run|own|make|manufacture|build|supply|sell|employ)\b",
                             words):
                    return "company"
                kind = body_kind(" ".join(t.text for t in child.subtree))
                if kind:
                    return kind
        if root.dep_ == "appos":
            kind = body_kind(" ".join(t.text for t in root.head.subtree if t.i < ent.start))
            if kind:
                return kind
        before = ent.doc[max(0, ent.start - 3):ent.start].text
        return body_kind(before)

    def _affiliation_of_person(self, ent: Span) -> tuple[str, str]:
        """The body a named person speaks for, from the words around the name: titles
        ('fire chief Marta Lind', 'Velmar spokeswoman Ana Ruiz'), apposition ('Lind, the
        chief of the Kesterby fire service'), 'of/for/at X'."""
        root = ent.root
        context: list[Token] = []
        context += [t for t in root.lefts if t.i < ent.start]            # titles before
        for child in root.children:
            if child.dep_ in ("appos", "relcl", "acl", "prep") and child.i > ent.end - 1:
                context += list(child.subtree)                          # ", the fire chief"
        if root.dep_ == "appos":
            context += [t for t in root.head.subtree if t.i < ent.start]  # "the chief, Lind"
        if root.dep_ == "pobj" and root.head.head.pos_ == "NOUN":
            context += list(root.head.head.subtree)                      # "lawyer for Penrith"
        tokens = sorted({t.i: t for t in context if t.i not in range(ent.start, ent.end)}
                        .values(), key=lambda t: t.i)
        found = ("", "")
        if tokens:
            description = ent.doc[tokens[0].i:tokens[-1].i + 1]
            found = self._described_affiliation(ent, description)
        if not found[0]:
            # "the department's director of public health, Dr Helen Marsh": the words just
            # before the name, within its clause
            start = ent.start
            # never past a verb: "the league accused the striker Dario Venn" does not make
            # the striker speak for the league
            while start > 0 and ent.start - start < 9 and ent.doc[start - 1].lower_ not in (
                    "to", ";", "and", "said", "says", "told", ".") and \
                    ent.doc[start - 1].pos_ not in ("VERB", "AUX"):
                start -= 1
            if start < ent.start:
                found = self._body_of_description(ent.doc[start:ent.start])
        return found

    def _governmental(self, ent: Span) -> bool:
        window = ent.doc[max(0, ent.start - 4):min(len(ent.doc), ent.end + 6)]
        return bool(_GOVERNMENT.search(window.text))

    def _state_near(self, surname: str) -> str:
        """A state named within a few words of any mention of the person."""
        for text in self.texts:
            for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
                before = text[max(0, match.start() - 60):match.start()].split()[-5:]
                after = text[match.end():match.end() + 30].split()[:3]
                for word in list(reversed(before)) + after:
                    state = state_of(word.strip(",.;:“”\"‘’()"), seats=False)
                    if state:
                        return state
        return ""

    def _described_affiliation(self, ent: Span, description: Span) -> tuple[str, str]:
        client = self._client(description)
        if client:
            return client, "defence"            # "Penrith's lawyer, Tomas Keller"
        if _GOVERNMENT.search(description.text):
            # "Defence Minister Hulusi Akar and Turkish commanders": a state named right
            # there is a government figure's side far more often than not
            window = ent.doc[max(0, ent.start - 6):min(len(ent.doc), ent.end + 4)]
            state = state_in(window) or state_in(description)
            if state:
                return state, "state"
        return self._body_of_description(description, exclude=ent)

    # ---- resolving one source ----------------------------------------------------------------
    def resolve(self, span: Span, relayed: bool = False) -> Side:
        text = span.text
        if self.outlet and (self.outlet.lower() in text.lower() or self._names_outlet(span)):
            person = any(e.label_ == "PERSON" for e in span.ents)
            return Side("reporter" if person else "outlet", self.outlet, "outlet", True)
        if is_anonymous(span, relayed):
            return Side("anonymous", "anonymous", "anonymous", False)
        kind = self._speaker_kind(span)
        side, side_kind = self._side(span)
        neutral = side_kind in _lex()["neutral_kinds"] or kind in ("outlet", "reporter")
        return Side(kind, side, side_kind, neutral)

    def _names_outlet(self, span: Span) -> bool:
        """'the Herald' for 'The Valley Herald', 'CPA' for 'Continental Press Agency'."""
        words = [w for w in re.findall(r"[A-Za-z]+", self.outlet) if w.lower() != "the"]
        said = [w for w in re.findall(r"[A-Za-z]+", _head_part(span).text)
                if w.lower() != "the"]
        if not said or not words:
            return False
        initials = "".join(w[0] for w in words).upper()
        if len(said) == 1 and said[0] == initials and len(initials) >= 2:
            return True
        return all(w[:1].isupper() for w in said) and \
            {w.lower() for w in said} <= {w.lower() for w in words} and said[-1] == words[-1]

    def _speaker_kind(self, span: Span) -> str:
        text = span.text
        person = any(e.label_ == "PERSON" for e in span.ents)
        described = body_kind(_head_part(span).text)
        if described == "media" and span.root.ent_type_ != "PERSON":
            return "media"
        if described in ("international",):
            return "un"
        if described == "monitor":
            return "monitor"
        if person:
            return "person"
        if _GOVERNMENT.search(text) or any(e.label_ in ("GPE", "NORP") for e in span.ents):
            return "government"
        if any(e.label_ == "ORG" for e in span.ents) or described:
            return "organisation"
        return "other"

    def _side(self, span: Span) -> tuple[str, str]:
        head = _head_part(span)
        person = self._known_person(head)
        if person is not None:
            return person
        # a lawyer speaks for the client: "Penrith's lawyer", "a lawyer for Penrith"
        client = self._client(head)
        if client:
            return client, "defence"
        state = state_in(head)
        if state and (_GOVERNMENT.search(head.text) or not (
                any(e.label_ == "ORG" for e in head.ents) or self._named_org(head))):
            return state, "state"     # "Syrian state news agency, SANA", "the Kremlin"
        known = self._org_named(canonical(head.text))
        if known is None:
            for name, kind in self.orgs:
                if canonical(head.text) == name:
                    known = (name, kind)
        if known is not None:
            return known
        found = self._body_of_description(head)
        if found[0]:
            return found
        # a person named without affiliation here: as the article introduced them elsewhere
        for ent in span.ents:
            if ent.label_ == "PERSON":
                surname = ent.text.split()[-1].rstrip("’'s")
                if surname in self.people:
                    return self.people[surname]
                return canonical(ent.text), "person"
        for token in head:
            if token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG"):
                name = token.text.rstrip("’'s")
                if name in self.people:
                    return self.people[name]
                org = self._org_named(name)
                if org:
                    return org
        return canonical(head.text).lower(), "other"

    def _known_person(self, span: Span) -> tuple[str, str] | None:
        """A name the article introduced as a person with an affiliation ('Brekke' after
        'Jonas Brekke, the union's chief negotiator'), whatever NER calls it here."""
        names = [t for t in span if t.pos_ == "PROPN"]
        if not names or any(t.ent_type_ == "ORG" and t.text not in self.people for t in names):
            return None
        last = names[-1].text.rstrip("’'s")
        found = self.people.get(last)
        return found if found and found[0] else None

    def _org_named(self, word: str) -> tuple[str, str] | None:
        """'Calloway' for 'Calloway Chemical Logistics': an organisation the article named in
        full, referred to by a word of its name."""
        for name, kind in self.orgs:
            if (word == name or word in name.split()) and word[:1].isupper():
                return name, kind
        return None

    def _named_org(self, span: Span) -> str:
        for ent in span.ents:
            if ent.label_ == "ORG" and not state_of(ent.text):
                return canonical(ent.text)
        return ""

    def _client(self, span: Span) -> str:
        roles = set(_lex()["client_roles"])
        for token in span:
            if token.lemma_.lower() not in roles:
                continue
            for child in token.children:
                if child.dep_ == "poss" and child.ent_type_ in ("PERSON", "ORG"):
                    return self._person_or_org(child)
                if child.dep_ == "prep" and child.lower_ in ("for", "representing"):
                    for obj in child.children:
                        if obj.dep_ == "pobj" and obj.ent_type_ in ("PERSON", "ORG"):
                            return self._person_or_org(obj)
        return ""

    def _person_or_org(self, token: Token) -> str:
        name = canonical(token.text)
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                name = canonical(ent.text)
        return self.full_names.get(name.split()[-1], name) if name else name

    def _body_of_description(self, span: Span, exclude: Span | None = None) -> tuple[str, str]:
        """The organisation a description names or points to ('a spokeswoman for Velmar',
        'the commission's chairman', 'the company', 'fire chief') and its kind."""
        skip = range(exclude.start, exclude.end) if exclude is not None else range(0)
        for ent in span.ents:
            if ent.label_ == "ORG" and ent.start not in skip and not state_of(ent.text):
                name = canonical(ent.text)
                return name, self._kind_of_org(name)
        # a body the article introduced, named here whatever NER calls it, as the owner of the
        # speaker ("Telvora's chief executive", "a Telvora spokeswoman"); "workers at the Brask
        # mine" are not the company's voice
        for token in span:
            if token.i not in skip and token.pos_ == "PROPN" and \
                    token.dep_ in ("poss", "compound") and token.head == span.root:
                known = self._org_named(token.text.rstrip("’'s"))
                if known:
                    return known
        # a role with a known body ("fire chief" -> fire service, "prosecutor" -> prosecution)
        text = " ".join(t.lemma_.lower() for t in span if t.i not in skip)
        roles = _lex()["role_bodies"]
        for role in sorted(roles, key=len, reverse=True):
            if re.search(rf"\b{re.escape(role)}\b", text):
                body = roles[role]
                return body, body_kind(body) or "agency"
        # "the company", "the union", "the regulator": the organisation of that kind the
        # article named; without one, the generic body itself
        for kind, nouns in _lex()["generic_references"].items():
            for token in span:
                if token.i in skip or token.lemma_.lower() not in nouns:
                    continue
                if any(c.dep_ in ("compound", "amod") and c.pos_ in ("PROPN",)
                       for c in token.children):
                    continue
                named = self._last_org(kind, token)
                if named:
                    return named, kind
                modifiers = [c.text.lower() for c in token.lefts
                             if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "ADJ")
                             and not re.match(r"^(senior|top|former|chief|deputy)$", c.lower_)]
                return " ".join([*modifiers, token.lemma_.lower()]), kind
        kind = body_kind(span.text)
        if kind and kind not in ("media",):
            words = [t for t in span if t.i not in skip and t.pos_ in ("NOUN", "PROPN", "ADJ")
                     and t.dep_ != "poss" and t.lower_ not in ("senior", "top", "former")]
            return " ".join(t.text for t in words).lower() or kind, kind
        return "", ""

    def _kind_of_org(self, name: str) -> str:
        for known, kind in self.orgs:
            if known == name:
                return kind
        return body_kind(name) or "organisation"

    def _last_org(self, kind: str, token: Token) -> str:
        """The organisation of `kind` the article named ('Velmar Logistics' for 'the
        company'); the most recently introduced one wins."""
        noun = token.lemma_.lower()
        own = {c.lemma_.lower() for c in token.lefts if c.dep_ in ("compound", "amod")
               and c.lower_ not in ("senior", "top", "former", "chief", "deputy", "local")}
        if own:
            # "the dam operator" for "Ostra Hydro, which operates the dam": the words that
            # described an organisation name it as well as its own name does
            described_by = [name for name, _ in self.orgs
                            if own <= {w.lower() for w in self.descriptors.get(name, set())}
                            and noun in _lex()["generic_references"].get(kind, [])]
            if described_by and not any(own <= {w.lower() for w in name.split()}
                                        for name, _ in self.orgs):
                return described_by[0]
        if own and not any(own <= {w.lower() for w in name.split()} for name, _ in self.orgs):
            return ""       # "the emergency ministry" is not the Defence Ministry
        described = [name for name, _ in self.orgs if noun in self.descriptors.get(name, set())]
        if described:
            return described[0]
        if noun in ("company", "firm", "group", "business", "union", "party", "government"):
            matches = [name for name, k in self.orgs if k == kind]
            return matches[0] if matches else ""
        return ""
