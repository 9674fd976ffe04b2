"""Cleaning: furniture removal, broken-line joining, offsets of blocks (no spaCy model needed)."""

from __future__ import annotations

import pytest

from workers.engine.cleaning import (
    Block,
    continues_on_next_line,
    find_blocks,
    is_furniture_line,
    is_terminated,
)


def block_texts(text: str, resolver=None) -> list[str]:
    return [" ".join(text[b.start : b.end].split()) for b in find_blocks(text, resolver)]


@pytest.mark.parametrize(
    "line",
    [
        "00:46",
        "12:28 PM",
        "–",
        "* * *",
        "Updated 12:28, 30-Jul-2022",
        "Published: March 3, 2021 9:15 am",
        "Last updated on 2021-03-03",
        "(With input from agencies)",
        "(Cover: A ship in the harbour. /Photo agency)",
        "[Photo: Reuters]",
        "Read more:-",
        "Read More: Port traffic resumes",
        "Also read: Ten things to know",
        "Leave A Reply",
        "Leave a comment",
        "Your email address will not be published.",
        "Your email address will not be published. Required fields are marked *",
        "Share this article",
        "Subscribe to our newsletter",
        "Click here to sign up",
        "Photo: AP",
        "Image credit: City archive",
        "Copyright 2021 Coastal Courier. All rights reserved.",
        "© 2021 Valley Post",
        "Advertisement",
        "Skip to main content",
        "Reporting by Jane Doe; Editing by John Roe",
        "Additional reporting by the Berlin newsroom",
        "Photograph: Jane Doe/City Archive",
        "Tags: harbour, fire, port",
    ],
)
def test_furniture_lines_are_recognised(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council voted on Monday to approve the budget.",
        "(The warehouse had been inspected in January, the port authority said.)",
        "Published figures show prices rose 5% in March.",  # a sentence, not a dateline
        "Copyright law was changed in 2019, the ministry said.",
        "Subscribers to the service rose by a third.",
        "Recommended doses were cut by half.",
        "Readers wrote in to complain.",
        "Reporters by the dozen waited outside.",
        "Editing the report by hand took weeks.",
    ],
)
def test_prose_lines_are_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)


@pytest.mark.parametrize(
    ("line", "terminated"),
    [
        ("It rained.", True),
        ('He said "no."', True),
        ("She called it “fair.”", True),
        ("Is it over?", True),
        ("(It was over.)", True),
        ("Council approves budget", False),
        ("He said:", False),
        ("Read more:-", False),
    ],
)
def test_terminated(line: str, terminated: bool) -> None:
    assert is_terminated(line) is terminated


@pytest.mark.parametrize(
    ("line", "next_line", "joins"),
    [
        ("the call lasted approximately", "25 minutes.", True),  # next starts with a digit
        ("Five months into this war, amid the", "economic turmoil grew.", True),  # lower case
        ("Officials in the port,", "Harbour staff and police, agreed.", True),  # trailing comma
        ("This is the first time since", "February 15th, the agency said.", True),  # function word
        ("The", "Council met on Monday.", True),  # capitalised function word
        ("It rained all day.", "The river rose.", True),  # same paragraph: the segmenter splits
        ("Talks were held in the U.S.", "Senate, officials said.", True),  # a wrapped abbreviation
        ("The council voted on Monday.", "Politics", False),  # a label after a sentence
        ("A source told", "Reuters", False),  # a short label is never a continuation
        ("Council Approves Budget After Debate", "The council voted on Monday.", False),  # title case
        ("Washington", "AP", False),
        ("Prices in the US", "Rose by 5%.", False),  # "US" is an acronym, not the pronoun "us"
    ],
)
def test_continues_on_next_line(line: str, next_line: str, joins: bool) -> None:
    assert continues_on_next_line(line, next_line) is joins


def test_name_wrapped_inside_a_paragraph_is_joined_but_a_headline_is_not() -> None:
    wrapped = "The panel's findings were published by the Intergovernmental Panel on Climate"
    assert continues_on_next_line(wrapped, "Change in its report.", opens_paragraph=False) is True
    # The same line opening its paragraph could be a headline above the article.
    assert continues_on_next_line(wrapped, "Change in its report.", opens_paragraph=True) is False
    # A short line inside a paragraph ending on a name is a heading, not wrapped prose.
    assert continues_on_next_line("Ministers discuss the port in Hamburg", "Officials said.",
                                  opens_paragraph=False) is False
    text = (
        "Scientists Warn of Record Heat in the Arctic Ocean\n"
        "Researchers said on Monday that sea ice had shrunk.\n"
        "The records kept by the National Snow and Ice Data\n"
        "Center go back to 1979.\n"
    )
    assert block_texts(text) == [
        "Scientists Warn of Record Heat in the Arctic Ocean",
        "Researchers said on Monday that sea ice had shrunk. The records kept by the National Snow "
        "and Ice Data Center go back to 1979.",
    ]


