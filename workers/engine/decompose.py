"""A claim of several clauses, split into claims that can each be checked on their own.

"The council approved the budget, while the mayor vetoed the tax" is two facts, usually stated in
two different sentences of the sources: no one passage states the whole claim, so checked whole it
is never confirmed. Checked part by part, each part finds its own passage; the claim is true only
if every part is.

Splits only where the grammar says two things are asserted side by side: separate sentences
("...; it said..."), verbs joined to the main verb ("approved the budget and signed it"), and
contrasting clauses ("while", "whereas"). Not at "because", "after" or "if", whose two halves are
one claim about how they relate.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from workers.engine.types import Label, Sources, Verdict

SEMICOLON = re.compile(r"\s*;\s+")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
CONJUNCTIONS = frozenset({"and", "but", "yet"})
CONTRAST_MARKS = frozenset({"while", "whereas"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "it", "they"})
# A part with fewer content words than this ("and did so") is not a claim of its own.
MIN_CONTENT_WORDS = 3
MAX_PARTS = 4


def claim_parts(claim: str, parse: Callable[[str], Doc]) -> list[str]:
    """The claim's separately checkable parts, or [] when it is one claim.

    Clauses joined by a semicolon are split before parsing: the parser often hangs the first on
    the second's verb as if it were what was said.
    """
    parts: list[str] = []
    previous_subject: Span | None = None
    pieces = [piece for piece in SEMICOLON.split(claim) if piece.strip()]
    sentences = [sentence for piece in pieces for sentence in parse(piece).sents]
    for sentence in sentences:
        for tokens, subject in _clauses(sentence):
            own_subject = subject
            pronoun = subject is not None and subject.root.lower_ in PERSONAL_PRONOUNS
            if subject is not None and pronoun and previous_subject is not None:
                # "The ministry did not call ties normal; it said they needed repair": "it" is
                # the ministry, which the part must name to be checked alone.
                tokens = [t for t in tokens if t.i not in range(subject.start, subject.end)]
                parts.append(_text(previous_subject.text, tokens))
            elif subject is not None and subject.start < tokens[0].i:
                parts.append(_text(subject.text, tokens))  # "...and signed it": the shared doer
            else:
                parts.append(_text("", tokens))
            if own_subject is not None and own_subject.root.lower_ not in PERSONAL_PRONOUNS:
                previous_subject = own_subject
    if len(parts) < 2 or len(parts) > MAX_PARTS:
        return []
    if any(_content_words(part) < MIN_CONTENT_WORDS for part in parts):
        return []
    return parts


def _clauses(sentence: Span) -> list[tuple[list[Token], Span | None]]:
    """The sentence's clauses as (tokens, subject); a joined clause without its own subject
    gets the main clause's."""
    root = sentence.root
    main_subject = _subject(root)
    split = [
        c
        for c in root.children
        if _finite(c)
        and (
            (c.dep_ == "conj" and _joined_by_conjunction(c))
            or (c.dep_ == "advcl" and c.left_edge.lower_ in CONTRAST_MARKS)
        )
    ]
    if not split:
        return [([t for t in sentence if not t.is_punct or t.i != sentence.end - 1], main_subject)]
    taken = {t.i for c in split for t in c.subtree}
    # The conjunction or comma that joined a split clause belongs to neither part.
    joiners = {c.i for c in root.children if c.dep_ in ("cc", "punct") and c.i > root.i}
    main = [t for t in sentence if t.i not in taken and t.i not in joiners and not _final_punct(t, sentence)]
    clauses: list[tuple[list[Token], Span | None]] = [(main, main_subject)]
    for clause in split:
        tokens = [
            t
            for t in clause.subtree
            if not (t.head.i == clause.i and t.dep_ in ("mark", "cc")) and not _final_punct(t, sentence)
        ]
        clauses.append((tokens, _subject(clause) or main_subject))
    return clauses


def _joined_by_conjunction(clause: Token) -> bool:
    """'...approved it, and the mayor signed it': the clause starts right after 'and' or 'but'.
    A clause the parser joined elsewhere ('spoken by the time Smith conceded') is not split."""
    start = clause.left_edge.i
    return start > 0 and clause.doc[start - 1].lower_ in CONJUNCTIONS


def _finite(verb: Token) -> bool:
    """'signed it', 'had signed it', 'will sign it': a clause that asserts something. Not a
    participle ('visiting Oslo', 'doubting it would happen'), which describes another clause."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    return verb.tag_ in FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _subject(verb: Token) -> Span | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _final_punct(token: Token, sentence: Span) -> bool:
    return token.is_punct and token.i == sentence.end - 1


def _text(subject: str, tokens: list[Token]) -> str:
    text = f"{subject} " + "".join(t.text_with_ws for t in tokens)
    text = text.strip().strip(",;:").strip()
    return text[:1].upper() + text[1:] + "."


def _content_words(part: str) -> int:
    return sum(1 for w in part.lower().replace(".", " ").split() if w.isalpha() and w not in STOP_WORDS)


def combine(whole: Verdict, parts: list[Verdict], top_k: int) -> Verdict:
    """The whole claim's verdict from its parts': refuted if a part is, supported if every part
    is; otherwise what checking the claim whole said."""
    refuted = [p for p in parts if p.verdict is Label.REFUTED]
    if refuted:
        worst = max(refuted, key=lambda p: p.confidence)
        why = f'"{worst.claim}" is false'
        return _joined(whole, Label.REFUTED, worst.confidence, [worst], parts, why, top_k)
    if all(p.verdict is Label.SUPPORTED for p in parts):
        confidence = min(p.confidence for p in parts)
        return _joined(whole, Label.SUPPORTED, confidence, parts, parts, "each part is supported", top_k)
    return whole


def _joined(
    whole: Verdict,
    label: Label,
    confidence: float,
    deciding: list[Verdict],
    parts: list[Verdict],
    why: str,
    top_k: int,
) -> Verdict:
    evidence = []
    seen = set()
    # The best passage of each deciding part first, then the rest in turn.
    for rank in range(top_k):
        for part in deciding:
            if rank < len(part.evidence) and (item := part.evidence[rank]).text not in seen:
                seen.add(item.text)
                evidence.append(item)
    details = " ".join(f"{p.claim} {p.explanation}" for p in deciding)
    return Verdict(
        claim=whole.claim,
        verdict=label,
        confidence=confidence,
        explanation=f"Checked in {len(parts)} parts; {why}. {details}",
        evidence=tuple(evidence[:top_k]),
        sources=Sources(
            supporting=min(p.sources.supporting for p in deciding),
            contradicting=max(p.sources.contradicting for p in deciding),
            consulted=max(p.sources.consulted for p in parts),
        ),
        corpus_version=whole.corpus_version,
        engine_version=whole.engine_version,
    )
