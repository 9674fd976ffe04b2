"""What `analyze` extracts from a parsed sentence: quantities, times, names, predicates, certainty.

These run the real spaCy pipeline (a few seconds to load, once per session), hence `slow`.
All sentences are invented.
"""

from __future__ import annotations

import pytest

from workers.engine.nlp import load_spacy
from workers.engine.stance.analysis import Analysis, Predicate, Quantity, analyze, name_key, names_match

pytestmark = pytest.mark.slow


def parse(text: str) -> Analysis:
    return analyze(load_spacy()(text))


def only_quantity(text: str) -> Quantity:
    quantities = parse(text).quantities
    assert len(quantities) == 1, quantities
    return quantities[0]


def predicate(analysis: Analysis, verb: str) -> Predicate:
    found = [p for p in analysis.predicates if p.verb == verb]
    assert len(found) == 1, (verb, analysis.predicates)
    return found[0]


# --- quantities -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "group"),
    [
        ("The council meeting lasted two hours.", 2.0, "hour", "short_duration"),
        ("The council meeting lasted 25 minutes.", 25.0, "minute", "short_duration"),
        ("The former treasurer was given a 25-year sentence.", 25.0, "year", "long_duration"),
        ("Turnout rose by 15% in the city.", 15.0, "percent", "percent"),
        ("Prices at the market rose 15 percent.", 15.0, "percent", "percent"),
        ("The stadium cost 2.5 million dollars to build.", 2_500_000.0, "dollar", "dollar"),
        ("The council counted 3,000 ballots.", 3000.0, "ballot", "ballot"),
    ],
)
def test_quantities_have_value_unit_and_comparison_group(
    text: str, value: float, unit: str, group: str
) -> None:
    q = only_quantity(text)
    assert q.value == value
    assert q.unit == unit
    assert q.group == group
    assert not q.approximate


def test_quantity_text_names_number_and_unit() -> None:
    assert only_quantity("The council meeting lasted two hours.").text == "two hours"
    assert only_quantity("The stadium cost 2.5 million dollars to build.").text == "2.5 million dollars"


@pytest.mark.parametrize(
    "text",
    [
        "The storm lasted about 25 minutes.",
        "The storm lasted roughly 25 minutes.",
        "Nearly 25 minutes passed before the firefighters arrived.",
    ],
)
def test_approximators_mark_a_quantity_approximate(text: str) -> None:
    q = only_quantity(text)
    assert q.value == 25.0
    assert q.unit == "minute"
    assert q.approximate


def test_a_bare_number_has_no_unit() -> None:
    quantities = parse("The final score was 3 to 1.").quantities
    assert quantities
    assert all(q.group == "bare" and q.unit == "" for q in quantities)


def test_a_dollar_sign_makes_the_unit_dollar() -> None:
    q = only_quantity("The city spent $40 million on the new park.")
    assert q.value == 40_000_000.0
    assert q.group == "dollar"


def test_a_hyphenated_number_word_is_one_number() -> None:
    q = only_quantity("Nearly twenty-five people were injured.")
    assert q.value == 25.0


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The hearing lasted for over an hour.", 1.0, "hour"),
        ("The mayor was jailed for a decade.", 1.0, "decade"),
        ("The vote took about an hour and a half.", 1.5, "hour"),
    ],
)
def test_an_article_counts_one_of_a_duration(text: str, value: float, unit: str) -> None:
    q = only_quantity(text)
    assert (q.value, q.unit) == (value, unit)
    assert q.text.startswith(("an ", "a "))


@pytest.mark.parametrize(
    ("text", "value", "unit", "written"),
    [
        ("The mayor served a quarter of a century in office.", 0.25, "century", "quarter of a century"),
        ("The feud lasted half a century.", 0.5, "century", "half a century"),
        ("The feud lasted a quarter century.", 0.25, "century", "a quarter century"),
        ("The hearing lasted a full hour.", 1.0, "hour", "a full hour"),
    ],
)
def test_a_fraction_of_a_duration(text: str, value: float, unit: str, written: str) -> None:
    q = only_quantity(text)
    assert (q.value, q.unit, q.text) == (value, unit, written)


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("The talks lasted less than half an hour.", "upper"),
        ("The crowd was under 40 people.", "upper"),
        ("The editor faces up to ten years in prison.", None),  # a maximum: an amount
        ("She could face as much as a ten-year sentence.", None),
        ("The talks lasted for more than two hours.", "lower"),
        ("At least 40 people were hurt.", "lower"),
        ("The talks lasted about two hours.", None),
        ("Their fines add up to 41 dollars.", None),  # a sum, not a limit
    ],
)
def test_a_bound_before_a_number(text: str, bound: str | None) -> None:
    assert only_quantity(text).bound == bound


