"""Shared test helpers: a small fake engine with the real result shape, and settings for tests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import pytest

from workers.settings import Settings


@dataclass(frozen=True)
class FakeCorpus:
    version: str = "corpus-test"


@dataclass
class FakeVerdict:
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.data)


def fake_result(claim: str, *, corpus_version: str = "corpus-test", engine_version: str = "fake-1",
                top_k: int = 5) -> dict[str, Any]:
    """A result in the exact shape the engine returns (one contradicting passage per call)."""
    evidence = [{
        "doc_id": "001_6b29c57e0b4b91e8", "title": "A title", "outlet": "An outlet",
        "published": "2022-07-31",
        "text": "The call lasted about 25 minutes.", "start": 10, "end": 43, "stance": "contradicts",
        "score": 0.9,
    }][:top_k]
    return {
        "claim": claim, "verdict": "REFUTED", "confidence": 0.9,
        "explanation": "The claim says two hours; the source says 25 minutes.",
        "evidence": evidence,
        "sources": {"supporting": 0, "contradicting": 1, "consulted": 1},
        "corpus_version": corpus_version, "engine_version": engine_version,
    }


@dataclass
class FakeEngine:
    """Stands in for workers.engine.Engine: records calls; can be made to block or fail."""

    version: str = "fake-1"
    corpus: FakeCorpus = field(default_factory=FakeCorpus)
    calls: list[tuple[str, int]] = field(default_factory=list)
    gate: threading.Event | None = None  # when set, check() waits for it
    error: BaseException | None = None

    def check(self, claim: str, top_k: int = 5) -> FakeVerdict:
        self.calls.append((claim, top_k))
        if self.gate is not None:
            assert self.gate.wait(10), "test gate never opened"
        if self.error is not None:
            raise self.error
        return FakeVerdict(fake_result(claim, corpus_version=self.corpus.version, engine_version=self.version,
                                       top_k=top_k))

    def describe_corpus(self) -> dict[str, Any]:
        return {"version": self.corpus.version, "documents": [
            {"id": "001_6b29c57e0b4b91e8", "title": "A title", "outlet": "An outlet",
             "published": "2022-07-31", "passages": 12},
        ]}


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def test_settings() -> Settings:
    """Embedded-mode settings that touch no disk (no index cache)."""
    return Settings(redis_url=None, index_cache_dir=None)


@pytest.fixture
def make_engine() -> type[FakeEngine]:
    """The FakeEngine class, for tests that need one that blocks or fails."""
    return FakeEngine


@pytest.fixture
def expected_result() -> Any:
    """fake_result: the result FakeEngine returns for a claim."""
    return fake_result
