"""Metrics on small examples whose answers were worked out by hand (see the comments)."""

from __future__ import annotations

import pytest

from workers.evaluation.metrics import (
    GoldQuote,
    ReturnedPassage,
    accuracy,
    accuracy_by_group,
    confusion_matrix,
    doc_key,
    evidence_found,
    evidence_recall,
    expected_calibration_error,
    latency_summary,
    macro_f1,
    normalize_for_match,
    per_label_scores,
    percentile,
    texts_overlap,
)

S, R, N, C = "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING"
GOLD = [S, S, R, N]
PRED = [S, R, R, S]


def test_accuracy_counts_exact_matches() -> None:
    assert accuracy(GOLD, PRED) == 0.5
    assert accuracy([S], [S]) == 1.0


def test_mismatched_or_empty_inputs_are_errors() -> None:
    with pytest.raises(ValueError, match="3 items"):
        accuracy([S, S, S], [S])
    with pytest.raises(ValueError, match="no examples"):
        accuracy([], [])


def test_per_label_scores_by_hand() -> None:
    scores = per_label_scores(GOLD, PRED)
    # SUPPORTED: 1 right of 2 predicted, 1 found of 2 gold.
    assert scores[S].precision == 0.5
    assert scores[S].recall == 0.5
    assert scores[S].f1 == 0.5
    assert scores[S].support == 2
    # REFUTED: 1 right of 2 predicted, the only gold one found: F1 = 2·0.5·1/1.5.
    assert scores[R].precision == 0.5
    assert scores[R].recall == 1.0
    assert scores[R].f1 == pytest.approx(2 / 3)
    # NOT_ENOUGH_INFO: never predicted; nothing to divide by gives 0, not an error.
    assert (scores[N].precision, scores[N].recall, scores[N].f1, scores[N].support) == (0.0, 0.0, 0.0, 1)
    # CONFLICTING appears nowhere, so it is not scored by default.
    assert C not in scores


def test_macro_f1_over_labels_present_in_gold_or_predicted() -> None:
    # (0.5 + 2/3 + 0) / 3
    assert macro_f1(GOLD, PRED) == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    # An explicit label set that includes an unused label lowers the mean: the choice matters.
    assert macro_f1(GOLD, PRED, labels=[S, R, N, C]) == pytest.approx((0.5 + 2 / 3) / 4)
    # A label only ever predicted (never gold) is counted, with F1 0.
    assert macro_f1([S, S], [S, C]) == pytest.approx((2 / 3 + 0) / 2)


def test_confusion_matrix_rows_are_gold() -> None:
    matrix = confusion_matrix(GOLD, PRED, labels=[S, R, N, C])
    assert matrix[S] == {S: 1, R: 1, N: 0, C: 0}
    assert matrix[R] == {S: 0, R: 1, N: 0, C: 0}
    assert matrix[N] == {S: 1, R: 0, N: 0, C: 0}
    assert matrix[C] == {S: 0, R: 0, N: 0, C: 0}
    assert sum(sum(row.values()) for row in matrix.values()) == len(GOLD)
    with pytest.raises(ValueError, match="outside"):
        confusion_matrix([S], [C], labels=[S])


def test_accuracy_by_group_skips_items_without_a_group() -> None:
    groups = ["number", "number", "date", None]
    result = accuracy_by_group(GOLD, PRED, groups)
    assert list(result) == ["date", "number"]
    assert (result["number"].correct, result["number"].n, result["number"].accuracy) == (1, 2, 0.5)
    assert (result["date"].correct, result["date"].n, result["date"].accuracy) == (1, 1, 1.0)


def test_ece_one_item_per_bin() -> None:
    # Bins 9, 8, 1, 5 each hold one item: (|1−.95| + |0−.85| + |1−.15| + |1−.55|) / 4 = 2.2 / 4.
    ece = expected_calibration_error([0.95, 0.85, 0.15, 0.55], [True, False, True, True])
    assert ece == pytest.approx(0.55)


