"""Rules that turn claims into discrepancies: contested, unverified and numeric.

Every rule needs positive evidence in the text (a denial cue, a "could not confirm", anonymity,
two figures for the same count and scope...). Similarity only decides *which* claims a rule links,
never whether there is a discrepancy at all: a false alarm costs the reader's trust, so when in
doubt a rule stays silent.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc

from rag.ledger.attribution import ANAPHORIC, Extracted
from rag.ledger.model import Corroboration
from rag.ledger.pairing import PairIndex
from rag.ledger.quantities import values_conflict
from rag.ledger.sources import normalise_party
from rag.records import Claim, Discrepancy, Document, Quantity

# cosine floors on MiniLM vectors of claim contents (tuned on the shipped article and the
# invented test articles; see tests/ledger): a denial far from everything denies nothing we know
DENIAL_SIM = 0.40          # a stand-alone denial and the claim it rejects
PROPAGATE_SIM = 0.45       # another claim of the denied party's version of the same matter
FRAME_SIM = 0.45           # opposing parties' versions of the same event
CORROBORATE_SIM = 0.72     # two sources saying the same thing
HOSTILE = {"attack", "fire", "shoot", "kill", "bomb", "strike", "target", "destroy", "shell",
           "ambush", "massacre", "execute", "torture", "invade", "raid", "assault"}
# what a version of a deadly incident talks about: who attacked, who was killed, under whose fire
_INCIDENT = re.compile(r"\b(kill\w*|death\w*|dead|died|fire|strikes?|attack\w*|casualt\w*|"
                       r"shell\w*|bomb\w*|raid\w*)\b", re.IGNORECASE)
PROPAGATE_WINDOW = 3       # passages: a party's version is told in consecutive sentences
_MODALS = {"will", "would", "could", "may", "might", "should", "can", "must"}
_DEATH_WORDS = re.compile(r"death|dead|kill|casualt|toll|fatalit|died", re.IGNORECASE)
_FIGURE_WORDS = re.compile(r"figure|number|toll|count|tally|statistic", re.IGNORECASE)


def discrepancy_id(kind: str, claims: Iterable[Claim]) -> str:
    # the same finding keeps its id across runs and rebuilds: kind plus the sorted claim ids
    key = kind + "|" + "|".join(sorted(c.id for c in claims))
    return "dsc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


# sentence-initial words that read wrong capitalised after "X says ..."
_LOWER_FIRST = {"despite", "the", "a", "an", "all", "we", "it", "they", "there", "this", "that",
                "these", "those", "in", "on", "at", "some", "any", "our", "its", "his", "her",
                "their", "nearly", "more", "after", "before", "since", "when", "if", "as"}


def short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split()).strip()
    first = text.split(" ", 1)[0].strip("“”\"‘’")
    if first.lower() in _LOWER_FIRST and first[:1].isupper():
        at = text.index(first[0])
        text = text[:at] + text[at].lower() + text[at + 1:]
    if text.count("“") != text.count("”") or text.startswith("“") and text.endswith("”"):
        text = text.replace("“", "").replace("”", "")   # a half quotation reads as an error
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"


def says(item: Extracted) -> str:
    """'Russia says', 'Turkish officials say', 'X accused': the verb a summary needs."""
    if item.cue.lower().startswith(("accus", "blam")):
        return f"{who(item)} {item.cue}"
    last = item.source.split()[-1] if item.source.split() else ""
    plural = last.islower() and last.endswith("s") and not last.endswith("ss")
    return f"{who(item)} {'say' if plural else 'says'}"


def who(item: Extracted) -> str:
    source = item.source
    if item.party and item.party.lower() not in source.lower() and not item.neutral:
        return f"{source} ({item.party})"
    return source


class Finder:
    """Collects findings, keeping one per (kind, claim set)."""

    def __init__(self, items: list[Extracted], docs: dict[str, Document],
                 sents: dict[str, Doc], pairs: PairIndex,
                 places: dict[str, set[str]] | None = None) -> None:
        self.items, self.docs, self.sents, self.pairs = items, docs, sents, pairs
        self.places = places or {}
        self.index = {id(it): i for i, it in enumerate(items)}
        self.found: dict[str, Discrepancy] = {}
        self.agreements: dict[str, Corroboration] = {}
        self.linked: set[tuple[int, int]] = set()   # claim pairs already in a finding
        self.flagged: set[int] = set()              # claims already in a finding

    # ---- bookkeeping ------------------------------------------------------------------------
    def same_event(self, a: Extracted, b: Extracted) -> bool:
        """Claims of one document are about its event; across documents, only when both
        documents name a common place (a town, a region, a site). Identical wording about
        different explosions in different towns must never be compared."""
        da, db = a.claim.doc_id, b.claim.doc_id  # type: ignore[union-attr]
        return da == db or bool(self.places.get(da, set()) & self.places.get(db, set()))

    def add(self, kind: str, relation: str, summary: str, confidence: float,
            members: list[int]) -> None:
        claims = tuple(self.items[m].claim for m in members)  # type: ignore[misc]
        did = discrepancy_id(kind, claims)  # type: ignore[arg-type]
        if did in self.found:
            return
        self.found[did] = Discrepancy(id=did, kind=kind, summary=summary,  # type: ignore[arg-type]
                                      confidence=round(min(max(confidence, 0.0), 0.99), 3),
                                      claims=claims, relation=relation)  # type: ignore[arg-type]
        for a in members:
            self.flagged.add(a)
            for b in members:
                self.linked.add((min(a, b), max(a, b)))

    def agree(self, summary: str, confidence: float, members: list[int]) -> None:
        claims = tuple(self.items[m].claim for m in members)
        cid = "agr-" + discrepancy_id("agrees", claims)[4:]  # type: ignore[arg-type]
        if cid not in self.agreements:
            self.agreements[cid] = Corroboration(cid, summary, round(confidence, 3),
                                                 claims)  # type: ignore[arg-type]

    def outlet(self, item: Extracted) -> str:
        return self.docs[item.claim.doc_id].source  # type: ignore[union-attr]

    # ---- contested ---------------------------------------------------------------------------
    def denials(self) -> None:
        for i, d in enumerate(self.items):
            if d.stance != "denies":
                continue
            targets = [self.index[id(t)] for t in d.targets if id(t) in self.index]
            sims = {t: 1.0 for t in targets}
            if not targets:
                # "X reported ..., but Y denied ...": the other speaker's claim in the sentence
                same = [j for j, o in enumerate(self.items)
                        if o.passage.passage_id == d.passage.passage_id and o.start < d.start
                        and o.stance != "denies" and o.source != d.source]
                if same:
                    targets, sims = [same[-1]], {same[-1]: 0.9}
            if not targets and _anaphoric(d):
                # "rejected the accusation": the opposing claim just before it
                before = [j for j, o in enumerate(self.items)
                          if o.claim.doc_id == d.claim.doc_id and o.start < d.start  # type: ignore
                          and 0 <= d.passage.ordinal - o.passage.ordinal <= 2
                          and o.stance != "denies" and (_opposed(d, o) or (
                              not d.party and o.source != d.source and not o.neutral))]
                if before:
                    targets, sims = [before[-1]], {before[-1]: 0.8}
            if not targets:
                for j, sim in self.pairs.neighbours[i]:
                    other = self.items[j]
                    if other.stance == "denies" or sim < DENIAL_SIM or not _opposed(d, other) \
                            or not self.same_event(d, other):
                        continue
                    targets, sims = [j], {j: sim}
                    break
            for t in targets:
                target = self.items[t]
                confidence = 0.9 if d.in_sentence_denial else 0.45 + 0.5 * sims[t]
                self.add("contested", "denial",
                         f"{says(target)} {short(target.claim.text)}; "  # type: ignore
                         f"{who(d)} denies this.", confidence, [t, i])
                self._propagate(t, i, confidence)

    def _propagate(self, target: int, denial: int, confidence: float) -> None:
        """Other statements of the denied version ('Turkish soldiers ... in the battle
        formations of terrorist groups') are contested by the same denial.

        Similarity alone cannot tell them apart from everything else the party said about the
        conflict, so the other claim must also be about the denier's own people (its subject
        names the denier's side) and be told next to the denied one (or, in another document,
        be very close in meaning)."""
        base = self.items[target]
        d = self.items[denial]
        if not base.party or not d.party:
            return
        for j, sim in self.pairs.neighbours[target]:
            other = self.items[j]
            if j == denial or other.party != base.party or other.stance != "asserts" \
                    or sim < PROPAGATE_SIM or other.neutral:
                continue
            same_doc = other.claim.doc_id == base.claim.doc_id  # type: ignore[union-attr]
            near = same_doc and abs(other.passage.ordinal - base.passage.ordinal) \
                <= PROPAGATE_WINDOW
            if not (near or (not same_doc and sim >= CORROBORATE_SIM
                             and self.same_event(base, other))):
                continue
            if d.party not in _subject_parties(other, self.sents) or _modal(other, self.sents):
                continue
            self.add("contested", "denial",
                     f"{says(other)} {short(other.claim.text)}; "  # type: ignore[union-attr]
                     f"{who(d)} denies {base.party}'s account.",
                     confidence * (0.6 + 0.4 * sim), [j, denial])

    def framings(self) -> None:
        """Opposing parties' versions of the same event: each names the other side."""
        for i, j, sim in self.pairs.pairs():
            a, b = self.items[i], self.items[j]
            if sim < FRAME_SIM or (i, j) in self.linked or not _opposed(a, b) \
                    or not self.same_event(a, b):
                continue
            if a.stance != "asserts" or b.stance != "asserts" or not (a.party and b.party):
                continue
            # each side must speak about the other, both about a deadly incident, in the past
            if not (b.party in _mentions(a, self.sents) and a.party in _mentions(b, self.sents)):
                continue
            if not (_INCIDENT.search(a.claim.text)  # type: ignore[union-attr]
                    and _INCIDENT.search(b.claim.text)):  # type: ignore[union-attr]
                continue
            if _modal(a, self.sents) or _modal(b, self.sents):
                continue
            first, second = (i, j) if (a.passage.ordinal, a.start) <= (b.passage.ordinal,
                                                                     b.start) else (j, i)
            x, y = self.items[first], self.items[second]
            self.add("contested", "counter_version",
                     f"Competing versions: {says(x)} "
                     f"{short(x.claim.text, 90)}, while "  # type: ignore[union-attr]
                     f"{says(y)} {short(y.claim.text, 90)}.", 0.35 + 0.5 * sim,  # type: ignore
                     [first, second])

    # ---- unverified --------------------------------------------------------------------------
    def disclaimers(self) -> None:
        for i, d in enumerate(self.items):
            if not d.disclaimer_of:
                continue
            near = [j for j, it in enumerate(self.items)
                    if it.claim.doc_id == d.claim.doc_id and j != i  # type: ignore[union-attr]
                    and it.source != d.source and it.kind != "outlet" and not it.disclaimer_of
                    and 0 <= d.passage.ordinal - it.passage.ordinal <= 2
                    and it.start < d.start]
            if not near:
                continue
            if _DEATH_WORDS.search(d.disclaimer_of):
                chosen = [j for j in near if _counts_deaths(self.items[j].claim.quantities)]
            elif _FIGURE_WORDS.search(d.disclaimer_of):
                chosen = [j for j in near if self.items[j].claim.quantities]
            else:
                chosen = []
            if not chosen:
                last = max(self.items[j].passage.ordinal for j in near)
                chosen = [j for j in near if self.items[j].passage.ordinal == last]
            for j in chosen:
                it = self.items[j]
                self.add("unverified", "not_confirmed",
                         f"{d.source} could not confirm the claim by {who(it)} that "
                         f"{short(it.claim.text)}.", 0.9, [j, i])  # type: ignore[union-attr]

    def anonymous(self) -> None:
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, it in enumerate(self.items):
            if it.kind == "anonymous":
                groups[(it.claim.doc_id, it.source)].append(i)  # type: ignore[union-attr]
        for (_, source), members in sorted(groups.items()):
            explicit = any(self.items[m].explicit_anonymity for m in members)
            first = self.items[members[0]]
            label = source if explicit else f"unnamed {source}"
            self.add("unverified", "anonymous_source",
                     f"Rests on an anonymous source ({label}): {short(first.claim.text)}.",
                     0.85 if explicit else 0.6, members)  # type: ignore[union-attr]

    def one_sided(self) -> None:
        """A party's battlefield claim about the other side that nobody else corroborates."""
        for i, it in enumerate(self.items):
            if i in self.flagged or it.stance != "asserts" or not it.party or it.neutral:
                continue
            if not (_inflicted(it) or _hostile(it, self.sents)):
                continue
            if any(sim >= CORROBORATE_SIM and self.items[j].source != it.source
                   and self.same_event(it, self.items[j])
                   and self.items[j].stance == "asserts"
                   and (self.items[j].party != it.party or self.items[j].neutral)
                   for j, sim in self.pairs.neighbours[i]):
                continue
            self.add("unverified", "one_sided",
                     f"Only {says(it)} {short(it.claim.text)}; no other source "  # type: ignore
                     f"in the coverage confirms it.", 0.55, [i])

    # ---- numeric -----------------------------------------------------------------------------
    def numbers(self) -> None:
        blocks: dict[tuple[str, str], list[tuple[int, Quantity]]] = defaultdict(list)
        for i, it in enumerate(self.items):
            for q in it.claim.quantities:  # type: ignore[union-attr]
                if not q.well_formed:
                    self.add("numeric", "malformed_number",
                             f"'{q.raw}' ({q.counts or 'a figure'}) reported by {it.source} is "
                             f"not a well-formed number{_readings(q.raw)}.", 0.9, [i])
                elif q.counts and q.scope != "unspecified" and q.value is not None:
                    blocks[(q.counts, q.scope)].append((i, q))
        for (counts, scope), members in sorted(blocks.items()):
            # within a block, only figures about one event meet: same document or a shared
            # place, so a large corpus does not compare every toll with every other
            groups: dict[str, list[tuple[int, Quantity]]] = defaultdict(list)
            for member in members:
                doc_id = self.items[member[0]].claim.doc_id  # type: ignore[union-attr]
                for key in {"doc:" + doc_id} | {"place:" + p for p in
                                                 self.places.get(doc_id, set())}:
                    groups[key].append(member)
            seen: set[tuple[int, int, int, int]] = set()
            for key in sorted(groups):
                group = groups[key]
                for x in range(len(group)):
                    for y in range(x + 1, len(group)):
                        a, b = group[x], group[y]
                        mark = (a[0], a[1].start, b[0], b[1].start)
                        if mark not in seen:
                            seen.add(mark)
                            self._compare(counts, scope, a, b)

    def _compare(self, counts: str, scope: str, first: tuple[int, Quantity],
                 second: tuple[int, Quantity]) -> None:
        (i, qa), (j, qb) = first, second
        a, b = self.items[i], self.items[j]
        same_doc = a.claim.doc_id == b.claim.doc_id  # type: ignore[union-attr]
        if i == j or (same_doc and a.source == b.source):
            return
        what = f"{counts} ({_scope_words(scope)})"
        if not values_conflict(qa, qb):
            if not same_doc and qa.value == qb.value:
                self.agree(f"{self.outlet(a)} and {self.outlet(b)} both report {qa.raw} {what}.",
                           0.8, [i, j])
            return
        if not same_doc and (self.outlet(a) == self.outlet(b) or _same_source(a, b)):
            # a later, different figure from the same outlet or the same source is an update
            older, newer = sorted([(i, qa), (j, qb)], key=lambda m: self._when(m[0]))
            old, new = self.items[older[0]], self.items[newer[0]]
            if self.outlet(old) == self.outlet(new):
                summary = (f"{self.outlet(old)} updated its figure for {what}: first "
                           f"{older[1].raw}, later {newer[1].raw}.")
            else:
                summary = (f"Updated figure for {what}: {old.source} gave {older[1].raw} "
                           f"(reported by {self.outlet(old)}), later {newer[1].raw} "
                           f"(reported by {self.outlet(new)}).")
            self.add("numeric", "update", summary, 0.6, [older[0], newer[0]])
            return
        approximate = qa.approximate or qb.approximate
        self.add("numeric", "conflicting_figures",
                 f"Different figures for {what}: {who(a)} gives {qa.raw}, "
                 f"{who(b)} gives {qb.raw}.", 0.7 if approximate else 0.8, [i, j])

    def _when(self, i: int) -> tuple[str, int, int]:
        it = self.items[i]
        doc = self.docs[it.claim.doc_id]  # type: ignore[union-attr]
        order = list(self.docs).index(doc.doc_id)
        return (doc.published or "", order, it.start)

    # ---- agreement across documents -------------------------------------------------------------
    def corroborations(self) -> None:
        for i, j, sim in self.pairs.pairs():
            a, b = self.items[i], self.items[j]
            if sim < CORROBORATE_SIM or (i, j) in self.linked or a.stance != b.stance:
                continue
            if a.claim.doc_id == b.claim.doc_id or a.stance != "asserts":  # type: ignore
                continue
            if _figures(a) != _figures(b) or not self.same_event(a, b):
                continue      # "22 killed" and "40 injured" read alike but do not agree
            self.agree(f"{self.outlet(a)} and {self.outlet(b)} agree: "
                       f"{short(a.claim.text, 90)}.", sim, [i, j])  # type: ignore[union-attr]

    def weigh_corroboration(self) -> None:
        """An unverified claim that another document's independent source confirms is less of a
        concern: keep the finding (the outlet still could not confirm it) at lower confidence."""
        backed: dict[str, set[str]] = defaultdict(set)
        for agreement in self.agreements.values():
            a, b = agreement.claims[0], agreement.claims[1]
            if a.source != b.source:
                backed[a.id].add(b.doc_id)
                backed[b.id].add(a.doc_id)
        for did, d in list(self.found.items()):
            if d.kind != "unverified":
                continue
            main = [c for c in d.claims if c.stance != "unconfirmed" or c.source_kind ==
                    "anonymous"]
            if main and all(backed.get(c.id) for c in main):
                self.found[did] = replace(
                    d, confidence=round(d.confidence * 0.5, 3),
                    summary=d.summary.rstrip(".") + "; another outlet's independent source "
                                                    "gives the same account.")

    def result(self) -> tuple[list[Discrepancy], list[Corroboration]]:
        order = {"contested": 0, "numeric": 1, "unverified": 2}
        position = {c.id: (c.doc_id, c.start) for it in self.items
                    for c in [it.claim] if c is not None}
        found = sorted(self.found.values(),
                       key=lambda d: (order[d.kind], position[d.claims[0].id], d.id))
        return found, sorted(self.agreements.values(), key=lambda c: c.id)


