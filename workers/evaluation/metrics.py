"""Evaluation metrics as pure functions over plain lists (no engine, no I/O).

Every function checks that its inputs line up and raises ValueError on bad input rather than
returning a number that means nothing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Protocol, TypeVar

L = TypeVar("L", bound=Hashable)

# Gold documents are named by file ("000_abc.txt"); the engine's doc ids drop the extension.
_DOC_EXTENSIONS = (".txt", ".md")
_QUOTE_CHARS = re.compile(r"[\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2032\u2033]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_WHITESPACE = re.compile(r"\s+")
# A returned passage must share at least this much text with a gold quote, so a stray fragment
# such as "Possible." inside a long quote does not count as finding it.
MIN_OVERLAP_CHARS = 20
OVERLAP_FRACTION = 0.5


def _check_aligned(gold: Sequence[object], predicted: Sequence[object]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} items but predictions have {len(predicted)}")
    if not gold:
        raise ValueError("no examples to score")


def accuracy(gold: Sequence[L], predicted: Sequence[L]) -> float:
    _check_aligned(gold, predicted)
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)


@dataclass(frozen=True)
class LabelScores:
    precision: float
    recall: float
    f1: float
    support: int  # how many gold items carry the label


def _ordered_labels(gold: Sequence[L], predicted: Sequence[L], labels: Iterable[L] | None) -> list[L]:
    if labels is not None:
        return list(labels)
    seen: dict[L, None] = {}
    for label in [*gold, *predicted]:
        seen.setdefault(label, None)
    return sorted(seen, key=str)


def per_label_scores(
    gold: Sequence[L], predicted: Sequence[L], labels: Iterable[L] | None = None
) -> dict[L, LabelScores]:
    """Precision, recall, F1 and support per label; 0.0 where a ratio has nothing to divide by.

    `labels` defaults to the labels present in gold or predictions, sorted by name.
    """
    _check_aligned(gold, predicted)
    scores: dict[L, LabelScores] = {}
    for label in _ordered_labels(gold, predicted, labels):
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        predicted_n = sum(p == label for p in predicted)
        support = sum(g == label for g in gold)
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = LabelScores(precision, recall, f1, support)
    return scores


def macro_f1(gold: Sequence[L], predicted: Sequence[L], labels: Iterable[L] | None = None) -> float:
    """Unweighted mean of per-label F1.

    By default over the labels present in gold ∪ predicted (as scikit-learn does): a label
    nobody used and nothing is gold for says nothing about the system, while a label only ever
    predicted wrongly (F1 = 0) counts against it, as it should.
    """
    scores = per_label_scores(gold, predicted, labels)
    if not scores:
        raise ValueError("no labels to average over")
    return sum(s.f1 for s in scores.values()) / len(scores)


def confusion_matrix(
    gold: Sequence[L], predicted: Sequence[L], labels: Iterable[L] | None = None
) -> dict[L, dict[L, int]]:
    """`matrix[gold_label][predicted_label]` = count, with every row and column present."""
    _check_aligned(gold, predicted)
    order = _ordered_labels(gold, predicted, labels)
    matrix = {g: dict.fromkeys(order, 0) for g in order}
    for g, p in zip(gold, predicted, strict=True):
        if g not in matrix or p not in matrix[g]:
            raise ValueError(f"label outside the given label set: gold {g!r}, predicted {p!r}")
        matrix[g][p] += 1
    return matrix


@dataclass(frozen=True)
class GroupAccuracy:
    accuracy: float
    correct: int
    n: int


def accuracy_by_group(
    gold: Sequence[L], predicted: Sequence[L], groups: Sequence[str | None]
) -> dict[str, GroupAccuracy]:
    """Accuracy per group (claim kind); items whose group is None are left out. Sorted by group."""
    _check_aligned(gold, predicted)
    if len(groups) != len(gold):
        raise ValueError(f"{len(groups)} groups for {len(gold)} items")
    tally: dict[str, list[int]] = {}
    for g, p, group in zip(gold, predicted, groups, strict=True):
        if group is None:
            continue
        counts = tally.setdefault(group, [0, 0])
        counts[0] += g == p
        counts[1] += 1
    return {k: GroupAccuracy(c / n, c, n) for k, (c, n) in sorted(tally.items())}


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], n_bins: int = 10
) -> float:
    """ECE over `n_bins` equal-width bins of the confidence in the predicted label.

    Bin i holds confidences in [i/n, (i+1)/n); a confidence of exactly 1.0 goes in the last bin.
    ECE = Σ_bins (|bin| / N) · |accuracy(bin) − mean confidence(bin)|, where correct means the
    predicted label equals the gold label.
    """
    _check_aligned(confidences, correct)
    if n_bins < 1:
        raise ValueError("n_bins must be at least 1")
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(n_bins)]
    for confidence, ok in zip(confidences, correct, strict=True):
        if math.isnan(confidence) or not 0.0 <= confidence <= 1.0:
            raise ValueError(f"confidence {confidence!r} is outside [0, 1]")
        index = min(int(confidence * n_bins), n_bins - 1)
        bins[index].append((confidence, ok))
    total = len(confidences)
    ece = 0.0
    for members in bins:
        if not members:
            continue
        mean_confidence = sum(c for c, _ in members) / len(members)
        bin_accuracy = sum(ok for _, ok in members) / len(members)
        ece += len(members) / total * abs(bin_accuracy - mean_confidence)
    return ece


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("no values")
    if not 0.0 <= q <= 100.0:
        raise ValueError(f"percentile {q} is outside [0, 100]")
    ordered = sorted(values)
    rank = q / 100 * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class LatencySummary:
    p50: float
    p95: float
    mean: float
    max: float
    n: int


def latency_summary(latencies_ms: Sequence[float]) -> LatencySummary:
    if not latencies_ms:
        raise ValueError("no latencies")
    if any(v < 0 or math.isnan(v) for v in latencies_ms):
        raise ValueError("latencies must be non-negative numbers")
    return LatencySummary(
        p50=percentile(latencies_ms, 50),
        p95=percentile(latencies_ms, 95),
        mean=sum(latencies_ms) / len(latencies_ms),
        max=max(latencies_ms),
        n=len(latencies_ms),
    )


# --- evidence matching -------------------------------------------------------------------------


def normalize_for_match(text: str) -> str:
    """Casefolded NFKC text with quote marks removed, dashes unified and whitespace collapsed.

    Quote marks are dropped rather than unified because sources and gold quotes disagree on
    whether a quoted sentence keeps its opening or closing mark.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _QUOTE_CHARS.sub("", text)
    text = _DASHES.sub("-", text)
    return _WHITESPACE.sub(" ", text).strip().casefold()


