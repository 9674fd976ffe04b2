"""Split cleaned documents into sentences with spaCy and form evidence passages.

Offsets are preserved end to end: spaCy reads each block of the original text with its runs of
blank characters (line breaks, non-breaking spaces) collapsed to one space, and a position map
takes every character of that view back to its place in the original document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from workers.engine.cleaning import Block, find_blocks, is_blank_char, is_terminated
from workers.engine.nlp import load_spacy, parsed_docs, sentence_docs, tagged_docs

# Bump whenever cleaning, segmentation or passage forming changes what passages come out:
# it is part of the corpus version, so cached indexes built the old way are not reused.
SEGMENTATION_VERSION = "seg-8"

# A sentence with fewer words is a fragment ("Possible.", "He added:") and is merged with a
# neighbour in the same block rather than standing alone as evidence.
MIN_PASSAGE_WORDS = 4
# An unterminated line (headline, heading) is kept only if it reads as a sentence.
MIN_HEADLINE_WORDS = 3
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})

_BLANKS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def normalize_whitespace(text: str) -> str:
    """All runs of blanks (newlines, tabs, NBSP, zero-width spaces) to one space, ends trimmed."""
    return _BLANKS.sub(" ", text).strip()


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets into the original document text
    end: int
    block: int  # index of the block it came from, within its document
    words: int
    starts_lower: bool  # first word all lower case: a continuation, not a new sentence


@dataclass(frozen=True)
class PassageSpan:
    start: int
    end: int
    context: str  # the sentence before, whitespace-normalised ("" at the start of a document)


@dataclass(frozen=True)
class _View:
    """A block as spaCy reads it: blanks collapsed to single spaces, with a map back to the original.

    Collapsing makes segmentation independent of how a page happens to space its words (the
    statistical splitter reacts to runs of spaces); the map keeps every offset exact.
    """

    text: str
    origin: list[int]  # origin[i] = position in the original document of text[i]

    @classmethod
    def of(cls, document: str, start: int, end: int) -> _View:
        pieces: list[str] = []
        origin: list[int] = []
        pos = start
        for blank in _BLANKS.finditer(document, start, end):
            pieces.append(document[pos : blank.start()])
            origin.extend(range(pos, blank.start()))
            pieces.append(" ")
            origin.append(blank.start())
            pos = blank.end()
        pieces.append(document[pos:end])
        origin.extend(range(pos, end))
        return cls("".join(pieces), origin)

    def span(self, start_char: int, end_char: int) -> tuple[int, int]:
        """Original [start, end) of the view's [start_char, end_char), a non-empty range."""
        return self.origin[start_char], self.origin[end_char - 1] + 1


def _reads_as_sentence(tagged: Doc) -> bool:
    words = [t for t in tagged if not (t.is_space or t.is_punct)]
    return len(words) >= MIN_HEADLINE_WORDS and any(t.tag_ in _VERB_TAGS for t in words)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and is_blank_char(text[start]):
        start += 1
    while end > start and is_blank_char(text[end - 1]):
        end -= 1
    return start, end


def _sentence(block_index: int, start: int, end: int, sent: Span) -> Sentence:
    words = [t.text for t in sent if not (t.is_space or t.is_punct)]
    return Sentence(start, end, block_index, len(words), bool(words) and words[0].islower())


# Relations by which a word ending one line takes the start of the next as its complement:
# "told / Reuters" (dobj), "written by / Independent experts" (pobj). A headline above a sentence
# parses as a conjunct or clausal complement of it instead, or as its subject.
_COMPLEMENT_DEPS = frozenset(
    {"dobj", "pobj", "pcomp", "agent", "attr", "acomp", "oprd", "dative", "xcomp", "npadvmod", "prt"}
)
# How much of the next line the parser sees: enough for the clause that starts there.
_AMBIGUOUS_LOOKAHEAD_CHARS = 200


def lines_continue_by_parse(pairs: Sequence[tuple[str, str]]) -> list[bool]:
    """For each (line, next line): does the parse make the next line's start complete the line's end?"""
    nlp = load_spacy()
    heads = [normalize_whitespace(line) for line, _ in pairs]
    tails = [normalize_whitespace(next_line[:_AMBIGUOUS_LOOKAHEAD_CHARS]) for _, next_line in pairs]
    boundaries = [len(nlp.make_doc(head)) for head in heads]
    parsed = parsed_docs(f"{head} {tail}" for head, tail in zip(heads, tails, strict=True))
    return [_bridges(doc, boundary) for boundary, doc in zip(boundaries, parsed, strict=True)]