def test_an_article_before_other_nouns_is_not_a_quantity() -> None:
    assert parse("A spokesman read a statement to a crowd.").quantities == ()


def test_years_and_dates_are_not_quantities() -> None:
    analysis = parse("The library opened on 24 February 2021.")
    assert analysis.quantities == ()


# --- times ----------------------------------------------------------------------------------------


def test_weekday() -> None:
    times = parse("The mayor spoke on Tuesday.").times
    assert [(t.kind, t.value) for t in times] == [("weekday", 1)]  # Monday = 0


def test_plural_weekday_is_the_weekday() -> None:
    times = parse("The farmers' market opens on Saturdays.").times
    assert [(t.kind, t.value) for t in times] == [("weekday", 5)]


def test_day_before_month() -> None:
    times = parse("The festival opens on 24 February.").times
    assert {(t.kind, t.value) for t in times} == {("month", 2), ("day", 224)}


def test_month_before_ordinal_day() -> None:
    times = parse("The festival opens on February 15th.").times
    assert {(t.kind, t.value) for t in times} == {("month", 2), ("day", 215)}


def test_month_alone() -> None:
    times = parse("The festival opens in March.").times
    assert [(t.kind, t.value) for t in times] == [("month", 3)]


def test_year() -> None:
    times = parse("The library was built in 2021.").times
    assert [(t.kind, t.value) for t in times] == [("year", 2021)]


def test_decade() -> None:
    times = parse("The theatre was popular in the 1990s.").times
    assert [(t.kind, t.value) for t in times] == [("decade", 1990)]


def test_a_four_digit_count_is_not_a_year() -> None:
    analysis = parse("Volunteers counted 2021 ballots by hand.")
    assert not [t for t in analysis.times if t.kind == "year"]
    assert [q.value for q in analysis.quantities] == [2021.0]


def test_may_the_verb_is_not_a_month() -> None:
    analysis = parse("The mayor may resign next week.")
    assert analysis.times == ()


def test_time_words_are_not_content_terms() -> None:
    keys = {t.key for t in parse("The festival opens on 24 February 2031.").terms}
    assert not keys & {"february", "24", "2031"}


# --- names ----------------------------------------------------------------------------------------


def test_names_are_extracted_and_normalised() -> None:
    analysis = parse("The United States and Canada signed the fishing treaty in Ottawa.")
    assert set(analysis.names) == {"united states", "canada", "ottawa"}
    kinds = {t.key: t.kind for t in analysis.terms}
    assert kinds["ottawa"] == "name"
    assert kinds["treaty"] == "word"


def test_name_weight_exceeds_word_weight() -> None:
    terms = {t.key: t for t in parse("Mayor Linda Okafor opened the library.").terms}
    assert terms["linda okafor"].weight > terms["library"].weight


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("the U.S.", "us"),
        ("Canada's", "canada"),
        ("Canada’s", "canada"),
        ("The  Riverton   Rovers", "riverton rovers"),
    ],
)
def test_name_key(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("linda okafor", "okafor"),  # a part of the full name
        ("okafor", "linda okafor"),
        ("canada", "canadian"),  # a derived form
        ("kenya", "kenyan"),
        ("us", "united states"),  # initials
        ("united kingdom", "uk"),
        ("riverton", "riverton"),
    ],
)
def test_names_that_match(a: str, b: str) -> None:
    assert names_match(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("austin", "boston"),
        ("linda okafor", "maria okafor"),  # same surname, different person
        ("okafor", "okonkwo"),
        ("us", "united kingdom"),
        ("lakeview", "riverton"),
        ("ann", "anna"),  # too short to be a derived form
        ("", "riverton"),
    ],
)
def test_names_that_do_not_match(a: str, b: str) -> None:
    assert not names_match(a, b)


# --- predicates: who did what ---------------------------------------------------------------------


def test_simple_subject_and_object() -> None:
    p = predicate(parse("Smith hired Jones as his assistant."), "hire")
    assert p.subject == "smith"
    assert p.subject_is_name
    assert "jones" in p.objects
    assert not p.negated


def test_subject_of_a_relative_clause_is_the_noun_it_describes() -> None:
    analysis = parse("Mayor Linda Okafor, who announced the budget on Monday, left the meeting early.")
    announce = predicate(analysis, "announce")
    assert announce.subject == "linda okafor"
    assert announce.subject_is_name
    assert "budget" in announce.objects
    assert predicate(analysis, "leave").subject == "linda okafor"


