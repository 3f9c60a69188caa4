"""Page CSS (Gradio 6 takes css in launch()). Flag kinds share one colour each everywhere:
contested red, unverified amber, numeric violet, so a badge reads the same in chat and panel."""
from __future__ import annotations

CSS = """
.rag-notice { padding: .5rem .8rem; border-left: 4px solid #2563eb; background: #eff6ff;
  border-radius: 6px; color: #1e293b; }
.rag-notice ul { margin: .2rem 0 0 1.1rem; padding: 0; }
.rag-notice-empty { border-color: #b45309; background: #fffbeb; }
.rag-question { white-space: pre-wrap; }
.rag-answer-text { white-space: pre-wrap; margin: .2rem 0 .4rem; }
.rag-streaming .rag-answer-text { color: #475569; }
.rag-abstained .rag-answer-text { font-style: italic; }
.rag-error { color: #b91c1c; font-weight: 600; white-space: pre-wrap; }
a.rag-cite { font-weight: 700; text-decoration: none; color: #1d4ed8; cursor: pointer;
  padding: 0 1px; border-radius: 3px; }
a.rag-cite:hover { background: #dbeafe; }
.rag-cited { margin-top: .4rem; font-size: .9em; border-top: 1px solid #e2e8f0;
  padding-top: .3rem; }
.rag-cited-label { font-weight: 600; color: #475569; }
.rag-cited ol { margin: .2rem 0 0 0; padding-left: 0; list-style: none; }
.rag-cited-item { margin: .25rem 0; }
.rag-cited-where { color: #64748b; font-size: .9em; }
.rag-cited-text { display: block; margin: .1rem 0 0 1.6rem; padding-left: .5rem;
  border-left: 3px solid #cbd5e1; white-space: pre-wrap; }
.rag-latency { color: #94a3b8; font-size: .8em; text-align: right; }
.rag-flags { margin: .1rem 0 .4rem; }
.rag-flag { margin: .25rem 0; padding: .3rem .5rem; border-radius: 6px; border-left: 4px solid; }
.rag-flag-contested { background: #fef2f2; border-color: #dc2626; }
.rag-flag-unverified { background: #fffbeb; border-color: #d97706; }
.rag-flag-numeric { background: #f5f3ff; border-color: #7c3aed; }
.rag-flag-other { background: #f1f5f9; border-color: #64748b; }
.rag-flag-link { text-decoration: none; }
.rag-badge { display: inline-block; font-size: .78em; font-weight: 700; padding: 1px 7px;
  border-radius: 999px; color: #fff; background: #64748b; white-space: nowrap; }
.rag-badge-contested { background: #dc2626; }
.rag-badge-unverified { background: #d97706; }
.rag-badge-numeric { background: #7c3aed; }
.rag-doc-tabs { display: flex; flex-wrap: wrap; gap: .3rem; margin-bottom: .4rem; }
.rag-doc-tab { padding: 2px 8px; border: 1px solid #cbd5e1; border-radius: 6px; font-size: .85em;
  text-decoration: none; color: inherit; max-width: 22rem; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
.rag-doc-tab.rag-active { background: #1d4ed8; color: #fff; border-color: #1d4ed8; }
.rag-doc-meta { color: #64748b; font-size: .85em; margin-bottom: .3rem; }
.rag-docs { max-height: 68vh; overflow-y: auto; padding-right: .4rem; }
.rag-text { white-space: pre-wrap; font-family: Georgia, 'Times New Roman', serif;
  line-height: 1.55; font-size: 15px; }
.rag-k-headline { font-size: 1.3em; font-weight: 700; }
.rag-k-standfirst { font-style: italic; color: #334155; }
.rag-k-section_heading { font-weight: 700; }
.rag-k-photo_caption, .rag-k-related_link, .rag-k-source_line, .rag-k-byline,
.rag-k-dateline { color: #64748b; font-size: .88em; }
.rag-psg { border-radius: 3px; transition: background .3s; }
.rag-page::before { content: "p. " attr(data-page); display: inline-block; margin: 0 .35rem;
  padding: 0 .4rem; font: 600 .72rem/1.5 system-ui, sans-serif; color: #475569;
  background: #e2e8f0; border-radius: 999px; vertical-align: .1em; }
.rag-k-table_row { font-family: system-ui, sans-serif; font-size: .88em; }
.rag-cited-page { font-weight: 600; color: #334155; }
.rag-psg-active { background: #fef9c3; }
mark.rag-hl { background: #fde047; color: inherit; padding: 0; border-radius: 2px;
  box-shadow: 0 0 0 2px #facc15; }
.rag-panel-head { margin-bottom: .5rem; }
.rag-panel-counts { margin-top: .25rem; }
.rag-disc { border: 1px solid #e2e8f0; border-left: 5px solid #64748b; border-radius: 8px;
  padding: .5rem .7rem; margin: .5rem 0; }
.rag-disc-contested { border-left-color: #dc2626; }
.rag-disc-unverified { border-left-color: #d97706; }
.rag-disc-numeric { border-left-color: #7c3aed; }
.rag-disc-corroborated { border-left-color: #16a34a; }
.rag-disc-active { box-shadow: 0 0 0 3px #93c5fd; }
.rag-disc-summary { margin: .3rem 0; font-weight: 600; }
.rag-confidence, .rag-relation { color: #64748b; font-size: .85em; }
.rag-sides { margin: 0; padding-left: 1.1rem; }
.rag-side { margin: .3rem 0; }
.rag-stance { font-size: .8em; text-transform: uppercase; color: #475569; }
.rag-stance-denies .rag-stance { color: #b91c1c; }
.rag-stance-unconfirmed .rag-stance { color: #b45309; }
.rag-cue { color: #64748b; font-size: .9em; }
.rag-side-text { display: block; white-space: pre-wrap; margin: .1rem 0; padding-left: .5rem;
  border-left: 3px solid #cbd5e1; }
.rag-panel { max-height: 62vh; overflow-y: auto; padding-right: .4rem; }
.rag-side-link { font-weight: 500; font-size: .85em; }
.rag-status { padding: .4rem .6rem; border-radius: 6px; white-space: pre-wrap; }
.rag-status-ok { background: #ecfdf5; color: #065f46; }
.rag-status-error { background: #fef2f2; color: #991b1b; font-weight: 600; }
.rag-empty { color: #64748b; }
.rag-badge-corroborated { background: #16a34a; }
.rag-badge-outlet { background: #2563eb; }
.rag-badge-anonymous { background: #64748b; }
.rag-badge-other { background: #64748b; }
.rag-agree { border: 1px solid #e2e8f0; border-left: 5px solid #16a34a; border-radius: 8px;
  padding: .5rem .7rem; margin: .5rem 0; }
.rag-agree-head { margin: .8rem 0 .2rem; color: #166534; }
.rag-map-head { margin-bottom: .4rem; color: #334155; }
.rag-map-counts { color: #64748b; font-size: .85em; }
.rag-map-svg { overflow: auto; max-height: 62vh; border: 1px solid #e2e8f0; border-radius: 8px;
  padding: .3rem; background: #fff; }
.rag-map-svg svg { max-width: none; }
.rag-map-svg a { cursor: pointer; text-decoration: none; }
.rag-map-svg g.edge:hover path, .rag-map-svg .rag-map-active path { stroke-width: 4px; }
.rag-map-svg .rag-map-active polygon { stroke: #1d4ed8; stroke-width: 2px; }
.rag-map-svg .rag-map-active text { font-weight: 700; }
.rag-map-details { margin-top: .5rem; max-height: 40vh; overflow-y: auto; }
.rag-map-hint { color: #64748b; font-style: italic; }
.rag-map-between { font-weight: 600; color: #334155; }
.rag-map-figures { font-weight: 400; color: #6d28d9; margin-left: .4rem; }
.rag-map-sub { font-size: .8em; text-transform: uppercase; color: #64748b; margin-top: .4rem; }
.rag-map-side { color: #64748b; font-size: .85em; }
.rag-map-speakers { margin: .1rem 0 .3rem 1.1rem; padding: 0; }
.rag-map-node-detail { border: 1px solid #e2e8f0; border-left: 5px solid #334155;
  border-radius: 8px; padding: .5rem .7rem; margin: .5rem 0; }
.rag-tl { margin: .4rem 0 1rem; }
.rag-tl-chart svg { max-width: 100%; height: auto; }
.rag-tl-table { border-collapse: collapse; font-size: .85em; width: 100%; }
.rag-tl-table th, .rag-tl-table td { border-bottom: 1px solid #e2e8f0; padding: 2px 6px;
  text-align: left; }
#rag-toast { position: fixed; bottom: 1rem; right: 1rem; background: #1e293b; color: #fff;
  padding: .5rem .8rem; border-radius: 6px; z-index: 1000; display: none; }
"""