def _bridges(doc: Doc, boundary: int) -> bool:
    """Whether a word before `boundary` takes a word after it as its complement.

    Only complements count. Modifier links ("the United / States") would also join a headline
    ending on a name to a sentence starting with one ("Storm hits Florida / Lawmakers ..."),
    which the parser happily reads as a compound: on made-up headline pairs they joined most.
    """
    return any(
        token.head.i < boundary <= token.i and token.dep_ in _COMPLEMENT_DEPS for token in doc
    )


def line_continues_by_parse(line: str, next_line: str) -> bool:
    [joins] = lines_continue_by_parse([(line, next_line)])
    return joins


def _find_all_blocks(texts: Sequence[str]) -> list[list[Block]]:
    """Blocks of every text, with all ambiguous line breaks of the corpus parsed in one batch.

    Whether a break is ambiguous depends only on the two lines around it, never on earlier
    decisions, so a first pass can collect every question before any is answered.
    """
    questions: dict[tuple[str, str], bool] = {}

    def ask(line: str, next_line: str) -> bool:
        questions[(line, next_line)] = True
        return True

    for text in texts:
        find_blocks(text, ask)
    pairs = list(questions)
    answers = dict(zip(pairs, lines_continue_by_parse(pairs), strict=True))
    return [find_blocks(text, lambda line, next_line: answers[(line, next_line)]) for text in texts]


def segment_texts(texts: Sequence[str]) -> list[list[Sentence]]:
    """The sentences of each text, in order; one spaCy pass over all blocks of all texts."""
    blocks = _find_all_blocks(texts)
    jobs = [(d, b, block) for d, doc_blocks in enumerate(blocks) for b, block in enumerate(doc_blocks)]
    views = [_View.of(texts[d], block.start, block.end) for d, _, block in jobs]
    candidates: list[tuple[int, Sentence]] = []
    for (d, b, _), view, parsed in zip(jobs, views, sentence_docs(v.text for v in views), strict=True):
        for sent in parsed.sents:
            if sent.start_char == sent.end_char:
                continue
            start, end = _trimmed(texts[d], *view.span(sent.start_char, sent.end_char))
            if start < end:
                candidates.append((d, _sentence(b, start, end, sent)))

    # A sentence that does not end like one (a headline, a heading, a truncated tail) must at
    # least contain a verb: "Minister resigns over leak" stays, "Latest News, Economy" goes.
    # Only these few are tagged: tagging everything would cost eight times the segmentation.
    unterminated = [i for i, (d, s) in enumerate(candidates) if not is_terminated(texts[d][s.start : s.end])]
    tagged = tagged_docs(
        normalize_whitespace(texts[candidates[i][0]][candidates[i][1].start : candidates[i][1].end])
        for i in unterminated
    )
    rejected = {i for i, doc in zip(unterminated, tagged, strict=True) if not _reads_as_sentence(doc)}

    result: list[list[Sentence]] = [[] for _ in texts]
    for i, (d, sentence) in enumerate(candidates):
        if i not in rejected:
            result[d].append(sentence)
    return result


def _group_fragments(sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    """One group per passage: normally one sentence, fragments merged into a neighbour in their block."""
    groups: list[list[Sentence]] = []
    for sent in sentences:
        previous = groups[-1] if groups else None
        same_block = previous is not None and previous[-1].block == sent.block
        # A fragment, or a sentence the segmenter cut off in mid-flow (it starts in lower case,
        # as in "...a year ago in Geneva. meeting in June 2021 between..."), stays with its neighbour.
        short = sent.words < MIN_PASSAGE_WORDS or sent.starts_lower
        # A fragment joins the sentence before it; a fragment that opens a block takes the next one.
        lone_fragment_before = previous is not None and len(previous) == 1 and (
            previous[0].words < MIN_PASSAGE_WORDS
        )
        if previous is not None and same_block and (short or lone_fragment_before):
            previous.append(sent)
        else:
            groups.append([sent])
    return groups


def form_passages(text: str, sentences: Sequence[Sentence]) -> list[PassageSpan]:
    """Passages of one document with the sentence before each as context."""
    passages: list[PassageSpan] = []
    previous_sentence = ""
    for group in _group_fragments(sentences):
        start, end = group[0].start, group[-1].end
        passages.append(PassageSpan(start, end, previous_sentence))
        previous_sentence = normalize_whitespace(text[group[-1].start : group[-1].end])
    return passages
