"""The engine's vocabulary: corpus, passages, stances and the verdict (the service's result shape)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class Label(StrEnum):
    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    NOT_ENOUGH_INFO = "NOT_ENOUGH_INFO"
    CONFLICTING = "CONFLICTING"


class Stance(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Document:
    """One source document. `text` is the original text, exactly as read: offsets point into it."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date, where the source states one
    url: str | None = None


@dataclass(frozen=True)
class Passage:
    """A unit of evidence: one sentence, or a sentence with its neighbour where that helps.

    `document.text[start:end]` is the passage in the original text; `text` is the same span with
    whitespace normalised (line breaks inside sentences, non-breaking spaces), so the two agree
    up to whitespace. `context` is the sentence before it in the same document (empty at the
    start), for resolving "he" or "the ministry" to someone; it is never shown as evidence.
    """

    id: int  # position in Corpus.passages
    doc_id: str
    start: int
    end: int
    text: str
    context: str = ""


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    passages: tuple[Passage, ...]
    version: str  # fingerprint of the content: a changed corpus never serves old results

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)


@dataclass(frozen=True)
class StanceResult:
    """How one passage bears on a claim.

    `support` and `contradict` are probabilities (the rest is neutral); `stance` is the most
    likely of the three and `score` its probability. `reason` names the decisive difference in
    words a reader understands ("the claim says two hours; the passage says about 25 minutes").
    """

    stance: Stance
    score: float
    support: float
    contradict: float
    reason: str | None = None
    # Who did what, for the aggregator: the claimed doer-and-act this passage says someone
    # else did ("smith>resign"), and those it states as the claim does. Empty from a scorer
    # that does not look at roles.
    disputed_role: str | None = None
    stated_roles: frozenset[str] = frozenset()

    @property
    def neutral(self) -> float:
        return max(0.0, 1.0 - self.support - self.contradict)


class StanceScorer(Protocol):
    """Decides, for each candidate passage, whether it supports or contradicts the claim."""

    name: str

    def score(self, claim: str, passages: Sequence[Passage]) -> list[StanceResult]: ...


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    text: str
    start: int
    end: int
    stance: Stance
    score: float


@dataclass(frozen=True)
class Sources:
    supporting: int
    contradicting: int
    consulted: int


@dataclass(frozen=True)
class Verdict:
    claim: str
    verdict: Label
    confidence: float
    explanation: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    sources: Sources = field(default_factory=lambda: Sources(0, 0, 0))
    corpus_version: str = ""
    engine_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The result shape shared by the engine, the CLI and the API (JSON-ready)."""
        return {
            "claim": self.claim,
            "verdict": self.verdict.value,
            "confidence": round(self.confidence, 4),
            "explanation": self.explanation,
            "evidence": [
                {
                    "doc_id": e.doc_id,
                    "title": e.title,
                    "outlet": e.outlet,
                    "published": e.published,
                    "text": e.text,
                    "start": e.start,
                    "end": e.end,
                    "stance": e.stance.value,
                    "score": round(e.score, 4),
                }
                for e in self.evidence
            ],
            "sources": {
                "supporting": self.sources.supporting,
                "contradicting": self.sources.contradicting,
                "consulted": self.sources.consulted,
            },
            "corpus_version": self.corpus_version,
            "engine_version": self.engine_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        return cls(
            claim=data["claim"],
            verdict=Label(data["verdict"]),
            confidence=float(data["confidence"]),
            explanation=data["explanation"],
            evidence=tuple(
                Evidence(
                    doc_id=e["doc_id"],
                    title=e.get("title"),
                    outlet=e.get("outlet"),
                    published=e.get("published"),
                    text=e["text"],
                    start=int(e["start"]),
                    end=int(e["end"]),
                    stance=Stance(e["stance"]),
                    score=float(e["score"]),
                )
                for e in data.get("evidence", [])
            ),
            sources=Sources(**data["sources"]),
            corpus_version=data.get("corpus_version", ""),
            engine_version=data.get("engine_version", ""),
        )
