"""The scoring engine: a pure library (no web framework, queue, cache or environment reads).

    corpus = load_corpus("seeds/")            # or a .jsonl file; None = the default corpus
    engine = Engine.build(corpus, cache_dir=Path(".cache/index"))
    verdict = engine.check("The call lasted two hours.", top_k=5)
    verdict.to_dict()                         # the result shape shared by CLI and API
"""

from workers.engine.api import ENGINE_VERSION, Engine
from workers.engine.corpus import default_corpus_path, load_corpus
from workers.engine.text import normalize_claim
from workers.engine.types import (
    Corpus,
    Document,
    Evidence,
    Label,
    Passage,
    Sources,
    Stance,
    StanceResult,
    StanceScorer,
    Verdict,
)

__all__ = [
    "ENGINE_VERSION",
    "Corpus",
    "Document",
    "Engine",
    "Evidence",
    "Label",
    "Passage",
    "Sources",
    "Stance",
    "StanceResult",
    "StanceScorer",
    "Verdict",
    "default_corpus_path",
    "load_corpus",
    "normalize_claim",
]
