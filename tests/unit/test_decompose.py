"""Splitting a claim of several clauses into parts, and the verdict from the parts' verdicts."""

from __future__ import annotations

import pytest

from workers.engine.decompose import claim_parts, combine
from workers.engine.nlp import load_spacy
from workers.engine.types import Evidence, Label, Sources, Stance, Verdict

pytestmark = pytest.mark.slow


def parts(text: str) -> list[str]:
    return claim_parts(text, load_spacy())


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (
            "The council approved the budget, but the mayor vetoed the new tax.",
            ["The council approved the budget.", "The mayor vetoed the new tax."],
        ),
        (
            "Smith resigned on Monday, while Jones stayed on as mayor of the city.",
            ["Smith resigned on Monday.", "Jones stayed on as mayor of the city."],
        ),
        # A clause without a subject of its own shares the main clause's.
        (
            "The council approved the new city budget on Monday and signed the tax bill on Friday.",
            [
                "The council approved the new city budget on Monday.",
                "The council signed the tax bill on Friday.",
            ],
        ),
        # After a semicolon, "it" is the subject before it.
        (
            "The harbour authority did not call the storm damage minor; it said repairs would take years.",
            [
                "The harbour authority did not call the storm damage minor.",
                "The harbour authority said repairs would take years.",
            ],
        ),
    ],
)
def test_clauses_side_by_side_are_parts(claim: str, expected: list[str]) -> None:
    assert parts(claim) == expected


@pytest.mark.parametrize(
    "claim",
    [
        "Smith resigned because the council rejected his budget.",  # one claim about a cause
        "Smith met Jones in Oslo and Berlin.",  # joined nouns, not clauses
        "Smith left the council meeting early, visiting the harbour on Saturday.",  # a participle
        "Smith had already resigned by the time the council rejected his budget.",  # one timing
        "The council approved it and left.",  # a part too short to check alone
    ],
)
def test_one_claim_is_not_split(claim: str) -> None:
    assert parts(claim) == []


def verdict(label: Label, confidence: float, claim: str = "part", text: str = "") -> Verdict:
    evidence = (
        (Evidence("d1", None, None, None, text, 0, len(text), Stance.SUPPORTS, confidence),) if text else ()
    )
    return Verdict(claim, label, confidence, f"{label.value} explanation", evidence, Sources(1, 0, 3))


WHOLE = verdict(Label.NOT_ENOUGH_INFO, 0.7, "the whole claim")


def test_every_part_supported_supports_the_claim_with_the_weakest_confidence() -> None:
    combined = combine(
        WHOLE,
        [
            verdict(Label.SUPPORTED, 0.9, "first", "Passage one."),
            verdict(Label.SUPPORTED, 0.6, "second", "Passage two."),
        ],
        top_k=5,
    )
    assert (combined.verdict, combined.confidence, combined.claim) == (
        Label.SUPPORTED,
        0.6,
        "the whole claim",
    )
    assert [e.text for e in combined.evidence] == ["Passage one.", "Passage two."]
    assert combined.explanation.startswith("Checked in 2 parts; each part is supported.")


def test_a_refuted_part_refutes_the_claim() -> None:
    combined = combine(
        WHOLE, [verdict(Label.SUPPORTED, 0.9), verdict(Label.REFUTED, 0.8, "second", "No.")], top_k=5
    )
    assert (combined.verdict, combined.confidence) == (Label.REFUTED, 0.8)
    assert '"second" is false' in combined.explanation


def test_an_unsettled_part_leaves_the_whole_claims_verdict() -> None:
    assert (
        combine(WHOLE, [verdict(Label.SUPPORTED, 0.9), verdict(Label.NOT_ENOUGH_INFO, 0.8)], top_k=5) is WHOLE
    )
