"""Attribution: who says what in each body sentence, with which cue and which stance.

Rules over the spaCy dependency parse, not a model of this article:
- a reporting verb (said, told, reported, denied...) with its subject is a source and its
  complement clause (or the quotation it introduces) is the content;
- "X cited/quoted Y as saying ...", "according to X", "... – comments denied by X";
- "could not (independently) confirm/verify ..." is the outlet's disclaimer on earlier claims;
- pronouns and bare roles ("he said", "the official said") resolve to the nearest fitting source;
- a sentence that is only a quotation continues the previous speaker's quote;
- an unattributed sentence carrying figures is the outlet's own claim (figures need a voice).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import cast

from spacy.tokens import Doc, Span, Token

from rag.ledger.quantities import find_quantities
from rag.ledger.sides import (
    KnownPeople,
    SideResolver,
    anonymity_pattern,
    body_kind,
    generic_kind,
)
from rag.lexicon import load, words
from rag.records import Claim, Document, Passage, Stance

# the verbs and nouns attribution reads: rag/lexicon/reporting.json
REPORTING = words("reporting", "reporting_verbs")
# reporters that only relay another speaker's words ("..., the Interfax news agency reported")
RELAY = words("reporting", "relay_verbs")
# verbs that report only with a clause of their own ("the inquiry found that ..."), never alone
WEAK_REPORTING = words("reporting", "weak_reporting_verbs")
# "X put the toll at 18": a figure stated without a speech verb
TOLL_NOUNS = words("reporting", "figure_nouns")
FIGURE_VERBS = words("reporting", "figure_statement_verbs")
ACCUSE = words("reporting", "accuse_verbs")
# a denial whose object only points back: "rejected the accusation", "denied it"
ANAPHORIC = words("reporting", "anaphoric_nouns")
DENIAL = words("reporting", "denial_verbs")
UNCONFIRM = words("reporting", "unconfirm_verbs")
STATEMENT_NOUNS = words("reporting", "statement_nouns")
# "footage appeared to show ...": recordings and documents that show something
EVIDENCE_NOUNS = words("reporting", "evidence_nouns")
# "the prosecution's figure was inflated": what calls another's claim wrong
DISPUTE = words("reporting", "dispute_predicates")
EVIDENCE_VERBS = words("reporting", "evidence_verbs")
_PRONOUNS = words("reporting", "pronouns")
OUTLET = "\x00outlet"        # stands for the document's own outlet until it is known
_STRIP = " \t\n,;:–—-.“”\"‘’'«»"
_STRIP_NO_QUOTES = " \t\n\xa0\u2009\u202f\u200b,;:–—-."
_OPEN_QUOTES = "“\"‘«"
_DATELINE = re.compile(r"[A-Z][A-Z .'-]{2,40},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*"
                       r"(?:\([^)]{1,20}\))?\s*[-–—]\s+")


@dataclass
class Extracted:
    """A claim being built, with the links the discrepancy rules need."""

    passage: Passage
    source: str
    cue: str
    start: int                 # file offsets of the content
    end: int
    stance: str
    kind: str = ""
    party: str = ""            # the side the source speaks for (rag.ledger.sides)
    side_kind: str = ""
    neutral: bool = False
    explicit_anonymity: bool = False
    targets: list[Extracted] = field(default_factory=list)  # claims it denies or qualifies
    in_sentence_denial: bool = False
    disclaimer_of: str = ""     # "deaths", "figures"...: the outlet's "could not confirm X"
    continued: bool = False
    verb_at: int = 0            # sentence-local offset of the cue word
    claim: Claim | None = None


def claim_id(doc_id: str, passage: Passage, start: int, end: int, source: str) -> str:
    # content-addressed (the sentence, the span inside it, the speaker): stable across runs
    # and unchanged when other paragraphs of the file are edited
    key = f"{doc_id}|{passage.text}|{start - passage.start}|{end - passage.start}|{source}"
    return "clm-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _span_bounds(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip punctuation (and a leading 'that') around a span, keeping quotes balanced."""
    dateline = _DATELINE.match(text[start:end])   # "RADOVEC, Nov 4 (CPA) - " opens wire copy
    if dateline and end - start > dateline.end() + 3:
        start += dateline.end()
    lead = re.match(r"(?:that|whether)\s+", text[start:end])   # lower case: a conjunction
    if lead and end - start > lead.end() + 3:
        start += lead.end()
    while start < end and text[start] in _STRIP_NO_QUOTES:
        start += 1
    while end > start and text[end - 1] in _STRIP_NO_QUOTES:
        end -= 1
    for _ in range(3):
        inner = text[start:end]
        opens, closes = inner.count("“"), inner.count("”")
        if inner[:1] in "“«" and opens > closes:
            start += 1                       # a quote that opens and never closes here
        elif inner[-1:] in "”»" and closes > opens:
            if start > 0 and text[start - 1] == "“":
                start -= 1                   # the opening mark sits just before: take it
            else:
                end -= 1
        elif opens > closes and end < len(text) and text[end] == "”":
            end += 1
        elif closes > opens and start > 0 and text[start - 1] == "“":
            start -= 1
        else:
            break
        while start < end and text[start] in _STRIP_NO_QUOTES:
            start += 1
        while end > start and text[end - 1] in _STRIP_NO_QUOTES:
            end -= 1
    return start, end


