"""Run the discrepancy-tracking chat in a browser: `python app.py`, then open
http://127.0.0.1:7860 (RAG_APP_HOST / RAG_APP_PORT change the address; never shared publicly;
on a non-loopback address a login, RAG_APP_AUTH, is required; README "Sharing the app").
"""
import logging
import sys

from rag import config as _config  # noqa: F401  (offline and no-analytics settings come first)
from rag.errors import RagError
from rag.ui.server import launch

if __name__ == "__main__":
    # Our warnings (open app, failed logins, refused uploads, ledger repairs) with a time stamp;
    # libraries stay at WARNING.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: "
                        "%(message)s")
    logging.getLogger("rag").setLevel(logging.INFO)
    logging.getLogger("bm25s").setLevel(logging.WARNING)   # it sets DEBUG on itself
    try:
        launch()
    except RagError as exc:   # e.g. the index or the Chroma server cannot be opened
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
