"""Loading the dev-claims and CLIMATE-FEVER formats, and the CLIMATE-FEVER documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workers.engine.types import Label, Stance
from workers.evaluation.datasets import (
    DatasetError,
    article_doc_id,
    climate_fever_documents,
    load_climate_fever,
    load_dev_claims,
)
from workers.evaluation.metrics import GoldQuote

DATA = Path(__file__).resolve().parents[1] / "data"
DEV = DATA / "eval_dev_claims_small.jsonl"
CF = DATA / "eval_climate_fever_small.jsonl"


def test_load_dev_claims_reads_every_field() -> None:
    claims = load_dev_claims(DEV)
    assert [c.id for c in claims] == ["t1", "t2", "t3"]  # the blank line is skipped
    first = claims[0]
    assert first.label is Label.SUPPORTED
    assert first.kind == "date"
    assert first.evidence == (GoldQuote("doc_a.txt", "The committee met on Tuesday to approve the budget."),)
    assert first.note == "fixture"
    assert claims[1].note is None
    assert claims[2].label is Label.NOT_ENOUGH_INFO  # labels are read case-insensitively
    assert claims[2].evidence == ()


def test_load_dev_claims_limit() -> None:
    assert [c.id for c in load_dev_claims(DEV, limit=2)] == ["t1", "t2"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"claim": "x", "label": "SUPPORTED"}', "'id' is missing"),
        ('{"id": "a", "label": "SUPPORTED"}', "'claim'"),
        ('{"id": "a", "claim": "x", "label": "TRUE"}', "unknown label 'TRUE'"),
        ('{"id": "a", "claim": "x", "label": "REFUTED", "evidence": [{"doc": "d.txt"}]}', "'quote'"),
        ('{"id": "a", "claim": "x", "label": "REFUTED", "evidence": "d.txt"}', "must be a list"),
    ],
)
def test_bad_dev_claims_name_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "claims.jsonl"
    good = json.dumps({"id": "ok", "claim": "fine", "label": "SUPPORTED"})
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=message) as info:
        load_dev_claims(path)
    assert f"{path}:2" in str(info.value)


def test_duplicate_ids_missing_and_empty_files_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "dup.jsonl"
    record = json.dumps({"id": "a", "claim": "x", "label": "SUPPORTED"})
    path.write_text(record + "\n" + record + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="duplicate id"):
        load_dev_claims(path)
    with pytest.raises(DatasetError, match="no such file"):
        load_dev_claims(tmp_path / "absent.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="no claims"):
        load_dev_claims(empty)


def test_load_climate_fever_maps_labels() -> None:
    claims = load_climate_fever(CF)
    assert [c.claim_id for c in claims] == ["7", "9", "10", "11"]
    assert [c.label for c in claims] == [
        Label.SUPPORTED, Label.REFUTED, Label.CONFLICTING, Label.NOT_ENOUGH_INFO,
    ]
    first = claims[0]
    assert [e.stance for e in first.evidences] == [Stance.SUPPORTS, Stance.NEUTRAL, Stance.NEUTRAL]
    assert first.evidences[0].article == "Sea level rise"
    assert claims[1].evidences[0].stance is Stance.CONTRADICTS


def test_climate_fever_gold_quotes_are_the_annotated_supports_and_refutes_sentences() -> None:
    claims = load_climate_fever(CF)
    assert claims[0].as_eval_claim().evidence == (
        GoldQuote(article_doc_id("Sea level rise"),
                  "The rate of sea level rise has accelerated in recent decades."),
    )
    assert claims[1].as_eval_claim().evidence[0].quote.startswith("Most glaciers")
    assert claims[3].as_eval_claim().evidence == ()


def test_unknown_climate_fever_label_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cf.jsonl"
    record = {"claim_id": "1", "claim": "x", "claim_label": "MAYBE", "evidences": []}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="unknown claim_label 'MAYBE'"):
        load_climate_fever(path)


def test_article_doc_ids_are_stable_readable_and_distinct() -> None:
    assert article_doc_id("Sea level rise") == article_doc_id("Sea level rise")
    assert article_doc_id("Sea level rise").startswith("sea-level-rise-")
    assert article_doc_id("Café effect").startswith("cafe-effect-")
    assert article_doc_id("C++") != article_doc_id("C")


def test_climate_fever_documents_group_distinct_sentences_by_article() -> None:
    documents = climate_fever_documents(load_climate_fever(CF))
    assert [d.title for d in documents] == ["Café effect", "Cloud feedback", "Glacier", "Sea level rise"]
    glacier = documents[2]
    assert glacier.id == article_doc_id("Glacier")
    # Ordered by sentence number (2, 40, 41); the sentence shared by two claims appears once.
    assert glacier.text == (
        "Glaciers form where snow accumulates faster than it melts.\n\n"
        "A glacier is a persistent body of dense ice.\n\n"
        "Most glaciers worldwide have been retreating since 1850."
    )
    sea = documents[3]
    assert sea.text.split("\n\n") == [
        "Sea level is measured with tide gauges and satellites.",
        "The rate of sea level rise has accelerated in recent decades.",
    ]
    # The same input in another claim order gives the same documents.
    assert climate_fever_documents(reversed(load_climate_fever(CF))) == documents
