"""The embedding model two ways: torch (ingest, ledger) and its ONNX export (questions), which
must give the same vectors; a question never imports torch."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag.embedding import ensure_onnx, get_embedder, get_encoder
from rag.embedding_onnx import EXACT, OnnxEncoder, exportable
from rag.store import embedding_input
from tests.conftest import ROOT


def test_the_question_path_uses_the_onnx_export(engine) -> None:
    encoder = get_encoder(engine.config)
    assert isinstance(encoder, OnnxEncoder)
    assert encoder.dim == get_embedder(engine.config.embed_model).dim == 384


@pytest.mark.parametrize("kind", ["sentence", "embedding input"])
def test_onnx_vectors_match_torch_on_the_article(engine, kind: str) -> None:
    passages = engine.passages()
    texts = [p.clean_text if kind == "sentence" else embedding_input(p) for p in passages]
    onnx = get_encoder(engine.config).embed(texts)
    torch = get_embedder(engine.config.embed_model).embed(texts)
    assert onnx.shape == torch.shape == (len(passages), 384)
    cosines = np.sum(onnx * torch, axis=1)
    assert float(cosines.min()) >= EXACT, float(cosines.min())
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)


def test_empty_batches_and_single_texts(engine) -> None:
    encoder = get_encoder(engine.config)
    assert encoder.embed([]).shape == (0, 384)
    one = encoder.embed_one("  Idlib  ")
    assert np.allclose(one, encoder.embed(["Idlib"])[0])   # stripped, as sentence-transformers


def test_a_model_that_cannot_be_exported_keeps_torch(tmp_path: Path, engine) -> None:
    assert not exportable(str(tmp_path))          # no modules.json, no weights
    import dataclasses

    config = dataclasses.replace(engine.config, embed_model=str(tmp_path),
                                 model_cache=tmp_path / "models")
    assert ensure_onnx(config) is False
    assert not (tmp_path / "models").exists()


@pytest.mark.slow
def test_a_question_from_the_shell_never_imports_torch(shared_index: Path, engine) -> None:
    code = ("import json, sys\n"
            "from rag.cli import main\n"
            "status = main(['ask', '--json', 'How many Turkish soldiers were killed?'])\n"
            "print(json.dumps({'status': status, 'torch': 'torch' in sys.modules}))\n")
    env = {**os.environ, "RAG_INDEX_DIR": str(shared_index)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"status": 0, "torch": False}
    assert done.stderr == ""