def _subtree_tokens(token: Token, exclude: set[int]) -> list[Token]:
    return [t for t in token.subtree if t.i not in exclude]


def _source_span(sent: Doc, subject: Token) -> Span:
    tokens = list(subject.subtree)
    return sent[tokens[0].i:tokens[-1].i + 1]


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() not in DENIAL | {"cite"}:
            return child
        if child.dep_ == "nsubj":
            return child
    for child in verb.children:   # passive "denied by Turkey"
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _inherited_subject(verb: Token) -> Token | None:
    """'..., adding ...' / 'offered condolences, saying ...': the speaker of the main verb."""
    node = verb
    for _ in range(3):
        if node.head is node:
            return None
        node = node.head
        subject = _subject(node)
        if subject is not None:
            return subject
    return None


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Inner spans of the quotations in a sentence; an unclosed quote runs to the end."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if text[i] in "“«" or (text[i] == '"' and (i == 0 or not text[i - 1].isalnum())):
            closer = "”" if text[i] == "“" else "»" if text[i] == "«" else '"'
            j = text.find(closer, i + 1)
            j = len(text) if j < 0 else j
            spans.append((i + 1, j))
            i = j + 1
        else:
            i += 1
    return spans


def _denial_clauses(sent: Doc) -> set[int]:
    """Tokens of '... – comments denied by X' clauses: not part of the claim they deny."""
    out: set[int] = set()
    for token in sent:
        if token.lemma_.lower() in DENIAL and token.dep_ == "acl":
            out |= {t.i for t in token.subtree} | {token.head.i}
        elif token.lemma_.lower() in DENIAL and token.dep_ == "relcl" and \
                token.head.lemma_.lower() in ANAPHORIC:
            out |= {t.i for t in token.head.subtree}      # "– a claim the company rejected"
    return out


def _is_relay(verb: Token) -> bool:
    subject = _subject(verb)
    return (verb.lemma_.lower() in RELAY and subject is not None
            and source_kind_hint(_source_span(verb.doc, subject).text) == "media")


def source_kind_hint(text: str) -> str:
    return "media" if re.search(r"\b(news agency|agency|television|TV|media|newspaper|"
                                r"broadcaster|channel)\b", text, re.IGNORECASE) else ""


def _is_toll_statement(verb: Token) -> bool:
    """'put the toll at 18', 'put the turnout at 18,000': a figure stated without a speech
    verb, through a figure noun or any noun the verb sets 'at' a number."""
    if verb.lemma_.lower() not in FIGURE_VERBS:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if any(c.lemma_.lower() in TOLL_NOUNS for c in objects):
        return True
    return bool(objects) and any(
        c.dep_ == "prep" and c.lower_ == "at" and any(
            o.dep_ == "pobj" and (o.like_num or any(n.like_num for n in o.children))
            for o in c.children)
        for c in verb.children)


