"""The engine's front door: build an index from a corpus once, then check claims against it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workers.engine.aggregate import aggregate
from workers.engine.retrieval import HybridRetriever
from workers.engine.stance.heuristic import HeuristicStanceScorer
from workers.engine.text import normalize_claim
from workers.engine.types import Corpus, StanceScorer, Verdict
from workers.engine.wordnet import load_wordnet

ENGINE_VERSION = "0.9.9"

# How many passages are scored for stance before the best top_k are returned as evidence.
CANDIDATES = 24


@dataclass(frozen=True)
class BuildReport:
    """What building the index cost: reported by the CLI and the worker at start-up."""

    passages: int
    seconds: float
    from_cache: bool
    peak_rss_mb: float


class Engine:
    def __init__(
        self, corpus: Corpus, retriever: HybridRetriever, scorer: StanceScorer, report: BuildReport
    ) -> None:
        self.corpus = corpus
        self.retriever = retriever
        self.scorer = scorer
        self.build_report = report

    @property
    def version(self) -> str:
        return f"{ENGINE_VERSION}+{self.scorer.name}"

    @classmethod
    def build(
        cls,
        corpus: Corpus,
        *,
        cache_dir: Path | None = None,
        scorer: StanceScorer | None = None,
        threads: int | None = None,
    ) -> Engine:
        """Index the corpus (or load the index cached on disk for this corpus version).

        `threads` is the number of CPU threads for the embedding model (default: the machine's
        cores, at most 4); a worker process that runs beside others on the same cores passes 1.
        """
        if threads is None:
            threads = min(4, os.cpu_count() or 1)
        from workers.engine.resources import peak_rss_mb

        started = time.perf_counter()
        retriever, from_cache = HybridRetriever.build(corpus, cache_dir=cache_dir, threads=threads)
        if scorer is None:
            heuristic = HeuristicStanceScorer(
                retriever.encoder,
                idf=retriever.idf,
                sentence_similarity=retriever.similarity,
                lexicon=load_wordnet(),
            )
            from_cache = heuristic.prepare(corpus, cache_dir) and from_cache
            scorer = heuristic
        report = BuildReport(
            passages=len(corpus.passages),
            seconds=time.perf_counter() - started,
            from_cache=from_cache,
            peak_rss_mb=peak_rss_mb(),
        )
        return cls(corpus, retriever, scorer, report)

    def check(self, claim: str, top_k: int = 5) -> Verdict:
        claim = normalize_claim(claim)
        hits = self.retriever.search(claim, k=max(CANDIDATES, top_k))
        passages = [self.corpus.passages[h.passage_id] for h in hits]
        stances = self.scorer.score(claim, passages)
        return aggregate(
            claim,
            self.corpus,
            hits,
            stances,
            top_k=top_k,
            engine_version=self.version,
        )

    def describe_corpus(self) -> dict[str, Any]:
        """The corpus as GET /v1/corpus shows it."""
        counts: dict[str, int] = {}
        for p in self.corpus.passages:
            counts[p.doc_id] = counts.get(p.doc_id, 0) + 1
        return {
            "version": self.corpus.version,
            "documents": [
                {
                    "id": d.id,
                    "title": d.title,
                    "outlet": d.outlet,
                    "published": d.published,
                    "passages": counts.get(d.id, 0),
                }
                for d in self.corpus.documents
            ],
        }
