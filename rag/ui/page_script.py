"""The one page script, injected into <head> through launch(head=...).

It is event delegation on `document`, installed once: rendered HTML carries no handlers (Gradio
strips them from chat messages, and escaped article text cannot carry any), only links of the
form #rag-cite:DOC:START:END, #rag-disc:ID, #rag-doc:DOC and #rag-map:KIND:ID (an element of the
map's SVG: its details are on the page, hidden, and the click shows them) that this script
interprets.
"""
from __future__ import annotations

PAGE_JS = r"""
(() => {
  if (window.__ragUi) return;
  window.__ragUi = true;
  const safeId = (s) => String(s).replace(/[^A-Za-z0-9_-]/g, '-');
  // Gradio renders tab contents lazily, so a target may appear a moment after the tab switch.
  const waitFor = (find, tries = 60) => new Promise((resolve) => {
    const tick = (left) => {
      const found = find();
      if (found || left <= 0) resolve(found); else setTimeout(() => tick(left - 1), 50);
    };
    tick(tries);
  });
  function toast(text) {
    let el = document.getElementById('rag-toast');
    if (!el) {
      el = document.createElement('div');
      el.id = 'rag-toast';
      document.body.appendChild(el);
    }
    el.textContent = text; el.style.display = 'block';
    clearTimeout(el._t); el._t = setTimeout(() => { el.style.display = 'none'; }, 3500);
  }
  // Tab buttons get the id of their gr.Tab plus "-button" (layout.py sets the tab ids).
  function showTab(name) {
    const tab = document.getElementById('rag-tab-' + name + '-button');
    if (tab && tab.getAttribute('aria-selected') !== 'true') tab.click();
  }
  function showDoc(docId) {
    const want = 'rag-doc-' + safeId(docId);
    let found = null;
    document.querySelectorAll('.rag-doc').forEach((s) => {
      s.hidden = s.id !== want; if (s.id === want) found = s;
    });
    document.querySelectorAll('.rag-doc-tab').forEach((a) =>
      a.classList.toggle('rag-active', a.getAttribute('href') === '#rag-doc:' + docId));
    return found;
  }
  function clearHighlight() {
    document.querySelectorAll('mark.rag-hl').forEach((m) => {
      const parent = m.parentNode;
      while (m.firstChild) parent.insertBefore(m.firstChild, m);
      parent.removeChild(m);
      parent.normalize();
    });
    document.querySelectorAll('.rag-psg-active')
      .forEach((e) => e.classList.remove('rag-psg-active'));
  }
  // Wrap exactly the characters [start, end) of the document text in <mark> elements. The
  // viewer's text content equals the original file, so offsets are counted over text nodes.
  function highlight(section, start, end) {
    clearHighlight();
    const root = section.querySelector('.rag-text');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const pieces = [];
    let pos = 0, node;
    while ((node = walker.nextNode()) && pos < end) {
      const len = node.data.length;
      const a = Math.max(start, pos), b = Math.min(end, pos + len);
      if (a < b) pieces.push([node, a - pos, b - pos]);
      pos += len;
    }
    const marks = pieces.map(([n, a, b]) => {
      const middle = a > 0 ? n.splitText(a) : n;
      if (b - a < middle.data.length) middle.splitText(b - a);
      const mark = document.createElement('mark');
      mark.className = 'rag-hl';
      middle.parentNode.insertBefore(mark, middle);
      mark.appendChild(middle);
      const psg = mark.closest('.rag-psg');
      if (psg) psg.classList.add('rag-psg-active');
      return mark;
    });
    if (marks.length) marks[0].scrollIntoView({ block: 'center' });
    else toast('That passage is not in the loaded text.');
    section.dataset.hlStart = start; section.dataset.hlEnd = end;
  }
  async function openCitation(docId, start, end) {
    showTab('article');
    const section = await waitFor(() => document.getElementById('rag-doc-' + safeId(docId)));
    if (!section) { toast('That article is no longer loaded.'); return; }
    showDoc(docId);
    highlight(section, start, end);
  }
  async function openDiscrepancy(id) {
    showTab('ledger');
    const item = await waitFor(() => document.getElementById('rag-d-' + safeId(id)), 20);
    if (!item) {
      toast('This discrepancy is hidden by the panel filter; set Kind and Source to All.');
      return;
    }
    document.querySelectorAll('.rag-disc-active')
      .forEach((e) => e.classList.remove('rag-disc-active'));
    item.classList.add('rag-disc-active');
    item.scrollIntoView({ block: 'center' });
  }
  // The map: show the details of the clicked side, line or note, and mark it on the SVG.
  let mapSelection = null;   // [kind, id] of the open item, kept across redraws
  function openMapItem(kind, id, quiet = false) {
    const details = document.getElementById('rag-map-details');
    const item = document.getElementById('rag-md-' + kind + '-' + safeId(id));
    if (!details || !item) {
      if (!quiet) toast('That part of the map is no longer shown.');
      return;
    }
    mapSelection = [kind, id];
    details.querySelectorAll('.rag-map-detail').forEach((e) => { e.hidden = e !== item; });
    const hint = details.querySelector('.rag-map-hint');
    if (hint) hint.hidden = true;
    document.querySelectorAll('.rag-map-active')
      .forEach((e) => e.classList.remove('rag-map-active'));
    const prefix = { node: 'rag-mn-', edge: 'rag-me-', badge: 'rag-mb-' }[kind] + safeId(id);
    [prefix, 'a_' + prefix].forEach((domId) => {
      const shape = document.getElementById(domId);
      if (shape) shape.classList.add('rag-map-active');
    });
    if (!quiet) item.scrollIntoView({ block: 'nearest' });
  }
  // The map is redrawn when a filter changes or the page state refreshes (at load, after an
  // upload); the item the reader opened stays open when it is still on the map.
  let redrawPending = false;
  new MutationObserver((mutations) => {
    if (!mapSelection || redrawPending) return;
    if (!mutations.some((m) => m.target.closest && m.target.closest('#rag-map-panel'))) return;
    redrawPending = true;
    requestAnimationFrame(() => {
      redrawPending = false;
      const [kind, id] = mapSelection;
      const item = document.getElementById('rag-md-' + kind + '-' + safeId(id));
      if (item && item.hidden) openMapItem(kind, id, true);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#rag-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const href = link.getAttribute('href');
    if (href.startsWith('#rag-cite:')) {
      const parts = href.slice('#rag-cite:'.length).split(':');
      const end = Number(parts.pop()), start = Number(parts.pop());
      openCitation(parts.join(':'), start, end);
    } else if (href.startsWith('#rag-disc:')) {
      openDiscrepancy(href.slice('#rag-disc:'.length));
    } else if (href.startsWith('#rag-map:')) {
      const rest = href.slice('#rag-map:'.length);
      const colon = rest.indexOf(':');
      openMapItem(rest.slice(0, colon), rest.slice(colon + 1));
    } else if (href.startsWith('#rag-doc:')) {
      clearHighlight();
      showDoc(href.slice('#rag-doc:'.length));
    }
  }, true);
})();
"""

HEAD = f"<script>{PAGE_JS}</script>"
