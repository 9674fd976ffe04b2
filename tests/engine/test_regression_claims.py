"""The regression claims file itself: well-formed, balanced, and its quotes are verbatim seed text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from workers.engine.types import Label
from workers.evaluation.datasets import load_dev_claims
from workers.evaluation.metrics import doc_key

ROOT = Path(__file__).resolve().parents[2]
CLAIMS = load_dev_claims(ROOT / "tests" / "data" / "regression_claims.jsonl")
SEEDS = {doc_key(p.name): p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}


def test_labels_are_balanced_and_every_claim_has_a_kind() -> None:
    counts = Counter(c.label for c in CLAIMS)
    assert counts[Label.SUPPORTED] >= 10
    assert counts[Label.REFUTED] >= 10
    assert counts[Label.NOT_ENOUGH_INFO] >= 6
    assert all(c.kind for c in CLAIMS)


def test_supported_and_refuted_claims_quote_the_seed_text_verbatim() -> None:
    for claim in CLAIMS:
        if claim.label in (Label.SUPPORTED, Label.REFUTED):
            assert claim.evidence, f"{claim.id} has no evidence quote"
        else:
            assert not claim.evidence, f"{claim.id} is NOT_ENOUGH_INFO but quotes evidence"
        for quote in claim.evidence:
            assert doc_key(quote.doc) in SEEDS, f"{claim.id}: unknown seed {quote.doc}"
            assert quote.quote in SEEDS[doc_key(quote.doc)], f"{claim.id}: quote not in {quote.doc}"
