"""Comparisons of two parties' amounts and timings of two events, read from a claim and settled
across two passages.

Sentences are invented and parsed with the real spaCy pipeline (hence `slow`).
"""

from __future__ import annotations

import pytest

from workers.engine.nlp import load_spacy
from workers.engine.stance.analysis import Analysis, Term, analyze, names_match
from workers.engine.stance.joint import check_comparison, check_timing

pytestmark = pytest.mark.slow


def parse(text: str) -> Analysis:
    return analyze(load_spacy()(text))


def test_a_difference_between_two_parties_is_read_from_the_claim() -> None:
    comparison = parse(
        "Marco Bellini's ban is four years longer than the one Elena Varga received."
    ).comparison
    assert comparison is not None
    assert (comparison.left, comparison.right, comparison.direction) == ("marco bellini", "elena varga", 1)
    assert comparison.difference is not None and comparison.difference.value == 4
    assert comparison.text == "four years longer"


@pytest.mark.parametrize(
    ("claim", "direction", "factor", "at_least"),
    [
        ("Elena Varga served a shorter ban than Marco Bellini.", -1, None, False),
        ("Marco Bellini's ban is roughly three times as long as Elena Varga's.", 1, 3.0, False),
        ("Marco Bellini's ban is more than three times as long as Elena Varga's.", 1, 3.0, True),
        ("Marco Bellini's ban is more than twice as long as Elena Varga's.", 1, 2.0, True),
        ("Elena Varga's ban is half as long as Marco Bellini's.", 1, 0.5, False),
        ("Marco Bellini's ban is one and a half times as long as Elena Varga's.", 1, 1.5, False),
    ],
)
def test_comparatives_and_factors(claim: str, direction: int, factor: float | None, at_least: bool) -> None:
    comparison = parse(claim).comparison
    assert comparison is not None
    assert (comparison.direction, comparison.factor, comparison.at_least) == (direction, factor, at_least)


@pytest.mark.parametrize(
    "claim",
    [
        "The storm lasted more than 40 minutes.",  # one party, no comparison of two
        "Linda Okafor said the bridge cost more than Marco Bellini had promised.",  # Okafor only speaks
        "Marco Bellini's ban is longer than Elena Varga's and Linda Okafor's put together.",  # a sum
        "Marco Bellini's ban ended a break of little more than a week for Elena Varga.",  # an amount
    ],
)
def test_no_comparison_of_two_parties(claim: str) -> None:
    assert parse(claim).comparison is None


def _candidates(*texts: str, context: str | None = None) -> list[tuple[Analysis, Analysis | None]]:
    return [(parse(t), parse(context) if context else None) for t in texts]


def test_two_passages_settle_a_difference() -> None:
    candidates = _candidates(
        "Marco Bellini was banned for six years.", "Elena Varga received a two-year ban."
    )
    claim = parse("Marco Bellini's ban is four years longer than Elena Varga's.")
    finding = check_comparison(claim, candidates, names_match)
    assert finding is not None
    assert (finding.passages, finding.holds) == ((0, 1), True)
    wrong = check_comparison(
        parse("Marco Bellini's ban is five years longer than Elena Varga's."), candidates, names_match
    )
    assert wrong is not None and not wrong.holds
    assert wrong.reason == (
        "the claim says Marco Bellini's is five years longer than Elena Varga's; "
        "the passages say six years and two year"
    )
    reversed_ = check_comparison(
        parse("Elena Varga served a longer ban than Marco Bellini."), candidates, names_match
    )
    assert reversed_ is not None and not reversed_.holds


def test_factors_within_tolerance_and_at_least() -> None:
    candidates = _candidates(
        "Marco Bellini was banned for 31 months.", "Elena Varga was banned for ten months."
    )
    roughly = parse("Marco Bellini's ban is roughly three times as long as Elena Varga's.")
    at_least = parse("Marco Bellini's ban is more than three times as long as Elena Varga's.")
    four = parse("Marco Bellini's ban is four times as long as Elena Varga's.")
    assert [check_comparison(c, candidates, names_match).holds for c in (roughly, at_least, four)] == [  # type: ignore[union-attr]
        True,
        True,
        False,
    ]


