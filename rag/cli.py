"""The `rag` command line: a thin surface over rag.engine.Engine.

Every command takes --json for machine output. Errors print one line to stderr and exit 2;
nothing is written to the index when a command fails.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.errors import InputError, RagError

if TYPE_CHECKING:
    from rag.engine import Engine
    from rag.ledger.model import Ledger
    from rag.records import Document
    from rag.users import UserFile

EXIT_USAGE = 2


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _engine(auto_ingest: bool = True) -> Engine:
    from rag.engine import Engine

    return Engine(auto_ingest=auto_ingest)


def cmd_ingest(args: argparse.Namespace) -> int:
    if args.published and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.published):
        raise RagError(f"--published must be YYYY-MM-DD, got {args.published!r}")
    from rag.config import load_config
    from rag.ingest import parse_all

    # Read (and fetch) every file and URL once, before opening the index and loading the model.
    config = load_config()
    from rag.store import open_elsewhere

    if not config.server_mode and open_elsewhere(config.index_dir):
        raise RagError(f"the index at {config.index_dir} is open in another process (the "
                       "app?), whose vector search would not see what this command adds; add "
                       "the articles through that app (page or /add_article API), stop it "
                       "first, or run Chroma as a server (RAG_CHROMA_HOST) to share the index")
    docs = parse_all(args.paths, config, args.source, args.published)
    from rag.audit import Actor

    results = _engine(auto_ingest=False).ingest_documents(docs, source=args.source,
                                                          published=args.published,
                                                          actor=Actor.local("cli"))
    if args.json:
        _print_json({"documents": results})
    else:
        for r in results:
            said = ", ".join(x for x in (r.get("source"), r.get("published")) if x)
            print(f"{r['status']:>16}  {r['doc_id']}  ({r['n_passages']} passages; {said})  "
                  f"{r['path']}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from rag.config import load_config
    from rag.questions import check_question

    # "-" reads the question from stdin (argv cannot carry very long questions)
    question = sys.stdin.read() if args.question == "-" else args.question
    question = check_question(question, load_config().max_question_chars)  # before model load
    engine = _engine()
    answer = engine.ask(question)
    if args.json:
        _print_json(answer.to_dict())
        return 0
    print(answer.answer)
    from rag.records import page_label

    for c in answer.citations:
        where = " ".join(x for x in (c.doc_id, page_label(c.page, c.page_end)) if x)
        print(f"  [{c.n}] {where} {c.start}-{c.end}: {c.text}")
    for f in answer.flags:
        print(f"  ! {f.kind}: {f.summary} (citations {', '.join(map(str, f.citations))})")
    return 0


def _check_out_path(path: str | None, suffix: str, option: str) -> Path | None:
    """An output file must end in `suffix` and sit in an existing folder (checked before the
    index is opened, so a typo costs nothing)."""
    if path is None:
        return None
    out = Path(path)
    if out.suffix.lower() != suffix:
        raise RagError(f"{option} must name a {suffix} file, got {path!r}")
    if not out.parent.is_dir():
        raise RagError(f"{option}: folder {str(out.parent)!r} does not exist")
    return out


def cmd_ledger(args: argparse.Namespace) -> int:
    map_out = _check_out_path(args.map, ".svg", "--map")
    timeline_out = _check_out_path(args.timeline, ".svg", "--timeline")
    from rag.ledger_map.view import check_kinds

    if args.map_kind:
        check_kinds(args.map_kind)
    if args.map_page < 1:
        raise RagError(f"--map-page must be 1 or more, got {args.map_page}")
    engine = _engine()
    ledger = engine.ledger()
    wants_map = args.format in ("map-json", "svg", "dot") or map_out is not None
    graph = view = None
    if wants_map:
        from rag.ledger_map.graph import build_map
        from rag.ledger_map.view import filtered, select

        graph = build_map(ledger.to_dict(), engine.documents())
        page_size = engine.config.map_page_size if args.map_page_size is None \
            else args.map_page_size
        view = select(graph, args.map_kind, args.map_doc, args.map_page, page_size)
    if map_out is not None or args.format == "svg":
        from rag.ledger_map.render import standalone_svg, to_svg

        svg = standalone_svg(to_svg(view))   # type: ignore[arg-type]
        if map_out is not None:
            map_out.write_text(svg, encoding="utf-8")
            page = view["page"]   # type: ignore[index]
            print(f"wrote {map_out}: {page['shown']} of {page['total']} findings, "
                  f"page {page['page']} of {page['pages']}", file=sys.stderr)
    if timeline_out is not None:
        from rag.ledger_map.render import standalone_svg
        from rag.ledger_map.timeline import figure_series, render_svg

        series = figure_series(ledger.to_dict(), engine.documents())
        if args.map_doc:
            series = [s for s in series if args.map_doc in s["doc_ids"]]
        if not series:
            raise RagError("no figure is given by more than one report or source; "
                           "no timeline to write")
        timeline_out.write_text(standalone_svg(render_svg(series)), encoding="utf-8")
        print(f"wrote {timeline_out}: {len(series)} "
              f"{'quantity' if len(series) == 1 else 'quantities'}", file=sys.stderr)
    if args.format == "svg":
        sys.stdout.write(svg + "\n")
        return 0
    if args.format == "dot":
        from rag.ledger_map.render import to_dot

        sys.stdout.write(to_dot(view))   # type: ignore[arg-type]
        return 0
    if args.format == "map-json":
        # unfiltered: the whole map (every side); filtered: every match on one page
        _print_json(filtered(graph, args.map_kind, args.map_doc)  # type: ignore[arg-type]
                    if args.map_page_size is None and args.map_page == 1 else view)
        return 0
    if (map_out is not None or timeline_out is not None) and args.format is None \
            and not args.json:
        return 0   # only a file was asked for; the ledger itself with --format or --json
    if args.json or args.format == "json":
        _print_json(ledger.to_dict())
        return 0
    from rag.ledger import export

    sys.stdout.write(export.to_csv(ledger) if args.format == "csv" else export.to_markdown(ledger))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.ledger_gold:
        return _eval_ledger_gold(args)
    if not args.dataset:
        raise InputError("rag eval needs --dataset FILE.jsonl or --ledger-gold PATH")
    from rag.evaluation.runner import load_items, run_eval

    datasets = [Path(d) for d in args.dataset]
    load_items(datasets)   # a malformed file is reported before the model loads
    result = run_eval(_engine(), datasets,
                      json_out=Path(args.json_out) if args.json_out else None,
                      report_out=Path(args.report) if args.report else None,
                      baseline=not args.no_baseline, progress=not args.quiet)
    summary = {k: v for k, v in result.items() if k not in ("per_question", "breakdown")}
    if isinstance(summary.get("baseline"), dict):
        summary["baseline"] = {k: v for k, v in summary["baseline"].items()
                               if k not in ("per_question", "breakdown")}
    if args.json_out is None and args.print_json:
        _print_json(result)
    else:
        _print_json(summary)
    return 0


def _eval_ledger_gold(args: argparse.Namespace) -> int:
    """Score the ledger against gold ledger files (a file or a folder of them): recall, false
    alarms and must-not violations per gold file and per split."""
    from rag.config import load_config
    from rag.document import build_document
    from rag.embedding import get_embedder
    from rag.evaluation.ledger_gold import gold_files, score_gold_file, summary_table
    from rag.ledger.build import build_ledger
    from rag.reader import read_article

    config = load_config()
    target = Path(args.ledger_gold)
    if not target.exists():
        raise InputError(f"{target}: no such gold file or folder")
    embed = get_embedder().embed

    def read(path: Path, source: str | None, published: str | None) -> Document:
        return build_document(read_article(path, config.max_file_bytes), source=source,
                              published=published)

    def build(documents: list[Document]) -> Ledger:
        return build_ledger(documents, embed=embed, nli_model=config.nli_model)

    root = Path.cwd()
    scores = [score_gold_file(path, root, embed, build, read) for path in gold_files(target)]
    splits: dict[str, dict[str, Any]] = {}
    result = {"gold": [s.to_dict() for s in scores], "splits": splits}
    for split in sorted({s.split for s in scores}):
        mine = [s for s in scores if s.split == split]
        must = sum(s.must for s in mine)
        splits[split or "all"] = {
            "must": must, "hit": sum(len(s.hit) for s in mine),
            "recall": round(sum(len(s.hit) for s in mine) / must, 3) if must else 1.0,
            "false_alarms": sum(len(s.false_alarms) for s in mine),
            "violations": sum(len(s.violations) for s in mine)}
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(result, indent=1, ensure_ascii=False), "utf-8")
    if args.report:
        Path(args.report).write_text("# Ledger against gold\n\n" + summary_table(scores) + "\n",
                                     "utf-8")
    if args.print_json or not sys.stdout.isatty():
        _print_json(result)
    else:
        print(summary_table(scores))
        for s in scores:
            for summary in s.false_alarms:
                print(f"false alarm [{s.name}]: {summary}")
            if s.missed:
                print(f"missed [{s.name}]: {', '.join(s.missed)}")
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    documents = _engine().documents()
    if args.json:
        _print_json({"documents": documents})
    else:
        for d in documents:
            print(f"{d['doc_id']}  {d['source']}  {d.get('published') or '-'}  "
                  f"{d['n_passages']} passages  {d['title']}")
    return 0


def _read_password(name: str) -> str:
    """From a prompt (typed twice, not echoed) on a terminal; else the first line of stdin, so
    scripts can pipe it in. Never from the command line, where `ps` would show it."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(f"Password for {name}: ")
        if getpass.getpass("Repeat the password: ") != first:
            raise RagError("the two passwords differ; nothing was changed")
        return first
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def _users_file(args: argparse.Namespace) -> UserFile:
    from rag.config import load_config
    from rag.users import UserFile

    path = Path(args.file) if args.file else load_config().app_auth
    if path is None:
        raise RagError("no users file: pass --file FILE or set RAG_APP_AUTH=FILE")
    return UserFile(path)