def _is_reporting(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if _is_toll_statement(token):
        return True
    if lemma not in REPORTING or token.pos_ not in ("VERB", "AUX"):
        return False
    if lemma in WEAK_REPORTING and lemma not in DENIAL:
        # "the inspectors found that ...": a report only with a clause it introduces
        return any(c.dep_ == "ccomp" for c in token.children) or _evidence_shows(token)
    return True


def _disputed_clause(verb: Token) -> Token | None:
    """'[the prosecution's figure] was [wildly inflated]', 'the union's account is false': the
    reported clause calls another side's claim or figure wrong."""
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        said_of = [clause] + [c for c in clause.children if c.dep_ in ("acomp", "attr")]
        if not any(t.lemma_.lower() in DISPUTE or t.lower_ in DISPUTE for t in said_of):
            continue
        if any(c.dep_ == "neg" for t in said_of for c in t.children):
            continue
        for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            # "the prosecution's figure", "the union claim", "those reports": a claim the
            # speaker points to, with its owner or a pointing determiner
            if subject.lemma_.lower() in ANAPHORIC | TOLL_NOUNS and subject.pos_ == "NOUN" \
                    and any(c.dep_ in ("poss", "compound") or (
                        c.dep_ == "det" and c.lower_ in ("the", "these", "those", "such"))
                        for c in subject.children):
                return clause
    return None


def _evidence_shows(verb: Token) -> bool:
    """'Footage appeared to show a canister landing ...': a recording or a document stands as
    the source of what it shows, a thing the coverage can verify or not."""
    if verb.lemma_.lower() not in EVIDENCE_VERBS or not any(
            c.dep_ in ("dobj", "ccomp") for c in verb.children):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    node = verb
    for _ in range(2):      # "footage appeared to show": the subject of the verb it hangs on
        if subject is not None or node.dep_ not in ("xcomp", "dep") or node.head is node:
            break
        node = node.head
        subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
    return subject is not None and any(t.lemma_.lower() in EVIDENCE_NOUNS
                                       for t in subject.subtree)


def _other_speakers(verb: Token) -> set[int]:
    """Clauses inside the content with a speaker of their own ('..., while the governor put the
    toll at 18'): they are that speaker's claim, not part of this one."""
    out: set[int] = set()
    for token in verb.subtree:
        if token is verb or token.dep_ not in ("advcl", "conj", "parataxis"):
            continue
        if _is_reporting(token) and any(c.dep_ == "nsubj" for c in token.children):
            out |= {t.i for t in token.subtree}
    return out


def _content(sent: Doc, verb: Token, source_tokens: set[int]) -> tuple[int, int] | None:
    """Sentence-local span of what the verb reports, or None when it reports nothing."""
    exclude = source_tokens | {verb.i} | _denial_clauses(sent) | _other_speakers(verb)
    if verb.lemma_.lower() in ACCUSE or _is_toll_statement(verb) or \
            verb.lemma_.lower() == "plead" or _evidence_shows(verb):
        # "accused X of shelling ...", "put the toll at 18": everything the verb governs,
        # but a reporting verb joined to it ("put the toll at 18 and said ...") is a claim of
        # its own
        for child in verb.children:
            if child.dep_ == "conj" and child.i > verb.i and _is_reporting(child):
                exclude = exclude | {t.i for t in child.subtree} | {
                    c.i for c in verb.children if c.dep_ in ("cc", "punct") and c.i < child.i
                    and c.i > child.i - 3}
        tokens = [t for t in verb.subtree if t.i > verb.i and t.i not in exclude]
        while tokens and tokens[-1].is_punct:
            tokens.pop()
        return _span_bounds(tokens) if tokens else None
    complements = [c for c in verb.children if c.dep_ == "ccomp"]
    if not complements:
        # "said in a statement that ...": the clause may hang off the statement noun
        complements = [g for c in verb.children if c.dep_ == "prep"
                       for obj in c.children if obj.dep_ == "pobj"
                       and obj.lemma_.lower() in STATEMENT_NOUNS
                       for g in obj.children if g.dep_ in ("ccomp", "acl", "relcl")
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)]
    for child in complements:
        inner = child
        # "Dzhabarov said ..., the Interfax news agency reported": the relay adds no content
        if _is_relay(inner):
            inner = next((g for g in inner.children if g.dep_ == "ccomp"), inner)
            relay_subject = _subject(child)
            if relay_subject is not None:
                exclude |= {t.i for t in _source_span(sent, relay_subject)} | {child.i}
        tokens = _subtree_tokens(inner, exclude)
        if tokens:
            return _span_bounds(tokens)
    if verb.tag_ == "VBG" or verb.lower_.endswith("ing"):
        # "..., adding retaliatory attacks killed 309 troops": what follows the participle
        tokens = [t for t in verb.subtree if t.i > verb.i and t.i not in exclude]
        if tokens and len(tokens) >= 3:
            return _span_bounds(tokens)
        return None
    # "“...,” X said": a quotation or clause before the speaker; "X said: “...”" after it
    first_source = min(source_tokens) if source_tokens else verb.i
    for start, end in _quote_spans(sent.text):
        if any(start <= sent[i].idx < end for i in source_tokens):
            continue
        before = end <= sent[first_source].idx
        right_after = start >= verb.idx and start - (verb.idx + len(verb.text)) < 12
        if end - start > 3 and (before or right_after):
            return start, end
    clauses = [c for c in verb.children if c.dep_ in ("advcl", "parataxis", "conj")
               and c.i < first_source and c.pos_ in ("VERB", "AUX")]
    if clauses:
        tokens = _subtree_tokens(clauses[0], exclude)
        if tokens:
            return _span_bounds(tokens)
    if verb.lemma_.lower() in DENIAL:
        for child in verb.children:
            # "denied the report", "denied leaking the result" (a gerund clause)
            if child.dep_ in ("dobj", "attr") or (child.dep_ in ("xcomp", "pcomp")
                                                  and child.tag_ == "VBG"):
                return _span_bounds(list(child.subtree))
    # a parse that lost the clause ("said in a statement that every sample ..." with "that"
    # hung on the verb): the words after the "that" next to the verb are what it reports
    window = sent[verb.i + 1:min(len(sent), verb.i + 7)]
    that = next((t for t in window if t.lower_ == "that" and t.dep_ in ("mark", "nsubj")), None)
    if that is not None:
        rest = [t for t in sent[that.i + 1:] if not t.is_punct or t.i < len(sent) - 1]
        if len(rest) >= 3:
            return _span_bounds(rest)
    return None


