"""Run the discrepancy-tracking chat in a browser: `python app.py`, then open
http://127.0.0.1:7860 (RAG_APP_HOST / RAG_APP_PORT change the address; never shared publicly).
"""
import sys

from rag import config as _config  # noqa: F401  (offline and no-analytics settings come first)
from rag.errors import RagError
from rag.ui.server import launch

if __name__ == "__main__":
    try:
        launch()
    except RagError as exc:   # e.g. the index or the Chroma server cannot be opened
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
