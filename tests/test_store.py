"""The passage store: manifest, live document versions, exact copies, and dense search."""
from __future__ import annotations

import fcntl
import math

import numpy as np
import pytest

from rag.embedding import get_encoder
from rag.store import LOCK_FILE
from tests.conftest import ARTICLE, ARTICLE_SHA256


def test_versions_and_exact_copies(engine) -> None:
    store = engine.store
    assert store.versions() == {"aljazeera-idlib-2020-02-28": ARTICLE_SHA256}
    meta = store.documents()[0]
    assert (store.root / meta["copy"]).read_bytes() == ARTICLE.read_bytes()
    assert store.count() == meta["n_passages"] == len(store.all_passages())


def test_nearest_reports_llama_index_similarity(engine) -> None:
    store = engine.store
    passages = {p.passage_id: p for p in store.all_passages()}
    vector = get_encoder(engine.config).embed_one("How many Turkish soldiers were killed?")
    hits = store.nearest(vector.tolist(), 3)
    assert len(hits) == 3 and hits[0][1] >= hits[1][1] >= hits[2][1]
    stored = store.collection.get(ids=[hits[0][0]], include=["embeddings"])["embeddings"][0]
    cosine = float(np.dot(vector, np.asarray(stored)))
    assert math.isclose(hits[0][1], math.exp(-(1 - cosine)), rel_tol=1e-4)   # exp(-distance)
    assert hits[0][0] in passages
    assert store.nearest(vector.tolist(), 0) == []


def test_the_write_lock_is_released_after_the_block(engine) -> None:
    lock = engine.store.write_lock
    with lock.hold():
        assert lock.held_here()
        with open(engine.store.root / LOCK_FILE) as other:   # another writer must wait
            with pytest.raises(BlockingIOError):
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert not lock.held_here()
    with open(engine.store.root / LOCK_FILE) as other:       # released: it gets it at once
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(other, fcntl.LOCK_UN)