def test_subject_of_a_cleft_sentence() -> None:
    p = predicate(parse("It was Linda Okafor who announced the new budget."), "announce")
    assert p.subject == "linda okafor"
    assert "budget" in p.objects


def test_subject_of_a_cleft_parsed_as_the_copulas_clause() -> None:
    # spaCy parses this cleft with "told" as a clause of "was", not a relative clause of "Hansen".
    told = predicate(
        parse("It was Hansen who told Berg that Oslo's goals in the talks with Sweden would be fully met."),
        "tell",
    )
    assert (told.subject, told.subject_is_name) == ("hansen", True)
    assert "berg" in told.objects


@pytest.mark.parametrize(
    "text",
    [
        "Linda Okafor said she would resign in May.",
        '"I will resign in May," Linda Okafor told reporters.',
        "Linda Okafor announced the budget, as she promised to resign in May.",
    ],
)
def test_a_pronoun_in_a_governed_clause_is_the_named_subject_above_it(text: str) -> None:
    p = predicate(parse(text), "resign")
    assert p.subject == "linda okafor"
    assert p.subject_is_name


def test_the_one_urged_to_act_is_the_doer_and_the_act_is_not_reported_as_done() -> None:
    analysis = parse("Linda Okafor urged the council to approve the budget.")
    approve = predicate(analysis, "approve")
    assert approve.subject == "council"
    assert approve.unreal
    assert not predicate(analysis, "urge").unreal


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("The council backed a plan to close the bridge.", "close"),
        ("Linda Okafor flew to Lisbon to meet the mayor.", "meet"),
    ],
)
def test_an_act_proposed_or_intended_is_not_reported_as_done(text: str, verb: str) -> None:
    assert predicate(parse(text), verb).unreal


def test_a_declined_act_is_negated_not_unreal() -> None:
    say = predicate(parse("Linda Okafor declined to say when the bridge would open."), "say")
    assert say.negated
    assert not say.unreal


def test_a_pronoun_under_an_unnamed_subject_stays_unresolved() -> None:
    assert predicate(parse("The council said he would resign in May."), "resign").subject is None


def test_passive_agent_is_the_subject_and_the_patient_an_object() -> None:
    p = predicate(parse("The budget was approved by the city council."), "approve")
    assert p.subject == "city council"
    assert "budget" in p.objects


def test_passive_without_agent_has_no_subject() -> None:
    p = predicate(parse("The library was built in 2021."), "build")
    assert p.subject is None
    assert "library" in p.objects


def test_common_noun_subject_is_its_lemma() -> None:
    p = predicate(parse("The councillors rejected the plan."), "reject")
    assert p.subject == "councillor"
    assert not p.subject_is_name


@pytest.mark.parametrize(
    "text",
    [
        "The mayor did not attend the ceremony.",
        "The mayor didn't attend the ceremony.",
        "The mayor never attended the ceremony.",
    ],
)
def test_negated_verb(text: str) -> None:
    p = predicate(parse(text), "attend")
    assert p.negated
    assert p.subject == "mayor"


def test_affirmative_verb_is_not_negated() -> None:
    assert not predicate(parse("The mayor attended the ceremony."), "attend").negated


def test_no_before_the_object_negates() -> None:
    assert predicate(parse("The committee found no evidence of fraud."), "find").negated


def test_declined_to_say_is_a_negated_say() -> None:
    analysis = parse("The mayor declined to say whether the budget would pass.")
    say = predicate(analysis, "say")
    assert say.negated
    assert say.subject == "mayor"  # shared with the governing verb
    assert not predicate(analysis, "decline").negated


def test_did_not_refuse_is_not_a_negation() -> None:
    # "did not refuse to sign": the signing is not denied.
    analysis = parse("The coach did not refuse to sign the contract.")
    assert predicate(analysis, "refuse").negated
    assert not predicate(analysis, "sign").negated


def test_nor_negates_the_verb_it_introduces_and_not_the_first() -> None:
    analysis = parse("The coach declined to say when he would retire, nor would he describe his plans.")
    assert predicate(analysis, "describe").negated
    assert not predicate(analysis, "decline").negated
    assert predicate(analysis, "say").negated  # still "declined to say"
    assert not predicate(analysis, "retire").negated


# --- certainty and hedges -------------------------------------------------------------------------


def test_definitely_is_high_certainty() -> None:
    analysis = parse("The team will definitely win the final.")
    assert analysis.certainty == "high"
    assert predicate(analysis, "win").certainty == "high"


