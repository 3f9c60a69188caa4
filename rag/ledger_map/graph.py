"""The map as data: sides as nodes, discrepancies and corroborations as edges or node badges.

Input is the ledger's JSON contract (`Ledger.to_dict()`, `rag ledger --json`) and the document
list (`rag documents --json`), so a notebook holding those two can build the same map.

Nodes are sides: claims grouped by `party` (the body a source speaks for) when it is set, else
by `source`. Anonymous sources are never merged into the side they speak for: "Turkey denies"
and "unnamed Turkish officials say" weigh differently, so they form a node of their own per
side, marked anonymous. A node's kind is the claims' `side_kind` when the ledger has one, else
their `source_kind` (the most common one); outlets and anonymous sources are flagged.

Edges, one per (discrepancy, pair of sides), each with its discrepancy id and confidence:
- disputes: contested (denial, counter_version, contradiction, nli_contradiction); a denial
  points from the denying side to the side whose claim it denies, other versions are mutual;
- could_not_confirm: unverified/not_confirmed, from the outlet to the side it could not check;
- conflicting_figures, update (older figure -> newer): numeric; corroborates: corroborations.
A finding that involves one side only (an update from the same source, two outlets agreeing on
what the same authority said) is a self-loop on that side.

Badges: findings about a claim's footing rather than a relation between two sides (unverified:
anonymous_source, one_sided, no_comment; numeric: malformed_number) sit on the node they concern.
A self-loop would read as "X disputes X"; a badge reads as what it is, a caveat on that side.
"""
from __future__ import annotations

import gc
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

MAP_VERSION = 1

# Edge kinds in drawing and filter order, with the words people read.
EDGE_KINDS: dict[str, str] = {
    "disputes": "disputes",
    "could_not_confirm": "could not confirm",
    "conflicting_figures": "conflicting figures",
    "update": "update",
    "corroborates": "corroborates",
}
# Badge kinds (by ledger relation); an unknown unverified relation still becomes a badge.
BADGE_KINDS: dict[str, str] = {
    "anonymous_source": "anonymous source",
    "one_sided": "one-sided",
    "no_comment": "no comment",
    "malformed_number": "malformed figure",
}
# All the kinds a view can filter on: every edge kind, and "badge" for node badges.
MAP_KINDS: dict[str, str] = {**EDGE_KINDS, "badge": "node notes"}

_SELF_RELATIONS = {"anonymous_source", "one_sided", "no_comment", "malformed_number"}
_ANONYMOUS = "anonymous"
_SPEAKER_KINDS = {"person", "reporter", "other", ""}
_OUTLET = "outlet"


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a large map is built: these builds allocate hundreds
    of thousands of small dicts, and with a big ledger in memory each collection rescans all of
    it (measured on a 10,000-passage ledger: build 6.2 s with collections, 2.3 s without;
    picking a page 2.9 s against 0.5 s). Nothing built here forms a cycle."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def node_id_for(tag: str, key: str) -> str:
    """A stable id, safe in DOM ids and file names, from the grouping key."""
    return "side-" + hashlib.sha1(f"{tag}|{_norm(key)}".encode()).hexdigest()[:10]


def claim_kind(claim: Mapping[str, Any]) -> str:
    return str(claim.get("side_kind") or claim.get("source_kind") or "")


def is_anonymous(claim: Mapping[str, Any]) -> bool:
    return _ANONYMOUS in (claim.get("side_kind"), claim.get("source_kind")) or \
        _norm(str(claim.get("party") or "")) == _ANONYMOUS


def side_of(claim: Mapping[str, Any]) -> tuple[str, str, str]:
    """(node id, label, grouping tag) of the side a claim belongs to."""
    party = str(claim.get("party") or "").strip()
    if _norm(party) == _ANONYMOUS:   # a ledger that names "anonymous" as the side itself
        party = ""
    source = str(claim.get("source") or "").strip() or "unattributed"
    if is_anonymous(claim):
        if party:
            return node_id_for("anon", party), f"{party} (anonymous)", "anon"
        return node_id_for("anon-source", source), source, "anon"
    if party:
        return node_id_for("side", party), party, "side"
    return node_id_for("source", source), source, "source"


class Figures:
    """Each claim's well-formed figures by (counts, scope), in the order the claim gives them,
    computed once per claim: a large ledger links the same claims in thousands of findings."""

    def __init__(self) -> None:
        self._of: dict[str, dict[tuple[str, str], str]] = {}

    def of(self, claim: Mapping[str, Any]) -> dict[tuple[str, str], str]:
        found = self._of.get(claim["id"])
        if found is None:
            found = {}
            for q in claim.get("quantities", []):
                if q.get("well_formed", True) and q.get("value") is not None:
                    found.setdefault((q["counts"], q["scope"]), str(q.get("raw") or q["value"]))
            self._of[claim["id"]] = found
        return found

    def key(self, claims: Sequence[Mapping[str, Any]]) -> tuple[str, str] | None:
        """The (counts, scope) every claim gives a figure for; the first claim's order
        decides between several (rare), deterministically."""
        if not claims:
            return None
        rest = [self.of(c) for c in claims[1:]]
        for key in self.of(claims[0]):
            if all(key in other for other in rest):
                return key
        return None

    def shared(self, claims: Sequence[Mapping[str, Any]]) -> list[str]:
        """The raw figure each claim gives for the quantity they share, in claim order."""
        key = self.key(claims)
        return [self.of(c)[key] for c in claims] if key is not None else []


