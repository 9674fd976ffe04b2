"""`factcheck eval` wiring: the parser, the command's exit codes and output, with a fake engine."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from workers.engine.types import Corpus, Document, Label, Passage, Stance, StanceResult, Verdict
from workers.evaluation.cli import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    EvalBackend,
    add_eval_parser,
    run_eval_command,
)
from workers.evaluation.runner import EngineLike

DATA = Path(__file__).resolve().parents[1] / "data"
DEV = DATA / "eval_dev_claims_small.jsonl"
CF = DATA / "eval_climate_fever_small.jsonl"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck")
    add_eval_parser(parser.add_subparsers(dest="command", required=True))
    return parser


class _NeutralScorer:
    name = "neutral"

    def score(self, claim: str, passages: Sequence[Passage]) -> list[StanceResult]:
        return [StanceResult(Stance.NEUTRAL, 0.9, 0.05, 0.05) for _ in passages]


class FakeEngine:
    """Says NOT_ENOUGH_INFO to everything, or fails if told to."""

    version = "fake-1"
    scorer = _NeutralScorer()

    def __init__(self, corpus: Corpus, fail: bool = False) -> None:
        self.corpus = corpus
        self.fail = fail
        self.top_ks: list[int] = []

    def check(self, claim: str, top_k: int = 5) -> Verdict:
        if self.fail:
            raise RuntimeError("model file missing")
        self.top_ks.append(top_k)
        return Verdict(claim=claim, verdict=Label.NOT_ENOUGH_INFO, confidence=0.5, explanation="",
                       corpus_version=self.corpus.version, engine_version=self.version)


class FakeBackend:
    def __init__(self, fail: bool = False) -> None:
        self.loaded: list[Path | None] = []
        self.built_from: list[list[Document]] = []
        self.engines: list[FakeEngine] = []
        self.fail = fail

    def load_corpus(self, path: Path | None) -> Corpus:
        if path is not None and not path.exists():
            raise FileNotFoundError(f"{path} does not exist")
        self.loaded.append(path)
        return Corpus((), (), "seed-corpus")

    def build_corpus(self, documents: Iterable[Document]) -> Corpus:
        docs = list(documents)
        self.built_from.append(docs)
        return Corpus(tuple(docs), (), "cf-corpus")

    def build_engine(self, corpus: Corpus, cache_dir: Path | None) -> EngineLike:
        engine = FakeEngine(corpus, fail=self.fail)
        self.engines.append(engine)
        return engine

    def backend(self) -> EvalBackend:
        return EvalBackend(self.load_corpus, self.build_corpus, self.build_engine)


def test_parser_registers_eval_with_its_options() -> None:
    argv = ["eval", str(DEV), "--corpus", "seeds", "--json", "--top-k", "3", "--limit", "2"]
    args = _parser().parse_args(argv)
    assert args.func is run_eval_command
    assert args.file == DEV
    assert args.corpus == Path("seeds")
    assert args.json is True
    assert (args.top_k, args.limit) == (3, 2)
    assert args.climate_fever is None
    cf = _parser().parse_args(["eval", "--climate-fever", str(CF)])
    assert cf.climate_fever == CF and cf.file is None and cf.top_k == 5 and cf.json is False


@pytest.mark.parametrize("bad", [["--top-k", "0"], ["--limit", "-1"], ["--top-k", "many"]])
def test_parser_rejects_non_positive_numbers(bad: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _parser().parse_args(["eval", str(DEV), *bad])
    assert info.value.code == 2
    assert "eval: error" in capsys.readouterr().err


def test_eval_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeBackend()
    args = _parser().parse_args(["eval", str(DEV), "--json", "--top-k", "2"])
    assert run_eval_command(args, backend=fake.backend()) == EXIT_OK
    result = json.loads(capsys.readouterr().out)
    assert fake.loaded == [None]  # no --corpus: the default corpus
    assert fake.engines[0].top_ks == [2, 2, 2]
    assert result["n"] == 3
    assert result["accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert result["evidence_recall"] == 0.0
    assert result["engine_version"] == "fake-1"
    assert result["corpus_version"] == "seed-corpus"
    assert {e["id"] for e in result["errors"]} == {"t1", "t2"}
    assert set(result["latency_ms"]) >= {"p50", "p95"}


def test_eval_text_output_with_limit(capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["eval", str(DEV), "--limit", "1"])
    assert run_eval_command(args, backend=FakeBackend().backend()) == EXIT_OK
    out = capsys.readouterr()
    assert "1 claims" in out.out and "misclassified claims (1)" in out.out
    assert out.err == ""  # no progress bar when stderr is not a terminal


def test_climate_fever_corpus_comes_from_the_whole_file(capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeBackend()
    args = _parser().parse_args(["eval", "--climate-fever", str(CF), "--json", "--limit", "2"])
    assert run_eval_command(args, backend=fake.backend()) == EXIT_OK
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 2
    titles = [d.title for d in fake.built_from[0]]
    assert titles == ["Café effect", "Cloud feedback", "Glacier", "Sea level rise"]
    assert result["pairs"]["n"] == 6  # the first two claims have three sentences each
    assert result["corpus_version"] == "cf-corpus"


@pytest.mark.parametrize(
    "argv",
    [
        ["eval"],
        ["eval", str(DEV), "--climate-fever", str(CF)],
        ["eval", "--climate-fever", str(CF), "--corpus", "seeds"],
    ],
)
def test_wrong_argument_combinations_are_usage_errors(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = _parser().parse_args(argv)
    assert run_eval_command(args, backend=FakeBackend().backend()) == EXIT_USAGE
    assert "factcheck eval: error" in capsys.readouterr().err


def test_unreadable_dataset_and_corpus_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _parser().parse_args(["eval", str(tmp_path / "absent.jsonl")])
    assert run_eval_command(args, backend=FakeBackend().backend()) == EXIT_USAGE
    assert "no such file" in capsys.readouterr().err
    args = _parser().parse_args(["eval", str(DEV), "--corpus", str(tmp_path / "nowhere")])
    assert run_eval_command(args, backend=FakeBackend().backend()) == EXIT_USAGE
    assert "cannot load the corpus" in capsys.readouterr().err


def test_engine_failure_exits_1_and_names_the_claim(capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["eval", str(DEV)])
    assert run_eval_command(args, backend=FakeBackend(fail=True).backend()) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "'t1'" in err and "model file missing" in err


def test_progress_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    args = _parser().parse_args(["eval", str(DEV), "--json"])
    assert run_eval_command(args, backend=FakeBackend().backend()) == EXIT_OK
    out = capsys.readouterr()
    assert "claims" in out.err  # tqdm's description, drawn on stderr
    json.loads(out.out)  # stdout stays pure JSON
