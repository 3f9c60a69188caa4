"""The dataset validator: every malformed line is reported with its line number, no crash."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.errors import InputError
from rag.evaluation.dataset import load_dataset, parse_dataset

GOOD = {"id": "q01", "question": "How many?", "answers": ["33"], "evidence": ["33 Turkish"],
        "contested": False, "answerable": True}


def line(**changes) -> str:
    record = {**GOOD, **changes}
    for key in [k for k, v in changes.items() if v is ...]:
        del record[key]
    return json.dumps(record)


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_valid_file_loads_and_ignores_blank_lines(tmp_path: Path) -> None:
    path = write(tmp_path, line(), "", line(id="q02", answers=[], evidence=[], answerable=False),
                 line(id="q03", extra_key="kept for other tools", forbidden=["500"]))
    items = load_dataset(path).items
    assert [i.id for i in items] == ["q01", "q02", "q03"]
    assert items[1].answerable is False and items[2].forbidden == ("500",)
    assert [i.line for i in items] == [1, 3, 4]


@pytest.mark.parametrize("bad, message", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "each line must be a JSON object, got a list"),
    (line(question=...), "missing key `question`"),
    (line(contested=...), "missing key `contested`"),
    (line(answers="33"), "`answers` must be a list, got a string"),
    (line(evidence="33 Turkish"), "`evidence` must be a list, got a string"),
    (line(contested="false"), "`contested` must be true/false, got a string"),
    (line(answerable=1), "`answerable` must be true/false, got a number"),
    (line(id=7), "`id` must be a string, got a number"),
    (line(answers=[33]), "`answers[0]` must be a non-empty string, got a number"),
    (line(evidence=[""]), "`evidence[0]` is empty"),
    (line(question="  "), "`question` is empty"),
    (line(answers=[]), "an answerable question needs at least one accepted answer"),
    (line(answerable=False), "`answerable` is false but `answers` is not empty"),
    (line(forbidden="500"), "`forbidden` must be a list"),
])
def test_malformed_line_is_reported_with_its_number(tmp_path: Path, bad: str,
                                                    message: str) -> None:
    path = write(tmp_path, line(), bad)
    with pytest.raises(InputError) as err:
        load_dataset(path)
    assert f"line 2: {message}" in str(err.value)
    assert "line 1" not in str(err.value)


def test_all_problems_are_listed_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "oops", line(), line(question=...), line(), "")
    with pytest.raises(InputError) as err:
        load_dataset(path)
    text = str(err.value)
    assert "3 problem(s)" in text
    assert "line 1: not valid JSON" in text and "line 3: missing key `question`" in text
    assert "line 4: duplicate id 'q01' (first on line 2)" in text


def test_lenient_mode_skips_bad_lines_and_returns_them(tmp_path: Path) -> None:
    dataset = load_dataset(write(tmp_path, line(), "oops"), strict=False)
    assert [i.id for i in dataset.items] == ["q01"]
    assert dataset.problems == [(2, "not valid JSON (Expecting value at column 1)")]


def test_unreadable_or_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_dataset(tmp_path / "missing.jsonl")
    with pytest.raises(InputError, match="no valid questions"):
        load_dataset(write(tmp_path, "", "  "))
    (tmp_path / "latin1.jsonl").write_bytes(b'{"id": "caf\xe9"}\n')
    with pytest.raises(InputError, match="not UTF-8"):
        load_dataset(tmp_path / "latin1.jsonl")
    with pytest.raises(InputError, match="is a directory"):
        load_dataset(tmp_path)


def test_parse_never_raises_on_garbage() -> None:
    dataset = parse_dataset('null\n"text"\n42\n{"id": null}\n\x00\n')
    assert dataset.items == [] and [n for n, _ in dataset.problems][:4] == [1, 2, 3, 4]


def test_multi_article_labels_and_unanswerable_contested_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path,
                 line(doc="portmarsh-fire-2031-03-11", genre="fire", split="working",
                      wording="article"),
                 line(id="q02", doc="portmarsh-fire-2031-03-11", wording="reworded", pair="q01"),
                 line(id="q03", answers=[], evidence=[], answerable=False, contested=True))
    items = load_dataset(path).items
    assert items[0].doc == "portmarsh-fire-2031-03-11" and items[0].genre == "fire"
    assert items[1].labels() == {"doc": "portmarsh-fire-2031-03-11", "wording": "reworded",
                                 "pair": "q01"}
    assert items[2].answerable is False and items[2].contested is True


@pytest.mark.parametrize("bad, message", [
    (line(doc=7), "`doc` must be a string, got a number"),
    (line(genre=" "), "`genre` is empty"),
    (line(wording="paraphrase"), "`wording` must be one of article, reworded"),
])
def test_bad_labels_are_reported(tmp_path: Path, bad: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        load_dataset(write(tmp_path, line(), bad))
    assert f"line 2: {message}" in str(err.value)
