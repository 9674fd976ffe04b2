"""The default (heuristic) stance scorer end to end, on a tiny invented corpus.

One engine is built per module with the real spaCy pipeline and MiniLM embeddings, hence `slow`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from workers.engine import Engine
from workers.engine.api import ENGINE_VERSION
from workers.engine.corpus import build_corpus
from workers.engine.segment import normalize_whitespace
from workers.engine.stance.heuristic import HeuristicStanceScorer
from workers.engine.types import Corpus, Document, Label, Passage, Stance, StanceResult, Verdict

pytestmark = pytest.mark.slow

DOCUMENTS = [
    Document(
        "weather-1",
        "A thunderstorm swept through Lakeview on Wednesday evening. The storm lasted about 40 minutes and "
        "knocked down power lines across the east side of the town.\nCity officials said repairs to the "
        "lines would take three days.",
        title="Storm hits Lakeview",
        outlet="Lakeview Ledger",
        published="2031-06-12",
    ),
    Document(
        "council-1",
        "The Lakeview city council approved the budget for a new public library on Monday. Councillors "
        "voted seven to two in favour of the plan. Mayor Linda Okafor said the library would open in 2033.",
        title="Library budget approved",
        outlet="Lakeview Ledger",
        published="2031-05-20",
    ),
    Document(
        "sports-1",
        "The Riverton Rovers beat the Harbor City Gulls in Saturday's cup final. Striker Marco Bellini "
        "scored twice in the second half. Coach Elena Varga praised her team's defence after the match.",
        title="Rovers lift the cup",
        outlet="Riverton Sport",
        published="2031-04-03",
    ),
    Document(
        "council-2",
        "On Monday, Lakeview's council voted to fund a new public library. Mayor Linda Okafor welcomed the "
        "decision and said construction would begin in the spring.",
        title="Council backs library",
        outlet="Valley Times",
        published="2031-05-21",
    ),
]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus(DOCUMENTS)


@pytest.fixture(scope="module")
def engine(corpus: Corpus) -> Engine:
    return Engine.build(corpus, threads=1)


@pytest.fixture(scope="module")
def scorer(engine: Engine) -> HeuristicStanceScorer:
    assert isinstance(engine.scorer, HeuristicStanceScorer)
    return engine.scorer


def assert_valid(result: StanceResult) -> None:
    """A StanceResult's own contract: probabilities, and stance/score the most likely of the three."""
    assert 0.0 <= result.support <= 1.0
    assert 0.0 <= result.contradict <= 1.0
    assert result.support + result.contradict <= 1.0 + 1e-9
    probabilities = {
        Stance.SUPPORTS: result.support,
        Stance.CONTRADICTS: result.contradict,
        Stance.NEUTRAL: result.neutral,
    }
    assert math.isclose(result.score, probabilities[result.stance], abs_tol=1e-9)
    assert result.score == pytest.approx(max(probabilities.values()))
    if result.stance is Stance.CONTRADICTS:
        assert result.reason
    else:
        assert result.reason is None


def check(engine: Engine, claim: str, top_k: int = 3) -> Verdict:
    return engine.check(claim, top_k=top_k)


def passage(text: str) -> Passage:
    """A passage that is not in the corpus (pair-level scoring)."""
    return Passage(id=10_000, doc_id="pair", start=0, end=len(text), text=text)


# --- verdicts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "doc_id"),
    [
        (
            "On Monday the city council of Lakeview gave the go-ahead to a budget for a new public library.",
            "council-1",
        ),
        ("The storm in Lakeview lasted roughly 40 minutes.", "weather-1"),
        ("Marco Bellini scored two goals in the second half.", "sports-1"),
    ],
)
def test_paraphrased_claim_is_supported(engine: Engine, claim: str, doc_id: str) -> None:
    verdict = check(engine, claim)
    assert verdict.verdict is Label.SUPPORTED, verdict.explanation
    assert verdict.sources.supporting >= 1
    assert verdict.sources.contradicting == 0
    assert verdict.evidence[0].stance is Stance.SUPPORTS
    assert verdict.evidence[0].doc_id == doc_id
    assert verdict.confidence >= 0.5