def _misread_object_pronoun(verb: Token, subject: Token) -> Token | None:
    """'the company that runs it insists ...' parsed with 'it' as the subject of 'insists':
    the pronoun is the object of the verb before it, and the speaker is the noun the clauses
    hang on."""
    if verb.dep_ != "relcl" or subject.lower_ not in ("it", "them") or subject.i == 0:
        return None
    before = verb.doc[subject.i - 1]
    if before.pos_ != "VERB" or before.dep_ != "relcl" or before.head.i != verb.head.i or \
            any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in before.children):
        return None
    return verb.head


def _relative_speaker(subject: Token) -> Token:
    """'The group included Syrians, ..., who told the agency': the speakers are the group."""
    if subject.lower_ not in ("who", "which", "that") or subject.head.dep_ != "relcl":
        return subject
    node = subject.head.head
    while node.dep_ in ("conj", "appos") and node.head is not node:
        node = node.head
    if node.dep_ in ("dobj", "attr"):
        owner = _subject(node.head)
        if owner is not None:
            return owner
    return node


def _person_subject_before(passages: list[tuple[Passage, Doc]]) -> str:
    """The nearest earlier sentence subject naming a person, for 'he said'."""
    for _, sent in reversed(passages):
        for token in sent:
            if token.dep_ in ("nsubj", "nsubjpass") and token.ent_type_ == "PERSON":
                return _clean_source(_source_span(sent, token).text)
    return ""


# "14:05 - A police spokeswoman said ...": the time stamp of a live blog's entry opens the
# sentence; it is no part of the speaker's name
_TIME_STAMP = re.compile(r"^\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?\s*)?[-–—|]\s+", re.IGNORECASE)


def _clean_source(text: str) -> str:
    return _TIME_STAMP.sub("", text).strip(_STRIP)


