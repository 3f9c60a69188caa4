"""The per-document ledger cache changes speed, never results."""
from __future__ import annotations

from pathlib import Path

from rag.document import build_document
from rag.ledger.build import build_ledger
from rag.ledger.cache import LedgerCache
from rag.reader import read_article

ARTICLE = Path(__file__).resolve().parents[2] / "data" / "articles" / \
    "aljazeera-idlib-2020-02-28.txt"


def test_cached_rebuild_gives_the_same_ledger(tmp_path: Path, embed) -> None:
    doc = build_document(read_article(ARTICLE, 10**7))
    plain = build_ledger([doc], embed=embed).to_dict()
    cache = LedgerCache(tmp_path / "cache", "test-model")
    cold = build_ledger([doc], embed=embed, cache=cache).to_dict()
    assert sorted(p.suffix for p in (tmp_path / "cache").iterdir()) == [".npy", ".spacy"]

    calls: list[int] = []

    def counting_embed(texts):
        calls.append(len(texts))
        return embed(texts)

    warm = build_ledger([doc], embed=counting_embed, cache=cache).to_dict()
    assert plain == cold == warm
    assert calls == [], "a warm cache embeds nothing"


def test_prune_drops_versions_no_longer_in_the_corpus(tmp_path: Path, embed) -> None:
    first = tmp_path / "story.txt"
    first.write_text("Storm hits coast\n\nThe mayor said 12 people died on Monday.\n", "utf-8")
    cache = LedgerCache(tmp_path / "cache", "test-model")
    old = build_document(read_article(first, 10**6))
    build_ledger([old], embed=embed, cache=cache)
    first.write_text("Storm hits coast\n\nThe mayor said 14 people died on Monday.\n", "utf-8")
    new = build_document(read_article(first, 10**6))
    build_ledger([new], embed=embed, cache=cache)
    cache.prune([new])
    names = [p.name for p in (tmp_path / "cache").iterdir()]
    assert names and all(new.sha256[:16] in n for n in names)


def test_candidate_pairs_stay_inside_event_blocks() -> None:
    import numpy as np

    from rag.ledger.pairing import PairIndex

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(12, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[6:] = vectors[:6]            # identical claims in a second, unrelated block
    groups = [0] * 6 + [1] * 6
    index = PairIndex(vectors, k=4, min_sim=-1.0, groups=groups)
    for i, j, _ in index.pairs():
        assert groups[i] == groups[j]
    whole = PairIndex(vectors, k=4, min_sim=-1.0)
    assert any(groups[i] != groups[j] for i, j, _ in whole.pairs())
