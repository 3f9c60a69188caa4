"""The map of who disputes whom, and the timeline of figures across reports.

Built from the ledger's JSON contract (`rag ledger --json`), never from its internals, so the
same code serves the app, the CLI export and a notebook holding the JSON:

- rag.ledger_map.graph: the graph itself (sides as nodes, discrepancies as edges or badges);
  `build_map(ledger, documents)` returns plain JSON data (`/ledger_map`, `--format map-json`);
- rag.ledger_map.view: filters (kind, document) and paging, so a large corpus draws a readable
  page in bounded time;
- rag.ledger_map.render: Graphviz DOT and SVG of one view;
- rag.ledger_map.timeline: each figure given by several reports or sources, by date; a
  matplotlib SVG chart per quantity.
"""