def test_supported_by_two_outlets_counts_both(engine: Engine) -> None:
    verdict = check(engine, "Councillors in Lakeview backed funding for a new public library on Monday.")
    assert verdict.verdict is Label.SUPPORTED
    assert verdict.sources.supporting == 2
    assert {e.doc_id for e in verdict.evidence[:2]} == {"council-1", "council-2"}


def test_wrong_number_is_refuted_naming_both_numbers(engine: Engine) -> None:
    verdict = check(engine, "The storm in Lakeview lasted two hours.")
    assert verdict.verdict is Label.REFUTED
    assert "two hours" in verdict.explanation
    assert "40 minutes" in verdict.explanation
    assert verdict.evidence[0].stance is Stance.CONTRADICTS
    assert "40 minutes" in verdict.evidence[0].text


def test_wrong_weekday_is_refuted(engine: Engine) -> None:
    verdict = check(engine, "A thunderstorm swept through Lakeview on Friday evening.")
    assert verdict.verdict is Label.REFUTED
    assert "Friday" in verdict.explanation and "Wednesday" in verdict.explanation


def test_a_date_is_checked_against_a_week_day_dated_by_publication(engine: Engine) -> None:
    # The storm story, published on Thursday 12 June 2031, says "on Wednesday": 11 June.
    right = check(engine, "A thunderstorm swept through Lakeview on 11 June.")
    assert right.verdict is Label.SUPPORTED
    wrong = check(engine, "A thunderstorm swept through Lakeview on 4 June.")
    assert wrong.verdict is Label.REFUTED
    assert "Wednesday (11 June)" in wrong.explanation


def test_wrong_weekday_stated_by_two_sources(engine: Engine) -> None:
    verdict = check(engine, "The Lakeview city council approved the library budget on Friday.")
    assert verdict.verdict is Label.REFUTED
    assert verdict.sources.contradicting == 2
    assert "Monday" in verdict.explanation


def test_wrong_year_is_refuted(engine: Engine) -> None:
    verdict = check(engine, "Mayor Linda Okafor said the library would open in 2035.")
    assert verdict.verdict is Label.REFUTED
    assert "2035" in verdict.explanation and "2033" in verdict.explanation


def test_swapped_roles_are_refuted(engine: Engine) -> None:
    verdict = check(engine, "The Harbor City Gulls beat the Riverton Rovers in the cup final.")
    assert verdict.verdict is Label.REFUTED
    assert verdict.evidence[0].doc_id == "sports-1"


def test_negated_claim_is_refuted(engine: Engine) -> None:
    verdict = check(engine, "The Lakeview city council did not approve the library budget.")
    assert verdict.verdict is Label.REFUTED
    assert "not approve" in verdict.explanation


def test_antonym_is_refuted(engine: Engine) -> None:
    verdict = check(engine, "Coach Elena Varga criticised her team's defence after the match.")
    assert verdict.verdict is Label.REFUTED
    assert "praised" in verdict.explanation


def test_a_claim_naming_the_outlet_finds_its_story(engine: Engine, scorer: HeuristicStanceScorer) -> None:
    # The outlet is in the document's metadata, never in its text.
    assert "valley times" in scorer._document_names["council-2"]
    story = next(p for p in engine.corpus.passages if p.doc_id == "council-2")
    said = "reported that Lakeview's council voted on Monday to fund a new public library."
    by_outlet = scorer.score(f"The Valley Times {said}", [story])[0]
    by_another = scorer.score(f"The Harbour Herald {said}", [story])[0]
    assert by_outlet.support > by_another.support


def test_the_winner_said_to_have_lost_is_refuted(engine: Engine) -> None:
    verdict = check(engine, "The Riverton Rovers lost the cup final to the Harbor City Gulls.")
    assert verdict.verdict is Label.REFUTED
    assert "lost" in verdict.explanation and "beat" in verdict.explanation