def figure_key(claims: Sequence[Mapping[str, Any]]) -> tuple[str, str] | None:
    """The (counts, scope) every claim gives a well-formed figure for, if there is one."""
    return Figures().key(claims)


def figures_of(claims: Sequence[Mapping[str, Any]]) -> list[str]:
    """The raw figure each claim gives for the quantity they share, in claim order."""
    return Figures().shared(claims)


def _edge_kind(kind: str, relation: str) -> str | None:
    """The map kind of a ledger finding; None for a badge."""
    if kind == "corroboration":
        return "corroborates"
    if relation in _SELF_RELATIONS:
        return None
    if kind == "contested":
        return "disputes"
    if kind == "unverified":
        return "could_not_confirm" if relation == "not_confirmed" else None
    if kind == "numeric":
        return "update" if relation == "update" else "conflicting_figures"
    return None


def _published(documents: Mapping[str, Mapping[str, Any]], doc_id: str) -> str:
    return str(documents.get(doc_id, {}).get("published") or "")


def _split(kind: str, relation: str, claims: Sequence[Mapping[str, Any]],
           node_of: Mapping[str, str], nodes: Mapping[str, Mapping[str, Any]],
           documents: Mapping[str, Mapping[str, Any]]
           ) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]], bool]:
    """(acting claims, claims acted on, directed?) for one finding."""
    if kind == "disputes" and relation == "denial":
        deniers = [c for c in claims if c.get("stance") == "denies"]
        if deniers and len(deniers) < len(claims):
            return deniers, [c for c in claims if c not in deniers], True
    if kind == "could_not_confirm":
        checkers = [c for c in claims if c.get("stance") == "unconfirmed"] or \
            [c for c in claims if nodes[node_of[c["id"]]]["outlet"]]
        if checkers and len(checkers) < len(claims):
            return checkers, [c for c in claims if c not in checkers], True
    if kind == "update" and len(claims) >= 2:
        # oldest report first; the ledger already lists them so, the dates make sure of it
        ordered = sorted(claims, key=lambda c: _published(documents, c["doc_id"]) or "~")
        if _published(documents, claims[0]["doc_id"]) and \
                _published(documents, claims[-1]["doc_id"]):
            claims = ordered
        return list(claims[:-1]), [claims[-1]], True
    return list(claims), list(claims), False


_FIGURE_KINDS = ("conflicting_figures", "update", "corroborates")


def with_figures(graph: Mapping[str, Any]) -> dict[str, Any]:
    """`graph` with every figure edge's `figures` filled in (a copy: the edges of a cached
    graph are never changed). For a map built with `figures=False`."""
    with paused_gc():
        return _with_figures(graph)


def _with_figures(graph: Mapping[str, Any]) -> dict[str, Any]:
    index = Figures()
    claims = graph["claims"]
    edges = []
    for e in graph["edges"]:
        if e["kind"] in _FIGURE_KINDS and e.get("figures") is None:
            members = [claims[c] for c in e["claim_ids"] if c in claims]
            e = {**e, "figures": index.shared(members)}
        edges.append(e)
    return {**graph, "edges": edges}


def build_map(ledger: Mapping[str, Any], documents: Iterable[Mapping[str, Any]] = (),
              figures: bool = True) -> dict[str, Any]:
    """The whole map of a ledger, as JSON data (see the module docstring and the README).

    figures=False leaves each figure edge's `figures` as None, to be filled by with_figures
    for the edges actually drawn."""
    with paused_gc():
        return _build_map(ledger, documents, figures)


