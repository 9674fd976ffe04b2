"""Accuracy regression on the real engine: hand-written claims about the seed corpus.

Slow: builds the real index (spaCy, MiniLM) once for the module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workers.engine import Engine, load_corpus
from workers.evaluation.datasets import load_dev_claims
from workers.evaluation.report import summarize
from workers.evaluation.runner import EvalRun, evaluate_dev_claims

REGRESSION_CLAIMS = Path(__file__).resolve().parents[1] / "data" / "regression_claims.jsonl"

# Measured 0.806 (50/62) with engine 0.4.0+heuristic; the floor leaves room for three claims to
# flip with harmless changes, and catches a real regression.
ACCURACY_FLOOR = 0.75

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return Engine.build(load_corpus(None), cache_dir=tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="module")
def run(engine: Engine) -> EvalRun:
    return evaluate_dev_claims(engine, load_dev_claims(REGRESSION_CLAIMS), source=str(REGRESSION_CLAIMS))


def test_accuracy_on_regression_claims_stays_above_the_floor(run: EvalRun) -> None:
    summary = summarize(run)
    misclassified = "\n".join(
        f"  {e['id']}: gold {e['gold']}, predicted {e['predicted']} ({e['confidence']}): {e['claim']}"
        for e in summary["errors"]
    )
    assert summary["accuracy"] >= ACCURACY_FLOOR, (
        f"accuracy {summary['accuracy']} < {ACCURACY_FLOOR}; misclassified:\n{misclassified}"
    )


def test_every_evidence_offset_slices_the_document_to_the_passage(engine: Engine, run: EvalRun) -> None:
    evidence = [e for p in run.predictions for e in p.evidence]
    assert evidence, "the engine returned no evidence for any regression claim"
    for e in evidence:
        document = engine.corpus.document(e.doc_id)
        assert 0 <= e.start < e.end <= len(document.text), (e.doc_id, e.start, e.end)
        # Equal up to whitespace: the passage text normalises line breaks and non-breaking spaces.
        assert document.text[e.start:e.end].split() == e.text.split(), (e.doc_id, e.start, e.end, e.text)