def test_ece_averages_within_a_bin_and_puts_one_in_the_last_bin() -> None:
    # All three in bin 9: mean confidence 2.8/3, accuracy 2/3 → |2/3 − 2.8/3| = 0.8/3.
    assert expected_calibration_error([0.9, 0.9, 1.0], [True, False, True]) == pytest.approx(0.8 / 3)


def test_ece_is_zero_when_confidence_matches_accuracy() -> None:
    confidences = [0.75] * 4 + [0.25] * 4
    correct = [True, True, True, False, True, False, False, False]
    assert expected_calibration_error(confidences, correct) == pytest.approx(0.0)


def test_ece_rejects_confidence_outside_unit_interval() -> None:
    with pytest.raises(ValueError, match="outside"):
        expected_calibration_error([1.2], [True])


def test_percentiles_interpolate_linearly() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    # rank 0.95·3 = 2.85 → 3 + 0.85·(4 − 3)
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    summary = latency_summary([10.0, 20.0, 30.0, 40.0, 100.0])
    assert summary.p50 == 30.0
    assert summary.p95 == pytest.approx(40 + 0.8 * 60)
    assert summary.mean == 40.0
    assert summary.max == 100.0
    with pytest.raises(ValueError):
        latency_summary([])


def test_normalisation_ignores_quotes_case_dashes_and_whitespace() -> None:
    assert normalize_for_match("“We had a  frank\nconversation” — he said") == normalize_for_match(
        '"we had a frank conversation" - He said'
    )
    assert doc_key("000_abc.txt") == doc_key("000_abc") == "000_abc"
    assert doc_key("notes.md") == "notes"


def test_texts_overlap_rules() -> None:
    quote = "The call lasted about 25 minutes and was described as businesslike by both sides."
    # Containment either way counts.
    assert texts_overlap("A U.S. official said " + quote.lower(), quote)
    assert texts_overlap("The call lasted about 25 minutes", quote)
    # A short fragment inside the quote is not finding it (under 20 characters).
    assert not texts_overlap("The call lasted", quote)
    # A different cut sharing more than half of the shorter text counts...
    assert texts_overlap("Officials said the call lasted about 25 minutes and was described as tense.", quote)
    # ...an unrelated sentence sharing only common words does not.
    assert not texts_overlap("The minister described the talks as productive and long overdue.", quote)


QUOTE = GoldQuote("001_x.txt", "Lavrov told Blinken that Moscow would set a date in the coming days.")
MATCHING_TEXT = "Lavrov told Blinken that Moscow would set a date in the coming days."


def test_evidence_found_requires_document_stance_and_overlap() -> None:
    right = ReturnedPassage("001_x", MATCHING_TEXT, "supports")
    assert evidence_found([right], [QUOTE], "supports")
    assert not evidence_found([right], [QUOTE], "contradicts")
    assert evidence_found([right], [QUOTE], None)
    other_doc = ReturnedPassage("002_y", MATCHING_TEXT, "supports")
    assert not evidence_found([other_doc], [QUOTE], "supports")


def test_evidence_recall_eligibility_and_stance() -> None:
    supports = ReturnedPassage("001_x", MATCHING_TEXT, "supports")
    contradicts = ReturnedPassage("001_x", MATCHING_TEXT, "contradicts")
    items = [
        (S, [QUOTE], [supports]),  # found
        (R, [QUOTE], [supports]),  # right passage, wrong stance: not found
        (R, [QUOTE], [ReturnedPassage("001_x", "Unrelated text about the grain deal.", "contradicts"),
                      contradicts]),  # found by the second passage
        (N, [QUOTE], [supports]),  # NOT_ENOUGH_INFO: not eligible
        (S, [], [supports]),  # no gold quote: not eligible
    ]
    result = evidence_recall(items)
    assert (result.found, result.eligible) == (2, 3)
    assert result.recall == pytest.approx(2 / 3)
    assert evidence_recall([(N, [QUOTE], [])]).recall is None
