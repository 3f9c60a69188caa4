"""Scale benchmark (issue 7, item 4): a synthetic corpus ingested into Chroma in server mode.

    .venv/bin/python bench/scale.py                                   # 1k, 10k, 100k passages
    .venv/bin/python bench/scale.py --max-passages 5000 --stages 1000,5000   # quick run

Generates news-like articles about invented events (bench/synth.py, seeded), starts `chroma run`
on 127.0.0.1 over a temporary folder, and ingests the corpus in stages through the real code path
(Engine.ingest -> rag.ingest.ingest_paths with RAG_CHROMA_HOST/PORT set). At every stage it
reports ingest passages/s (beside the raw SentenceTransformer.encode speed on the same texts),
disk, peak memory of this process and of the Chroma server, Engine.retrieve latency p50/p95,
the cost of re-opening the corpus (manifest parse, document reload, BM25 build) and the ledger
build time (in a subprocess with a time limit, "n/a" while rag.ledger.build is absent), and in
the same subprocess the ledger map: building the graph, drawing page 1 (RAG_MAP_PAGE_SIZE
findings, the most confident first) and the busiest document's map with Graphviz, and the
figures timeline.

The ledger rebuild that ingest_paths runs after every call is skipped during ingest (and timed
on its own per stage) so the ingest figure is the cost of the passage path alone.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from common import ROOT, dir_bytes, fmt, log, percentile, proc_status_kb, table, tree_kb

from rag.testing import chroma_server
from rag.timing import PhaseTimes, on_phase


def hash_embed(texts: list[str], dim: int = 384) -> list[list[float]]:
    """A cheap stand-in embedding (feature hashing of words, unit length, deterministic): used
    past --model-up-to so the store path can be measured at 100k passages in minutes."""
    import zlib

    import numpy as np

    out = np.zeros((len(texts), dim), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            h = zlib.crc32(word.encode("utf-8"))
            out[row, h % dim] += 1.0 if (h >> 16) & 1 else -1.0
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out.tolist()


class HashAfter:
    """Stands in for Embedder.llama: the model for the first `model_up_to` passages, hash_embed
    after that (store-path scaling in bounded time), and delegates everything else. Timing comes
    from the library's phase hooks, not from here."""

    def __init__(self, inner: Any, model_up_to: int | None) -> None:
        self._inner = inner
        self.model_up_to = model_up_to
        self.embedded = {"model": 0, "hash": 0}
        self.embedder: Any = None

    def get_text_embedding_batch(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
        if self.model_up_to is not None and self.embedded["model"] >= self.model_up_to:
            self.embedded["hash"] += len(texts)
            self.hash_queries()
            return hash_embed(texts)
        self.embedded["model"] += len(texts)
        return self._inner.get_text_embedding_batch(texts, **kwargs)

    def hash_queries(self) -> None:
        """Once passages are hash-embedded, questions must be too for dense hits to mean
        anything; the model still encodes each question (result unused) so latency stays real."""
        if self.embedder is None or getattr(self.embedder, "_hash_queries", False):
            return
        import numpy as np

        real = self.embedder.embed_one

        def embed_one(text: str) -> Any:
            real(text)
            return np.asarray(hash_embed([text])[0], dtype=np.float32)

        self.embedder.embed_one = embed_one
        self.embedder._hash_queries = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


# Runs in a fresh process (bounded by a timeout). Prints one JSON line per finished phase so
# a build stopped by the timeout still shows where its time went.
LEDGER_PROBE = r"""
import json, os, sys, time
def emit(**kw):
    print(json.dumps(kw), flush=True)
try:
    from rag.ledger.build import build_ledger
except ImportError as exc:
    emit(status="n/a", why=f"rag.ledger.build not importable: {exc}")
    sys.exit(0)
from rag.config import load_config
from rag.embedding import get_embedder
from rag.nlp import get_nlp
from rag.store import PassageStore
from rag.timing import on_phase

get_nlp()   # loading the pipeline is not part of the build
config = load_config()
embedder = get_embedder(config.embed_model)
embed = embedder.embed
if os.environ.get("BENCH_LEDGER_EMBED") == "hash":
    import numpy as np
    sys.path.insert(0, os.environ["BENCH_DIR"])
    from scale import hash_embed
    embed = lambda texts: np.asarray(hash_embed(texts), dtype=np.float32)
store = PassageStore(config)
t0 = time.perf_counter(); docs = store.all_documents(); t1 = time.perf_counter()
emit(phase="store.all_documents (reload)", s=t1 - t0)
with on_phase(lambda name, seconds: emit(phase=name, s=seconds)):
    ledger = build_ledger(docs, embed=embed, nli_model=None)
t2 = time.perf_counter()
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
# the map (issue 12): the graph of the whole ledger, then the views the app draws, each timed
# as the median of 3 (page 1 at the default page size, the Map tab's HTML, a one-document
# filter, the timeline)
import statistics
from rag.ledger_map.graph import build_map, with_figures
from rag.ledger_map.render import to_svg
from rag.ledger_map.view import select
from rag.ledger_map.timeline import figure_series, render_svg
from rag.ui.map_view import map_html

def median_s(fn, n=3):
    times = []
    for _ in range(n):
        t = time.perf_counter(); out = fn(); times.append(time.perf_counter() - t)
    return statistics.median(times), out

documents = store.documents()
as_dict = ledger.to_dict()
# the app's path: the graph without edge figures (cached per ledger version), then a page
graph_s, graph = median_s(lambda: build_map(as_dict, documents, figures=False))
export_s = median_s(lambda: build_map(as_dict, documents))[0]   # /ledger_map, map-json
page_s, page = median_s(lambda: (lambda v: (v, to_svg(v)))(
    with_figures(select(graph, page_size=config.map_page_size))))
view, svg = page
tab_s = median_s(lambda: map_html(graph, None, None, 1, config.map_page_size))[0]
busiest = max(documents, key=lambda d: sum(d["doc_id"] in e["doc_ids"] for e in graph["edges"]))
doc_s, doc_view = median_s(lambda: (lambda v: (v, to_svg(v)))(
    with_figures(select(graph, doc_id=busiest["doc_id"], page_size=config.map_page_size))))
series_s, series = median_s(lambda: figure_series(as_dict, documents))
# why the map is paged: everything on one page, drawn once (skipped past 5,000 findings)
everything = select(graph, page_size=0)
all_s = median_s(lambda: to_svg(everything), n=1)[0] \
    if everything["page"]["total"] <= 5000 else None
chart_s = median_s(lambda: render_svg(series[:1]))[0] if series else None
emit(phase="map", graph_s=graph_s, export_s=export_s, tab_s=tab_s, page_s=page_s, doc_s=doc_s,
     series_s=series_s,
     chart_s=chart_s, all_s=all_s, sides=len(graph["nodes"]), edges=len(graph["edges"]),
     badges=len(graph["badges"]), items=view["page"]["total"], pages=view["page"]["pages"],
     page_items=view["page"]["shown"], page_size=view["page"]["page_size"],
     doc_items=doc_view[0]["page"]["shown"], svg_kb=len(svg) / 1024, series=len(series))
emit(status="ok", reload_s=t1 - t0, build_s=t2 - t1, claims=len(ledger.claims),
     discrepancies=len(ledger.discrepancies), peak_rss_kb=int(hwm))
"""


def run_ledger_probe(env: dict[str, str], timeout: float) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", LEDGER_PROBE], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout)
        stdout, stopped = done.stdout, False
    except subprocess.TimeoutExpired as exc:   # subprocess.run has killed the child it started
        out = exc.stdout or b""
        stdout, stopped = (out.decode() if isinstance(out, bytes) else out), True
    wall = time.perf_counter() - started
    records = [json.loads(ln) for ln in stdout.splitlines() if ln.startswith("{")]
    phases = {r["phase"]: r["s"] for r in records if "phase" in r and "s" in r}
    map_figures = next((r for r in records if r.get("phase") == "map"), None)
    final = next((r for r in records if "status" in r), None)
    if stopped:
        return {"status": f"> {timeout:.0f} s (stopped)", "wall_s": wall, "phases": phases}
    if final is None:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"status": f"error: {tail[:120]}", "wall_s": wall, "phases": phases}
    final.update(wall_s=wall, phases=phases, map=map_figures)
    return final