@pytest.mark.parametrize(
    "text",
    [
        "Victory in the final is unlikely, the coach said.",
        "The coach played down the team's chances in the final.",
        "The report cast doubt on the new stadium plan.",
    ],
)
def test_doubt_is_low_certainty(text: str) -> None:
    assert parse(text).certainty == "low"


def test_plain_statement_has_no_certainty_and_no_hedge() -> None:
    analysis = parse("The team won the final.")
    assert analysis.certainty is None
    assert not analysis.hedged


def test_reportedly_is_a_hedge_and_not_a_content_term() -> None:
    analysis = parse("The striker reportedly signed a new contract.")
    assert analysis.hedged
    assert "reportedly" not in {t.key for t in analysis.terms}
    assert analysis.certainty is None


def test_negators_and_certainty_words_are_not_content_terms() -> None:
    keys = {t.key for t in parse("The council will definitely not close the library.").terms}
    assert "definitely" not in keys
    assert "not" not in keys
    assert {"council", "close", "library"} <= keys


def test_took_place_only_says_that_something_happened() -> None:
    keys = {t.key for t in parse("The vote took place in the town hall.").terms}
    assert "place" not in keys
    assert {"vote", "town", "hall"} <= keys
    assert "place" in {t.key for t in parse("The mayor chose a place for the market.").terms}


def test_a_time_after_since_starts_a_period_of_the_act() -> None:
    (month,) = parse("The mayors have not met since March.").times
    assert (month.since, month.clause) == ("meet", None)
    (month,) = parse("The mayors met for the first time since March.").times
    assert month.since == "meet"  # the act, not the word "time"


def test_quoted_words_are_kept_as_runs() -> None:
    analysis = parse('The mayor called the plan "bold and overdue" and a ‘fair’ deal.')
    assert [[w for w, _lemma in run] for run in analysis.quoted] == [["bold", "and", "overdue"], ["fair"]]
    # an apostrophe is no quotation mark
    assert parse("The mayor’s plan was approved.").quoted == ()
    assert ("plans", "plan") in parse("Her plans were approved.").words


def test_a_time_records_the_act_it_dates() -> None:
    (monday,) = parse("Okafor resigned on Monday.").times
    assert monday.act == "resign"
    # through a noun it modifies, to the verb above: the meeting on Monday was cancelled
    (monday,) = parse("The council cancelled the meeting on Monday.").times
    assert monday.act == "cancel"


def test_since_a_time_in_a_clause_with_no_main_verb_is_the_period_of_being() -> None:
    # "been" is the act; the verb the relative clause hangs from ("includes") is not.
    (may,) = parse("The plan has been on the table since May.").times
    assert may.since == "be"
    (june,) = parse("The plan, which has been on the table since June, includes a pay rise.").times
    assert june.since == "be"


def test_a_time_in_a_since_clause_dates_that_clause() -> None:
    times = parse("The mayors met for the first time since the strike began in March.").times
    assert [(t.since, t.clause) for t in times] == [(None, "begin")]
    assert parse("The mayors last met in March.").looks_back


def test_subject_of_a_the_one_who_cleft_is_the_copula_subject() -> None:
    analysis = parse("Okafor was the one who opened the bridge.")
    opened = predicate(analysis, "open")
    assert (opened.subject, opened.subject_is_name) == ("okafor", True)


def test_the_one_who_is_not_a_quantity() -> None:
    assert parse("Okafor was the one who opened the bridge.").quantities == ()


def test_names_joined_to_the_subject_are_kept() -> None:
    spoke = predicate(parse("Linda Okafor and Marco Bellini spoke on Tuesday."), "speak")
    assert spoke.subject == "linda okafor"
    assert spoke.co_subjects == ("marco bellini",)


def test_a_hyphenated_pair_of_names_is_two_names() -> None:
    names = parse("The Okafor-Bellini meeting lasted an hour.").names
    assert "okafor" in names and "bellini" in names


@pytest.mark.parametrize(
    "text", ["Two days before the vote, the mayor resigned.", "The mayor resigned three weeks ago."]
)
def test_a_duration_that_dates_something_is_relative(text: str) -> None:
    assert only_quantity(text).relative


def test_a_measured_duration_is_not_relative() -> None:
    assert not only_quantity("The meeting lasted two hours.").relative


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reyes, one of the two founders, once ran a bakery.", ["two founders"]),
        ("The sentence is longer than the one Reyes is serving.", []),
        ("Only one of the founders came.", ["one founders"]),
        ("The founders met once in May.", ["once"]),
    ],
)
def test_pronoun_one_and_formerly_once_are_not_counts(text: str, expected: list[str]) -> None:
    assert [q.text for q in parse(text).quantities] == expected