def _anaphoric(item: Extracted) -> bool:
    words = re.findall(r"[a-z]+", item.claim.text.lower())  # type: ignore[union-attr]
    return 0 < len(words) <= 4 and words[-1].rstrip("s") in {w.rstrip("s") for w in ANAPHORIC}


def _figures(item: Extracted) -> set[tuple[str, float | None]]:
    return {(q.counts, q.value) for q in item.claim.quantities}  # type: ignore[union-attr]


def _same_source(a: Extracted, b: Extracted) -> bool:
    def norm(text: str) -> str:
        return re.sub(r"^(the|a|an)\s+", "", text.lower()).strip()
    return norm(a.source) == norm(b.source) and a.kind != "outlet"


def _opposed(a: Extracted, b: Extracted) -> bool:
    """Two sources on different sides (a party against another party, or its denier)."""
    if a.source == b.source and a.claim.doc_id == b.claim.doc_id:  # type: ignore[union-attr]
        return False
    if a.neutral or b.neutral:
        return False
    return bool(a.party and b.party and a.party != b.party)


def _mentions(item: Extracted, sents: dict[str, Doc]) -> set[str]:
    sent = sents[item.passage.passage_id]
    lo, hi = item.start - item.passage.start, item.end - item.passage.start
    found = set()
    for token in sent:
        if lo <= token.idx < hi:
            party = normalise_party(token.text)
            if party:
                found.add(party)
    return found