def test_ambiguous_break_goes_to_the_resolver() -> None:
    calls: list[tuple[str, str]] = []

    def resolver(line: str, next_line: str) -> bool:
        calls.append((line, next_line))
        return False

    assert continues_on_next_line("A source told", "Reuters that it was over.", resolver) is False
    assert calls == [("A source told", "Reuters that it was over.")]
    # Without a resolver the ambiguous break is joined (see the docstring for why).
    assert continues_on_next_line("A source told", "Reuters that it was over.") is True
    # Clear cases never reach the resolver.
    assert continues_on_next_line("amid the", "economic turmoil.", resolver) is True
    assert len(calls) == 1


def test_broken_lines_are_joined_into_one_block() -> None:
    text = (
        "During a news conference on Friday, the mayor\n"
        "announced a new budget. An official said the debate lasted approximately\n"
        "25 minutes. Five months into the year, amid the\n"
        "economic turmoil, the plan was delayed.\n"
        "The\n"
        "council meets again in July.\n"
    )
    assert block_texts(text) == [
        "During a news conference on Friday, the mayor announced a new budget. An official said the "
        "debate lasted approximately 25 minutes. Five months into the year, amid the economic turmoil, "
        "the plan was delayed. The council meets again in July.",
    ]


def test_paragraph_ends_at_a_blank_line_or_before_a_headline() -> None:
    text = (
        "Port Authority Reopens Northern Harbour\n"
        "The harbour was closed for three days.\n"
        "Ships queued outside.\n"
        "\n"
        "Storm Season Ends Early This Year\n"
        "Forecasters said the season was over.\n"
    )
    assert block_texts(text) == [
        "Port Authority Reopens Northern Harbour",
        "The harbour was closed for three days. Ships queued outside.",
        "Storm Season Ends Early This Year",
        "Forecasters said the season was over.",
    ]


def test_page_furniture_is_dropped_and_headline_kept_as_candidate() -> None:
    text = (
        "Home\n"
        "News\n"
        "Harbour warehouse fire contained after six hours\n"
        "Updated 09:15, 3-Mar-2021\n"
        "Coastal Courier\n"
        "01:12\n"
        "\n"
        "Firefighters contained the blaze on Tuesday, the fire service said.\n"
        "\n"
        "On the investigation\n"
        "\n"
        "(Photo: A fire engine outside the warehouse. /Courier staff)\n"
        "(With reporting by wire services)\n"
        "Read more: Port traffic resumes\n"
        "Leave A Reply\n"
        "Your email address will not be published.\n"
        "Search Trends\n"
    )
    blocks = find_blocks(text)
    assert block_texts(text) == [
        "Harbour warehouse fire contained after six hours",
        "Firefighters contained the blaze on Tuesday, the fire service said.",
    ]
    assert [b.terminated for b in blocks] == [False, True]


def test_leading_date_stamp_is_cut_off_but_the_sentence_kept() -> None:
    text = " date 2021-05-04 The council voted on Monday.\n date 2021-05-04 Politics\n"
    blocks = find_blocks(text)
    assert block_texts(text) == ["The council voted on Monday."]
    assert text[blocks[0].start :].startswith("The council")


def test_blocks_point_into_the_original_text() -> None:
    nbsp = "\u00a0"
    text = f"\ufeff  Menu\n\n  The fire{nbsp}started at night,{nbsp}\n officials said.  \r\n\r\nIt is out.\n"
    blocks = find_blocks(text)
    assert blocks == [
        Block(text.index("The fire"), text.index("said.") + len("said."), True),
        Block(text.index("It is"), text.index("out.") + len("out."), True),
    ]


def test_text_without_prose_gives_no_blocks() -> None:
    assert find_blocks("") == []
    assert find_blocks("\n\n \u00a0\n") == []
    assert find_blocks("Home\nNews\nSport\n00:46\n") == []
