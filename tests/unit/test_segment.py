"""Segmentation and passages: offsets into the original text, fragments, context, headlines.

These load the spaCy pipeline (a few seconds, once per session), hence `slow`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workers.engine.corpus import build_corpus, load_corpus
from workers.engine.segment import (
    form_passages,
    line_continues_by_parse,
    normalize_whitespace,
    segment_texts,
)
from workers.engine.types import Corpus, Document

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data"


def passages_of(text: str) -> list[str]:
    [sentences] = segment_texts([text])
    return [normalize_whitespace(text[p.start : p.end]) for p in form_passages(text, sentences)]


def assert_offsets_slice_the_original(corpus: Corpus) -> None:
    assert corpus.passages, "no passages to check"
    for position, passage in enumerate(corpus.passages):
        original = corpus.document(passage.doc_id).text
        assert passage.id == position
        assert 0 <= passage.start < passage.end <= len(original)
        assert normalize_whitespace(original[passage.start : passage.end]) == passage.text
        # The slice starts and ends on text, not on blanks.
        assert not original[passage.start].isspace() and not original[passage.end - 1].isspace()
    # Within a document, passages come in text order and never overlap.
    for before, after in zip(corpus.passages, corpus.passages[1:], strict=False):
        if before.doc_id == after.doc_id:
            assert before.end <= after.start


def test_offsets_of_every_seed_passage() -> None:
    assert_offsets_slice_the_original(load_corpus())


def test_offsets_of_every_messy_fixture_passage() -> None:
    assert_offsets_slice_the_original(load_corpus(DATA / "messy_corpus"))
    assert_offsets_slice_the_original(load_corpus(DATA / "corpus.jsonl"))


def test_messy_fixture_reads_as_clean_sentences() -> None:
    corpus = load_corpus(DATA / "messy_corpus")
    by_doc: dict[str, list[str]] = {}
    for p in corpus.passages:
        by_doc.setdefault(p.doc_id, []).append(p.text)
    assert by_doc["harbour_fire"] == [
        "Harbour warehouse fire contained after six hours",
        "Firefighters contained a blaze at a harbour warehouse on Tuesday after six hours, "
        "the city fire service said.",
        "The fire started shortly before midnight in a storage unit holding paint and solvents, "
        "according to a spokesperson.",
        "No injuries were reported.",
        "Investigators said the cause was not yet known, but they had ruled out “deliberate arson.”",
        "(The warehouse had been inspected in January, the port authority said.)",
    ]
    assert by_doc["council_vote"] == [
        "Council approves new budget after long debate",
        "The city council voted on Monday to approve a budget of about 40 million euros.",
        "The mayor said the plan was “balanced and fair.” Possible.",
        "Critics, amid the ongoing dispute over school funding, said the vote came too quickly.",
        "The budget takes effect in July.",
        "A spokesperson told Reporters that a review would follow.",
    ]


def test_curly_quotes_and_original_characters_are_kept() -> None:
    text = "She called the plan “balanced\u00a0and fair.” Officials agreed with her."
    assert passages_of(text) == ["She called the plan “balanced and fair.”", "Officials agreed with her."]


def test_short_fragment_is_merged_with_the_sentence_before() -> None:
    text = "The talks will resume as soon as possible. Possible. The ministry declined to comment."
    assert passages_of(text) == [
        "The talks will resume as soon as possible. Possible.",
        "The ministry declined to comment.",
    ]


def test_fragment_opening_a_block_is_merged_with_the_sentence_after() -> None:
    text = "Yes. The ministry confirmed the meeting took place on Monday."
    assert passages_of(text) == ["Yes. The ministry confirmed the meeting took place on Monday."]


def test_fragments_are_not_merged_across_paragraphs() -> None:
    text = "The ministry confirmed the meeting took place.\n\nIt did.\n\nThe talks lasted two hours."
    assert passages_of(text) == [
        "The ministry confirmed the meeting took place.",
        "It did.",
        "The talks lasted two hours.",
    ]


def test_lower_case_continuation_stays_with_its_sentence() -> None:
    text = "The topic was discussed a year ago in Geneva. meeting in June between the two leaders, he said."
    assert passages_of(text) == [
        "The topic was discussed a year ago in Geneva. meeting in June between the two leaders, he said."
    ]


def test_context_is_the_previous_sentence_of_the_same_document() -> None:
    corpus = build_corpus(
        [
            Document("a", "The minister arrived on Monday. She met the mayor. They talked about the port."),
            Document("b", "The port reopened on Tuesday after the storm."),
        ]
    )
    assert [(p.doc_id, p.context) for p in corpus.passages] == [
        ("a", ""),
        ("a", "The minister arrived on Monday."),
        ("a", "She met the mayor."),
        ("b", ""),
    ]


def test_headline_with_a_verb_is_kept_and_menu_bar_dropped() -> None:
    text = (
        "Latest News, Local News, International News, Politics, Economy\n\n"
        "Port authority reopens the northern harbour after storm\n\n"
        "The harbour was closed for three days."
    )
    assert passages_of(text) == [
        "Port authority reopens the northern harbour after storm",
        "The harbour was closed for three days.",
    ]


@pytest.mark.parametrize(
    ("line", "next_line", "joins"),
    [
        ("A source told", "Reuters that the deal was close.", True),
        ("The report was written by", "Independent experts who visited the site.", True),
        ("Council approves new budget after long debate", "The city council voted on Monday.", False),
        ("Storm damage worse than expected", "Insurers said on Friday that claims had doubled.", False),
    ],
)
def test_parser_decides_ambiguous_line_breaks(line: str, next_line: str, joins: bool) -> None:
    assert line_continues_by_parse(line, next_line) is joins


# Sentences of a made-up report; the property test scatters blanks between their words.
_REPORT = (
    "The regional water board said on Thursday that reservoir levels had fallen to 41 percent. "
    "Officials blamed the dry spring. Possible. "
    "A spokesperson told reporters that rationing was “not yet necessary.” "
    "Farmers, amid the drought, asked for support from the ministry of agriculture."
)
_BLANKS = [" ", "  ", "\u00a0", "\t", "\n", " \n ", "\n\n", "\u00a0\n", "\r\n", " \u00a0 "]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_BLANKS), min_size=len(_REPORT.split()), max_size=len(_REPORT.split())))
def test_offsets_survive_any_whitespace_injection(separators: list[str]) -> None:
    words = _REPORT.split()
    text = "".join(w + sep for w, sep in zip(words, separators, strict=True))
    corpus = build_corpus([Document("report", text)])
    assert_offsets_slice_the_original(corpus)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([" ", "  ", "\u00a0", "\t", " \u00a0 "]),
                min_size=len(_REPORT.split()), max_size=len(_REPORT.split())))
def test_blanks_within_a_line_do_not_change_the_passages(separators: list[str]) -> None:
    words = _REPORT.split()
    text = "".join(w + sep for w, sep in zip(words, separators, strict=True))
    assert passages_of(text) == passages_of(_REPORT)
