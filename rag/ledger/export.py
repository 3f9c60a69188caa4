"""The ledger for people: Markdown for reading, CSV for spreadsheets (`rag ledger --format`)."""
from __future__ import annotations

import csv
import io

from rag.ledger.model import Ledger
from rag.records import Claim

_KIND_TITLES = {"contested": "Contested", "unverified": "Unverified", "numeric": "Numeric"}


def _cell(text: str) -> str:
    # a pipe or newline would break a Markdown table row
    return " ".join(text.split()).replace("|", "\\|")


def to_markdown(ledger: Ledger) -> str:
    lines = ["# Claim ledger", "",
             f"{len(ledger.claims)} claims, {len(ledger.discrepancies)} discrepancies.", ""]
    for kind, title in _KIND_TITLES.items():
        found = [d for d in ledger.discrepancies if d.kind == kind]
        if not found:
            continue
        lines += [f"## {title} ({len(found)})", ""]
        for d in found:
            lines.append(f"- **{_cell(d.summary)}** (confidence {d.confidence:.2f}, "
                         f"{d.relation or d.kind}, `{d.id}`)")
            for c in d.claims:
                lines.append(f"  - {c.stance}: {_cell(c.source)} ({c.cue or 'reports'}): "
                             f"“{_cell(c.text)}” [{c.doc_id} {c.start}-{c.end}]")
        lines.append("")
    if ledger.corroborations:
        lines += [f"## Corroborated ({len(ledger.corroborations)})", ""]
        for a in ledger.corroborations:
            lines.append(f"- {_cell(a.summary)} (confidence {a.confidence:.2f}, `{a.id}`)")
        lines.append("")
    lines += ["## Claims", "", "| source | cue | stance | claim | where |", "|---|---|---|---|---|"]
    for c in ledger.claims:
        lines.append(f"| {_cell(c.source)} | {_cell(c.cue)} | {c.stance} | {_cell(c.text)} | "
                     f"{c.doc_id} {c.start}-{c.end} |")
    return "\n".join(lines) + "\n"


CSV_FIELDS = ["discrepancy_id", "kind", "relation", "confidence", "summary", "claim_id", "doc_id",
              "source", "party", "cue", "stance", "start", "end", "text"]


def to_csv(ledger: Ledger) -> str:
    """One row per (discrepancy, claim); claims in no discrepancy get rows with empty ids."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    in_discrepancy: set[str] = set()
    for d in ledger.discrepancies:
        for c in d.claims:
            in_discrepancy.add(c.id)
            writer.writerow({"discrepancy_id": d.id, "kind": d.kind, "relation": d.relation,
                             "confidence": f"{d.confidence:.3f}", "summary": d.summary,
                             **_claim_row(c)})
    for c in ledger.claims:
        if c.id not in in_discrepancy:
            writer.writerow({"discrepancy_id": "", "kind": "", "relation": "", "confidence": "",
                             "summary": "", **_claim_row(c)})
    return out.getvalue()


def _claim_row(c: Claim) -> dict[str, object]:
    return {"claim_id": c.id, "doc_id": c.doc_id, "source": c.source, "party": c.party,
            "cue": c.cue, "stance": c.stance, "start": c.start, "end": c.end, "text": c.text}