def extract_passage(sent: Doc, passage: Passage) -> list[Extracted]:
    """Claims stated in one sentence, before reference resolution."""
    text, base = sent.text, passage.start
    found: list[Extracted] = []
    used: set[int] = set()
    for token in sent:
        lemma = token.lemma_.lower()
        if token.i in used:
            continue
        # "according to X"
        if token.lower_ == "according" and token.i + 1 < len(sent) and \
                sent[token.i + 1].lower_ == "to":
            objs = [c for c in sent[token.i + 1].children if c.dep_ == "pobj"]
            if objs:
                src = _source_span(sent, objs[0])
                phrase_start, phrase_end = token.idx, src.end_char
                if phrase_start > len(text) / 2:
                    c_start, c_end = 0, phrase_start
                else:
                    c_start, c_end = phrase_end, len(text)
                c_start, c_end = _trim(text, c_start, c_end)
                if c_end > c_start:
                    found.append(Extracted(passage, _clean_source(src.text), "according to",
                                           base + c_start, base + c_end, "asserts",
                                           verb_at=token.idx))
            continue
        if not _is_reporting(token) and lemma not in UNCONFIRM:
            continue
        if token.pos_ not in ("VERB", "AUX"):
            continue
        negated = any(c.dep_ == "neg" for c in token.children)
        # the outlet's (or anyone's) "could not confirm / verify"
        if lemma in UNCONFIRM and (negated or _unable(token)):
            subject = _subject(token) or _inherited_subject(token)
            objs = [c for c in token.children if c.dep_ in ("dobj", "ccomp")]
            if subject is None:
                continue
            if subject.dep_ == "nsubjpass":
                # "the figures could not be independently verified": the outlet's disclaimer
                # of what the subject names
                span = _span_bounds(list(subject.subtree))
                source = OUTLET
            else:
                source = _clean_source(_source_span(sent, subject).text)
                if source.lower() in ("we", "us") and not _in_quotation(sent, token):
                    source = OUTLET      # "We have not been able to verify ...": the outlet
                span = _span_bounds(list(objs[0].subtree)) if objs else (0, len(text))
            c_start, c_end = _trim(text, *span)
            item = Extracted(passage, source, "could not confirm",
                             base + c_start, base + c_end, "unconfirmed", verb_at=token.idx)
            item.disclaimer_of = text[c_start:c_end].lower()
            found.append(item)
            continue
        if lemma in UNCONFIRM and lemma != "confirm":
            continue
        # "X cited/quoted Y as saying ..."
        if lemma in ("cite", "quote"):
            cited = [c for c in token.children if c.dep_ == "dobj"]
            saying = [t for t in token.subtree if t.lower_ == "saying"]
            if cited and saying:
                used.add(saying[0].i)
                src = _source_span(sent, cited[0])
                src_tokens = {t.i for t in src}
                via = _subject(token)
                if via is not None:
                    src_tokens |= {t.i for t in _source_span(sent, via)}
                # "X quoted Y as saying <the rest of the sentence>"
                after = saying[0].idx + len(saying[0].text)
                content = (after, len(text)) if len(text) - after >= 12 else None
                if content is None:
                    content = _content(sent, token, src_tokens)
                if content is None:
                    continue
                c_start, c_end = _trim(text, *content)
                item = Extracted(passage, _clean_source(src.text), f"{token.text} ... as saying",
                                 base + c_start, base + c_end, "asserts", verb_at=token.idx)
                if via is not None:
                    item.cue = f"{_clean_source(_source_span(sent, via).text)} {token.text} " \
                               f"... as saying"
                found.append(item)
            continue
        subject = _subject(token)
        if subject is None and lemma == "add" and found:
            # "..., adding ...": the speaker of this sentence's first claim goes on
            prior = found[0]
            content = _content(sent, token, set())
            if content is not None:
                c_start, c_end = _trim(text, *content)
                if c_end > c_start:
                    found.append(replace(prior, cue=token.text, start=base + c_start,
                                         end=base + c_end, stance="asserts", verb_at=token.idx,
                                         targets=[], in_sentence_denial=False))
            continue
        root = sent[:].root
        if subject is None and root.pos_ in ("NOUN", "PROPN") and token.dep_ == "conj" and \
                root.i < token.i and root.ent_type_ == "ORG":
            # "The Patients' Association, which says ..., put the number at 23" parsed with
            # the name as the root: the verb left without a subject is the name's
            src = sent[root.left_edge.i:root.i + 1]
            subject = root
        if subject is None and (token.dep_ in ("advcl", "acl", "conj", "xcomp", "pcomp")
                                or token.tag_ == "VBG"):
            subject = _inherited_subject(token)
        if subject is None:
            continue
        subject = _relative_speaker(subject)
        head_noun = _misread_object_pronoun(token, subject)
        if head_noun is not None:
            subject = head_noun
        src = sent[subject.left_edge.i:subject.i + 1] if subject.i == root.i or \
            head_noun is not None else _source_span(sent, subject)
        src_tokens = {t.i for t in src}
        # "did not dispute that ...": a denial verb under negation concedes the point
        stance = "denies" if (lemma in DENIAL and not negated) or _pleads_innocence(token) \
            else "asserts"
        pointing = token.dep_ == "relcl" and token.head.lemma_.lower() in ANAPHORIC
        if stance == "denies" and (token.dep_ == "acl" or pointing):
            # "... – comments denied by Turkey": the denial is that clause itself
            c_start, c_end = _span_bounds([token.head, *token.subtree])
            c_start, c_end = _trim(text, c_start, c_end)
            item = Extracted(passage, _clean_source(src.text), token.text, base + c_start,
                             base + c_end, "denies", verb_at=token.idx)
            item.in_sentence_denial = True   # targets the claim made earlier in the sentence
            found.append(item)
            continue
        pointer = _pointing_noun(token) if stance == "denies" else None
        if pointer is not None:
            # "[Y accused X of ...] – an accusation Norrvik denied": the denial is its own
            # words; what it denies is the claim reported before the dash
            c_start, c_end = _trim(text, pointer.left_edge.idx, token.idx + len(token.text))
            item = Extracted(passage, _clean_source(src.text), token.text, base + c_start,
                             base + c_end, "denies", verb_at=token.idx)
            found.append(item)
            continue
        content = _content(sent, token, src_tokens)
        if content is None:
            continue
        c_start, c_end = _trim(text, *content)
        if c_end <= c_start:
            continue
        disputed = _disputed_clause(token) if stance == "asserts" else None
        if disputed is not None and disputed.left_edge.idx <= c_start \
                and disputed.right_edge.idx + len(disputed.right_edge.text) >= c_end:
            stance, disputed = "denies", None    # all it says is that the claim is wrong
        found.append(Extracted(passage, _clean_source(src.text), token.text, base + c_start,
                               base + c_end, stance, verb_at=token.idx))
        if disputed is not None:
            # "said the prosecution's figure was wildly inflated": a denial of that figure,
            # beside whatever else the speaker went on to say
            skip = {t.i for c in disputed.children if c.dep_ in ("conj", "cc")
                    for t in c.subtree}
            d_start, d_end = _trim(text, *_span_bounds(
                [t for t in disputed.subtree if t.i not in skip]))
            if d_end > d_start:
                found.append(Extracted(passage, _clean_source(src.text), token.text,
                                       base + d_start, base + d_end, "denies",
                                       verb_at=token.idx))
    found.extend(_no_comment(sent, passage, found))
    return _drop_nested(found, base)