def test_a_claim_is_asserted_unless_modal_negated_or_hedged() -> None:
    assert parse("Reyes was fined last week.").asserted
    assert not parse("Reyes could be fined.").asserted
    assert not parse("Reyes has not been fined; he is on trial.").asserted
    assert not parse("Reyes was reportedly fined.").asserted


def test_words_of_a_clause_stated_as_possible_are_marked() -> None:
    analysis = parse("Reyes was arrested and could face a fine.")
    terms = {t.key: t.possible for t in analysis.terms if t.kind == "word"}
    assert terms["fine"] and terms["face"]
    assert not terms["arrest"]


# --- week days dated by the story's publication date ----------------------------------------------


def test_a_week_day_in_a_story_is_the_last_one_before_it_was_published() -> None:
    from datetime import date

    from workers.engine.stance.analysis import with_weekdays_dated

    # Published on Saturday 14 June 2031: "on Thursday" is 12 June.
    dated = with_weekdays_dated(parse("The mayor resigned on Thursday."), date(2031, 6, 14))
    assert {(t.kind, t.value) for t in dated.times} == {("weekday", 3), ("day", 612), ("month", 6)}
    assert next(t for t in dated.times if t.kind == "day").text == "Thursday (12 June)"


def test_a_week_day_of_an_act_to_come_is_not_dated_back() -> None:
    from datetime import date

    from workers.engine.stance.analysis import with_weekdays_dated

    for text in ("The mayor will resign on Thursday.", "The mayor agreed to resign on Thursday."):
        analysis = parse(text)
        assert all(t.future for t in analysis.times)
        assert with_weekdays_dated(analysis, date(2031, 6, 14)) == analysis


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        ("The agency named journalist Paul Brown.", "paul brown", {"journalist"}),
        ("Officials want to free Paul Brown, a corporate lawyer.", "paul brown", {"corporate", "lawyer"}),
        ("Smith is a nurse from Ohio.", "smith", {"nurse"}),
        # spaCy hangs the second pair on the first name; the noun before the comma still counts.
        (
            "They spoke about a basketball player, Jane Smith and corporate security executive, Paul Brown.",
            "paul brown",
            {"corporate", "security", "executive"},
        ),
    ],
)
def test_what_a_sentence_calls_someone(text: str, name: str, words: set[str]) -> None:
    found = {d.name: d.words for d in parse(text).descriptors}
    assert found.get(name) == words


@pytest.mark.parametrize(
    ("text", "verb", "done", "planned"),
    [
        ("The council had already approved the budget.", "approve", True, False),
        ("The council approved the budget.", "approve", True, False),
        ("The council will approve the budget.", "approve", False, True),
        ("The council is willing to approve the budget.", "approve", False, True),
        ("The council could approve the budget.", "approve", False, False),
        ("The mayor urged the council to approve the budget.", "approve", False, False),
    ],
)
def test_acts_done_or_still_to_come(text: str, verb: str, done: bool, planned: bool) -> None:
    p = predicate(parse(text), verb)
    assert (p.done, p.planned) == (done, planned)


def test_an_exact_figure() -> None:
    assert [q.exact for q in parse("It lasted exactly 25 minutes, not about 40 minutes.").quantities] == [
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Okafor, not Bellini, approved the budget.", ("okafor", "bellini")),
        (
            "It was the Harbour Board, rather than the City Council, that came under pressure.",
            ("harbour board", "city council"),
        ),
        ("The offer came from Oslo rather than from Bergen.", ("oslo", "bergen")),
    ],
)
def test_a_name_set_against_a_denied_name(text: str, pair: tuple[str, str]) -> None:
    analysis = parse(text)
    assert [(a.asserted, a.denied) for a in analysis.alternatives] == [pair]
    assert pair[1] not in {t.key for t in analysis.terms}


def test_the_doer_of_a_cleft_with_a_denied_name_is_the_asserted_one() -> None:
    # spaCy hangs "who approved" on Bellini.
    analysis = parse("It was Okafor, rather than Bellini, who approved the budget.")
    assert predicate(analysis, "approve").subject == "okafor"


def test_a_denied_phrase_that_is_not_a_name_stays_in_the_claim() -> None:
    analysis = parse("The ministry wants the matter handled quietly rather than in public.")
    assert analysis.alternatives == ()
    assert "public" in {t.key for t in analysis.terms}