def _tokens(item: Extracted, sents: dict[str, Doc]) -> list:
    sent = sents[item.passage.passage_id]
    lo, hi = item.start - item.passage.start, item.end - item.passage.start
    return [t for t in sent if lo <= t.idx < hi]


def _subject_parties(item: Extracted, sents: dict[str, Doc]) -> set[str]:
    """Parties named in the subjects of the claim's clauses ('Turkish troops were ...')."""
    found: set[str] = set()
    for token in _tokens(item, sents):
        if token.dep_ in ("nsubj", "nsubjpass"):
            found |= {normalise_party(t.text) for t in token.subtree} - {""}
    return found


def _modal(item: Extracted, sents: dict[str, Doc]) -> bool:
    """A prediction or threat ('would end badly', 'will attack'), not a report of events."""
    tokens = _tokens(item, sents)
    roots = [t for t in tokens if t.head not in tokens or t.head is t]
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for r in roots for c in r.children)


def _counts_deaths(quantities: tuple[Quantity, ...]) -> bool:
    return any(q.counts.endswith("killed") for q in quantities)


def _inflicted(item: Extracted) -> bool:
    """Casualties or losses the source says it inflicted on someone else."""
    for q in item.claim.quantities:  # type: ignore[union-attr]
        if q.counts.endswith(("killed", "destroyed")) and not q.counts.startswith(item.party):
            return True
    return False


