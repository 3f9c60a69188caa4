"""The Markdown report of an eval run: figures ours vs baseline with their definitions, a bar
chart (PNG written beside the report), and every failed question with expected vs returned.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from rag.evaluation.metrics import METRIC_DEFINITIONS, METRIC_KEYS

RATE_KEYS = [k for k in METRIC_KEYS if not k.startswith("latency")] + ["contested_recall_grounded"]
MAX_ANSWER_CHARS = 220   # long answers are cut in the failure table; OUT.json has them whole


EXTRA_KEYS = ["abstention_accuracy_lenient", "contested_recall_grounded",
              "contested_unanswerable_flagged", "uncited_sentences", "mean_answer_chars"]
# Columns of the breakdown tables: (figure key, column heading)
BREAKDOWN_COLUMNS = [
    ("answer_accuracy", "answer acc."), ("evidence_recall_at_5", "evidence@5"),
    ("citation_precision", "cit. P"), ("citation_recall", "cit. R"),
    ("abstention_accuracy", "abstention acc."),
    ("abstention_accuracy_lenient", "abst. acc. (near-miss = declined)"),
    ("false_abstentions", "false abst."),
    ("contested_precision", "flag P"), ("contested_recall", "flag R"),
    ("contested_unanswerable_flagged", "unans. flagged"), ("uncited_sentences", "uncited"),
]
BREAKDOWN_TITLES = {
    "split": "By split (article's words / reworded are the working split; held out was never "
             "calibrated on)",
    "genre_split": "By genre, for both splits",
    "genre": "By genre",
    "article": "By article",
}


def _fmt(key: str, value: Any) -> str:
    if value is None:
        return "n/a"
    if key in ("uncited_sentences", "false_abstentions"):
        return str(int(value))
    if key.startswith("latency") or key == "mean_answer_chars":
        return f"{value:,.0f}" if key == "mean_answer_chars" else f"{value:,.1f}"
    return f"{value:.3f}"


def _cell(text: str) -> str:
    """Make any text safe inside one Markdown table cell."""
    return " ".join(str(text).replace("|", "\\|").split())


def _figures_table(result: dict[str, Any]) -> list[str]:
    base = result.get("baseline") or {}
    rows = ["| metric | ours | baseline | definition |", "|---|---:|---:|---|"]
    for key in [*METRIC_KEYS, *EXTRA_KEYS]:
        definition = METRIC_DEFINITIONS.get(key, "Mean length of the answer text in characters "
                                                 "(context for the accuracy figures).")
        rows.append(f"| {key} | {_fmt(key, result.get(key))} | "
                    f"{_fmt(key, base.get(key)) if base else '-'} | {_cell(definition)} |")
    return rows


def _breakdown_tables(breakdown: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """One table per grouping: questions, then every figure (n/a where it does not apply)."""
    lines: list[str] = []
    for grouping in ("split", "genre_split", "genre", "article"):
        groups = breakdown.get(grouping)
        if not groups or (len(groups) < 2 and grouping != "split"):
            continue
        lines += [f"### {BREAKDOWN_TITLES[grouping]}", "",
                  "| group | questions (answerable / unanswerable) | "
                  + " | ".join(title for _, title in BREAKDOWN_COLUMNS) + " |",
                  "|---|---|" + "---:|" * len(BREAKDOWN_COLUMNS)]
        for name, figures in groups.items():
            counts = figures.get("counts", {})
            cells = []
            for key, _ in BREAKDOWN_COLUMNS:
                cell = _fmt(key, figures.get(key))
                if key == "false_abstentions":
                    cell += f" / {counts.get('answerable', 0)}"
                cells.append(cell)
            lines.append(f"| {_cell(name)} | {figures.get('n')} ({counts.get('answerable', 0)}"
                         f" / {counts.get('unanswerable', 0)}) | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def _bars(ax: Any, labels: list[str], ours: list[float | None], base: list[float | None] | None,
          number: str) -> None:
    """Grouped bars with their values written on top; a missing figure shows as "n/a"."""
    width = 0.4 if base is not None else 0.8
    series = [("ours", ours, -width / 2 if base is not None else 0.0)]
    if base is not None:
        series.append(("baseline", base, width / 2))
    for label, values, shift in series:
        xs = [i + shift for i in range(len(labels))]
        bars = ax.bar(xs, [v or 0.0 for v in values], width, label=label)
        for bar, value in zip(bars, values):
            ax.annotate("n/a" if value is None else format(value, number),
                        (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=25, ha="right", fontsize=8)


def write_chart(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")   # no display on servers and in tests
    import matplotlib.pyplot as plt

    base = result.get("baseline") or None
    fig, (rates, latency) = plt.subplots(1, 2, figsize=(13, 4.8),
                                         gridspec_kw={"width_ratios": [4, 1]})
    labels = [k + (" (lower=better)" if k == "false_abstention_rate" else "") for k in RATE_KEYS]
    _bars(rates, labels, [result.get(k) for k in RATE_KEYS],
          [base.get(k) for k in RATE_KEYS] if base else None, ".2f")
    rates.set_ylim(0, 1.12)
    rates.set_ylabel("share (0-1)")
    rates.set_title(f"{Path(str(result.get('dataset', ''))).name}: {result.get('n')} questions")
    rates.legend(loc="upper right", fontsize=8)
    keys = ["latency_p50_ms", "latency_p95_ms"]
    _bars(latency, ["p50", "p95"], [result.get(k) for k in keys],
          [base.get(k) for k in keys] if base else None, ",.0f")
    latency.set_ylabel("ms per question")
    latency.set_title("latency")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _expected(q: dict[str, Any]) -> str:
    exp = q["expected"]
    text = ("abstain" if not exp["answerable"]
            else "one of: " + ", ".join(f"“{a}”" for a in exp["answers"]))
    if exp.get("contested"):
        text += "; with a flag"
    if exp.get("forbidden"):
        text += "; never: " + ", ".join(f"“{a}”" for a in exp["forbidden"])
    return text


def _returned(q: dict[str, Any]) -> str:
    resp = q["response"]
    if resp.get("error"):
        return f"error: {resp['error']}"
    answer = str(resp.get("answer", ""))
    if len(answer) > MAX_ANSWER_CHARS:
        answer = answer[:MAX_ANSWER_CHARS] + "…"
    flags = ", ".join(f["kind"] for f in resp.get("flags", [])) or "none"
    state = "ABSTAINED: " if resp.get("abstained") else ""
    return f"{state}{answer} (flags: {flags}; citations: {len(resp.get('citations', []))})"


def _what_failed(q: dict[str, Any]) -> str:
    """The failure list, with the sentences that lack support spelled out (cut short)."""
    parts = []
    for failure in q["scores"]["failures"]:
        if failure.startswith("citation recall"):
            bad = [s["text"] for s in q["scores"].get("citation_detail", []) if not s["supported"]]
            failure += "; unsupported: " + " / ".join(
                f"“{t[:80]}{'…' if len(t) > 80 else ''}”" for t in bad)
        parts.append(failure)
    return "; ".join(parts)


def _failures_table(per_question: list[dict[str, Any]]) -> list[str]:
    failed = [q for q in per_question if q["scores"]["failures"]]
    if not failed:
        return ["No failed questions."]
    rows = [f"{len(failed)} of {len(per_question)} questions failed at least one check.", "",
            "| id | question | what failed | expected | came back |", "|---|---|---|---|---|"]
    for q in failed:
        rows.append(f"| {q['id']} | {_cell(q['question'])} | "
                    f"{_cell(_what_failed(q))} | {_cell(_expected(q))} | "
                    f"{_cell(_returned(q))} |")
    return rows


def render_report(result: dict[str, Any], chart_name: str | None,
                  map_note: list[str] | None = None) -> str:
    counts = result.get("counts", {})
    lines = [
        "# Question-answer eval", "",
        f"Dataset `{result.get('dataset')}`: {result.get('n')} questions "
        f"({counts.get('answerable', 0)} answerable, {counts.get('unanswerable', 0)} "
        f"unanswerable, {counts.get('contested', 0)} contested) over "
        f"{', '.join(result.get('documents', []))}. Whole run: {result.get('elapsed_s')} s.",
        "",
        f"Citation support criterion: {result.get('support_criterion')}.",
        "",
    ]
    if not result.get("nli_judge"):
        lines += ["With the evidence-overlap criterion, a sentence counts as supported when its "
                  "citation points at gold evidence: a correct sentence citing a passage that "
                  "is off the question's point counts as unsupported (padding is penalised).",
                  ""]
    if result.get("baseline"):
        lines += [f"Baseline: {result['baseline'].get('system')}. Its chunks are far larger "
                  "than our sentence passages, so substring accuracy and recall@5 favour it; "
                  "`mean_answer_chars` shows the price.", ""]
    lines += ["## Figures", "", *_figures_table(result), ""]
    if chart_name:
        lines += [f"![ours vs baseline]({chart_name})", ""]
    if result.get("breakdown"):
        lines += ["## Figures per split, genre and article (ours)", "",
                  "False abstentions are counted against the answerable questions of the "
                  "group; flag P / R are contested-flag precision and recall; unans. flagged is "
                  "the share of unanswerable questions on a disputed point whose reply flags "
                  "it.", "", *_breakdown_tables(result["breakdown"])]
    if result.get("evidence_not_found"):
        lines += ["Gold evidence strings not found in any document (those questions are not "
                  "counted in evidence recall):", ""]
        lines += [f"- “{_cell(s)}”" for s in result["evidence_not_found"]] + [""]
    if map_note:
        lines += ["## The ledger map", "", *map_note, ""]
    lines += ["## Failed questions (ours)", "", *_failures_table(result["per_question"]), ""]
    if result.get("baseline", {}).get("per_question"):
        base = result["baseline"]["per_question"]
        failed = sum(bool(q["scores"]["failures"]) for q in base)
        lines += [f"The baseline failed at least one check on {failed} of {len(base)} "
                  "questions (details in OUT.json under `baseline.per_question`).", ""]
    return "\n".join(lines)


def write_map(graph: dict[str, Any], report_path: Path) -> list[str]:
    """Draw the ledger map (the same Graphviz SVG as the app's Map tab and `rag ledger --format
    svg`) as `<report stem>-map.svg`; return the report's lines about it."""
    from rag.errors import RagError
    from rag.ledger_map.render import standalone_svg, to_svg
    from rag.ledger_map.view import select

    view = select(graph, page_size=0)
    page = view["page"]
    what = (f"Who disputes whom in the eval corpus: {page['total']} findings between "
            f"{len(view['nodes'])} of {page['sides_total']} sides (`rag ledger --format svg` "
            "draws the same; the app's Map tab links every line to its claims).")
    if not page["total"]:
        return [what]
    path = report_path.with_name(report_path.stem + "-map.svg")
    try:
        path.write_text(standalone_svg(to_svg(view)), "utf-8")
    except RagError as exc:
        return [what, "", f"Not drawn: {exc}"]
    return [what, "", f"![the ledger map]({path.name})"]


def write_report(result: dict[str, Any], report_path: Path,
                 graph: dict[str, Any] | None = None) -> Path:
    """Write the Markdown report and `<report stem>.png` beside it (and `<stem>-map.svg` when
    the ledger map is given); returns the chart path."""
    report_path.parent.mkdir(parents=True, exist_ok=True)
    chart_path = report_path.with_suffix(".png")
    write_chart(result, chart_path)
    map_note = write_map(graph, report_path) if graph is not None else None
    report_path.write_text(render_report(result, chart_path.name, map_note), "utf-8")
    return chart_path