def cmd_users(args: argparse.Namespace) -> int:
    users = _users_file(args)
    if args.action == "list":
        names = users.names()
        if args.json:
            _print_json({"file": str(users.path), "users": names})
        else:
            print("\n".join(names))
        return 0
    if not args.name:
        raise RagError(f"`rag users {args.action}` needs a user NAME")
    if args.action == "remove":
        users.remove(args.name)
        status = "removed"
    else:
        from rag.users import check_name

        check_name(args.name)   # before asking for a password
        status = users.add(args.name, _read_password(args.name).rstrip("\r"),
                           replace=args.replace)
    if args.json:
        _print_json({"file": str(users.path), "user": args.name, "status": status})
    else:
        print(f"{status} user {args.name} in {users.path}")
    return 0


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "ingest": (cmd_ingest, "add or replace articles (.txt, .md, .html, .pdf, .docx files, "
                           "folders or http(s) URLs) in the index"),
    "ask": (cmd_ask, "answer a question with cited passages and discrepancy flags"),
    "ledger": (cmd_ledger, "print the claim ledger: who said what, and the discrepancies"),
    "eval": (cmd_eval, "run a question-answer dataset through the chat's code path"),
    "documents": (cmd_documents, "list the ingested documents"),
    "users": (cmd_users, "add, remove or list the app's users (the RAG_APP_AUTH file)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Discrepancy-tracking chatbot "
                                     "over news articles.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=COMMANDS[name][1], description=COMMANDS[name][1])
        command.set_defaults(func=COMMANDS[name][0])
        return command

    ingest = add("ingest")
    ingest.add_argument("paths", nargs="+", metavar="PATH_OR_URL",
                        help="article files, folders of articles, or http(s) URLs of pages")
    ingest.add_argument("--source", help="outlet name, e.g. 'Al Jazeera' (overrides what the "
                        "page or file says)")
    ingest.add_argument("--published", help="publication date, YYYY-MM-DD (overrides what the "
                        "page or file says)")
    ingest.add_argument("--json", action="store_true", help="machine-readable output")

    ask = add("ask")
    ask.add_argument("question", help="the question; '-' reads it from stdin")
    ask.add_argument("--json", action="store_true", help="machine-readable output")

    ledger = add("ledger")
    ledger.add_argument("--json", action="store_true", help="machine-readable output")
    ledger.add_argument("--format", choices=["md", "csv", "json", "map-json", "svg", "dot"],
                        default=None,
                        help="md (default), csv, json: the ledger; map-json: the map as a graph"
                        " (as the app's /ledger_map); svg, dot: the map drawn by Graphviz")
    ledger.add_argument("--map", metavar="FILE.svg", help="also write the map as SVG here")
    ledger.add_argument("--timeline", metavar="FILE.svg",
                        help="write the figures timeline (every quantity given by more than "
                             "one report or source) as SVG here")
    ledger.add_argument("--map-kind", action="append", metavar="KIND",
                        help="keep this kind on the map (repeatable): disputes, "
                             "could_not_confirm, conflicting_figures, update, corroborates, "
                             "badge")
    ledger.add_argument("--map-doc", metavar="DOC_ID",
                        help="keep the findings with a claim in this document")
    ledger.add_argument("--map-page", type=int, default=1, help="page of the map (default 1)")
    ledger.add_argument("--map-page-size", type=int, default=None,
                        help="findings per page (default RAG_MAP_PAGE_SIZE, 60; 0: all)")

    evaluate = add("eval")
    evaluate.add_argument("--dataset", action="append", metavar="FILE.jsonl",
                          help="JSONL file in the eval format; repeat to evaluate several "
                               "files in one run (ids must be unique across them)")
    evaluate.add_argument("--ledger-gold", metavar="PATH",
                          help="score the ledger against a gold ledger file or a folder of them")
    evaluate.add_argument("--json", dest="json_out", metavar="OUT.json",
                          help="write all figures and per-question outputs here")
    evaluate.add_argument("--report", metavar="OUT.md", help="write a Markdown report here")
    evaluate.add_argument("--no-baseline", action="store_true",
                          help="skip the plain llama-index baseline")
    evaluate.add_argument("--quiet", action="store_true", help="no progress bar")
    evaluate.add_argument("--print-json", action="store_true",
                          help="print the full result (with per_question) to stdout")

    documents = add("documents")
    documents.add_argument("--json", action="store_true", help="machine-readable output")

    users = add("users")
    users.add_argument("action", choices=["add", "remove", "list"], nargs="?", default="list",
                       help="default: list")
    users.add_argument("name", nargs="?", help="user name (add, remove)")
    users.add_argument("--file", help="users file (default: RAG_APP_AUTH)")
    users.add_argument("--replace", action="store_true",
                       help="add: set a new password for an existing user")
    users.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "json", False) or args.command == "eval":
        from rag.embedding import set_progress_bars

        set_progress_bars(False)   # stdout is JSON; stderr carries only errors
    try:
        return int(args.func(args))
    except RagError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
