"""The targeted stance checks (checks.py), one group per check, plus coverage.

Sentences are invented and parsed with the real spaCy pipeline (hence `slow`). Word similarity is
exact match (1.0 or 0.0) unless a test is about near-synonyms, where the real WordVectors are used.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from workers.engine.nlp import load_spacy
from workers.engine.stance import checks
from workers.engine.stance.analysis import Analysis, Quantity, Term, analyze
from workers.engine.stance.checks import Coverage, Finding, WordSimilarity

pytestmark = pytest.mark.slow


def exact(a: str, b: str) -> float:
    return 1.0 if a == b else 0.0


def parse(text: str) -> Analysis:
    return analyze(load_spacy()(text))


def own_weight(term: Term) -> float:
    return term.weight


def cover(claim: Analysis, passage: Analysis, similarity: WordSimilarity = exact) -> Coverage:
    return checks.coverage(claim, passage, None, own_weight, similarity)


def against(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.polarity < 0]


def kinds(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.kind, f.polarity) for f in findings]


@pytest.fixture(scope="module")
def word_vectors() -> Iterator[WordSimilarity]:
    """The real MiniLM word similarity, for the few tests where near-synonyms matter."""
    from workers.engine.embeddings import SentenceEncoder
    from workers.engine.stance.heuristic import WordVectors

    vectors = WordVectors(SentenceEncoder(threads=1))
    words = ["city", "town", "tennis", "basketball", "storm", "thunderstorm", "budget", "win", "lose"]
    vectors.add([*words, "journalist", "reporter", "free"])
    yield vectors.similarity


# --- coverage -------------------------------------------------------------------------------------


def test_full_coverage_is_one() -> None:
    claim = parse("Mayor Linda Okafor opened the new bridge on Tuesday.")
    passage = parse("On Tuesday, Mayor Linda Okafor opened the new bridge over the river.")
    result = cover(claim, passage)
    assert result.score == pytest.approx(1.0)
    assert all(v == 1.0 for v in result.matched.values())
    assert result.missing_specifics(claim) == 0.0


def test_nothing_in_common_is_zero() -> None:
    result = cover(parse("The Rovers won the cup final."), parse("Heavy rain flooded the library basement."))
    assert result.score == 0.0


def test_a_missing_name_lowers_coverage() -> None:
    claim = parse("Linda Okafor opened the new bridge.")
    full = cover(claim, parse("Linda Okafor opened the new bridge."))
    without_name = cover(claim, parse("The mayor opened the new bridge."))
    assert without_name.matched["linda okafor"] == 0.0
    assert without_name.score < full.score
    assert without_name.missing_specifics(claim) == pytest.approx(1.0)


def test_part_of_a_name_covers_it() -> None:
    result = cover(parse("Okafor opened the bridge."), parse("Linda Okafor opened the bridge."))
    assert result.matched["okafor"] == 1.0


def test_quantities_and_dates_are_covered_only_by_the_same_value() -> None:
    claim = parse("The storm lasted 25 minutes on Tuesday.")
    same = cover(claim, parse("On Tuesday the storm lasted 25 minutes."))
    other = cover(claim, parse("On Thursday the storm lasted 40 minutes."))
    assert same.matched["#25 minutes"] == 1.0 and same.matched["@Tuesday"] == 1.0
    assert other.matched["#25 minutes"] == 0.0 and other.matched["@Tuesday"] == 0.0
    assert other.missing_specifics(claim) == pytest.approx(2.0)


def test_context_counts_only_discounted() -> None:
    claim = parse("Linda Okafor opened the new bridge.")
    passage = parse("She opened it on a sunny morning.")
    context = parse("Linda Okafor visited the new bridge.")
    alone = checks.coverage(claim, passage, None, own_weight, exact)
    with_context = checks.coverage(claim, passage, context, own_weight, exact)
    # a name in the sentence before is worth 0.8, a word 0.4: never as much as in the passage itself
    assert alone.matched["linda okafor"] == 0.0
    assert with_context.matched["linda okafor"] == pytest.approx(0.8)
    assert with_context.matched["bridge"] == pytest.approx(0.4)
    assert with_context.matched["open"] == 1.0  # found in the passage: context not needed
    assert alone.score < with_context.score < 1.0


def test_without_sets_explained_terms_aside() -> None:
    claim = parse("The storm lasted 25 minutes.")
    result = cover(claim, parse("The storm lasted 40 minutes."))
    assert result.score < 1.0
    # "minute" matches as a word; set aside the number itself and the rest is fully covered
    assert result.without(frozenset({"#25 minutes"})) == pytest.approx(1.0)
    # setting everything aside leaves nothing to measure: falls back to the score
    assert result.without(frozenset(result.weights)) == result.score


def test_weigh_decides_what_matters() -> None:
    claim = parse("The storm flooded the library.")
    passage = parse("The storm damaged the school.")

    def library_heavy(term: Term) -> float:
        return 10.0 if term.key == "library" else 1.0

    plain = checks.coverage(claim, passage, None, own_weight, exact)
    heavy = checks.coverage(claim, passage, None, library_heavy, exact)
    assert heavy.weights["library"] == 10.0
    assert heavy.score < plain.score


def test_real_word_vectors_give_partial_credit_to_near_synonyms(word_vectors: WordSimilarity) -> None:
    claim = parse("The thunderstorm flooded the library.")
    near = checks.coverage(claim, parse("The storm flooded the library."), None, own_weight, word_vectors)
    assert 0.5 < near.matched["thunderstorm"] < 1.0
    unrelated = checks.coverage(
        claim, parse("The budget flooded the library."), None, own_weight, word_vectors
    )
    assert unrelated.matched["thunderstorm"] == 0.0


# --- check_quantities -----------------------------------------------------------------------------


def test_same_quantity_supports() -> None:
    findings = checks.check_quantities(
        parse("The council meeting lasted 25 minutes."), parse("The council meeting lasted 25 minutes.")
    )
    assert kinds(findings) == [("number", +1)]
    assert findings[0].claim_keys == frozenset({"#25 minutes"})


def test_different_value_same_unit_contradicts_naming_both() -> None:
    (finding,) = checks.check_quantities(
        parse("The council meeting lasted 45 minutes."), parse("The council meeting lasted 25 minutes.")
    )
    assert (finding.kind, finding.polarity) == ("number", -1)
    assert "45 minutes" in finding.reason and "25 minutes" in finding.reason
    assert finding.reason == "the claim says 45 minutes; the passage says 25 minutes"


def test_hours_and_minutes_are_compared() -> None:
    claim = parse("The council meeting lasted two hours.")
    (wrong,) = checks.check_quantities(claim, parse("The council meeting lasted about 25 minutes."))
    assert wrong.polarity == -1
    assert "two hours" in wrong.reason and "25 minutes" in wrong.reason
    (same,) = checks.check_quantities(claim, parse("The council meeting lasted 120 minutes."))
    assert same.polarity == +1


def test_an_hour_written_with_an_article_is_compared_with_minutes() -> None:
    (wrong,) = checks.check_quantities(
        parse("The council meeting lasted for over an hour."), parse("The council meeting lasted 25 minutes.")
    )
    assert wrong.polarity == -1
    assert "an hour" in wrong.reason


def test_seconds_and_minutes_are_compared() -> None:
    (finding,) = checks.check_quantities(
        parse("Rain fell for 25 minutes."), parse("Rain fell for 40 seconds.")
    )
    assert finding.polarity == -1


def test_months_and_minutes_are_not_compared() -> None:
    findings = checks.check_quantities(
        parse("The council meeting lasted 25 minutes."),
        parse("The council meeting was delayed by five months."),
    )
    assert findings == []


def test_different_units_are_not_compared() -> None:
    findings = checks.check_quantities(
        parse("Turnout rose by 15 percent."), parse("The council counted 15 ballots.")
    )
    assert findings == []


def test_approximate_quantity_is_compared_with_a_tolerance() -> None:
    claim = parse("The council meeting lasted two hours.")
    (close,) = checks.check_quantities(claim, parse("The meeting ended after about 110 minutes."))
    assert close.polarity == +1  # within 10% of 120 minutes
    (exact_other,) = checks.check_quantities(claim, parse("The meeting ended after 110 minutes."))
    assert exact_other.polarity == -1  # stated exactly, 110 is not 120


def test_an_amount_within_the_claims_bound_agrees() -> None:
    claim = parse("The council meeting lasted less than half an hour.")
    (within,) = checks.check_quantities(claim, parse("The meeting lasted about 25 minutes."))
    assert within.polarity == +1
    (beyond,) = checks.check_quantities(claim, parse("The meeting lasted 40 minutes."))
    assert beyond.polarity == -1
    assert beyond.reason == "the claim says half an hour; the passage says 40 minutes"


def test_a_bound_that_fits_the_claims_amount_neither_confirms_nor_contradicts_it() -> None:
    # "More than a week" fits five months, but does not say five months.
    claim = parse("The strike lasted about five months.")
    assert checks.check_quantities(claim, parse("The strike lasted more than a week.")) == []
    (too_long,) = checks.check_quantities(claim, parse("The strike lasted more than a year."))
    assert too_long.polarity == -1


def test_two_maxima_are_compared_as_amounts() -> None:
    claim = parse("The editor faces up to 25 years in prison.")
    (finding,) = checks.check_quantities(claim, parse("She could face as much as a ten-year sentence."))
    assert finding.polarity == -1


def test_a_time_of_an_act_to_come_is_not_contradicted_by_a_past_one() -> None:
    claim = parse("The two mayors agreed to meet again in August.")
    assert against(checks.check_times(claim, parse("The two mayors met in July."))) == []
    assert against(checks.check_times(claim, parse("The two mayors agreed to meet again in September.")))


def test_bare_numbers_are_too_ambiguous_to_compare() -> None:
    findings = checks.check_quantities(
        parse("The final score was 3 to 1."), parse("The final score was 4 to 2.")
    )
    assert findings == []


def test_a_difference_between_amounts_is_not_compared_with_an_amount() -> None:
    claim = parse("The bridge's budget is nine million dollars larger than the tunnel's.")
    assert [q.difference for q in claim.quantities] == [True]
    assert checks.check_quantities(claim, parse("The bridge's budget is 40 million dollars.")) == []
    # An offset in time is still compared with another: "three months earlier" / "a year ago".
    earlier = parse("The plan was first discussed about three months earlier.")
    assert [q.difference for q in earlier.quantities] == [False]


def test_same_value_found_among_several_quantities_supports() -> None:
    findings = checks.check_quantities(
        parse("The storm lasted 25 minutes."),
        parse("The storm lasted 25 minutes and cut power for 40 minutes."),
    )
    assert kinds(findings) == [("number", +1)]


def test_quantity_helpers_on_hand_built_values() -> None:
    two_hours = Quantity(2, "hour", "short_duration", "two hours", False)
    minutes_120 = Quantity(120, "minute", "short_duration", "120 minutes", False)
    minutes_110 = Quantity(110, "minute", "short_duration", "110 minutes", True)
    five_months = Quantity(5, "month", "long_duration", "five months", False)
    claim = Analysis(quantities=(two_hours,))
    assert kinds(checks.check_quantities(claim, Analysis(quantities=(minutes_120,)))) == [("number", +1)]
    assert kinds(checks.check_quantities(claim, Analysis(quantities=(minutes_110,)))) == [("number", +1)]
    assert checks.check_quantities(claim, Analysis(quantities=(five_months,))) == []


def test_different_sums_in_dollars_contradict() -> None:
    findings = checks.check_quantities(
        parse("The city spent $40 million on the new park."),
        parse("The city spent $25 million on the new park."),
    )
    assert kinds(findings) == [("number", -1)]


# --- check_times ----------------------------------------------------------------------------------


def test_same_weekday_supports() -> None:
    findings = checks.check_times(parse("The mayor spoke on Tuesday."), parse("On Tuesday the mayor spoke."))
    assert kinds(findings) == [("date", +1)]


def test_weekday_mismatch_contradicts() -> None:
    (finding,) = checks.check_times(
        parse("The mayor spoke on Tuesday."), parse("The mayor spoke on Thursday.")
    )
    assert (finding.kind, finding.polarity) == ("date", -1)
    assert finding.reason == "the claim says Tuesday; the passage says Thursday"
    assert finding.claim_keys == frozenset({"@Tuesday"})


def test_same_month_different_day_contradicts() -> None:
    findings = checks.check_times(
        parse("The festival opens on 24 February."), parse("The festival opens on February 15th.")
    )
    assert ("date", +1) in kinds(findings)  # the month agrees
    (day,) = against(findings)
    assert "24" in day.reason and "15th" in day.reason


def test_a_date_difference_on_the_same_act_by_the_same_doer_is_marked() -> None:
    claim = "Okafor resigned from the board on Thursday, a week after the long dispute over the budget."
    (finding,) = against(checks.check_times(parse(claim), parse("Earlier on Friday, Okafor resigned.")))
    assert finding.same_act
    # another doer, or another act, on the other day: a difference, not about the same act
    (other,) = against(checks.check_times(parse(claim), parse("On Friday, Smith resigned.")))
    assert not other.same_act
    (other,) = against(checks.check_times(parse(claim), parse("On Friday, Okafor spoke to reporters.")))
    assert not other.same_act


def test_one_person_speaking_on_two_days_is_not_the_same_act() -> None:
    claim = parse("Okafor said on Thursday that taxes would rise.")
    (finding,) = against(checks.check_times(claim, parse("Okafor said on Friday.")))
    assert not finding.same_act


def test_a_period_started_in_another_month_contradicts() -> None:
    claim = parse("The plan has been on the table since May.")
    passage = parse("The plan, which has been on the table since June, includes a pay rise.")
    (finding,) = checks.check_times(claim, passage)
    assert (finding.kind, finding.polarity) == ("date", -1)
    assert finding.reason == "the claim says May; the passage says June"


def _quotes(claim: str, passage: str) -> list[Finding]:
    return checks.check_quotes(parse(claim), parse(passage))


def test_a_quote_with_one_word_changed_is_a_misquote() -> None:
    (finding,) = _quotes(
        'Okafor promised a decision "in the coming weeks".',
        "Okafor said a decision would come in the coming days, after the vote.",
    )
    assert (finding.kind, finding.polarity) == ("quote", -1)
    assert finding.reason == 'the claim quotes "in the coming weeks"; the passage says "in the coming days"'
    assert finding.claim_keys == {"week"}


def test_a_quote_found_word_for_word_supports() -> None:
    (finding,) = _quotes('Okafor called it "bold and overdue".', "The plan is bold and overdue, she said.")
    assert (finding.kind, finding.polarity) == ("quote", 1)


def test_what_is_not_a_misquote() -> None:
    # a function word, another form of the same word, two words changed, a quote too short to tell
    passage = "Okafor said the budget was a fair and honest deal for the town."
    assert _quotes('Okafor called it "the fair and honest deal".', passage) == []
    assert against(_quotes('Okafor spoke of "fair and honest deals".', passage)) == []
    assert _quotes('Okafor called it "a good and decent deal".', passage) == []
    assert _quotes('Okafor called it "a fine deal".', passage) == []


def test_same_day_written_differently_supports() -> None:
    findings = checks.check_times(
        parse("The festival opens on 24 February."), parse("The festival opens on February 24.")
    )
    assert kinds(findings) == [("date", +1), ("date", +1)]


def test_different_month_is_not_a_day_mismatch() -> None:
    findings = against(
        checks.check_times(
            parse("The festival opens on 24 February."), parse("The festival opens on 15 March.")
        )
    )
    # one difference, and it is about the month: the days are in different months
    assert len(findings) == 1
    assert findings[0].reason == "the claim says February; the passage says March"


def test_year_mismatch_contradicts() -> None:
    (finding,) = checks.check_times(
        parse("The library was built in 2021."), parse("The library was built in 2019.")
    )
    assert finding.polarity == -1
    assert "2021" in finding.reason and "2019" in finding.reason


def test_a_passage_without_dates_says_nothing_about_them() -> None:
    assert checks.check_times(parse("The mayor spoke on Tuesday."), parse("The mayor spoke at length.")) == []


def test_a_date_in_a_since_clause_dates_that_clause_only() -> None:
    passage = parse("The mayors met on Friday for the first time since the strike began on 3 May.")
    assert checks.check_times(parse("The mayors met on 9 May."), passage) == []
    assert kinds(checks.check_times(parse("The strike began on 3 May."), passage)) == [
        ("date", +1),
        ("date", +1),
    ]


def test_a_since_date_bears_only_on_a_claim_about_the_last_time() -> None:
    passage = parse("The mayors met for the first time since 3 May.")
    assert checks.check_times(parse("The mayors met on 9 May."), passage) == []
    (day,) = against(checks.check_times(parse("The mayors last met on 9 May."), passage))
    assert day.reason == "the claim says May 9; the passage says May 3"
    # the last time they did something else is another matter
    assert against(checks.check_times(parse("The mayors last argued on 9 May."), passage)) == []


def test_a_since_date_does_not_cover_a_claim_about_this_time() -> None:
    claim = parse("The mayors met on 3 May.")
    found = cover(claim, parse("The mayors met for the first time since 3 May."))
    assert found.matched["@May 3"] == 0.0


def test_weekday_and_year_are_not_compared_with_each_other() -> None:
    assert checks.check_times(parse("The mayor spoke on Tuesday."), parse("The mayor spoke in 2031.")) == []


# --- check_substitutions --------------------------------------------------------------------------


def _substitutions(claim_text: str, passage_text: str, similarity: WordSimilarity = exact) -> list[Finding]:
    claim, passage = parse(claim_text), parse(passage_text)
    return checks.check_substitutions(claim, passage, cover(claim, passage, similarity), similarity)


def test_name_swapped_in_the_same_slot_contradicts() -> None:
    (finding,) = _substitutions(
        "The mayor spoke at a press conference in Oslo.", "The mayor spoke at a press conference in Helsinki."
    )
    assert (finding.kind, finding.polarity) == ("entity", -1)
    assert finding.reason == "the claim says Oslo; the passage says Helsinki"
    assert finding.claim_keys == frozenset({"oslo"})


def test_a_name_absent_with_no_competitor_is_not_a_substitution() -> None:
    assert (
        _substitutions(
            "The mayor spoke at a press conference in Oslo.", "The mayor spoke at a press conference."
        )
        == []
    )


def test_a_name_present_is_not_a_substitution() -> None:
    assert (
        _substitutions(
            "The mayor spoke at a press conference in Oslo.",
            "The mayor spoke at a press conference in Oslo with Norway's prime minister.",
        )
        == []
    )


def test_a_name_in_another_slot_is_not_a_substitution() -> None:
    # Helsinki is where the mayor came from, not where the conference was.
    assert (
        _substitutions(
            "The mayor spoke at a press conference in Oslo.",
            "The mayor from Helsinki spoke at a press conference.",
        )
        == []
    )


def test_a_different_modifier_of_the_same_noun_contradicts() -> None:
    (finding,) = _substitutions(
        "Anna Berg is a famous tennis player.", "Anna Berg is a famous basketball player."
    )
    assert finding.polarity == -1
    assert "tennis" in finding.reason and "basketball" in finding.reason


def test_a_different_modifier_still_contradicts_with_real_word_vectors(word_vectors: WordSimilarity) -> None:
    findings = _substitutions(
        "Anna Berg is a famous tennis player.", "Anna Berg is a famous basketball player.", word_vectors
    )
    assert kinds(findings) == [("entity", -1)]


def test_a_head_noun_paraphrase_is_not_a_substitution() -> None:
    assert (
        _substitutions(
            "The mayor praised relations with the neighbouring town.",
            "The mayor praised ties with the neighbouring town.",
        )
        == []
    )


def test_a_synonym_modifier_is_not_a_substitution_with_real_word_vectors(
    word_vectors: WordSimilarity,
) -> None:
    claim, passage = "The city council approved the plan.", "The town council approved the plan."
    assert kinds(_substitutions(claim, passage)) == [("entity", -1)]  # word for word they differ
    assert _substitutions(claim, passage, word_vectors) == []  # but city ~ town


def test_a_noun_modifier_swap_is_strong_enough_to_refute_but_an_adjective_swap_is_not() -> None:
    (noun,) = _substitutions("Anna Berg is a tennis player.", "Anna Berg is a basketball player.")
    (adjective,) = _substitutions("The senior official resigned.", "The junior official resigned.")
    assert noun.strength == checks.COMPOUND_SWAP > 0.5
    assert adjective.strength < 0.5


def test_a_group_named_in_the_claim_is_not_swapped_for_a_person() -> None:
    # Jane Smith may be one of the two Canadians: naming her is not naming someone else.
    claim = "The deal seeks the release of two Canadians held abroad."
    assert _substitutions(claim, "The deal seeks the release of Jane Smith.") == []
    (finding,) = _substitutions(claim, "The deal seeks the release of two Australians held abroad.")
    assert "Canadians" in finding.reason and "Australians" in finding.reason


def test_an_office_is_not_swapped_for_a_person() -> None:
    claim = "Linda Okafor opened the new bridge on Monday."
    passage = "The Deputy Mayor opened the new bridge on Monday."
    assert against(_substitutions(claim, passage)) == []
    assert against(_predicates(claim, passage)) == []


def test_a_derived_form_of_a_claim_name_is_not_a_competitor() -> None:
    assert _substitutions("The Canadian team won the final.", "The Canada team won the final.") == []


# --- check_predicates -----------------------------------------------------------------------------


def _predicates(claim_text: str, passage_text: str, similarity: WordSimilarity = exact) -> list[Finding]:
    return checks.check_predicates(parse(claim_text), parse(passage_text), similarity)


def test_role_swap_contradicts() -> None:
    (finding,) = _predicates("Smith hired Jones as his assistant.", "Jones hired Smith as his assistant.")
    assert (finding.kind, finding.polarity) == ("role", -1)
    assert finding.reason == "the claim says Smith hired; the passage says it was Jones"


def test_a_role_swap_names_the_doer_and_act_it_disputes() -> None:
    (finding,) = _predicates("Smith hired Jones as his assistant.", "Jones hired Smith as his assistant.")
    assert finding.role == "smith>hire"


def test_a_negated_act_names_no_doer_to_swap() -> None:
    # "Smith did not announce it" is not answered by who did announce it.
    assert against(_predicates("Smith did not announce the merger.", "Jones announced the merger.")) == []
    assert against(_predicates("Smith announced the merger.", "Jones did not announce the merger.")) == []


def test_stated_roles_are_the_claimed_doer_doing_the_claimed_act() -> None:
    claim = parse("Smith announced the merger.")
    assert checks.stated_roles(claim, parse("Smith announced the merger on Monday."), exact) == {
        "smith>announce"
    }
    # Both names and the act, but the act is someone else's: not stated.
    assert checks.stated_roles(claim, parse("Jones announced the merger with Smith."), exact) == frozenset()
    # The doer without the act: silent on who announced it.
    assert checks.stated_roles(claim, parse("Smith and Jones met about the merger."), exact) == frozenset()


def test_a_pronoun_doer_resolved_to_its_speaker_can_be_a_role_swap() -> None:
    (finding,) = against(
        _predicates(
            "Jones pressed the council to approve the budget.",
            "Smith said he pressed the council to approve the budget.",
        )
    )
    assert (finding.kind, finding.polarity) == ("role", -1)
    assert finding.reason == "the claim says Jones pressed; the passage says it was Smith"


def test_being_urged_to_act_is_not_a_role_swap_for_acting() -> None:
    assert (
        against(
            _predicates(
                "Jones approved the budget.", "Smith urged Jones's deputy Brown to approve the budget."
            )
        )
        == []
    )


def test_an_antonym_of_an_act_only_urged_is_not_a_contradiction() -> None:
    assert kinds(_predicates("The navy released the sailors.", "The navy detained the sailors.")) == [
        ("antonym", -1)
    ]
    # Being urged to detain them is not detaining them: it says nothing against a release.
    assert (
        against(
            _predicates("The navy released the sailors.", "Officials urged the navy to detain the sailors.")
        )
        == []
    )


def test_same_doer_and_deed_supports() -> None:
    findings = _predicates("Smith hired Jones as his assistant.", "Smith hired Jones as his assistant.")
    assert kinds(findings) == [("role", +1)]


def test_different_named_doer_of_the_same_deed_contradicts() -> None:
    (finding,) = _predicates("Linda Okafor opened the bridge.", "Marco Bellini opened the bridge.")
    assert (finding.kind, finding.polarity) == ("role", -1)


def test_part_of_a_name_is_the_same_doer() -> None:
    assert kinds(_predicates("Okafor opened the bridge.", "Linda Okafor opened the bridge.")) == [
        ("role", +1)
    ]


def test_antonym_with_the_same_object_contradicts() -> None:
    (finding,) = _predicates("The mayor admitted the payment.", "The mayor denied the payment.")
    assert (finding.kind, finding.polarity) == ("antonym", -1)
    assert finding.reason == "the claim says admitted; the passage says denied"


def test_antonym_about_something_else_is_not_a_contradiction() -> None:
    assert against(_predicates("The mayor admitted the payment.", "The treasurer denied the bonus.")) == []


def test_antonym_win_lose_with_real_word_vectors(word_vectors: WordSimilarity) -> None:
    findings = _predicates("The Rovers won the final.", "The Rovers lost the final.", word_vectors)
    assert ("antonym", -1) in kinds(findings)


def test_negation_mismatch_on_the_same_verb_and_subject_contradicts() -> None:
    (finding,) = _predicates("The mayor attended the ceremony.", "The mayor did not attend the ceremony.")
    assert (finding.kind, finding.polarity) == ("negation", -1)
    assert finding.reason == "the claim says attended; the passage says not attend"


def test_negated_claim_against_affirmative_passage_contradicts() -> None:
    (finding,) = _predicates("The mayor did not attend the ceremony.", "The mayor attended the ceremony.")
    assert (finding.kind, finding.polarity) == ("negation", -1)
    assert finding.reason == "the claim says not attend; the passage says attended"


def test_negation_by_a_different_subject_is_not_a_contradiction() -> None:
    assert _predicates("The mayor attended the ceremony.", "The treasurer did not attend the ceremony.") == []


def test_both_negated_agree() -> None:
    findings = _predicates("The mayor did not attend the ceremony.", "The mayor never attended the ceremony.")
    assert against(findings) == []
    assert ("role", +1) in kinds(findings)


def test_declined_to_say_contradicts_said() -> None:
    findings = _predicates(
        "The coach said when he would retire.", "The coach declined to say when he would retire."
    )
    assert ("negation", -1) in kinds(findings)


def test_telling_against_declining_to_say_is_a_negation() -> None:
    findings = against(
        _predicates(
            "Jane Smith told reporters that the plan had failed.",
            "Jane Smith declined to say whether the plan had failed.",
        )
    )
    assert [(f.kind, f.reason) for f in findings] == [
        ("negation", "the claim says told; the passage says not say")
    ]
    # someone else declining to say is not a denial of what Smith said
    assert (
        against(
            _predicates(
                "Jane Smith told reporters that the plan had failed.", "Tom Berg declined to say more."
            )
        )
        == []
    )


def test_unrelated_verbs_give_no_findings() -> None:
    assert _predicates("The mayor attended the ceremony.", "The mayor painted the fence.") == []


# --- check_denied_acts -----------------------------------------------------------------------------


def _denied(claim_text: str, passage_text: str) -> list[Finding]:
    claim, passage = parse(claim_text), parse(passage_text)
    return checks.check_denied_acts(claim, passage, cover(claim, passage))


def test_a_denied_act_the_passage_reports_without_denial_contradicts() -> None:
    (finding,) = _denied(
        "The mayor said she did not discuss the budget with the council.",
        "The mayor said she discussed the budget with the council on Monday.",
    )
    assert (finding.kind, finding.polarity, finding.claim_keys) == ("negation", -1, frozenset({"discuss"}))


def test_a_denied_act_is_not_contradicted_by_a_passage_that_denies_anything() -> None:
    # The passage may be saying the same thing its own way.
    assert (
        _denied(
            "The mayor did not discuss the budget.",
            "The mayor declined to discuss the budget at the meeting.",
        )
        == []
    )
    assert (
        _denied("The mayor did not discuss the budget.", "There was no sign the mayor discussed the budget.")
        == []
    )


def test_a_denied_act_only_urged_in_the_passage_is_no_contradiction() -> None:
    # "Pressed the council to approve it" says nothing of an approval.
    assert (
        _denied(
            "The council had not approved the budget.", "The mayor pressed the council to approve the budget."
        )
        == []
    )


def test_a_denied_remark_is_not_contradicted_by_another_remark() -> None:
    # What else was said does not answer "did not claim a win".
    assert _denied("The mayor did not claim a win.", "The mayor said a win was possible.") == []


def test_a_denied_act_needs_the_act_in_the_passage() -> None:
    # The passage is about the budget, but says nothing of discussing it.
    assert _denied("The mayor did not discuss the budget.", "The mayor published the budget on Monday.") == []


# --- check_certainty ------------------------------------------------------------------------------


def test_certain_claim_against_doubtful_passage_contradicts() -> None:
    (finding,) = checks.check_certainty(
        parse("The team will definitely win the final."), parse("The team is unlikely to win the final.")
    )
    assert (finding.kind, finding.polarity) == ("certainty", -1)
    assert finding.reason == "the claim presents it as certain; the passage as unlikely"


def test_doubtful_claim_against_certain_passage_contradicts() -> None:
    (finding,) = checks.check_certainty(
        parse("The team is unlikely to win the final."), parse("The team will definitely win the final.")
    )
    assert finding.reason == "the claim presents it as unlikely; the passage as certain"


def test_played_down_is_doubt() -> None:
    findings = checks.check_certainty(
        parse("The coach said the team will definitely win the final."),
        parse("The coach played down the team's chances in the final."),
    )
    assert kinds(findings) == [("certainty", -1)]


def test_same_certainty_or_none_gives_no_finding() -> None:
    certain = parse("The team will definitely win the final.")
    assert checks.check_certainty(certain, parse("The team will certainly win the final.")) == []
    assert checks.check_certainty(certain, parse("The team will win the final.")) == []
    assert checks.check_certainty(parse("The team will win the final."), certain) == []


def test_a_told_b_against_b_told_a_is_a_role_swap() -> None:
    findings = _predicates("Okafor told Bellini about the delay.", "Bellini told Okafor about the delay.")
    assert ("role", -1) in kinds(findings)


def test_the_claimed_recipient_acting_is_a_role_swap_even_when_the_parse_drops_the_object() -> None:
    # The passage's "suggested" has no object: what shows the swap is that its doer is the one the
    # claim says the suggestion was made to. (Two people merely saying things is no swap.)
    findings = _predicates(
        "Okafor suggested to Bellini that the talks resume.",
        "Bellini suggested that the talks resume, Okafor was told.",
    )
    assert ("role", -1) in kinds(findings)


def test_an_antonym_from_the_lexicon_contradicts_like_a_built_in_one() -> None:
    claim, passage = "The council widened the old road.", "The council narrowed the old road."
    assert against(_predicates(claim, passage)) == []

    def opposite(a: str, b: str) -> bool:
        return {a, b} == {"widen", "narrow"}

    findings = checks.check_predicates(parse(claim), parse(passage), exact, opposite)
    assert kinds(findings) == [("antonym", -1)]


def test_two_people_saying_different_things_is_not_a_role_swap() -> None:
    findings = _predicates("Okafor said the bridge would open.", "Bellini said the budget was spent.")
    assert ("role", -1) not in kinds(findings)


def test_another_speaker_saying_all_the_rest_of_the_claim_is_a_role_swap() -> None:
    claim = parse("Okafor suggested that the council delay the vote.")
    passage = parse("Bellini suggested that the council delay the vote.")
    findings = checks.check_predicates(claim, passage, exact, None, cover(claim, passage))
    assert [f.role for f in against(findings)] == ["okafor>suggest"]
    # Without the coverage it cannot tell what was said: no swap.
    assert against(checks.check_predicates(claim, passage, exact)) == []


def test_a_speaker_who_speaks_in_the_passage_too_is_not_swapped() -> None:
    # "Okafor said Bellini told them that...": Okafor speaks here as well.
    claim = parse("Okafor said that the vote would be delayed.")
    passage = parse("Okafor said Bellini told reporters that the vote would be delayed.")
    findings = checks.check_predicates(claim, passage, exact, None, cover(claim, passage))
    assert [f for f in against(findings) if f.kind == "role"] == []


def test_a_speaker_reporting_what_someone_else_said_is_not_swapped_with_them() -> None:
    # "Okafor said the ministry had commented": Okafor commenting in the passage is no swap.
    claim = parse("Okafor said the Finance Ministry had commented on the vote.")
    passage = parse("Okafor commented on the vote.")
    findings = checks.check_predicates(claim, passage, exact, None, cover(claim, passage))
    assert [f for f in against(findings) if f.kind == "role"] == []


def test_the_partner_of_a_reciprocal_act_doing_it_is_not_a_role_swap() -> None:
    # "Okafor spoke with Bellini about the budget": Bellini spoke about it too.
    claim = parse("Okafor spoke with Bellini about the budget.")
    assert (
        against(_predicates("Okafor spoke with Bellini about the budget.", "Bellini spoke about the budget."))
        == []
    )
    assert [
        f.kind
        for f in against(
            _predicates("Okafor told Bellini about the budget.", "Bellini told Okafor about the budget.")
        )
    ] == ["role"]
    assert claim.predicates


def test_the_same_pair_of_doers_in_another_order_is_not_a_role_swap() -> None:
    findings = _predicates(
        "Okafor and Bellini spoke about the budget.", "Bellini and Okafor spoke about the budget."
    )
    assert against(findings) == []


def test_negation_with_an_unknown_doer_still_contradicts_more_weakly() -> None:
    (finding,) = against(
        _predicates("The council fulfilled the promises.", "So far they have not fulfilled them.")
    )
    assert (finding.kind, finding.strength) == ("negation", 0.6)


# --- coverage: speech verbs, document names, relative durations ---------------------------------


def test_speech_verbs_cover_each_other() -> None:
    coverage = cover(
        parse("The mayor said the bridge was safe."), parse("The mayor acknowledged the bridge was safe.")
    )
    assert coverage.matched["say"] == checks.COMMUNICATION_MATCH


def test_according_to_is_what_someone_said() -> None:
    claim = parse("According to the council, the bridge was safe.")
    coverage = cover(claim, parse("The council said the bridge was safe."))
    assert coverage.matched["accord"] == checks.COMMUNICATION_MATCH
    # Who reported it weighs as little as any verb of speech: the content is what was said.
    assert next(t.weight for t in claim.terms if t.key == "accord") < 0.5


def test_a_name_found_only_elsewhere_in_the_document_counts_less() -> None:
    claim, passage = parse("Okafor opened the bridge."), parse("The mayor opened the bridge.")
    coverage = checks.coverage(claim, passage, None, own_weight, exact, frozenset({"linda okafor"}))
    assert coverage.matched["okafor"] == checks.DOCUMENT_NAME_MATCH
    # ...and does not count towards a passage being about the same event as the claim.
    assert coverage.without(frozenset()) < coverage.score


def test_a_relative_duration_is_not_a_missing_specific() -> None:
    claim = parse("Two days before the vote, Okafor resigned.")
    coverage = cover(claim, parse("Okafor resigned on Tuesday."))
    assert coverage.missing_specifics(claim) == 0.0


def _about_someone_else(claim_text: str, passage_text: str, context: str | None = None) -> bool:
    claim = parse(claim_text)
    passage_analysis = parse(passage_text)
    context_analysis = parse(context) if context else None
    coverage = checks.coverage(claim, passage_analysis, context_analysis, own_weight, exact)
    return checks.about_someone_else(claim, passage_analysis, coverage)


def test_a_sentence_naming_the_claims_person_is_about_them() -> None:
    assert not _about_someone_else("Marco Bellini earns ten million a year.", "Bellini earns eight million.")


def test_a_sentence_about_another_named_person_is_about_someone_else_despite_its_context() -> None:
    assert _about_someone_else(
        "Marco Bellini is serving a ten-year sentence.",
        "Linda Okafor is serving a 16-year sentence.",
        context="Marco Bellini could face ten years.",
    )


def test_a_pronoun_sentence_after_a_context_naming_the_person_is_about_them() -> None:
    assert not _about_someone_else(
        "Marco Bellini is serving a ten-year sentence.",
        "He is serving a 16-year sentence.",
        context="Marco Bellini was convicted in May.",
    )


def test_a_claim_without_names_is_never_about_someone_else() -> None:
    assert not _about_someone_else("The storm lasted two hours.", "Linda Okafor said it lasted an hour.")


def test_a_name_swapped_by_a_finding_is_left_out() -> None:
    claim = parse("The treaty was signed in Lisbon.")
    passage_analysis = parse("The treaty was signed in Madrid.")
    coverage = checks.coverage(claim, passage_analysis, None, own_weight, exact)
    assert checks.about_someone_else(claim, passage_analysis, coverage)
    assert not checks.about_someone_else(claim, passage_analysis, coverage, frozenset({"lisbon"}))


# --- possibility against fact ---------------------------------------------------------------------


def _possibility(claim: str, passage: str) -> list[Finding]:
    c, p = parse(claim), parse(passage)
    return checks.check_certainty(c, p, cover(c, p))


def test_a_fact_against_a_mere_possibility_contradicts() -> None:
    findings = _possibility(
        "Okafor has been fined ten thousand dollars.", "Okafor could face a fine of ten thousand dollars."
    )
    assert kinds(findings) == [("certainty", -1)]
    assert "only that it could be" in findings[0].reason


def test_a_negated_or_modal_claim_agrees_with_a_possibility() -> None:
    passage = "Okafor could face a fine of ten thousand dollars."
    assert _possibility("Okafor has not been fined yet; he is still on trial.", passage) == []
    assert _possibility("Okafor may be fined ten thousand dollars.", passage) == []


def test_a_possibility_beside_the_stated_fact_is_no_contradiction() -> None:
    # The fine is stated as done; only the appeal is a possibility.
    assert _possibility("Okafor was fined.", "Okafor was fined, and he could appeal next month.") == []


# --- counts the passage does not state ------------------------------------------------------------


def test_a_count_the_passage_does_not_state_weighs_less_than_a_measure() -> None:
    counted = cover(parse("The two brothers opened a bakery."), parse("Tom and Sam Reyes opened a bakery."))
    assert counted.weights["#two brothers"] == checks.UNSTATED_COUNT
    measured = cover(parse("The bakery opened for two hours."), parse("The bakery opened on Tuesday."))
    assert measured.weights["#two hours"] == 1.5


def test_a_count_the_passage_states_otherwise_keeps_its_weight() -> None:
    counted = cover(parse("The two brothers opened a bakery."), parse("The three brothers opened a bakery."))
    assert counted.weights["#two brothers"] == 1.5


# --- names the lexicon relates --------------------------------------------------------------------


def test_a_name_matches_what_the_lexicon_relates_to_it() -> None:
    claim, passage = parse("A Dutch team won the cup."), parse("The team from Holland won the cup.")
    assert cover(claim, passage).matched["dutch"] == 0.0

    def same_name(a: str, b: str) -> bool:
        return a == b or {a, b} == {"dutch", "holland"}

    related = checks.coverage(claim, passage, None, own_weight, exact, same_name=same_name)
    assert related.matched["dutch"] == 1.0


# --- nouns said not to exist ----------------------------------------------------------------------


def test_no_noun_against_the_noun_contradicts() -> None:
    claim = parse("The mayor said the bridge is in no need of repair.")
    passage = parse("The mayor said the bridge is in urgent need of repair.")
    findings = checks.check_denied_nouns(claim, passage, exact)
    assert kinds(findings) == [("negation", -1)]
    assert findings[0].reason == "the claim says no need; the passage says need"


def test_the_lack_of_a_noun_is_no_noun() -> None:
    claim = parse("Residents complained that the council gave no reply.")
    lack = parse("Residents complained about the council's lack of a reply.")
    assert checks.check_denied_nouns(claim, lack, exact) == []
    assert against(checks.check_denied_nouns(claim, parse("The council gave a reply to residents."), exact))


def test_no_noun_asked_for_under_a_modal_is_not_a_denial() -> None:
    claim = parse("The council objected to any delay.")
    assert checks.check_denied_nouns(claim, parse("The council said there should be no delay."), exact) == []


# --- opposite adjectives --------------------------------------------------------------------------


def test_an_opposite_adjective_on_the_same_noun_contradicts() -> None:
    def opposite(a: str, b: str) -> bool:
        return {a, b} == {"tiny", "huge"}

    claim, passage = parse("The club paid a tiny fee."), parse("The club paid a huge fee.")
    (swap,) = checks.check_substitutions(claim, passage, cover(claim, passage), exact)
    assert swap.kind == "entity"  # without a lexicon, only a weak modifier swap
    findings = checks.check_substitutions(claim, passage, cover(claim, passage), exact, opposite)
    assert kinds(findings) == [("antonym", -1)]
    assert findings[0].strength > swap.strength


def test_an_opposite_adjective_said_of_something_else_is_no_contradiction() -> None:
    def opposite(a: str, b: str) -> bool:
        return {a, b} == {"tiny", "huge"}

    claim, passage = parse("The club paid a tiny fee."), parse("The club, a huge one, paid a fee.")
    assert against(checks.check_substitutions(claim, passage, cover(claim, passage), exact, opposite)) == []


def test_the_documents_publication_year_stands_in_for_an_unstated_year() -> None:
    claim, passage = parse("The bridge opened in May 2019."), parse("The bridge opened in May.")
    assert cover(claim, passage).matched["@2019"] == 0.0
    dated = checks.coverage(claim, passage, None, own_weight, exact, document_years=frozenset({2019}))
    assert dated.matched["@2019"] == checks.DOCUMENT_NAME_MATCH
    assert "@2019" in dated.document_only  # enough to confirm, not to contradict
    other = checks.coverage(claim, passage, None, own_weight, exact, document_years=frozenset({2021}))
    assert other.matched["@2019"] == 0.0


# --- what a sentence calls someone ------------------------------------------------------------------


def is_person(noun: str) -> bool:
    return noun in {"journalist", "lawyer", "reporter", "nurse", "doctor"}


def test_calling_someone_a_different_kind_of_person_contradicts() -> None:
    claim = parse("Officials are working to free journalist Paul Brown.")
    passage = parse("Officials are working to free Paul Brown, a corporate lawyer.")
    found = against(checks.check_descriptors(claim, passage, cover(claim, passage), exact, is_person))
    assert kinds(found) == [("entity", -1)]
    assert "journalist" in found[0].reason and "corporate lawyer" in found[0].reason
    assert "journalist" in found[0].claim_keys


def test_a_description_with_a_close_word_agrees(word_vectors: WordSimilarity) -> None:
    claim = parse("Officials are working to free journalist Paul Brown.")
    passage = parse("Officials are working to free Paul Brown, a reporter.")
    assert checks.check_descriptors(claim, passage, cover(claim, passage), word_vectors, is_person) == []


def test_a_description_some_passage_confirms_is_not_contradicted() -> None:
    # One person is often several things: a journalist and a lawyer.
    claim = parse("Officials are working to free journalist Paul Brown.")
    passage = parse("Officials are working to free Paul Brown, a corporate lawyer.")
    confirmed = checks.confirmed_descriptors(claim, [passage, parse("Paul Brown is a journalist.")], exact)
    assert confirmed == frozenset({"journalist"})
    assert checks.check_descriptors(claim, passage, cover(claim, passage), exact, is_person, confirmed) == []


def test_only_nouns_for_people_are_descriptions_compared() -> None:
    claim = parse("Paul Brown was part of the proposed exchange.")
    passage = parse("The exchange would free Paul Brown, a corporate lawyer.")
    assert checks.check_descriptors(claim, passage, cover(claim, passage), exact, is_person) == []


def test_a_different_person_s_description_is_no_contradiction() -> None:
    claim = parse("Officials are working to free journalist Paul Brown.")
    passage = parse("Officials are working to free Jane Smith, a corporate lawyer.")
    assert checks.check_descriptors(claim, passage, cover(claim, passage), exact, is_person) == []


# --- exact figures, quoted words, done or only planned ----------------------------------------------


def test_an_exact_figure_is_not_confirmed_by_an_approximate_one() -> None:
    claim = parse("The meeting lasted exactly 25 minutes.")
    found = checks.check_quantities(
        claim, parse("Officials said the meeting lasted approximately 25 minutes.")
    )
    assert kinds(found) == [("number", -1)]
    assert "exactly 25 minutes" in found[0].reason
    plain = parse("The meeting lasted 25 minutes.")
    assert kinds(checks.check_quantities(plain, parse("The meeting lasted approximately 25 minutes."))) == [
        ("number", 1)
    ]


def test_a_quoted_word_with_another_word_in_its_place_is_a_misquote() -> None:
    claim = parse('The mayor urged the council to "delay" the vote on the budget.')
    found = checks.check_quoted_words(claim, parse("The mayor urged the council to cancel the vote."), exact)
    assert kinds(found) == [("quote", -1)]
    assert '"delay"' in found[0].reason and '"cancel"' in found[0].reason


def test_a_quoted_word_the_passage_has_is_no_misquote() -> None:
    claim = parse('The mayor urged the council to "delay" the vote on the budget.')
    assert (
        checks.check_quoted_words(claim, parse("The mayor urged the council to delay the vote."), exact) == []
    )


def test_an_unquoted_paraphrase_is_not_a_misquote() -> None:
    claim = parse("The mayor urged the council to delay the vote on the budget.")
    assert (
        checks.check_quoted_words(claim, parse("The mayor urged the council to cancel the vote."), exact)
        == []
    )


@pytest.mark.parametrize(
    "passage",
    [
        "The council will approve the budget next week.",
        "The council is ready to approve the budget.",
        "The council plans to approve the budget.",
    ],
)
def test_an_act_reported_done_that_the_passage_says_is_to_come(passage: str) -> None:
    claim = parse("The council had already approved the budget.")
    found = checks.check_done_or_planned(claim, parse(passage), exact)
    assert kinds(found) == [("certainty", -1)]
    assert "approved" in found[0].reason


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        ("The council approved the budget.", "The council approved the budget on Monday."),
        ("The council will approve the budget.", "The council will approve the budget next week."),
        ("The vote came a day after the storm.", "The vote will come next week."),  # too vague a verb
        ("Jones approved the budget.", "Smith will approve the budget."),  # someone else's plan
    ],
)
def test_no_done_or_planned_difference(claim: str, passage: str) -> None:
    assert checks.check_done_or_planned(parse(claim), parse(passage), exact) == []


def test_how_many_times_is_compared_in_words_or_figures() -> None:
    claim = parse("Marco Bellini scored three times in the final.")
    found = checks.check_quantities(claim, parse("Marco Bellini scored twice in the final."))
    assert kinds(found) == [("number", -1)]
    assert "three times" in found[0].reason and "twice" in found[0].reason


def test_twice_as_a_factor_is_not_a_number_of_times() -> None:
    claim = parse("Prices rose three times in the year.")
    assert checks.check_quantities(claim, parse("Prices rose twice as fast as wages in the year.")) == []


# --- "Smith, not Jones" ---------------------------------------------------------------------------


def test_a_passage_giving_the_denied_name_the_role_contradicts() -> None:
    claim = parse("It was the Harbour Board, rather than the City Council, that came under pressure to act.")
    found = checks.check_denied_alternatives(claim, parse("The City Council came under pressure to act."))
    assert kinds(found) == [("entity", -1)]
    assert "Harbour Board, not City Council" in found[0].reason


def test_a_passage_naming_both_or_the_denied_one_only_as_a_modifier_does_not_contradict() -> None:
    claim = parse("Okafor, not Bellini, approved the budget.")
    both = parse("Okafor approved the budget after Bellini objected.")
    modifier = parse("Bellini's office welcomed the budget.")
    assert checks.check_denied_alternatives(claim, both) == []
    assert checks.check_denied_alternatives(claim, modifier) == []


def test_the_denied_name_is_not_content_the_claim_asserts() -> None:
    claim = parse("Okafor, not Bellini, approved the budget.")
    coverage = cover(claim, parse("Bellini approved the budget."))
    assert "bellini" not in coverage.weights
    assert coverage.matched["okafor"] == 0.0