def generate_corpus(out: Path, max_passages: int, seed: int) -> list[dict[str, Any]]:
    """Write articles until the body passages reach max_passages; count them with the real
    parser (rag.document.build_document) so stage boundaries are exact."""
    from rag.document import build_document, doc_id_for
    from rag.reader import read_article

    out.mkdir(parents=True, exist_ok=True)
    files: list[dict[str, Any]] = []
    total = 0
    for event, article in synth.generate(seed):
        path = out / article.name
        path.write_text(article.text, "utf-8")
        n = len(build_document(read_article(path, 5 << 20)).passages)
        files.append({"path": path, "event": event, "doc_id": doc_id_for(path), "n": n})
        total += n
        if total >= max_passages:
            return files
        if len(files) % 1000 == 0:
            log(f"generated {len(files):,} articles, {total:,} passages")
    raise AssertionError("unreachable")


def stage_files(files: list[dict[str, Any]], stages: list[int]) -> list[list[dict[str, Any]]]:
    """Split the file list into consecutive groups whose cumulative passages reach each stage."""
    groups: list[list[dict[str, Any]]] = []
    i, total = 0, 0
    for target in stages:
        group = []
        while i < len(files) and total < target:
            group.append(files[i])
            total += files[i]["n"]
            i += 1
        groups.append(group)
    return groups


