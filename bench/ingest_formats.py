"""Saved pages, PDF and Word: extraction quality and ingest time (issue 14).

    .venv/bin/python bench/ingest_formats.py [--runs 5] [--json OUT]

1. quality on the fixtures (tests/data/formats/, gold.json): passage precision, body recall and
   boilerplate leaks of the trafilatura path, beside the hand-written markup stripper the HTML
   path used before (every page read as a fragment);
2. the PDF library choice on the two-column report: pypdf's and pdfplumber's own text, and ours
   (pdfplumber characters with rebuilt columns, paragraphs, headers and hyphenation) -- gold
   paragraphs found intact, gold sentences found, running headers left in, split words;
3. time per file: read + extract + parse (medians of --runs), per PDF page, and a whole
   Engine.ingest of each file (embedding and the ledger included) into a fresh index.

pypdf is only needed for part 2 (`pip install -c constraints.txt '.[bench]'`); without it that
column is skipped. Nothing is written outside temporary folders.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import ROOT, fmt, log, median, table

FORMATS = ROOT / "tests" / "data" / "formats"
GOLD = json.loads((FORMATS / "gold.json").read_text("utf-8"))
REPORT = "ostervik-situation-report.pdf"


def quality() -> tuple[list[list[object]], dict[str, Any]]:
    from rag.document import build_document
    from rag.evaluation.extraction import ExtractionScore, score_document
    from rag.reader import RawArticle, read_article

    rows: list[list[object]] = []
    totals = {"ours": ExtractionScore(), "stripper": ExtractionScore()}
    for name, gold in GOLD.items():
        doc = build_document(read_article(FORMATS / name, 5 << 20))
        ours = score_document(doc, gold)
        row: list[object] = [name, gold["kind"], f"{ours.precision:.3f}", f"{ours.recall:.3f}",
                             len(ours.leaks)]
        if gold["kind"] == "html":
            totals["ours"] = totals["ours"].add(ours)
            text = (FORMATS / name).read_text("utf-8")
            try:
                old = build_document(RawArticle(path=FORMATS / name, text=text, sha256="0" * 64,
                                                fmt="html"))
                before = score_document(old, gold)
            except Exception:  # noqa: BLE001 - the stripper may find no body at all
                before = ExtractionScore(sentences=len(gold["body"]))
            totals["stripper"] = totals["stripper"].add(before)
            row += [f"{before.precision:.3f}", f"{before.recall:.3f}", len(before.leaks)]
        else:
            row += ["", "", ""]
        rows.append(row)
    summary = {k: {"precision": round(v.precision, 4), "recall": round(v.recall, 4),
                   "leaks": len(v.leaks), "passages": v.passages} for k, v in totals.items()}
    rows.append(["all pages", "html", f"{totals['ours'].precision:.3f}",
                 f"{totals['ours'].recall:.3f}", len(totals["ours"].leaks),
                 f"{totals['stripper'].precision:.3f}", f"{totals['stripper'].recall:.3f}",
                 len(totals["stripper"].leaks)])
    return rows, summary


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def _join_naive(text: str) -> str:
    """What a reader of a library's raw output would do: join hyphenated line ends."""
    return re.sub(r"(\w)[-\u2010\u00ad]\n(?=[a-z])", r"\1", text)