def _no_comment(sent: Doc, passage: Passage, found: list[Extracted]) -> list[Extracted]:
    """'Brenner Parts did not respond to a request for comment': the silent party, noted by
    the outlet. Its source is the silent party so the rules can find the claims about it."""
    match = no_comment_pattern().search(sent.text)
    if match is None:
        return []
    inside = [t for t in sent if match.start() <= t.idx < match.end()]
    token = next((t for t in inside if t.pos_ == "VERB"), inside[0] if inside else None)
    subject = _subject(token) if token is not None else None
    if subject is None and token is not None:
        subject = _subject(token.head)
    if subject is not None and subject.lower_ in ("which", "who", "that"):
        # "..., a supplier based in Brno, which did not respond": the noun the clause is on
        node = subject.head.head if subject.head.dep_ == "relcl" else subject
        for _ in range(6):   # "a supplier based in Brno, which ...": past the place to the noun
            if node.head is node:
                break
            if node.ent_type_ in ("GPE", "LOC", "FAC") or node.pos_ not in ("NOUN", "PROPN") \
                    or node.dep_ == "appos":
                node = node.head
            else:
                break
        subject = node
        names = [t for t in node.lefts if t.dep_ == "compound"] + [node]
        source = " ".join(t.text for t in names)
    elif subject is None or subject.lower_ in _PRONOUNS:
        return []
    else:
        source = _clean_source(_source_span(sent, subject).text)
    clause = [t for t in token.subtree if t.dep_ != "cc"] if token is not None else []
    start, end = _span_bounds(clause) if clause else (0, len(sent.text))
    if subject.i < (clause[0].i if clause else 0):
        start = min(start, subject.left_edge.idx)
    start, end = _trim(sent.text, start, end)
    return [Extracted(passage, source, "no comment", passage.start + start, passage.start + end,
                      "unconfirmed", verb_at=match.start())]


def no_comment_pattern() -> re.Pattern[str]:
    return re.compile("|".join(load("anonymity")["no_comment"]), re.IGNORECASE)


def _pleads_innocence(verb: Token) -> bool:
    """'pleaded not guilty to fraud': a denial of the charges, in a court's words."""
    if verb.lemma_.lower() != "plead":
        return False
    words = {t.lower_ for t in verb.subtree}
    return ("not" in words and "guilty" in words) or "innocent" in words or "innocence" in words


def _pointing_noun(verb: Token) -> Token | None:
    """'an accusation' in '[claim] – an accusation Norrvik denied': a noun that points back,
    next to a reported claim the verb governs."""
    if not any(c.dep_ == "ccomp" and _is_reporting(c) for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj", "attr")
                 and c.lemma_.lower() in ANAPHORIC and c.pos_ == "NOUN"), None)


def _drop_nested(found: list[Extracted], base: int) -> list[Extracted]:
    """A reporting verb inside another claim's content is reported speech of that claim;
    except inside a denial ('[Lundqvist accused the carmaker of ...] – an accusation Norrvik
    denied'), where it is the claim denied: both stay, and the denial targets it."""
    kept: list[Extracted] = []
    for item in found:
        outer = [o for o in found if o is not item and o.start <= base + item.verb_at < o.end
                 and not o.in_sentence_denial and o.cue != "no comment"]
        for o in outer:
            if o.stance == "denies" and item.stance != "denies" and item.cue != "no comment":
                o.targets.append(item)
                o.in_sentence_denial = True
        inside = not item.in_sentence_denial and item.cue != "no comment" and \
            not item.disclaimer_of and any(o.stance != "denies" for o in outer)
        same = any(o.start == item.start and o.end == item.end and o.stance == item.stance
                   for o in kept)
        if not inside and not same:
            kept.append(item)
    return kept


def _unable(verb: Token) -> bool:
    """'unable to confirm', 'could not independently verify', 'has not been able to verify'."""
    head = verb.head
    if head.lemma_.lower() == "able" and any(
            c.dep_ == "neg" for c in [*head.children, *head.head.children]):
        return True
    return head.lemma_.lower() in ("unable", "impossible") or any(
        c.lemma_.lower() in ("unable",) for c in verb.ancestors)


def _in_quotation(sent: Doc, token: Token) -> bool:
    return any(start <= token.idx < end for start, end in _quote_spans(sent.text))