@pytest.mark.parametrize(
    "claim",
    [
        "Scientists discovered a new species of frog in the Amazon.",
        "The central bank raised interest rates by half a point.",
    ],
)
def test_off_topic_claim_is_not_enough_info(engine: Engine, claim: str) -> None:
    verdict = check(engine, claim)
    assert verdict.verdict is Label.NOT_ENOUGH_INFO
    assert verdict.sources.supporting == 0
    assert verdict.sources.contradicting == 0
    assert all(e.stance is Stance.NEUTRAL for e in verdict.evidence)


def test_verdict_carries_versions_and_real_offsets(engine: Engine, corpus: Corpus) -> None:
    verdict = check(engine, "The storm in Lakeview lasted two hours.", top_k=5)
    assert verdict.corpus_version == corpus.version
    assert verdict.engine_version == f"{ENGINE_VERSION}+heuristic"
    assert len(verdict.evidence) == 5
    assert verdict.sources.consulted == len(DOCUMENTS)
    for evidence in verdict.evidence:
        source = corpus.document(evidence.doc_id).text[evidence.start : evidence.end]
        assert normalize_whitespace(source) == evidence.text


# --- the scorer's results -------------------------------------------------------------------------

CLAIMS = [
    "The storm in Lakeview lasted two hours.",
    "The storm in Lakeview lasted roughly 40 minutes.",
    "The Lakeview city council did not approve the library budget.",
    "Scientists discovered a new species of frog in the Amazon.",
    "Coach Elena Varga criticised her team's defence after the match.",
]


@pytest.mark.parametrize("claim", CLAIMS)
def test_every_stance_result_is_a_valid_distribution(
    scorer: HeuristicStanceScorer, corpus: Corpus, claim: str
) -> None:
    results = scorer.score(claim, corpus.passages)
    assert len(results) == len(corpus.passages)
    for result in results:
        assert_valid(result)


def test_no_passages_no_results(scorer: HeuristicStanceScorer) -> None:
    assert scorer.score("The storm in Lakeview lasted two hours.", []) == []


def _score_pair(scorer: HeuristicStanceScorer, claim: str, text: str) -> StanceResult:
    results: Sequence[StanceResult] = scorer.score(claim, [passage(text)])
    (result,) = results
    assert_valid(result)
    return result


def test_identical_sentence_supports(scorer: HeuristicStanceScorer) -> None:
    text = "The storm in Lakeview lasted two hours."
    result = _score_pair(scorer, text, text)
    assert result.stance is Stance.SUPPORTS
    assert result.support > 0.9
    assert result.contradict == 0.0


def test_same_sentence_with_another_number_contradicts(scorer: HeuristicStanceScorer) -> None:
    result = _score_pair(
        scorer, "The storm in Lakeview lasted two hours.", "The storm in Lakeview lasted 40 minutes."
    )
    assert result.stance is Stance.CONTRADICTS
    assert result.reason == "the claim says two hours; the passage says 40 minutes"
    assert result.support < 0.2


def test_a_difference_in_an_unrelated_sentence_is_not_a_contradiction(scorer: HeuristicStanceScorer) -> None:
    # The numbers differ, but the passage is about something else: the difference must not count.
    result = _score_pair(
        scorer,
        "The storm in Lakeview lasted two hours.",
        "Councillors debated the parking plan for 40 minutes.",
    )
    assert result.stance is Stance.NEUTRAL
    assert result.contradict < 0.2


def test_a_wrong_day_for_the_same_act_contradicts_a_long_claim(scorer: HeuristicStanceScorer) -> None:
    # Most of the claim (the week-old dispute) is not in the passage, but the passage dates the
    # very act the claim dates, by the same person.
    claim = "Marco Bellini signed for the Rovers on Thursday, a week after a bitter row with his old club."
    result = _score_pair(scorer, claim, "Earlier on Friday, Marco Bellini signed for the Rovers.")
    assert result.stance is Stance.CONTRADICTS
    assert result.reason == "the claim says Thursday; the passage says Friday"
    # Another person signing on Friday says nothing about when Bellini did.
    other = _score_pair(scorer, claim, "Earlier on Friday, Linda Okafor signed for the Rovers.")
    assert other.stance is not Stance.CONTRADICTS


