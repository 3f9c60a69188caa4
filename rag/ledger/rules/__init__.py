"""The ledger's rules, one module per family, each rule a function of a shared LedgerContext.

The order matters only where a rule reads what earlier ones linked (contradictions skip pairs a
denial already links; one-sided claims skip claims already flagged; the weighing of
corroboration comes last). `RULES` names every rule so one can be switched off alone
(`build_ledger(..., disabled={"contradictions"})`, or `RAG_LEDGER_DISABLED_RULES`).
"""
from __future__ import annotations

from collections.abc import Callable

from rag.ledger.rules import contested, corroboration, dates, numeric, restated, unverified
from rag.ledger.rules.context import LedgerContext
from rag.ledger.version import RULES_VERSION  # noqa: F401  (re-exported)
from rag.timing import phase

Rule = Callable[[LedgerContext], None]
# RULES_VERSION (rag/ledger/version.py) is bumped whenever a rule changes what it finds

RULES: dict[str, Rule] = {
    "denials": contested.denials,
    "disclaimers": unverified.disclaimers,
    "framings": contested.framings,
    "corrections": contested.corrections,
    "malformed_numbers": numeric.malformed,
    "figures": numeric.conflicting_figures,       # updates are decided inside (rules/update.py)
    "anonymous": unverified.anonymous,
    "no_comment": unverified.no_comment,
    "contradictions": contested.contradictions,
    "dates": dates.dates,
    "corroborations": corroboration.corroborations,
    "one_sided": unverified.one_sided,
    "restatements": restated.restatements,
    "weigh_corroboration": corroboration.weigh,
}


def run_rules(ctx: LedgerContext, disabled: frozenset[str] = frozenset()) -> None:
    unknown = disabled - set(RULES)
    if unknown:
        raise ValueError(f"unknown ledger rules {sorted(unknown)}; known: {sorted(RULES)}")
    for name, rule in RULES.items():
        if name not in disabled:
            with phase(f"ledger: rule {name}"):
                rule(ctx)