def describe(items: list[Extracted], sents: dict[str, Doc], doc: Document,
             known: KnownPeople | None = None) -> SideResolver:
    """Fill kind/side/neutrality of each claim from its source description."""
    # an article without a named outlet is known by its file name ("council"), which is no name
    # a speaker can be matched against ("the council said" is not the outlet speaking)
    outlet = doc.source if doc.source != doc.doc_id else ""
    resolver = SideResolver(outlet, [sents[p.passage_id] for p in doc.passages], known)
    last_body: Extracted | None = None
    for item in items:
        if item.source == OUTLET:
            item.source, item.kind, item.party, item.side_kind, item.neutral = \
                doc.source, "outlet", doc.source, "outlet", True
            continue
        _describe_one(item, sents[item.passage.passage_id], resolver)
        first = item.source.split()[0].lower() if item.source.split() else ""
        if first in ("its", "their") and last_body is not None and \
                item.passage.ordinal - last_body.passage.ordinal <= 2:
            # "Its spokesman, Marek Doyle": the body named just before
            item.party, item.side_kind = last_body.party, last_body.side_kind
            surname = item.source.split()[-1]
            resolver.remember(surname, (item.party, item.side_kind))
        elif item.side_kind not in ("person", "anonymous", "outlet", "other", ""):
            last_body = item
    _anonymity_told_apart(items, doc)
    return resolver


def _anonymity_told_apart(items: list[Extracted], doc: Document) -> None:
    """'He spoke on condition of anonymity because ...' in a sentence of its own makes the
    previous speaker anonymous."""
    pattern = anonymity_pattern()
    for passage in doc.passages:
        if not pattern.search(passage.text):
            continue
        words = passage.text.split()
        if not words or words[0].lower() not in _PRONOUNS | {"the", "they"}:
            continue
        if any(i.passage.passage_id == passage.passage_id and i.source.lower() not in _PRONOUNS
               for i in items):
            continue
        earlier = [i for i in items if i.passage.doc_id == passage.doc_id
                   and 0 <= passage.ordinal - i.passage.ordinal <= 1 and i.kind != "outlet"
                   and i.passage.ordinal < passage.ordinal]
        if not earlier:
            continue
        speaker = earlier[-1].source
        for item in items:
            if item.source == speaker:
                item.kind, item.party, item.side_kind, item.neutral = \
                    "anonymous", "anonymous", "anonymous", False
                item.explicit_anonymity = True
                if item.stance == "asserts":
                    item.stance = "unconfirmed"


def _describe_one(item: Extracted, sent: Doc, resolver: SideResolver) -> None:
    span = _find_span(sent, item.source)
    relayed = "as saying" in item.cue        # words that reach the outlet through other media
    if span is None:
        item.kind, item.party, item.side_kind, item.neutral = "other", "", "", False
        return
    side = resolver.resolve(span, relayed)
    item.kind, item.party, item.side_kind, item.neutral = \
        side.kind, side.side, side.side_kind, side.neutral
    item.explicit_anonymity = bool(anonymity_pattern().search(item.source))
    if item.kind == "anonymous" and item.stance == "asserts":
        item.stance = "unconfirmed"


def _bare_name(source: str) -> bool:
    """'Halloran', 'Marek Doyle': a person's name even when NER did not say so."""
    words = source.split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words) and \
        words[0].lower() not in ("the", "a", "an") and not body_kind(source)


def _find_span(sent: Doc, text: str) -> Span | None:
    at = sent.text.find(text)
    if at < 0:
        return None
    return sent.char_span(at, at + len(text), alignment_mode="expand")


def resolve_references(items: list[Extracted], sents: dict[str, Doc], doc: Document,
                       resolver: SideResolver) -> None:
    """'he said', 'the official said' -> the nearest earlier source that fits."""
    for i, item in enumerate(items):
        words = item.source.lower().split()
        if not words:
            continue
        pronoun = len(words) == 1 and words[0] in _PRONOUNS
        # only a bare role ("the official", "the ministry") points back; "the education
        # ministry" is a description of its own
        role = len(words) == 2 and words[0] == "the" and item.source[4:5].islower()
        if not (pronoun or role):
            continue
        head = words[-1]
        antecedent: Extracted | None = None
        for earlier in reversed(items[max(0, i - 8):i]):
            if earlier.source.lower() == item.source.lower():
                continue
            if item.passage.ordinal - earlier.passage.ordinal > 4:
                break
            # a body ("the company said") speaks on the record: an anonymous source described
            # by it ("an engineer at the company, who asked not to be named") is no antecedent;
            # a person's role ("the official said") may well be
            fits = (head in earlier.source.lower()
                    and not (earlier.kind == "anonymous" and generic_kind(head))) if role else (
                earlier.kind in ("person", "anonymous") or words[0] in ("they", "it", "we")
                or _bare_name(earlier.source))
            if fits and earlier.source.lower().split()[0] not in _PRONOUNS:
                antecedent = earlier
                break
        if words[0] in ("he", "she"):
            # a person introduced without a reporting verb ("Guterres expressed concern. He
            # said ...") is nearer than an older quoted speaker
            start = max(0, item.passage.ordinal - 2)
            window = [(p, sents[p.passage_id]) for p in doc.passages[start:item.passage.ordinal]]
            if antecedent is None or antecedent.passage.ordinal < item.passage.ordinal - 1:
                name = _person_subject_before(window)
                if name:
                    for _, sent in reversed(window):
                        if name in sent.text:
                            item.source = name
                            _describe_one(item, sent, resolver)
                            break
                    continue
        if antecedent is not None:
            item.source, item.kind, item.party = antecedent.source, antecedent.kind, \
                antecedent.party
            item.side_kind = antecedent.side_kind
            item.neutral = antecedent.neutral
            item.explicit_anonymity = antecedent.explicit_anonymity
            if item.kind == "anonymous" and item.stance == "asserts":
                item.stance = "unconfirmed"


