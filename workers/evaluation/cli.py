"""`factcheck eval`: measure the engine on a labelled claims file.

    factcheck eval FILE.jsonl [--corpus PATH] [--json] [--top-k N] [--limit N]
    factcheck eval --climate-fever FILE [--json] [--top-k N] [--limit N] [--no-pairs]

The service's CLI main registers this sub-command with `add_eval_parser(subparsers)`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from workers.engine.types import Corpus, Document
from workers.evaluation.datasets import (
    DatasetError,
    climate_fever_documents,
    load_climate_fever,
    load_dev_claims,
)
from workers.evaluation.report import render_text, summarize
from workers.evaluation.runner import (
    EngineLike,
    EvalError,
    EvalRun,
    evaluate_climate_fever,
    evaluate_dev_claims,
    no_progress,
)

T = TypeVar("T")

EXIT_OK = 0
EXIT_FAILED = 1  # the engine failed while checking
EXIT_USAGE = 2  # bad arguments or an unreadable dataset

DEFAULT_CACHE_DIR = Path(".cache/index")


@dataclass(frozen=True)
class EvalBackend:
    """Where corpora and engines come from; tests swap in fakes, the CLI uses the real engine."""

    load_corpus: Callable[[Path | None], Corpus]
    build_corpus: Callable[[Iterable[Document]], Corpus]
    build_engine: Callable[[Corpus, Path | None], EngineLike]


def _real_backend() -> EvalBackend:
    # Imported here so `factcheck --help` does not pay for loading the models.
    from workers.engine.api import Engine
    from workers.engine.corpus import build_corpus, load_corpus

    def build_engine(corpus: Corpus, cache_dir: Path | None) -> EngineLike:
        return Engine.build(corpus, cache_dir=cache_dir)

    return EvalBackend(load_corpus=load_corpus, build_corpus=build_corpus, build_engine=build_engine)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_eval_parser(subparsers: Any) -> None:
    """Register `eval` on an argparse sub-parsers object (from `parser.add_subparsers()`)."""
    parser = subparsers.add_parser(
        "eval",
        help="measure accuracy, evidence recall, calibration and latency on a labelled claims file",
        description=(
            "Check every claim of a labelled file and report accuracy, macro-F1, per-label "
            "precision/recall, a confusion matrix, accuracy per claim kind, evidence recall, "
            "expected calibration error and latency. FILE is in the dev-claims format "
            "(id, claim, label, kind, evidence[{doc, quote}]); --climate-fever FILE takes the "
            "CLIMATE-FEVER format and builds the corpus from the file's evidence sentences."
        ),
    )
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE.jsonl",
                        help="dev-claims file to evaluate against --corpus")
    parser.add_argument("--climate-fever", type=Path, metavar="FILE",
                        help="evaluate a CLIMATE-FEVER file on a corpus built from its evidence sentences")
    parser.add_argument("--corpus", type=Path, metavar="PATH",
                        help="corpus directory or JSONL file (default: the seed corpus)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--top-k", type=_positive_int, default=5, metavar="N",
                        help="evidence passages returned per claim (default 5)")
    parser.add_argument("--limit", type=_positive_int, metavar="N", help="evaluate only the first N claims")
    parser.add_argument("--no-pairs", action="store_true",
                        help="CLIMATE-FEVER: skip the pair-level stance evaluation")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR, metavar="DIR",
                        help=f"where built indexes are cached (default {DEFAULT_CACHE_DIR})")
    parser.add_argument("--no-cache", action="store_true", help="build the index without the on-disk cache")
    parser.set_defaults(func=run_eval_command)


def _progress_bar(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    from tqdm import tqdm

    return tqdm(items, total=total, desc=description, unit="claim", file=sys.stderr, leave=False)


def _build_dict(engine: EngineLike) -> dict[str, Any] | None:
    report = getattr(engine, "build_report", None)
    if report is not None and dataclasses.is_dataclass(report) and not isinstance(report, type):
        return dataclasses.asdict(report)
    return None


def _usage_error(message: str) -> int:
    print(f"factcheck eval: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def run_eval_command(args: argparse.Namespace, backend: EvalBackend | None = None) -> int:
    """Run `factcheck eval` for parsed arguments; returns the process exit code."""
    if (args.file is None) == (args.climate_fever is None):
        return _usage_error("give either FILE.jsonl or --climate-fever FILE (exactly one)")
    if args.climate_fever is not None and args.corpus is not None:
        return _usage_error("--corpus does not apply to --climate-fever (its corpus is built from the file)")
    backend = backend or _real_backend()
    cache_dir = None if args.no_cache else args.cache_dir
    progress = _progress_bar if sys.stderr.isatty() else no_progress

    try:
        run: EvalRun
        if args.climate_fever is not None:
            claims = load_climate_fever(args.climate_fever)
            # The corpus is built from every claim of the file, so --limit shortens the run
            # without shrinking the haystack.
            corpus = backend.build_corpus(climate_fever_documents(claims))
            engine = backend.build_engine(corpus, cache_dir)
            run = evaluate_climate_fever(
                engine, claims[: args.limit] if args.limit else claims, source=str(args.climate_fever),
                top_k=args.top_k, pairs=not args.no_pairs, progress=progress, build=_build_dict(engine),
            )
        else:
            dev_claims = load_dev_claims(args.file, limit=args.limit)
            try:
                corpus = backend.load_corpus(args.corpus)
            except (OSError, ValueError) as exc:
                return _usage_error(f"cannot load the corpus {args.corpus or '(default)'}: {exc}")
            engine = backend.build_engine(corpus, cache_dir)
            run = evaluate_dev_claims(engine, dev_claims, source=str(args.file), top_k=args.top_k,
                                      progress=progress, build=_build_dict(engine))
    except DatasetError as exc:
        return _usage_error(str(exc))
    except EvalError as exc:
        print(f"factcheck eval: {exc}", file=sys.stderr)
        return EXIT_FAILED

    summary = summarize(run)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(render_text(summary), end="")
    return EXIT_OK