def test_a_misquote_contradicts(scorer: HeuristicStanceScorer) -> None:
    text = 'Coach Elena Varga said her team played "with courage and discipline" in the final.'
    claim = 'Coach Elena Varga said her team played "with courage and passion" in the final.'
    result = _score_pair(scorer, claim, text)
    assert result.stance is Stance.CONTRADICTS
    assert result.reason == (
        'the claim quotes "with courage and passion"; the passage says "with courage and discipline"'
    )
    assert _score_pair(scorer, text, text).stance is Stance.SUPPORTS


def test_a_passage_missing_a_named_person_does_not_confirm_the_claim(scorer: HeuristicStanceScorer) -> None:
    named = _score_pair(
        scorer,
        "Marco Bellini scored twice in the second half.",
        "Marco Bellini scored twice in the second half.",
    )
    unnamed = _score_pair(
        scorer,
        "Marco Bellini scored twice in the second half.",
        "The striker scored twice in the second half.",
    )
    assert named.stance is Stance.SUPPORTS
    assert unnamed.support < named.support
    assert unnamed.stance is Stance.NEUTRAL


def test_context_names_the_subject_of_a_pronoun_sentence(scorer: HeuristicStanceScorer) -> None:
    claim = "Marco Bellini scored twice in the second half."
    text = "He scored twice in the second half."
    bare = scorer.score(claim, [passage(text)])[0]
    with_context = scorer.score(
        claim,
        [Passage(10_001, "pair", 0, len(text), text, context="Marco Bellini joined the Rovers in May.")],
    )[0]
    assert_valid(with_context)
    assert bare.stance is Stance.NEUTRAL
    assert with_context.stance is Stance.SUPPORTS
    assert with_context.support > bare.support


def test_a_number_said_of_someone_else_is_no_contradiction(scorer: HeuristicStanceScorer) -> None:
    # The context names the claim's person; the sentence itself is about another one.
    claim = "Marco Bellini is serving a ten-year sentence."
    text = "Linda Okafor received a 16-year sentence."
    own = _score_pair(scorer, claim, "Marco Bellini received a 16-year sentence.")
    other = scorer.score(
        claim, [Passage(10_002, "pair", 0, len(text), text, context="Marco Bellini could face ten years.")]
    )[0]
    assert_valid(other)
    assert own.stance is Stance.CONTRADICTS
    assert other.stance is Stance.NEUTRAL
    assert other.contradict < own.contradict / 2


def test_a_comparison_is_settled_by_two_passages_together(scorer: HeuristicStanceScorer) -> None:
    # Neither sentence alone says whose contract is longer; together they do.
    text = "She agreed a deal worth $4 million in May."
    passages = [
        passage("Marco Bellini signed a contract worth $12 million."),
        Passage(10_003, "pair", 0, len(text), text, context="Elena Varga moved."),
    ]
    claim = "Marco Bellini's contract is worth three times as much as Elena Varga's."
    results = scorer.score(claim, passages)
    assert [r.stance for r in results] == [Stance.SUPPORTS, Stance.SUPPORTS]
    wrong_claim = "Marco Bellini's contract is worth $10 million more than Elena Varga's."
    wrong = scorer.score(wrong_claim, passages)
    assert [r.stance for r in wrong] == [Stance.CONTRADICTS, Stance.CONTRADICTS]
    assert wrong[0].reason == (
        "the claim says Marco Bellini's is $10 million more than Elena Varga's; "
        "the passages say $12 million and $4 million"
    )


def test_a_timing_is_settled_by_two_passages_together(scorer: HeuristicStanceScorer) -> None:
    passages = [
        passage("The Lakeview council rejected the library budget on Tuesday."),
        passage("Mayor Linda Okafor resigned on Wednesday."),
    ]
    right = scorer.score(
        "Linda Okafor resigned the day after the council rejected the library budget.", passages
    )
    assert [r.stance for r in right] == [Stance.SUPPORTS, Stance.SUPPORTS]
    wrong = scorer.score(
        "Linda Okafor resigned two days after the council rejected the library budget.", passages
    )
    assert [r.stance for r in wrong] == [Stance.CONTRADICTS, Stance.CONTRADICTS]
    assert wrong[0].reason == "the claim says two days after; the passages say Wednesday and Tuesday"