def pdf_comparison(runs: int) -> tuple[list[list[object]], dict[str, Any]]:
    from rag.sentences import sentence_spans

    data = (FORMATS / REPORT).read_bytes()
    gold = GOLD[REPORT]
    paragraphs = [_norm(p) for p in gold["body"]]
    sentences = [p[s:e] for p in paragraphs for s, e in sentence_spans(p)]
    words = {w for p in paragraphs for w in re.findall(r"[a-z]{9,}", p)}

    def score(text: str) -> dict[str, Any]:
        flat = _norm(_join_naive(text))
        return {"paragraphs": sum(p in flat for p in paragraphs),
                "sentences": sum(s in flat for s in sentences),
                "running_lines": flat.count("Page 1 of 3") + flat.count("Situation Report No. 3 ·"),
                "split_words": sum(1 for w in words if w not in flat.lower())}

    candidates: dict[str, Any] = {}
    try:
        import pypdf

        def with_pypdf() -> str:
            return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)

        candidates[f"pypdf {pypdf.__version__} extract_text()"] = with_pypdf
    except ImportError:
        log("pypdf not installed: its column is skipped (pip install '.[bench]')")
    import pdfplumber

    def with_pdfplumber() -> str:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(p.extract_text() or "" for p in pdf.pages)

    def ours() -> str:
        from rag.extract.pdf import extract_pdf

        return extract_pdf(data, REPORT, 500).text

    candidates[f"pdfplumber {pdfplumber.__version__} extract_text()"] = with_pdfplumber
    candidates["ours: pdfplumber chars + rag.extract.pdf"] = ours
    rows, summary = [], {}
    for label, run in candidates.items():
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            text = run()
            times.append(time.perf_counter() - started)
        s = score(text)
        s["ms_per_page"] = round(median(times) * 1000 / 3, 1)
        summary[label] = s
        rows.append([label, f"{s['paragraphs']}/{len(paragraphs)}",
                     f"{s['sentences']}/{len(sentences)}", s["running_lines"],
                     f"{s['split_words']}/{len(words)}", fmt(s["ms_per_page"])])
    return rows, summary


def extract_times(runs: int) -> tuple[list[list[object]], dict[str, Any]]:
    from rag.document import build_document
    from rag.reader import read_article

    rows, summary = [], {}
    for name in [*GOLD]:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            doc = build_document(read_article(FORMATS / name, 5 << 20))
            times.append(time.perf_counter() - started)
        pages = len(doc.page_starts) or 1
        ms = median(times) * 1000
        summary[name] = {"ms": round(ms, 1), "pages": pages, "passages": len(doc.passages)}
        rows.append([name, pages, len(doc.passages), fmt(ms), fmt(ms / pages) if pages > 1 else ""])
    return rows, summary


def ingest_times(runs: int) -> tuple[list[list[object]], dict[str, Any]]:
    import dataclasses

    from rag.config import load_config
    from rag.engine import Engine

    rows, summary = [], {}
    names = [*GOLD, "../../../data/articles/aljazeera-idlib-2020-02-28.txt"]
    for name in names:
        times = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory(prefix="bench-formats-") as tmp:
                config = dataclasses.replace(load_config(), index_dir=Path(tmp) / "index")
                engine = Engine(config, auto_ingest=False)
                started = time.perf_counter()
                result = engine.ingest([FORMATS / name])[0]
                times.append(time.perf_counter() - started)
                engine.close()
        label = Path(name).name
        summary[label] = {"s": round(median(times), 2), "passages": result["n_passages"]}
        rows.append([label, result["n_passages"], fmt(median(times), ",.2f")])
    return rows, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ingest-runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--nice", type=int, default=10)
    args = parser.parse_args()
    os.nice(args.nice)
    out: dict[str, Any] = {"load_average": os.getloadavg()}

    log("quality on the fixtures")
    rows, out["quality"] = quality()
    print(table(["file", "kind", "precision", "recall", "leaks", "stripper precision",
                 "stripper recall", "stripper leaks"], rows))
    log("PDF libraries on the two-column report")
    rows, out["pdf"] = pdf_comparison(args.runs)
    print(table(["extraction", "paragraphs intact", "sentences", "running header/footer lines",
                 "long words split", "ms/page"], rows))
    log(f"read + extract + parse, median of {args.runs}")
    rows, out["extract"] = extract_times(args.runs)
    print(table(["file", "pages", "passages", "ms", "ms/page"], rows))
    log(f"Engine.ingest into a fresh index (embedding, ledger), median of {args.ingest_runs}")
    rows, out["ingest"] = ingest_times(args.ingest_runs)
    print(table(["file", "passages", "s"], rows))
    out["load_average_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), "utf-8")


if __name__ == "__main__":
    main()
