"""`factcheck check` and the command line's argument handling, with a fake engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from service import cli


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch, fake_engine: Any) -> Any:
    used_corpus: list[Path | None] = []

    def engine_for(settings: Any, corpus: Path | None) -> Any:
        used_corpus.append(corpus)
        return fake_engine

    monkeypatch.setattr(cli, "_engine_for", engine_for)
    fake_engine.used_corpus = used_corpus
    return fake_engine


def test_check_prints_a_readable_verdict(engine: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "The call   lasted two hours."]) == 0
    out = capsys.readouterr().out
    assert "Verdict:     REFUTED (confidence 0.90)" in out
    assert "Explanation: The claim says two hours" in out
    assert "[contradicts, 0.90] A title (An outlet, 2022-07-31)" in out
    assert '"The call lasted about 25 minutes."' in out
    assert "001_6b29c57e0b4b91e8 characters 10-43" in out
    assert engine.calls == [("The call lasted two hours.", 5)]


def test_check_json_is_the_result_shape(engine: Any, capsys: pytest.CaptureFixture[str],
                                        expected_result: Any, tmp_path: Path) -> None:
    assert cli.main(["check", "A claim.", "--json", "--top-k", "3", "--corpus", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out) == expected_result("A claim.", top_k=3)
    assert engine.used_corpus == [tmp_path]


def test_batch_echoes_ids_and_reports_bad_lines(engine: Any, capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path, expected_result: Any) -> None:
    batch = tmp_path / "claims.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "c1", "claim": "First claim."}),
        json.dumps({"claim": "Second claim."}),
        "",
        "{not json",
        json.dumps({"id": 7, "claim": "   "}),
        json.dumps({"id": "c4", "claim": "Fourth claim."}),
    ]) + "\n", encoding="utf-8")
    assert cli.main(["check", "--batch", str(batch)]) == 1  # some lines failed
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0] == {"id": "c1", **expected_result("First claim.")}
    assert lines[1] == expected_result("Second claim.")
    assert lines[2] == {"error": lines[2]["error"]} and lines[2]["error"].startswith("line 4:")
    assert lines[3] == {"id": 7, "error": "line 5: the claim is empty"}
    assert lines[4]["id"] == "c4" and lines[4]["verdict"] == "REFUTED"
    assert len(lines) == 5


def test_batch_of_good_lines_exits_zero(engine: Any, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "ok.jsonl"
    batch.write_text('{"claim": "One."}\n{"claim": "Two."}\n', encoding="utf-8")
    assert cli.main(["check", "--batch", str(batch)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


@pytest.mark.parametrize(("argv", "message"), [
    (["check"], "either one claim"),
    (["check", "A claim.", "--batch", "x.jsonl"], "either one claim"),
    (["check", "   "], "the claim is empty"),
    (["check", "x" * 1001], "limit is 1000"),
    (["check", "A claim.", "--top-k", "0"], "--top-k"),
    (["check", "--batch", "/nonexistent/claims.jsonl"], "cannot read /nonexistent/claims.jsonl"),
])
def test_usage_errors_are_one_line_messages(engine: Any, capsys: pytest.CaptureFixture[str], argv: list[str],
                                            message: str) -> None:
    assert cli.main(argv) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("factcheck: error: ") and message in err and "Traceback" not in err


def test_missing_corpus_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli.main(["check", "A claim.", "--corpus", str(tmp_path / "nope")]) == cli.EXIT_USAGE
    assert "does not exist" in capsys.readouterr().err


def test_worker_without_redis_explains_what_to_do(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("FACTCHECK_REDIS_URL", raising=False)
    monkeypatch.delenv("FACTCHECK_BROKER_URL", raising=False)
    assert cli.main(["worker"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "FACTCHECK_REDIS_URL" in err and "factcheck serve" in err


def test_bad_settings_are_reported_not_raised(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FACTCHECK_JOB_TTL", "tomorrow")
    assert cli.main(["check", "A claim."]) == cli.EXIT_USAGE
    assert "FACTCHECK_JOB_TTL must be a whole number" in capsys.readouterr().err


def test_parser_has_every_command() -> None:
    parser = cli.build_parser()
    assert cli.parse_args(parser, ["serve", "--port", "9000"])[0].port == 9000
    assert cli.parse_args(parser, ["worker", "--pool", "solo"])[0].celery_args == ["--pool", "solo"]
    with pytest.raises(SystemExit):
        cli.parse_args(parser, ["serve", "--pool", "solo"])
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"serve", "worker", "check"} <= set(commands)
    try:
        import workers.evaluation.cli  # noqa: F401
    except ImportError:
        return
    assert "eval" in commands


def test_redact_url_hides_the_password() -> None:
    assert cli.redact_url("redis://:s3cret@redis:6379/0") == "redis://:***@redis:6379/0"
    assert cli.redact_url("redis://user:pw@host/1") == "redis://user:***@host/1"
    assert cli.redact_url("redis://localhost:6379/0") == "redis://localhost:6379/0"
