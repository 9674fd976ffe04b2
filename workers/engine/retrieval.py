"""Hybrid retrieval: BM25 over stemmed words and MiniLM embeddings, fused by reciprocal rank."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

from workers.engine.embeddings import MODEL_NAME, SentenceEncoder
from workers.engine.types import Corpus

log = logging.getLogger(__name__)

# Reciprocal-rank-fusion constant (Cormack et al. 2009): large enough that the top few ranks of
# either retriever do not drown the other one.
RRF_K = 60

_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMER = Stemmer.Stemmer("english")


def lexical_terms(text: str) -> list[str]:
    """Lower-cased, stemmed words without English stop words: the BM25 vocabulary."""
    words = [
        w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in bm25s.stopwords.STOPWORDS_EN
    ]
    return list(_STEMMER.stemWords(words))


@dataclass(frozen=True)
class Hit:
    passage_id: int
    lexical: float  # BM25 score
    dense: float  # cosine similarity of claim and passage embeddings
    fused: float  # reciprocal-rank fusion of both rankings


class HybridRetriever:
    def __init__(self, corpus: Corpus, encoder: SentenceEncoder, embeddings: np.ndarray) -> None:
        self.corpus = corpus
        self.encoder = encoder
        self.embeddings = embeddings
        self.bm25 = bm25s.BM25()
        tokens = [lexical_terms(p.text) or ["<empty>"] for p in corpus.passages]
        self.bm25.index(tokens, show_progress=False)
        self.document_frequency = _document_frequency(tokens)

    @classmethod
    def build(
        cls, corpus: Corpus, *, cache_dir: Path | None = None, threads: int = 1
    ) -> tuple[HybridRetriever, bool]:
        """Build the index; passage embeddings are read from / written to `cache_dir` by corpus version."""
        encoder = SentenceEncoder(threads=threads)
        path = cache_dir / f"{corpus.version}-{MODEL_NAME}.npy" if cache_dir else None
        embeddings = None
        if path is not None and path.exists():
            try:
                embeddings = np.load(path)
            except (OSError, ValueError) as exc:  # a torn write: rebuild rather than fail
                log.warning("ignoring unreadable index cache %s: %s", path, exc)
            if embeddings is not None and embeddings.shape[0] != len(corpus.passages):
                embeddings = None
        from_cache = embeddings is not None
        if embeddings is None:
            embeddings = encoder.encode([p.text for p in corpus.passages])
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp.npy")
                np.save(tmp, embeddings)
                tmp.replace(path)  # atomic: concurrent workers never read half a file
        return cls(corpus, encoder, embeddings), from_cache

    def similarity(self, claim: str, passage_id: int, passage_text: str) -> float:
        """Cosine of claim and passage embeddings (the passage's from the index when it is one)."""
        claim_vec = self.encoder.encode_cached([claim])[0]
        if (
            0 <= passage_id < len(self.corpus.passages)
            and self.corpus.passages[passage_id].text == passage_text
        ):
            return float(self.embeddings[passage_id] @ claim_vec)
        return float(self.encoder.encode_cached([passage_text])[0] @ claim_vec)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of a stemmed term over passages."""
        n = len(self.corpus.passages)
        df = self.document_frequency.get(term, 0)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def search(self, claim: str, k: int) -> list[Hit]:
        n = len(self.corpus.passages)
        if n == 0:
            return []
        query_vec = self.encoder.encode_cached([claim])[0]
        dense = self.embeddings @ query_vec
        terms = [t for t in lexical_terms(claim) if t in self.bm25.vocab_dict]
        lexical = self.bm25.get_scores(terms) if terms else np.zeros(n, dtype=np.float32)
        fused = np.zeros(n, dtype=np.float64)
        for scores in (dense, lexical):
            ranks = np.empty(n, dtype=np.int64)
            ranks[np.argsort(-scores, kind="stable")] = np.arange(1, n + 1)
            fused += 1.0 / (RRF_K + ranks)
        top = np.argsort(-fused, kind="stable")[: min(k, n)]
        return [Hit(int(i), float(lexical[i]), float(dense[i]), float(fused[i])) for i in top]


def _document_frequency(tokens: list[list[str]]) -> dict[str, int]:
    df: dict[str, int] = {}
    for passage_terms in tokens:
        for term in set(passage_terms):
            df[term] = df.get(term, 0) + 1
    return df