def _build_map(ledger: Mapping[str, Any], documents: Iterable[Mapping[str, Any]],
               figures: bool) -> dict[str, Any]:
    docs = {str(d["doc_id"]): {"doc_id": str(d["doc_id"]), "title": d.get("title") or "",
                               "source": d.get("source") or "",
                               "published": d.get("published") or ""}
            for d in documents}
    claims: dict[str, dict[str, Any]] = {}
    nodes: dict[str, dict[str, Any]] = {}
    kinds: dict[str, Counter[str]] = {}
    speakers: dict[str, Counter[str]] = {}

    def add_claim(c: Mapping[str, Any]) -> None:
        if c["id"] in claims:
            return
        nid, label, tag = side_of(c)
        claims[c["id"]] = {**c, "node": nid}
        node = nodes.setdefault(nid, {
            "id": nid, "label": label, "kind": "", "party": str(c.get("party") or ""),
            "outlet": False, "anonymous": tag == "anon", "speakers": [], "claim_ids": [],
            "doc_ids": [], "edge_ids": [], "badge_ids": []})
        node["claim_ids"].append(c["id"])
        if c["doc_id"] not in node["doc_ids"]:
            node["doc_ids"].append(c["doc_id"])
        kinds.setdefault(nid, Counter())[claim_kind(c)] += 1
        speakers.setdefault(nid, Counter())[str(c.get("source") or "unattributed")] += 1

    for c in ledger.get("claims", []):
        add_claim(c)
    findings: list[tuple[str, Mapping[str, Any]]] = \
        [(str(d["kind"]), d) for d in ledger.get("discrepancies", [])] + \
        [("corroboration", a) for a in ledger.get("corroborations", [])]
    for _, finding in findings:   # a finding may carry a claim the list lacks (older ledgers)
        for c in finding.get("claims", []):
            add_claim(c)
    for nid, node in nodes.items():
        counted = kinds[nid]
        common = [k for k, _ in counted.most_common() if k]
        if node["party"] and not any(claims[x].get("side_kind") for x in node["claim_ids"]):
            # without side_kind, a named side is the body, not the minister who speaks for it
            common = [k for k in common if k not in _SPEAKER_KINDS] or common
        node["kind"] = _ANONYMOUS if node["anonymous"] else (common[0] if common else "")
        node["outlet"] = node["kind"] == _OUTLET
        node["speakers"] = [s for s, _ in speakers[nid].most_common()]
        # an anonymous source that speaks for a named side points at that side's node
        party = node["party"] if _norm(node["party"]) != _ANONYMOUS else ""
        node["speaks_for"] = node_id_for("side", party) if node["anonymous"] and party \
            else None

    node_of = {cid: c["node"] for cid, c in claims.items()}
    figure_index = Figures()
    edges: list[dict[str, Any]] = []
    badges: list[dict[str, Any]] = []
    for ledger_kind, finding in findings:
        relation = str(finding.get("relation") or "")
        members: list[Mapping[str, Any]] = [claims[c["id"]] for c in finding.get("claims", [])]
        if not members:
            continue
        base = {"discrepancy_id": finding["id"], "ledger_kind": ledger_kind,
                "relation": relation, "confidence": float(finding.get("confidence", 0.0)),
                "summary": str(finding.get("summary") or "")}
        kind = _edge_kind(ledger_kind, relation)
        if kind is None or (kind == "could_not_confirm" and len(members) < 2):
            by_node: dict[str, list[str]] = {}
            for c in members:
                by_node.setdefault(c["node"], []).append(c["id"])
            for i, (nid, ids) in enumerate(by_node.items()):
                badge = {"id": finding["id"] if i == 0 else f"{finding['id']}~{i}",
                         "kind": relation or ledger_kind,
                         "label": BADGE_KINDS.get(relation, relation.replace("_", " ")
                                                  or ledger_kind),
                         "node": nid, **base, "claim_ids": ids,
                         "doc_ids": sorted({claims[x]["doc_id"] for x in ids})}
                badges.append(badge)
                nodes[nid]["badge_ids"].append(badge["id"])
            continue
        actors, targets, directed = _split(kind, relation, members, node_of, nodes, docs)
        if directed:
            pairs = [(a, t) for a in dict.fromkeys(c["node"] for c in actors)
                     for t in dict.fromkeys(c["node"] for c in targets)]
        else:   # mutual: every pair of distinct sides once, or one self-loop
            order = list(dict.fromkeys(c["node"] for c in members))
            pairs = [(a, t) for i, a in enumerate(order) for t in order[i + 1:]] or \
                [(order[0], order[0])]
            actors = targets = members
        shared = (figure_index.shared(members) if figures else None) \
            if kind in _FIGURE_KINDS else []
        for i, (a, t) in enumerate(pairs):
            a_claims = [c["id"] for c in actors if c["node"] == a] or \
                [c["id"] for c in members if c["node"] == a]
            t_claims = [c["id"] for c in targets if c["node"] == t and c["id"] not in a_claims] \
                or [c["id"] for c in members if c["node"] == t and c["id"] not in a_claims]
            ids = list(dict.fromkeys(a_claims + t_claims))
            edge = {"id": finding["id"] if i == 0 else f"{finding['id']}~{i}", "kind": kind,
                    "label": EDGE_KINDS[kind], "source": a, "target": t, "directed": directed,
                    **base, "figures": shared, "claim_ids": ids,
                    "source_claim_ids": a_claims, "target_claim_ids": t_claims,
                    "doc_ids": sorted({claims[x]["doc_id"] for x in ids})}
            edges.append(edge)
            nodes[a]["edge_ids"].append(edge["id"])
            if t != a:
                nodes[t]["edge_ids"].append(edge["id"])
    return {"version": MAP_VERSION, "kinds": MAP_KINDS,
            "nodes": list(nodes.values()), "edges": edges, "badges": badges,
            "claims": claims, "documents": docs}