def doc_key(name: str) -> str:
    """A document name comparable across gold files ("000_x.txt") and engine ids ("000_x")."""
    for extension in _DOC_EXTENSIONS:
        if name.lower().endswith(extension):
            return name[: -len(extension)]
    return name


def texts_overlap(passage: str, quote: str) -> bool:
    """Whether a passage and a gold quote are substantially the same text.

    After `normalize_for_match`, the longest common substring must be at least
    max(MIN_OVERLAP_CHARS, OVERLAP_FRACTION × length of the shorter text). One text containing
    the other is the usual case (a passage of two sentences holding a one-sentence quote, or a
    one-sentence passage out of a two-sentence quote); the fraction also admits a passage that
    is cut differently from the quote but shares most of it.
    """
    a, b = normalize_for_match(passage), normalize_for_match(quote)
    shorter = min(len(a), len(b))
    needed = max(MIN_OVERLAP_CHARS, math.ceil(OVERLAP_FRACTION * shorter))
    if shorter < needed:
        return False
    if a in b or b in a:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= needed


@dataclass(frozen=True)
class GoldQuote:
    doc: str  # file name as in the gold data, with or without extension
    quote: str


class PassageLike(Protocol):
    """A returned evidence passage: the engine's `Evidence` fits, as does `ReturnedPassage`."""

    @property
    def doc_id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def stance(self) -> str: ...  # "supports" / "contradicts" / "neutral" (Stance is a str enum)


@dataclass(frozen=True)
class ReturnedPassage:
    doc_id: str
    text: str
    stance: str


def evidence_found(
    returned: Iterable[PassageLike], gold: Iterable[GoldQuote], stance: str | None
) -> bool:
    """Whether any returned passage (of `stance`, unless None) is in a gold quote's document and
    overlaps that quote (`texts_overlap`)."""
    gold_quotes = list(gold)
    for passage in returned:
        if stance is not None and passage.stance != stance:
            continue
        for quote in gold_quotes:
            if doc_key(passage.doc_id) == doc_key(quote.doc) and texts_overlap(passage.text, quote.quote):
                return True
    return False


# The stance a returned passage needs for each gold verdict to count as evidence of it.
EXPECTED_STANCE: Mapping[str, str] = {"SUPPORTED": "supports", "REFUTED": "contradicts"}


@dataclass(frozen=True)
class EvidenceRecall:
    recall: float | None  # None when no claim qualifies
    found: int
    eligible: int


def evidence_recall(
    items: Iterable[tuple[str, Sequence[GoldQuote], Sequence[PassageLike]]],
) -> EvidenceRecall:
    """Evidence recall over (gold label, gold quotes, returned passages) triples.

    Rule: only claims whose gold label is SUPPORTED or REFUTED and which carry at least one gold
    quote are eligible. A claim counts as found when at least one returned passage has the
    stance the gold label calls for (supports for SUPPORTED, contradicts for REFUTED), comes
    from the same document as a gold quote (file extension ignored) and overlaps that quote
    (`texts_overlap`: after normalising case, whitespace, quote marks and dashes, the longest
    common substring is ≥ 50% of the shorter text and ≥ 20 characters, so containment either way
    qualifies). Recall = found / eligible; None when nothing is eligible.
    """
    found = eligible = 0
    for label, gold, returned in items:
        stance = EXPECTED_STANCE.get(label)
        if stance is None or not gold:
            continue
        eligible += 1
        found += evidence_found(returned, gold, stance)
    return EvidenceRecall(found / eligible if eligible else None, found, eligible)