def continue_quotes(sents: dict[str, Doc], doc: Document,
                    items: list[Extracted]) -> list[Extracted]:
    """A sentence that is only a quotation continues the previous speaker's quote."""
    by_passage: dict[str, list[Extracted]] = {}
    for item in items:
        by_passage.setdefault(item.passage.passage_id, []).append(item)
    out: list[Extracted] = []
    previous: Extracted | None = None
    prev_paragraph = -1
    for passage in doc.passages:
        mine = by_passage.get(passage.passage_id, [])
        text = passage.text
        stripped = text.lstrip()
        if not mine and stripped[:1] in _OPEN_QUOTES and previous is not None and \
                passage.paragraph - prev_paragraph <= 1 and \
                passage.ordinal - previous.passage.ordinal <= 2:
            lead = len(text) - len(stripped)
            c_start, c_end = _trim(text, lead, len(text))
            if c_end > c_start:
                item = replace(previous, passage=passage, start=passage.start + c_start,
                               end=passage.start + c_end, targets=[], in_sentence_denial=False,
                               stance="unconfirmed" if previous.stance == "unconfirmed"
                               else "asserts",
                               disclaimer_of="",
                               continued=True, claim=None)
                mine = [item]
        out.extend(mine)
        if mine:
            previous, prev_paragraph = mine[-1], passage.paragraph
    return out


def outlet_claims(sents: dict[str, Doc], doc: Document,
                  items: list[Extracted]) -> list[Extracted]:
    """Unattributed sentences with figures: the outlet itself vouches for those numbers."""
    claimed = {i.passage.passage_id for i in items}
    extra: list[Extracted] = []
    for passage in doc.passages:
        if passage.passage_id in claimed:
            continue
        sent = sents[passage.passage_id]
        if not find_quantities(sent, passage.start, 0, len(sent.text)):
            continue
        c_start, c_end = _trim(passage.text, 0, len(passage.text))
        item = Extracted(passage, doc.source, "", passage.start + c_start, passage.start + c_end,
                         "asserts", kind="outlet", party=doc.source, side_kind="outlet",
                         neutral=True)
        extra.append(item)
    merged = items + extra
    merged.sort(key=lambda x: (x.passage.ordinal, x.start))
    return merged


def finalise(items: list[Extracted], sents: dict[str, Doc], doc: Document) -> list[Claim]:
    claims: list[Claim] = []
    seen: set[str] = set()
    for item in items:
        sent = sents[item.passage.passage_id]
        lo, hi = item.start - item.passage.start, item.end - item.passage.start
        quantities = tuple(find_quantities(sent, item.passage.start, lo, hi))
        cid = claim_id(doc.doc_id, item.passage, item.start, item.end, item.source)
        if cid in seen:
            continue
        seen.add(cid)
        item.claim = Claim(
            id=cid, doc_id=doc.doc_id, source=item.source, cue=item.cue,
            text=doc.text[item.start:item.end], start=item.start, end=item.end,
            # the extraction's stances are the three of Stance (set in this module only)
            stance=cast(Stance, item.stance), passage_id=item.passage.passage_id,
            source_kind=item.kind, party=item.party, side_kind=item.side_kind,
            quantities=quantities)
        claims.append(item.claim)
    return claims


def extract_document(doc: Document, sents: dict[str, Doc],
                     known: KnownPeople | None = None) -> list[Extracted]:
    """All claims of one document, resolved and described, in reading order."""
    items: list[Extracted] = []
    for passage in doc.passages:
        local = extract_passage(sents[passage.passage_id], passage)
        # the in-sentence denial refers to the claim just before it
        for k, item in enumerate(local):
            if item.in_sentence_denial:
                item.targets = [local[j] for j in range(k) if local[j].stance != "denies"]
        items.extend(local)
    resolver = describe(items, sents, doc, known)
    resolve_references(items, sents, doc, resolver)
    items = continue_quotes(sents, doc, items)
    items = outlet_claims(sents, doc, items)
    finalise(items, sents, doc)
    items = [i for i in items if i.claim is not None]
    return items