def _hostile(item: Extracted, sents: dict[str, Doc]) -> bool:
    """The claim has another party's forces doing something hostile (not a future threat)."""
    sent = sents[item.passage.passage_id]
    lo, hi = item.start - item.passage.start, item.end - item.passage.start
    for token in sent:
        if not (lo <= token.idx < hi) or token.lemma_.lower() not in HOSTILE:
            continue
        if token.pos_ != "VERB":
            continue
        chain = [token] + [a for a in token.ancestors if lo <= a.idx < hi][:3]
        if any(c.lower_ in _MODALS for node in chain for c in node.children if c.dep_ == "aux"):
            continue
        for node in chain:
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            for subject in subjects:
                parties = {normalise_party(t.text) for t in subject.subtree} - {""}
                if parties and item.party not in parties:
                    return True
                if any(t.lower_ == "regime" for t in subject.subtree) and item.party != "Syria":
                    return True
            if subjects:
                break
    return False


def _scope_words(scope: str) -> str:
    kind, _, value = scope.partition(":")
    value = value.replace("_", " ").replace("@", " on ")
    return {"since": f"since {value}", "month": f"in {value}", "period": value,
            "event": f"in one {value}", "day": f"on {value}"}.get(kind, scope)


def _readings(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if not digits:
        return ""
    options = sorted({int(digits[:-1] or 0), int(digits)})
    if len(options) < 2:
        return ""
    return f" (perhaps {options[0]:,} or {options[1]:,})"