def test_a_pronoun_sentence_takes_its_party_from_the_context() -> None:
    candidates = [
        (parse("She could face up to ten years."), parse("Elena Varga went on trial in May.")),
        (parse("Marco Bellini is serving 25 years."), None),
    ]
    finding = check_comparison(
        parse("Marco Bellini's term is 15 years longer than Elena Varga's."), candidates, names_match
    )
    assert finding is not None and finding.holds and finding.passages == (1, 0)


def test_no_finding_when_an_amount_cannot_be_attributed() -> None:
    claim = parse("Marco Bellini's ban is four years longer than Elena Varga's.")
    # Both parties in one sentence: whose amount is it?
    together = _candidates("Marco Bellini and Elena Varga were banned for six years.")
    assert check_comparison(claim, together, names_match) is None
    # Only one party's amount is stated.
    one = _candidates("Marco Bellini was banned for six years.", "Elena Varga appealed.")
    assert check_comparison(claim, one, names_match) is None
    # Two amounts of the kind compared in one sentence: which is the ban?
    two = _candidates(
        "Marco Bellini was banned for six years and fined for two years.", "Elena Varga got two years."
    )
    assert check_comparison(claim, two, names_match) is None


# --- timings --------------------------------------------------------------------------------------


def _keys(claim: str) -> tuple[frozenset[str], frozenset[str], int, str]:
    timing = parse(claim).timing
    assert timing is not None
    return timing.first, timing.second, timing.days, timing.text


def test_a_timing_splits_the_claim_into_two_events() -> None:
    first, second, days, text = _keys("Mayor Okafor resigned the day after the council rejected her budget.")
    assert {"okafor", "resign"} <= first
    assert {"council", "reject", "budget"} <= second
    assert (days, text) == (1, "the day after")


@pytest.mark.parametrize(
    ("claim", "days"),
    [
        ("Two days before the vote, Mayor Okafor resigned.", -2),
        ("Mayor Okafor resigned a full week before the vote.", -7),
        ("Mayor Okafor resigned two weeks after the vote.", 14),
        ("Mayor Okafor resigned on the same day the council rejected her budget.", 0),
        ("Mayor Okafor resigned on the day of the budget vote.", 0),
    ],
)
def test_timing_offsets(claim: str, days: int) -> None:
    assert _keys(claim)[2] == days


def test_an_order_alone_is_a_timing_without_days() -> None:
    timing = parse("Mayor Okafor resigned before the council rejected her budget.").timing
    assert timing is not None
    assert (timing.days, timing.order, timing.text) == (None, -1, "before")
    assert {"council", "reject", "budget"} <= timing.second


def test_vague_times_give_no_days() -> None:
    # "In the days after": how many? Only the order is said.
    vague = parse("Talks resumed in the days after the storm.").timing
    assert vague is not None and (vague.days, vague.order) == (None, 1)
    assert parse("Mayor Okafor resigned on Monday.").timing is None


def _timing(claim: str, *texts: str) -> bool | None:
    def weight(term: Term) -> float:
        return term.weight

    def exact(a: str, b: str) -> float:
        return 1.0 if a == b else 0.0

    finding = check_timing(parse(claim), _candidates(*texts), weight, exact, names_match)
    return None if finding is None else finding.holds


def test_two_passages_dating_each_event_settle_a_timing() -> None:
    passages = (
        "The council rejected the mayor's budget on Tuesday.",
        "Mayor Okafor resigned on Wednesday after a long meeting.",
    )
    assert _timing("Mayor Okafor resigned the day after the council rejected the budget.", *passages) is True
    assert (
        _timing("Mayor Okafor resigned on the same day the council rejected the budget.", *passages) is False
    )
    assert (
        _timing("Two days before the council rejected the budget, Mayor Okafor resigned.", *passages) is False
    )


