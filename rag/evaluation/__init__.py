"""The question-answer eval: dataset loading, metrics, a llama-index baseline, and the report.

Entry point: `run_eval(engine, dataset_path, json_out=None, report_out=None, baseline=True,
progress=True) -> dict` (the OUT.json object of docs/contracts.md). Imported lazily here so that
`import rag.evaluation` stays cheap for the CLI.
"""
from __future__ import annotations

from typing import Any

__all__ = ["load_dataset", "run_eval"]


def __getattr__(name: str) -> Any:
    if name == "run_eval":
        from rag.evaluation.runner import run_eval

        return run_eval
    if name == "load_dataset":
        from rag.evaluation.dataset import load_dataset

        return load_dataset
    raise AttributeError(name)
