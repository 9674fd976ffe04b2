"""The claim files themselves: well-formed, balanced, and their quotes are verbatim seed text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from workers.engine.types import Label
from workers.evaluation.datasets import EvalClaim, load_dev_claims
from workers.evaluation.metrics import doc_key

ROOT = Path(__file__).resolve().parents[2]
CLAIM_FILES = ("regression_claims.jsonl", "independent_claims.jsonl")
SEEDS = {doc_key(p.name): p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}


@pytest.fixture(params=CLAIM_FILES)
def claims(request: pytest.FixtureRequest) -> list[EvalClaim]:
    return load_dev_claims(ROOT / "tests" / "data" / request.param)


def test_labels_are_balanced_and_every_claim_has_a_kind(claims: list[EvalClaim]) -> None:
    counts = Counter(c.label for c in claims)
    assert counts[Label.SUPPORTED] >= 10
    assert counts[Label.REFUTED] >= 10
    assert counts[Label.NOT_ENOUGH_INFO] >= 6
    assert all(c.kind for c in claims)
    assert len({c.id for c in claims}) == len(claims)


def test_supported_and_refuted_claims_quote_the_seed_text_verbatim(claims: list[EvalClaim]) -> None:
    for claim in claims:
        if claim.label in (Label.SUPPORTED, Label.REFUTED):
            assert claim.evidence, f"{claim.id} has no evidence quote"
        else:
            assert not claim.evidence, f"{claim.id} is NOT_ENOUGH_INFO but quotes evidence"
        for quote in claim.evidence:
            assert doc_key(quote.doc) in SEEDS, f"{claim.id}: unknown seed {quote.doc}"
            assert quote.quote in SEEDS[doc_key(quote.doc)], f"{claim.id}: quote not in {quote.doc}"