def measure_stage(engine: Any, times: PhaseTimes, files_so_far: list[dict[str, Any]],
                  new_files: list[dict[str, Any]], args: argparse.Namespace, dirs: dict[str, Path],
                  server_pid: int, env: dict[str, str]) -> dict[str, Any]:
    from rag.document import build_document
    from rag.reader import read_article
    from rag.store import embedding_input

    store = engine.store
    res: dict[str, Any] = {}
    n_passages = sum(f["n"] for f in files_so_far)
    new_passages = sum(f["n"] for f in new_files)
    res.update(passages=n_passages, documents=len(files_so_far), added=new_passages)

    # ---- ingest, in chunks of files (progress; a user ingests batches too) ----
    before = times.snapshot()
    started = time.perf_counter()
    chunk_rates: list[float] = []
    chunk_store_ms: list[float] = []     # ms per passage outside the embedding, per chunk
    embed_key = "ingest: embed passages"
    embedded_before = dict(engine._timed_llama.embedded)
    done = 0
    for i in range(0, len(new_files), args.chunk_files):
        chunk = new_files[i:i + args.chunk_files]
        e0 = times.seconds.get(embed_key, 0.0)
        t0 = time.perf_counter()
        with on_phase(times):
            results = engine.ingest([f["path"] for f in chunk])
        dt = time.perf_counter() - t0
        added = sum(r["n_passages"] for r in results if r["status"] in ("added", "replaced"))
        chunk_rates.append(added / dt)
        chunk_store_ms.append((dt - (times.seconds[embed_key] - e0)) / max(1, added) * 1000)
        done += added
        elapsed = time.perf_counter() - started
        eta = elapsed / done * (new_passages - done) if done else 0
        log(f"  ingested {done:,}/{new_passages:,} new passages "
            f"({added / dt:,.0f} p/s this chunk, {elapsed:,.0f} s, eta {eta:,.0f} s)")
    ingest_s = time.perf_counter() - started
    after = times.snapshot()
    res["ingest_s"] = ingest_s
    res["ingest_pps"] = new_passages / ingest_s
    res["chunk_pps_first_last"] = (chunk_rates[0], chunk_rates[-1]) if chunk_rates else None
    res["chunk_store_ms_first_last"] = ((chunk_store_ms[0], chunk_store_ms[-1])
                                        if chunk_store_ms else None)
    res["embedded_with"] = {k: v - embedded_before[k]
                            for k, v in engine._timed_llama.embedded.items()}
    res["loadavg_1m"] = os.getloadavg()[0]
    breakdown = {}
    for name, (sec, calls) in after.items():
        sec0, calls0 = before.get(name, (0.0, 0))
        breakdown[name] = {"s": sec - sec0, "calls": calls - calls0,
                           "ms_per_call": (sec - sec0) / max(1, calls - calls0) * 1000}
    res["ingest_breakdown"] = breakdown
    embed_s = breakdown.get(embed_key, {}).get("s", 0.0)
    res["store_path_ms_per_passage"] = (ingest_s - embed_s) / max(1, new_passages) * 1000
    res["ingest_pps_model_part"] = (res["embedded_with"]["model"] / embed_s
                                    if res["embedded_with"]["model"] and
                                    not res["embedded_with"]["hash"] else None)
    log(f"  stage ingest {ingest_s:,.1f} s, {res['ingest_pps']:,.0f} p/s, "
        f"embedded {res['embedded_with']}")

    # ---- raw encode baseline on a sample of the same embedding inputs ----
    sample_texts: list[str] = []
    for f in new_files:
        sample_texts += [embedding_input(p)
                         for p in build_document(read_article(f["path"], 5 << 20)).passages]
        if len(sample_texts) >= args.raw_sample:
            break
    sample_texts = sample_texts[:args.raw_sample]
    model = engine._raw_model
    model.encode(sample_texts[:64], batch_size=64, show_progress_bar=False)   # warm
    t0 = time.perf_counter()
    model.encode(sample_texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    res["raw_encode_pps"] = len(sample_texts) / (time.perf_counter() - t0)

    # ---- disk and memory ----
    res["chroma_bytes"] = dir_bytes(dirs["chroma"])
    res["index_bytes"] = dir_bytes(dirs["index"])
    res["manifest_bytes"] = (dirs["index"] / "manifest.json").stat().st_size

    # ---- re-opening the corpus: what a fresh process or the first query after ingest pays ----
    t0 = time.perf_counter()
    for _ in range(5):
        store.manifest()
    res["manifest_parse_ms"] = (time.perf_counter() - t0) / 5 * 1000
    store.invalidate()
    t0 = time.perf_counter()
    store.all_passages()
    res["reload_passages_s"] = time.perf_counter() - t0
    store.invalidate()

    rng = random.Random(args.seed + n_passages)
    events: dict[int, tuple[Any, set[str]]] = {}
    for f in files_so_far:
        events.setdefault(f["event"].number, (f["event"], set()))[1].add(f["doc_id"])
    picked = rng.sample(sorted(events), min(args.queries, len(events)))
    questions = [(rng.choice(synth.questions_for(rng, events[e][0])), events[e][1])
                 for e in picked]
    while len(questions) < args.queries:
        questions.append(questions[len(questions) % len(picked)])

    engine._view = None                         # as after an ingest: a new view of the index
    store.invalidate()
    t0 = time.perf_counter()
    engine.retrieve(questions[0][0])            # builds the view: reload, ledger, BM25
    res["first_query_s"] = time.perf_counter() - t0
    retriever = engine.view().retriever()
    t0 = time.perf_counter()
    retriever._build_bm25()
    res["bm25_build_s"] = time.perf_counter() - t0
    res["rss_after_retriever_kb"] = proc_status_kb("self", "VmRSS")

    for q, _ in questions[:3]:
        engine.retrieve(q)                      # warm caches
    lat, dense_ms, sparse_ms, hits = [], [], [], 0
    for q, doc_ids in questions:
        t0 = time.perf_counter()
        got = engine.retrieve(q)
        lat.append((time.perf_counter() - t0) * 1000)
        hits += any(s.passage.doc_id in doc_ids for s in got[:5])
    import inspect

    # HybridRetriever.dense took the question, later its vector: time the two parts apart
    takes_vector = "vector" in inspect.signature(retriever.dense).parameters
    embed_ms: list[float] = []
    for q, _ in questions:
        t0 = time.perf_counter()
        vector = retriever.embedder.embed_one(q)
        embed_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        retriever.dense(vector.tolist() if takes_vector else q,
                        max(5, engine.config.candidate_k))
        dense_ms.append((time.perf_counter() - t0) * 1000 + (0 if takes_vector else
                                                             -embed_ms[-1]))
        t0 = time.perf_counter()
        retriever.sparse(q)
        sparse_ms.append((time.perf_counter() - t0) * 1000)
    res.update(query_p50_ms=percentile(lat, 50), query_p95_ms=percentile(lat, 95),
               dense_p50_ms=percentile(dense_ms, 50), sparse_p50_ms=percentile(sparse_ms, 50),
               embed_q_p50_ms=percentile(embed_ms, 50),
               event_hit_at5=hits / len(questions), n_queries=len(questions))
    # memory after the retriever (passages + BM25) is built and queried: the stage's peak
    res["rss_peak_kb"] = proc_status_kb("self", "VmHWM")
    res["rss_now_kb"] = proc_status_kb("self", "VmRSS")
    res["chroma_rss_peak_kb"] = tree_kb(server_pid, "VmHWM")
    res["chroma_rss_now_kb"] = tree_kb(server_pid, "VmRSS")
    log(f"  query p50 {res['query_p50_ms']:.1f} ms, p95 {res['query_p95_ms']:.1f} ms, "
        f"hit@5 {res['event_hit_at5']:.2f}")

    # ---- ledger, in its own process with a time limit ----
    if args.ledger_timeout > 0:
        log("  ledger build (subprocess) ...")
        hashed = engine._timed_llama.embedded["hash"] > 0
        res["ledger"] = run_ledger_probe(
            dict(env, BENCH_LEDGER_EMBED="hash" if hashed else "model",
                 BENCH_DIR=str(Path(__file__).resolve().parent)), args.ledger_timeout)
        res["ledger"]["claims_embedded_with"] = "hash" if hashed else "model"
    else:
        res["ledger"] = {"status": "skipped (--ledger-timeout 0)"}
    log(f"  ledger: {res['ledger']}")
    return res


def ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "n/a"
    return f"x{a / b:,.2f}"


def report(results: list[dict[str, Any]]) -> str:
    names = [f"{r['passages']:,} p" for r in results]
    growth_hdr = (f"growth {names[-1]} / {names[0]}" if len(results) > 1 else "growth")

    def row(label: str, key: Any, spec: str = ",.1f", baseline: str = "") -> list[str]:
        values = [key(r) if callable(key) else r.get(key) for r in results]
        growth = ratio(values[-1], values[0]) if len(values) > 1 and all(
            isinstance(v, (int, float)) for v in (values[0], values[-1])) else ""
        return [label] + [fmt(v, spec) for v in values] + [growth, baseline]

    def ledger_s(r: dict[str, Any]) -> Any:
        led = r["ledger"]
        return led["build_s"] if led.get("status") == "ok" else led.get("status", "n/a")

    def kb_mb(key: str):
        return lambda r: (r[key] or 0) / 1024

    corpus_growth = ratio(results[-1]["passages"], results[0]["passages"])

    def model_only(fn):
        return lambda r: fn(r) if not r["embedded_with"]["hash"] else "hash-embedded"

    def first_last(key: str, idx: int):
        return lambda r: (r[key] or [None, None])[idx]

    def phase(name: str):
        return lambda r: r["ledger"].get("phases", {}).get(name)

    rows = [
        row("passages in index", "passages", ",d", "-"),
        row("documents", "documents", ",d", "-"),
        row("passages added in stage: model/hash",
            lambda r: f"{r['embedded_with']['model']:,}/{r['embedded_with']['hash']:,}", "", ""),
        row("load average (1 min) at stage end", "loadavg_1m", ".1f", "2 cores, shared"),
        row("ingest passages/s (this stage)", model_only(lambda r: r["ingest_pps"]), ",.0f",
            "raw encode, same texts"),
        row("  raw SentenceTransformer.encode p/s", "raw_encode_pps", ",.0f", "baseline"),
        row("  ingest / raw encode", model_only(lambda r: r["ingest_pps"] / r["raw_encode_pps"]),
            ".2f", "goal >= 0.80"),
        row("store path ms/passage (excl. embed)", "store_path_ms_per_passage", ",.2f",
            "flat if O(n)"),
        row("  first chunk of stage", first_last("chunk_store_ms_first_last", 0), ",.2f", ""),
        row("  last chunk of stage", first_last("chunk_store_ms_first_last", -1), ",.2f", ""),
        row("disk: chroma --path (MB)", lambda r: r["chroma_bytes"] / 1e6, ",.1f",
            f"corpus {corpus_growth}"),
        row("disk: RAG_INDEX_DIR (MB)", lambda r: r["index_bytes"] / 1e6, ",.1f", ""),
        row("  manifest.json (MB)", lambda r: r["manifest_bytes"] / 1e6, ",.2f", ""),
        row("disk bytes / passage", lambda r: (r["chroma_bytes"] + r["index_bytes"])
            / r["passages"], ",.0f", ""),
        row("peak RSS, this process (MB)", kb_mb("rss_peak_kb"), ",.0f", ""),
        row("peak RSS, chroma server (MB)", kb_mb("chroma_rss_peak_kb"), ",.0f", ""),
        row("query p50 Engine.retrieve (ms)", "query_p50_ms", ",.1f", "goal < 50"),
        row("query p95 Engine.retrieve (ms)", "query_p95_ms", ",.1f", ""),
        row("  embed question p50 (ms)", "embed_q_p50_ms", ",.1f", ""),
        row("  dense: Chroma HTTP query p50 (ms)", "dense_p50_ms", ",.1f", ""),
        row("  BM25 p50 (ms)", "sparse_p50_ms", ",.1f", ""),
        row("  event hit@5 (sanity)", "event_hit_at5", ".2f", ""),
        row("first query after ingest (s)", "first_query_s", ",.2f", "reload + BM25"),
        row("  reload all passages (s)", "reload_passages_s", ",.2f",
            f"linear: {corpus_growth}"),
        row("  BM25 build (s)", "bm25_build_s", ",.2f", ""),
        row("  manifest parse, one read (ms)", "manifest_parse_ms", ",.1f", ""),
        row("ledger build (s)", ledger_s, ",.1f", "subprocess"),
        row("  ledger: claims / discrepancies",
            lambda r: (f"{r['ledger']['claims']:,}/{r['ledger']['discrepancies']:,}"
                       if r["ledger"].get("status") == "ok" else "n/a"), "", ""),
        row("  ledger peak RSS (MB)", lambda r: (r["ledger"].get("peak_rss_kb") or 0) / 1024
            or None, ",.0f", ""),
    ]
    def map_value(key: str, scale: float = 1.0):
        def get(r: dict[str, Any]) -> Any:
            m = r["ledger"].get("map") or {}
            v = m.get(key)
            return v * scale if isinstance(v, (int, float)) else "n/a"
        return get

    rows += [
        row("map: graph of the whole ledger (s)", map_value("graph_s"), ",.2f",
            "once per ledger version"),
        row("map: page 1 select + Graphviz SVG (s)", map_value("page_s"), ",.2f", "goal < 3"),
        row("  Map tab HTML, page 1 (SVG + details, s)", map_value("tab_s"), ",.2f", "goal < 3"),
        row("  graph with every edge's figures (s)", map_value("export_s"), ",.2f",
            "/ledger_map, map-json"),
        row("  findings on page 1 / all (pages)", lambda r: (
            f"{r['ledger']['map']['page_items']:,}/{r['ledger']['map']['items']:,} "
            f"({r['ledger']['map']['pages']:,})" if r["ledger"].get("map") else "n/a"), "", ""),
        row("  sides / edges / badges", lambda r: (
            f"{r['ledger']['map']['sides']:,}/{r['ledger']['map']['edges']:,}/"
            f"{r['ledger']['map']['badges']:,}" if r["ledger"].get("map") else "n/a"), "", ""),
        row("  SVG of page 1 (KB)", map_value("svg_kb"), ",.0f", ""),
        row("map: busiest document, select + SVG (s)", map_value("doc_s"), ",.2f", "goal < 3"),
        row("map: every finding on one page, SVG (s)", map_value("all_s"), ",.1f",
            "why it is paged"),
        row("timeline: series extraction (s)", map_value("series_s"), ",.2f", ""),
        row("  quantities with a series", map_value("series"), ",.0f", ""),
        row("  one chart (matplotlib SVG, s)", map_value("chart_s"), ",.2f", ""),
    ]
    names_seen: list[str] = []
    for r in results:
        for k in r["ledger"].get("phases", {}):
            if k not in names_seen:
                names_seen.append(k)
    rows += [row(f"  ledger phase: {k} (s)", phase(k), ",.1f", "") for k in names_seen]
    out = [table(["metric", *names, growth_hdr, "baseline / goal"], rows), ""]

    # where ingest time goes, per stage
    keys = sorted({k for r in results for k in r["ingest_breakdown"]})
    brows = []
    for k in keys:
        cells = [k]
        for r in results:
            b = r["ingest_breakdown"].get(k)
            cells.append(f"{b['s']:,.1f} s / {b['ms_per_call']:,.1f} ms" if b else "-")
        brows.append(cells)
    brows.append(["stage ingest wall"] + [f"{r['ingest_s']:,.1f} s" for r in results])
    out.append("Where the ingest time went (total s in the stage / ms per call):")
    out.append(table(["phase", *names], brows))
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-passages", type=int, default=100_000)
    ap.add_argument("--stages", default="1000,10000,100000",
                    help="cumulative passage counts to measure at (comma separated)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--queries", type=int, default=60, help="questions per stage")
    ap.add_argument("--chunk-files", type=int, default=250,
                    help="files per Engine.ingest call (progress granularity)")
    ap.add_argument("--raw-sample", type=int, default=1500,
                    help="passages encoded raw per stage for the baseline")
    ap.add_argument("--ledger-timeout", type=float, default=600,
                    help="seconds allowed for each ledger build; 0 skips it")
    ap.add_argument("--model-up-to", type=int, default=None,
                    help="embed only the first N passages with the model, the rest with a "
                         "cheap hashed stand-in (store-path scaling in bounded time); "
                         "default: the model for everything")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="where the temporary corpus and index go (default: system temp)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--json", type=Path, default=None, help="write all figures here")
    ap.add_argument("--nice", type=int, default=10, help="niceness for this run (shared box)")
    args = ap.parse_args()
    if args.nice:
        os.nice(args.nice)
    stages = sorted({int(s) for s in args.stages.split(",") if s.strip()})
    stages = [s for s in stages if s <= args.max_passages] or [args.max_passages]
    script_started = time.perf_counter()

    work = Path(tempfile.mkdtemp(prefix="rag-scale-", dir=args.workdir))
    dirs = {"corpus": work / "corpus", "chroma": work / "chroma", "index": work / "index"}
    log(f"work folder {work}")
    results: list[dict[str, Any]] = []
    try:
        t0 = time.perf_counter()
        files = generate_corpus(dirs["corpus"], stages[-1], args.seed)
        log(f"corpus: {len(files):,} articles, {sum(f['n'] for f in files):,} passages, "
            f"{dir_bytes(dirs['corpus']) / 1e6:,.1f} MB in {time.perf_counter() - t0:.1f} s")
        groups = stage_files(files, stages)

        with chroma_server(dirs["chroma"], work / "chroma.log") as server:
            log(f"chroma run on 127.0.0.1:{server.port} (pid {server.pid})")
            os.environ.update(RAG_INDEX_DIR=str(dirs["index"]), RAG_CHROMA_HOST="127.0.0.1",
                              RAG_CHROMA_PORT=str(server.port))
            env = dict(os.environ)
            from rag.config import load_config
            from rag.embedding import get_embedder
            from rag.engine import Engine
            from rag.ledger.persistence import LedgerFiles
            from rag.timing import PhaseTimes

            class LedgerLater(LedgerFiles):
                """Ingest without its ledger step: the ledger is built per stage, timed in a
                subprocess (see the module docstring)."""

                def refresh(self, *args: Any, **kwargs: Any) -> None:
                    return None

            config = load_config()
            assert config.server_mode
            times = PhaseTimes()
            embedder = get_embedder(config.embed_model)
            timed_llama = HashAfter(embedder.llama, args.model_up_to)
            timed_llama.embedder = embedder
            embedder.llama = timed_llama  # type: ignore[assignment]
            engine: Any = Engine(config, auto_ingest=False)
            engine.ledger_files = LedgerLater(config.index_dir)
            engine._raw_model = embedder.model
            engine._timed_llama = timed_llama
            so_far: list[dict[str, Any]] = []
            for target, group in zip(stages, groups):
                so_far += group
                log(f"stage {target:,}: ingesting {len(group):,} articles "
                    f"({sum(f['n'] for f in group):,} passages)")
                res = measure_stage(engine, times, so_far, group, args, dirs, server.pid, env)
                res["stage_target"] = target
                results.append(res)
                print(f"\n-- after stage {target:,} --", file=sys.stderr)
                print(report(results), file=sys.stderr, flush=True)
            engine.close()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept {work}")

    total = time.perf_counter() - script_started
    print(f"\nScale benchmark: synthetic corpus (seed {args.seed}), Chroma in server mode "
          f"(chroma run, 127.0.0.1), {results[-1]['n_queries']} questions per stage; "
          f"run took {total / 60:,.1f} min.")
    print("Ingest figures exclude the ledger rebuild that ingest_paths runs after each call "
          "(reported on its own row).\n")
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps({"stages": results, "run_s": total}, indent=1,
                                        default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