def test_a_day_that_dates_another_act_does_not_date_the_event() -> None:
    # Tuesday dates the meeting, not the vote that rejected the budget.
    passages = (
        "The council met on Tuesday, a week after it rejected the budget.",
        "Mayor Okafor resigned on Wednesday after a long meeting.",
    )
    assert _timing("Mayor Okafor resigned the day after the council rejected the budget.", *passages) is None


def test_an_order_is_settled_by_two_dated_events() -> None:
    passages = (
        "The council rejected the mayor's budget on Tuesday.",
        "Mayor Okafor resigned on Wednesday after a long meeting.",
    )
    assert _timing("Mayor Okafor resigned after the council rejected the budget.", *passages) is True
    assert _timing("Mayor Okafor resigned before the council rejected the budget.", *passages) is False
    # The same day: which came first is not said.
    same = ("The council rejected the mayor's budget on Wednesday.", passages[1])
    assert _timing("Mayor Okafor resigned before the council rejected the budget.", *same) is None


def test_a_date_in_a_since_clause_dates_that_clause() -> None:
    passages = (
        "It was the first vote since the council rejected the budget in March.",
        "Mayor Okafor resigned in May.",
    )
    assert _timing("Mayor Okafor resigned before the council rejected the budget.", *passages) is False


def test_day_counts_cross_month_ends_and_leap_days() -> None:
    from workers.engine.stance.joint import _ordinal

    assert _ordinal(301) - _ordinal(228) == 2  # 29 February counts
    assert _ordinal(801) - _ordinal(731) == 1
    assert _ordinal(431) - _ordinal(430) == 1  # "31 April" does not crash


def test_an_exact_difference_is_exact_and_a_bounded_or_percentage_one_is_not() -> None:
    candidates = _candidates("Marco Bellini was banned for 25 years.", "Varga is serving 16 years.")
    claims = {
        "Marco Bellini's ban is a full decade longer than Elena Varga's.": False,  # nine years
        "Marco Bellini's ban is about ten years longer than Elena Varga's.": True,
        "Marco Bellini's ban is more than eight years longer than Elena Varga's.": True,
        "Marco Bellini's ban is more than 50 percent longer than Elena Varga's.": True,  # 56%
        "Marco Bellini's ban is more than 60 percent longer than Elena Varga's.": False,
    }
    for claim, holds in claims.items():
        finding = check_comparison(parse(claim), candidates, names_match)
        assert finding is not None and finding.holds is holds, claim


# --- totals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("Their bans add up to 41 years.", True),
        ("Between them, Okafor and Bellini are serving 41 years.", True),
        ("The bans total 41 years.", True),
        ("Okafor is serving 41 years.", False),
        ("Okafor faces up to 41 years.", False),
        ("About 30 percent of the total rainfall fell in May.", False),  # "total" as a noun
    ],
)
def test_a_total_of_several_amounts_is_marked(text: str, total: bool) -> None:
    (quantity,) = parse(text).quantities
    assert quantity.total is total


def test_named_parties_amounts_settle_their_total() -> None:
    from workers.engine.stance.joint import check_total

    candidates = _candidates("Marco Bellini was banned for 25 years.", "Varga is serving 16 years.")
    right = check_total(
        parse("Marco Bellini's and Elena Varga's bans add up to 41 years."), candidates, names_match
    )
    assert right is not None and right.holds and right.passages == (0, 1)
    wrong = check_total(
        parse("Marco Bellini's and Elena Varga's bans add up to 45 years."), candidates, names_match
    )
    assert wrong is not None and not wrong.holds
    assert wrong.reason == "the claim says 45 years together; the passages say 25 years + 16 years"
    # A total is no single amount: "41 years" is neither confirmed nor contradicted by one.
    from workers.engine.stance import checks

    assert (
        checks.check_quantities(parse("Their bans add up to 45 years."), parse("Varga is serving 16 years."))
        == []
    )
