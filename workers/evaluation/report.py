"""Turn an evaluation run into numbers (a JSON-ready dict) and a readable text report."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any, TypeVar

from workers.engine.types import Label, Stance
from workers.evaluation.metrics import (
    accuracy,
    accuracy_by_group,
    confusion_matrix,
    expected_calibration_error,
    latency_summary,
    macro_f1,
    per_label_scores,
    percentile,
)
from workers.evaluation.runner import EvalRun, PairPrediction, Prediction

_DIGITS = 4
E = TypeVar("E", bound=Enum)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, _DIGITS)


def _present_in_enum_order(members: type[E], *seen: Sequence[E]) -> list[E]:
    """The labels that occur in gold or predictions, in the enum's own order (stable across runs)."""
    used = {label for values in seen for label in values}
    return [m for m in members if m in used]


def _classification(gold: Sequence[Label] | Sequence[Stance], predicted: Sequence[Any],
                    labels: Sequence[Any]) -> dict[str, Any]:
    scores = per_label_scores(gold, predicted, labels)
    matrix = confusion_matrix(gold, predicted, labels)
    return {
        "accuracy": _round(accuracy(gold, predicted)),
        "macro_f1": _round(macro_f1(gold, predicted, labels)),
        "labels": [label.value for label in labels],
        "per_label": {
            label.value: {
                "precision": _round(s.precision),
                "recall": _round(s.recall),
                "f1": _round(s.f1),
                "support": s.support,
            }
            for label, s in scores.items()
        },
        "confusion": {g.value: {p.value: n for p, n in row.items()} for g, row in matrix.items()},
    }


def _single_value(values: Sequence[str]) -> str:
    distinct = sorted(set(values))
    # Several versions in one run mean the corpus or engine changed under it: show them all.
    return distinct[0] if len(distinct) == 1 else ",".join(distinct)


def _errors(predictions: Sequence[Prediction]) -> list[dict[str, Any]]:
    return [
        {
            "id": p.claim_id,
            "gold": p.gold.value,
            "predicted": p.predicted.value,
            "confidence": _round(p.confidence),
            "kind": p.kind,
            "claim": p.claim,
        }
        for p in predictions
        if not p.correct
    ]


def _pairs_summary(pairs: Sequence[PairPrediction]) -> dict[str, Any]:
    if not pairs:
        return {"n": 0}
    gold = [p.gold for p in pairs]
    predicted = [p.predicted for p in pairs]
    labels = _present_in_enum_order(Stance, gold, predicted)
    return {
        "n": len(pairs),
        **_classification(gold, predicted, labels),
        "matched_corpus_passages": sum(p.matched_corpus_passage for p in pairs),
    }


def summarize(run: EvalRun) -> dict[str, Any]:
    """The run as one JSON-ready object (the `--json` output)."""
    predictions = run.predictions
    if not predictions:
        raise ValueError("the run has no predictions to summarize")
    gold = [p.gold for p in predictions]
    predicted = [p.predicted for p in predictions]
    labels = _present_in_enum_order(Label, gold, predicted)
    latency = latency_summary([p.latency_ms for p in predictions])
    summary: dict[str, Any] = {
        "dataset": run.dataset,
        "source": run.source,
        "n": len(predictions),
        "top_k": run.top_k,
        **_classification(gold, predicted, labels),
        # Secondary figure: macro-F1 over the gold labels only, so a label the data never holds
        # (CONFLICTING on the dev claims) shows separately how much wrong guesses of it cost.
        "macro_f1_gold_labels": _round(macro_f1(gold, predicted, _present_in_enum_order(Label, gold))),
        "evidence_recall": _round(run.evidence_recall.recall),
        "evidence_recall_found": run.evidence_recall.found,
        "evidence_recall_eligible": run.evidence_recall.eligible,
        "ece": _round(expected_calibration_error([p.confidence for p in predictions],
                                                 [p.correct for p in predictions])),
        "mean_confidence": _round(sum(p.confidence for p in predictions) / len(predictions)),
        "latency_ms": {
            "p50": _round(latency.p50),
            "p95": _round(latency.p95),
            "mean": _round(latency.mean),
            "max": _round(latency.max),
        },
        **_latency_ratio(predictions, latency.p50, latency.p95),
        "per_kind": {
            kind: {"accuracy": _round(g.accuracy), "correct": g.correct, "n": g.n}
            for kind, g in accuracy_by_group(gold, predicted, [p.kind for p in predictions]).items()
        },
        "corpus_version": _single_value([p.corpus_version for p in predictions]),
        "engine_version": _single_value([p.engine_version for p in predictions]),
        "build": run.build,
        "peak_rss_mb": _round(run.peak_rss_mb),
        "wall_seconds": _round(run.wall_seconds),
        "errors": _errors(predictions),
    }
    if run.pairs is not None:
        summary["pairs"] = _pairs_summary(run.pairs)
    return summary


