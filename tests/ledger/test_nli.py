"""The optional NLI judge loads a CrossEncoder from a folder; tests build a tiny one (no hub)."""
from __future__ import annotations

from pathlib import Path

import pytest
from ledger_helpers import make_doc

WORDS = ["the", "navy", "said", "a", "boat", "was", "rammed", "denied", "ministry", "its",
         "vessel", "had", "fishing", "patrol", "swedish", "norwegian", "sweden", "s", "'", "."]


def _tiny_cross_encoder(folder: Path, id2label: dict[int, str]) -> Path:
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]) + "\n",
                     "utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(vocab), do_lower_case=True)
    config = BertConfig(vocab_size=len(WORDS) + 5, hidden_size=16, num_hidden_layers=1,
                        num_attention_heads=2, intermediate_size=32, max_position_embeddings=128,
                        num_labels=3, id2label=id2label,
                        label2id={v: k for k, v in id2label.items()})
    torch.manual_seed(0)
    model = BertForSequenceClassification(config)
    out = folder / "tiny-nli"
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def test_load_and_score_tiny_cross_encoder(tmp_path) -> None:
    from rag.nli import load_nli_judge

    path = _tiny_cross_encoder(tmp_path, {0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"})
    judge = load_nli_judge(str(path))
    assert judge.labels == ("entailment", "neutral", "contradiction")
    scores = judge.score([("the navy said a boat was rammed", "the ministry denied it"),
                          ("a boat", "a boat")])
    assert len(scores) == 2
    for s in scores:
        assert s.contradiction + s.entailment + s.neutral == pytest.approx(1.0, abs=1e-5)
    p = judge.contradiction("the navy said a boat was rammed", "the boat was not rammed")
    assert 0.0 <= p <= 1.0


def test_nli_judge_adds_contradictions_in_build(tmp_path, embed,
                                               monkeypatch) -> None:
    """With a judge that calls every close pair a contradiction, build adds NLI findings;
    without one (the default) the same articles give none."""
    from rag import nli
    from rag.ledger.build import build_ledger

    path = _tiny_cross_encoder(tmp_path, {0: "contradiction", 1: "entailment", 2: "neutral"})
    judge = nli.load_nli_judge(str(path))
    monkeypatch.setattr(judge, "score", lambda pairs: [nli.NLIScores(0.95, 0.03, 0.02)
                                                        for _ in pairs])
    monkeypatch.setattr(nli, "load_nli_judge", lambda _: judge)
    doc = make_doc(tmp_path, "nli.txt", [
        "The Norwegian navy said the fishing boat sank after hitting rocks near the shore.",
        "The Swedish coastguard said the fishing boat sank after it was struck by a patrol "
        "vessel near the shore.",
    ])
    default = build_ledger([doc], embed=embed)
    assert not [d for d in default.discrepancies if d.relation == "nli_contradiction"]
    judged = build_ledger([doc], embed=embed, nli_model=str(path))
    assert [d for d in judged.discrepancies if d.relation == "nli_contradiction"]
