"""The runner and the report on a scripted engine: what is timed, counted and printed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from workers.engine.types import (
    Corpus,
    Evidence,
    Label,
    Passage,
    Stance,
    StanceResult,
    Verdict,
)
from workers.evaluation.datasets import (
    EvalClaim,
    article_doc_id,
    climate_fever_documents,
    load_climate_fever,
    load_dev_claims,
)
from workers.evaluation.reference import reference_workload, time_reference
from workers.evaluation.report import render_text, summarize
from workers.evaluation.runner import EvalError, evaluate_climate_fever, evaluate_dev_claims, run_claims

DATA = Path(__file__).resolve().parents[1] / "data"
QUOTE = "The committee met on Tuesday to approve the budget."


def _evidence(doc_id: str, text: str, stance: Stance) -> Evidence:
    return Evidence(doc_id=doc_id, title=None, outlet=None, published=None, text=text,
                    start=0, end=len(text), stance=stance, score=0.9)


class ScriptedEngine:
    """Answers each claim from a script; scores each pair from a sentence → stance table."""

    version = "test-engine"

    def __init__(self, corpus: Corpus, answers: dict[str, tuple[Label, float, tuple[Evidence, ...]]],
                 stances: dict[str, Stance] | None = None) -> None:
        self.corpus = corpus
        self.answers = answers
        self.scorer = _TableScorer(stances or {})
        self.calls: list[tuple[str, int]] = []

    def check(self, claim: str, top_k: int = 5) -> Verdict:
        self.calls.append((claim, top_k))
        label, confidence, evidence = self.answers[claim]
        return Verdict(claim=claim, verdict=label, confidence=confidence, explanation="scripted",
                       evidence=evidence[:top_k], corpus_version="corpus-v1", engine_version=self.version)


class _TableScorer:
    name = "table"

    def __init__(self, stances: dict[str, Stance]) -> None:
        self.stances = stances
        self.batches: list[int] = []

    def score(self, claim: str, passages: Sequence[Passage]) -> list[StanceResult]:
        self.batches.append(len(passages))
        results = []
        for passage in passages:
            stance = self.stances.get(passage.text, Stance.NEUTRAL)
            support = 0.8 if stance is Stance.SUPPORTS else 0.1
            contradict = 0.8 if stance is Stance.CONTRADICTS else 0.1
            results.append(StanceResult(stance, 0.8, support, contradict))
        return results


EMPTY_CORPUS = Corpus(documents=(), passages=(), version="corpus-v1")


def _dev_engine() -> ScriptedEngine:
    on_quote = (_evidence("doc_a", QUOTE, Stance.SUPPORTS),)
    return ScriptedEngine(EMPTY_CORPUS, {
        # right label, right passage, right stance → an evidence hit
        "The meeting was held on a Tuesday.": (Label.SUPPORTED, 0.9, on_quote),
        # wrong label, and the passage has the wrong stance for REFUTED → a miss
        "The budget was rejected.": (Label.SUPPORTED, 0.7, on_quote),
        "The mayor likes jazz.": (Label.NOT_ENOUGH_INFO, 0.6, ()),
    })


def test_dev_run_counts_labels_evidence_and_latency() -> None:
    claims = load_dev_claims(DATA / "eval_dev_claims_small.jsonl")
    engine = _dev_engine()
    run = evaluate_dev_claims(engine, claims, source="fixture", top_k=3)
    assert engine.calls == [(c.claim, 3) for c in claims]
    assert [p.predicted for p in run.predictions] == [Label.SUPPORTED, Label.SUPPORTED, Label.NOT_ENOUGH_INFO]
    assert [p.evidence_hit for p in run.predictions] == [True, False, None]
    assert (run.evidence_recall.found, run.evidence_recall.eligible) == (1, 2)
    assert all(p.latency_ms >= 0 for p in run.predictions)
    assert run.peak_rss_mb > 0


def test_summary_json_has_the_promised_keys_and_values() -> None:
    claims = load_dev_claims(DATA / "eval_dev_claims_small.jsonl")
    run = evaluate_dev_claims(_dev_engine(), claims, source="fixture", build={"passages": 3})
    summary = summarize(run)
    for key in ("accuracy", "macro_f1", "evidence_recall", "ece", "latency_ms", "per_label", "confusion",
                "per_kind", "n", "corpus_version", "engine_version", "errors"):
        assert key in summary, key
    assert set(summary["latency_ms"]) >= {"p50", "p95"}
    assert summary["n"] == 3
    assert summary["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    # Labels present: SUPPORTED (P 1/2, R 1, F1 2/3), REFUTED (F1 0), NEI (F1 1).
    assert summary["macro_f1"] == pytest.approx((2 / 3 + 0 + 1) / 3, abs=1e-4)
    assert summary["macro_f1_gold_labels"] == summary["macro_f1"]  # every predicted label is also gold
    assert summary["per_label"]["REFUTED"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert summary["confusion"]["REFUTED"]["SUPPORTED"] == 1
    assert summary["evidence_recall"] == 0.5
    # Bins: 0.9 right, 0.7 wrong, 0.6 right → (0.1 + 0.7 + 0.4) / 3.
    assert summary["ece"] == pytest.approx(0.4, abs=1e-4)
    assert summary["per_kind"]["negation"] == {"accuracy": 0.0, "correct": 0, "n": 1}
    assert summary["corpus_version"] == "corpus-v1"
    assert summary["engine_version"] == "test-engine"
    assert summary["errors"] == [{"id": "t2", "gold": "REFUTED", "predicted": "SUPPORTED", "confidence": 0.7,
                                  "kind": "negation", "claim": "The budget was rejected."}]
    assert "pairs" not in summary
    json.dumps(summary)  # JSON-ready as it stands


def test_latency_is_also_a_ratio_to_the_reference_workload_timed_beside_each_claim() -> None:
    claims = load_dev_claims(DATA / "eval_dev_claims_small.jsonl")
    timings = iter([4.0, 6.0, 5.0])
    run = evaluate_dev_claims(_dev_engine(), claims, source="fixture", reference=lambda: next(timings))
    assert [p.reference_ms for p in run.predictions] == [4.0, 6.0, 5.0]
    summary = summarize(run)
    assert summary["latency_reference_ms"] == 5.0
    p50, p95 = summary["latency_ms"]["p50"], summary["latency_ms"]["p95"]
    assert summary["latency_ratio"]["p50"] == pytest.approx(p50 / 5.0, abs=1e-3)
    assert summary["latency_ratio"]["p95"] == pytest.approx(p95 / 5.0, abs=1e-3)
    assert "ratio to a fixed reference workload" in render_text(summary)


def test_without_a_reference_there_is_no_ratio() -> None:
    claims = load_dev_claims(DATA / "eval_dev_claims_small.jsonl")
    summary = summarize(evaluate_dev_claims(_dev_engine(), claims, source="fixture", reference=None))
    assert "latency_ratio" not in summary
    assert "ratio" not in render_text(summary)


def test_the_reference_workload_is_fixed_work_taking_measurable_time() -> None:
    assert reference_workload() == reference_workload()
    assert time_reference() > 0


def test_text_report_shows_tables_and_errors() -> None:
    claims = load_dev_claims(DATA / "eval_dev_claims_small.jsonl")
    text = render_text(summarize(evaluate_dev_claims(_dev_engine(), claims, source="fixture")))
    assert "accuracy" in text and "0.667" in text
    assert "confusion (rows gold, columns predicted)" in text
    assert "accuracy per kind" in text and "negation" in text
    assert "p50" in text and "p95" in text
    assert "misclassified claims (1)" in text
    assert "The budget was rejected." in text


def test_a_failing_check_names_the_claim() -> None:
    def broken(claim: str, top_k: int) -> Verdict:
        raise RuntimeError("index missing")

    with pytest.raises(EvalError, match=r"'x1'.*index missing"):
        run_claims(broken, [EvalClaim("x1", "Some claim.", Label.SUPPORTED)])


def test_climate_fever_run_scores_corpus_and_pair_levels() -> None:
    claims = load_climate_fever(DATA / "eval_climate_fever_small.jsonl")
    documents = climate_fever_documents(claims)
    # A corpus whose passages are the documents' sentences, as build_corpus would cut them,
    # except the "Cloud feedback" sentence, which must then be scored as an ad-hoc passage.
    passages: list[Passage] = []
    for document in documents:
        offset = 0
        for sentence in document.text.split("\n\n"):
            start = document.text.index(sentence, offset)
            offset = start + len(sentence)
            if document.title != "Cloud feedback":
                passages.append(Passage(len(passages), document.id, start, offset, sentence))
    corpus = Corpus(tuple(documents), tuple(passages), "cf-v1")
    glacier, sea = article_doc_id("Glacier"), article_doc_id("Sea level rise")
    retreat = "Most glaciers worldwide have been retreating since 1850."
    rise = "The rate of sea level rise has accelerated in recent decades."
    engine = ScriptedEngine(
        corpus,
        answers={
            claims[0].claim: (Label.SUPPORTED, 0.8, (_evidence(sea, rise, Stance.SUPPORTS),)),
            # Right sentence but wrong verdict: recall@k ignores stance, so it is still a hit.
            claims[1].claim: (Label.NOT_ENOUGH_INFO, 0.5, (_evidence(glacier, retreat, Stance.NEUTRAL),)),
            claims[2].claim: (Label.CONFLICTING, 0.4, ()),
            claims[3].claim: (Label.NOT_ENOUGH_INFO, 0.9, ()),
        },
        stances={retreat: Stance.CONTRADICTS, rise: Stance.SUPPORTS},
    )
    run = evaluate_climate_fever(engine, claims, source="cf-fixture")
    # Recall@k: claims 7, 9 and 10 have annotated SUPPORTS/REFUTES sentences; 7 and 9 returned one.
    assert (run.evidence_recall.found, run.evidence_recall.eligible) == (2, 3)
    assert run.pairs is not None
    assert len(run.pairs) == 8
    assert engine.scorer.batches == [1] * 8  # one pair per call
    assert [p.matched_corpus_passage for p in run.pairs if p.claim_id == "10"] == [False]
    assert sum(p.matched_corpus_passage for p in run.pairs) == 7

    summary = summarize(run)
    assert summary["accuracy"] == 0.75
    assert summary["macro_f1"] == pytest.approx((1 + 0 + 2 / 3 + 1) / 4, abs=1e-4)
    pairs = summary["pairs"]
    # Gold: 2 supports, 1 contradicts, 5 neutral. The scripted scorer misses only the cloud sentence.
    assert pairs["n"] == 8
    assert pairs["accuracy"] == pytest.approx(7 / 8)
    assert pairs["confusion"]["supports"] == {"supports": 1, "contradicts": 0, "neutral": 1}
    assert pairs["per_label"]["contradicts"]["f1"] == 1.0
    assert "pair level (8 claim/sentence pairs)" in render_text(summary)


def test_climate_fever_pairs_can_be_skipped() -> None:
    claims = load_climate_fever(DATA / "eval_climate_fever_small.jsonl")[3:]
    engine = ScriptedEngine(EMPTY_CORPUS, {claims[0].claim: (Label.NOT_ENOUGH_INFO, 0.9, ())})
    run = evaluate_climate_fever(engine, claims, source="cf", pairs=False)
    assert run.pairs is None
    assert run.evidence_recall.recall is None  # no annotated SUPPORTS/REFUTES sentence
    assert summarize(run)["evidence_recall"] is None


def test_macro_f1_counts_a_predicted_label_the_gold_never_has() -> None:
    claims = load_dev_claims(DATA / "eval_dev_claims_small.jsonl")
    engine = _dev_engine()
    engine.answers["The mayor likes jazz."] = (Label.CONFLICTING, 0.6, ())
    summary = summarize(evaluate_dev_claims(engine, claims, source="fixture"))
    # gold S, R, N; predicted S, S, C. F1: S 2/3, R 0, N 0, C 0.
    assert summary["labels"] == ["SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING"]
    assert summary["macro_f1"] == pytest.approx((2 / 3) / 4, abs=1e-4)
    assert summary["macro_f1_gold_labels"] == pytest.approx((2 / 3) / 3, abs=1e-4)
    assert "macro-F1 (gold labels only)" in render_text(summary)