# --- text --------------------------------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], text_columns: int = 1) -> list[str]:
    """A plain-text table; the first `text_columns` columns and the last one if it is "claim" are
    left-aligned (names), the others right-aligned (numbers)."""
    cells = [[str(c) for c in header], *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    left = set(range(text_columns)) | ({len(header) - 1} if header[-1] == "claim" else set())

    def line(row: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i in left else c.rjust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    return [line(cells[0]), line(["-" * w for w in widths]), *[line(r) for r in cells[1:]]]


def _cell(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _short(label: str) -> str:
    return {"NOT_ENOUGH_INFO": "NEI", "CONFLICTING": "CONFL", "contradicts": "contra"}.get(label, label)


def _classification_lines(block: dict[str, Any]) -> list[str]:
    labels: list[str] = block["labels"]
    lines = _table(
        ["label", "precision", "recall", "f1", "support"],
        [[label, s["precision"], s["recall"], s["f1"], s["support"]]
         for label, s in block["per_label"].items()],
    )
    lines += ["", "confusion (rows gold, columns predicted):"]
    lines += _table(
        ["gold \\ predicted", *[_short(label) for label in labels]],
        [[label, *[block["confusion"][label][p] for p in labels]] for label in labels],
    )
    return lines


def _latency_ratio(predictions: Sequence[Prediction], p50: float, p95: float) -> dict[str, Any]:
    """Latency over the reference workload's median, when every claim has it timed beside it."""
    references = [p.reference_ms for p in predictions]
    if not references or any(r is None for r in references):
        return {}
    reference = percentile([r for r in references if r is not None], 50)
    if reference <= 0:
        return {}
    return {
        "latency_reference_ms": _round(reference),
        "latency_ratio": {"p50": _round(p50 / reference), "p95": _round(p95 / reference)},
    }


def render_text(summary: dict[str, Any]) -> str:
    recall = summary["evidence_recall"]
    recall_text = (
        f"{recall:.3f} ({summary['evidence_recall_found']}/{summary['evidence_recall_eligible']})"
        if recall is not None else "n/a (no claim with gold evidence)"
    )
    latency = summary["latency_ms"]
    lines = [
        f"Evaluation of {summary['source']} ({summary['dataset']}, {summary['n']} claims, "
        f"top_k={summary['top_k']})",
        f"engine {summary['engine_version'] or '?'}, corpus {summary['corpus_version'] or '?'}",
        "",
        *_table(
            ["metric", "value"],
            [
                ["accuracy", summary["accuracy"]],
                ["macro-F1", summary["macro_f1"]],
                ["macro-F1 (gold labels only)", summary["macro_f1_gold_labels"]],
                ["evidence recall", recall_text],
                ["ECE (10 bins)", summary["ece"]],
                ["mean confidence", summary["mean_confidence"]],
            ],
        ),
        "",
        *_classification_lines(summary),
    ]
    if summary["per_kind"]:
        lines += ["", "accuracy per kind:"]
        lines += _table(["kind", "accuracy", "correct", "n"],
                        [[k, v["accuracy"], v["correct"], v["n"]] for k, v in summary["per_kind"].items()])
    lines += ["", "latency per claim (ms):"]
    lines += _table(["p50", "p95", "mean", "max"],
                    [[latency["p50"], latency["p95"], latency["mean"], latency["max"]]])
    if "latency_ratio" in summary:
        ratio = summary["latency_ratio"]
        lines.append(
            f"as a ratio to a fixed reference workload timed after each claim "
            f"(median {summary['latency_reference_ms']} ms): p50 {ratio['p50']}x, p95 {ratio['p95']}x"
        )
    build = summary.get("build")
    resources = f"peak RSS {summary['peak_rss_mb']:.0f} MiB, wall {summary['wall_seconds']:.1f} s"
    if build:
        resources = (f"index: {build.get('passages')} passages in {build.get('seconds', 0.0):.1f} s"
                     f"{' (from cache)' if build.get('from_cache') else ''}, "
                     f"build peak RSS {build.get('peak_rss_mb', 0.0):.0f} MiB; " + resources)
    lines += ["", resources]
    pairs = summary.get("pairs")
    if pairs is not None:
        lines += ["", f"pair level ({pairs['n']} claim/sentence pairs):"]
        if pairs["n"]:
            lines += [f"accuracy {pairs['accuracy']:.3f}, macro-F1 {pairs['macro_f1']:.3f}, "
                      f"{pairs['matched_corpus_passages']} sentences matched a corpus passage"]
            lines += _classification_lines(pairs)
    errors = summary["errors"]
    lines += ["", f"misclassified claims ({len(errors)}):"]
    if errors:
        lines += _table(
            ["id", "gold", "predicted", "conf", "claim"],
            [[e["id"], _short(e["gold"]), _short(e["predicted"]), e["confidence"], e["claim"]]
             for e in errors],
            text_columns=3,
        )
    return "\n".join(lines) + "\n"
