"""Run a checker over a dataset, time every call and collect what the report needs.

The runner only needs a `check(claim, top_k) -> Verdict` callable for corpus-level results;
pair-level CLIMATE-FEVER results also need the engine's corpus and stance scorer.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from workers.engine.types import Corpus, Evidence, Label, Passage, Stance, StanceScorer, Verdict
from workers.evaluation.datasets import ClimateFeverClaim, EvalClaim, article_doc_id
from workers.evaluation.metrics import (
    EXPECTED_STANCE,
    EvidenceRecall,
    evidence_found,
    evidence_recall,
    normalize_for_match,
)
from workers.evaluation.reference import time_reference

CheckFn = Callable[[str, int], Verdict]
Reference = Callable[[], float]
T = TypeVar("T")
Progress = Callable[[Iterable[T], int, str], Iterable[T]]


class EvalError(RuntimeError):
    """The checker failed on one claim; the message names the claim."""


class EngineLike(Protocol):
    """What the runner uses of `workers.engine.Engine` (a fake in tests)."""

    @property
    def corpus(self) -> Corpus: ...

    @property
    def scorer(self) -> StanceScorer: ...

    @property
    def version(self) -> str: ...

    def check(self, claim: str, top_k: int = 5) -> Verdict: ...


@dataclass(frozen=True)
class Prediction:
    claim_id: str
    claim: str
    gold: Label
    predicted: Label
    confidence: float
    kind: str | None
    latency_ms: float
    evidence: tuple[Evidence, ...]
    evidence_hit: bool | None  # None: the claim has no gold evidence to find
    corpus_version: str
    engine_version: str
    reference_ms: float | None = None  # the reference workload, timed right after this claim

    @property
    def correct(self) -> bool:
        return self.gold == self.predicted


@dataclass(frozen=True)
class PairPrediction:
    claim_id: str
    evidence_id: str
    gold: Stance
    predicted: Stance
    score: float
    matched_corpus_passage: bool  # False: scored on an ad-hoc passage made from the sentence


@dataclass
class EvalRun:
    """Everything measured in one evaluation; `report.summarize` turns it into numbers."""

    dataset: str  # "dev-claims" or "climate-fever"
    source: str  # the file evaluated
    top_k: int
    predictions: list[Prediction]
    evidence_recall: EvidenceRecall
    pairs: list[PairPrediction] | None = None
    build: dict[str, Any] | None = None  # the engine's BuildReport, as a dict
    peak_rss_mb: float = 0.0
    wall_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def no_progress(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    return items


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_claims(
    check: CheckFn,
    claims: Sequence[EvalClaim],
    *,
    top_k: int = 5,
    require_stance: bool = True,
    progress: Progress[EvalClaim] = no_progress,
    reference: Reference | None = time_reference,
) -> list[Prediction]:
    """Check every claim, timing each call with a monotonic clock, and `reference` (a fixed
    workload, in ms) right after it, so latency can also be read as a ratio to it.

    `require_stance`: an evidence hit must have the stance the gold label calls for, and only
    SUPPORTED/REFUTED claims are eligible (the dev-claims rule); False makes every claim with
    gold quotes eligible and counts any returned passage that matches one (CLIMATE-FEVER
    recall@k, where the gold quotes are the annotated SUPPORTS/REFUTES sentences).
    """
    if top_k < 1:
        raise ValueError("top_k must be at least 1")
    predictions = []
    for claim in progress(claims, len(claims), "claims"):
        started = time.perf_counter()
        try:
            verdict = check(claim.claim, top_k)
        except Exception as exc:
            raise EvalError(f"checking claim {claim.id!r} failed: {exc}") from exc
        latency_ms = (time.perf_counter() - started) * 1000
        reference_ms = reference() if reference is not None else None
        returned = verdict.evidence
        hit: bool | None = None
        if claim.evidence and not require_stance:
            hit = evidence_found(returned, claim.evidence, None)
        elif claim.evidence and claim.label.value in EXPECTED_STANCE:
            hit = evidence_found(returned, claim.evidence, EXPECTED_STANCE[claim.label.value])
        predictions.append(
            Prediction(
                claim_id=claim.id,
                claim=claim.claim,
                gold=claim.label,
                predicted=verdict.verdict,
                confidence=verdict.confidence,
                kind=claim.kind,
                latency_ms=latency_ms,
                evidence=returned,
                evidence_hit=hit,
                corpus_version=verdict.corpus_version,
                engine_version=verdict.engine_version,
                reference_ms=reference_ms,
            )
        )
    return predictions


def recall_of(predictions: Sequence[Prediction]) -> EvidenceRecall:
    """Evidence recall from the hits recorded per prediction (same rule as metrics.evidence_recall)."""
    eligible = [p for p in predictions if p.evidence_hit is not None]
    found = sum(bool(p.evidence_hit) for p in eligible)
    return EvidenceRecall(found / len(eligible) if eligible else None, found, len(eligible))


def evaluate_dev_claims(
    engine: EngineLike,
    claims: Sequence[EvalClaim],
    *,
    source: str,
    top_k: int = 5,
    progress: Progress[Any] = no_progress,
    build: dict[str, Any] | None = None,
    reference: Reference | None = time_reference,
) -> EvalRun:
    started = time.perf_counter()
    predictions = run_claims(engine.check, claims, top_k=top_k, progress=progress, reference=reference)
    recall = evidence_recall(
        (c.label.value, c.evidence, p.evidence) for c, p in zip(claims, predictions, strict=True)
    )
    return EvalRun(
        dataset="dev-claims",
        source=source,
        top_k=top_k,
        predictions=predictions,
        evidence_recall=recall,
        build=build,
        peak_rss_mb=peak_rss_mb(),
        wall_seconds=time.perf_counter() - started,
    )


def _passages_by_text(corpus: Corpus) -> dict[tuple[str, str], Passage]:
    index: dict[tuple[str, str], Passage] = {}
    for passage in corpus.passages:
        index.setdefault((passage.doc_id, normalize_for_match(passage.text)), passage)
    return index


def run_pairs(
    scorer: StanceScorer,
    corpus: Corpus,
    claims: Sequence[ClimateFeverClaim],
    *,
    progress: Progress[ClimateFeverClaim] = no_progress,
) -> list[PairPrediction]:
    """Score every (claim, evidence sentence) pair on its own with the stance scorer.

    The sentence is scored as the corpus passage with the same text in its article's document
    where there is one (so it keeps its context), else as an ad-hoc passage of that sentence.
    Each pair gets its own call so no passage's score can depend on the others'.
    """
    index = _passages_by_text(corpus)
    pairs = []
    for claim in progress(claims, len(claims), "pairs"):
        for evidence in claim.evidences:
            doc_id = article_doc_id(evidence.article)
            passage = index.get((doc_id, normalize_for_match(evidence.sentence)))
            matched = passage is not None
            if passage is None:
                text = evidence.sentence.strip()
                passage = Passage(id=-1, doc_id=doc_id, start=0, end=len(text), text=text)
            try:
                (result,) = scorer.score(claim.claim, [passage])
            except Exception as exc:
                raise EvalError(
                    f"scoring claim {claim.claim_id!r} against {evidence.evidence_id!r} failed: {exc}"
                ) from exc
            pairs.append(
                PairPrediction(
                    claim_id=claim.claim_id,
                    evidence_id=evidence.evidence_id,
                    gold=evidence.stance,
                    predicted=result.stance,
                    score=result.score,
                    matched_corpus_passage=matched,
                )
            )
    return pairs


def evaluate_climate_fever(
    engine: EngineLike,
    claims: Sequence[ClimateFeverClaim],
    *,
    source: str,
    top_k: int = 5,
    pairs: bool = True,
    progress: Progress[Any] = no_progress,
    build: dict[str, Any] | None = None,
    reference: Reference | None = time_reference,
) -> EvalRun:
    """Corpus level (verdict per claim, recall@k of annotated sentences) and, if asked, pair level."""
    started = time.perf_counter()
    eval_claims = [c.as_eval_claim() for c in claims]
    predictions = run_claims(engine.check, eval_claims, top_k=top_k, require_stance=False,
                             progress=progress, reference=reference)
    pair_predictions = run_pairs(engine.scorer, engine.corpus, claims, progress=progress) if pairs else None
    return EvalRun(
        dataset="climate-fever",
        source=source,
        top_k=top_k,
        predictions=predictions,
        evidence_recall=recall_of(predictions),
        pairs=pair_predictions,
        build=build,
        peak_rss_mb=peak_rss_mb(),
        wall_seconds=time.perf_counter() - started,
    )
