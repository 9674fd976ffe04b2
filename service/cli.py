"""The `factcheck` command: serve the API, run a worker, check claims from the shell.

    factcheck serve [--host H] [--port P]       the API (embedded worker when FACTCHECK_REDIS_URL is unset)
    factcheck worker [CELERY OPTIONS...]        a Celery worker
    factcheck check "CLAIM" [--corpus PATH] [--json]
    factcheck check --batch FILE.jsonl [--corpus PATH]
    factcheck eval ...                          the evaluation harness (workers/evaluation)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import signal
import sys
import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit, urlunsplit

from workers.settings import Settings, SettingsError

logger = logging.getLogger("factcheck")

EXIT_USAGE = 2


class CliError(Exception):
    """A problem the user can fix; printed without a traceback."""


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        stream=sys.stderr,
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def redact_url(url: str) -> str:
    """The URL without its password, for logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username or ''}:***@{parts.hostname or ''}"
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


# --------------------------------------------------------------------------------------------- serve


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def cmd_serve(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    if settings.embedded:
        logger.info("embedded mode: FACTCHECK_REDIS_URL is not set, so jobs and results are kept in memory "
                    "and scored by an in-process worker (%d thread(s)); they are lost when the process "
                    "stops. "
                    "Set FACTCHECK_REDIS_URL and run `factcheck worker` for the queued deployment.",
                    settings.embedded_workers)
    else:
        logger.info("redis mode: jobs and results in Redis at %s, scored by Celery workers "
                    "(start them with `factcheck worker`)", redact_url(settings.redis_url or ""))

    from werkzeug.serving import make_server

    from service.app import build_app

    logger.info("loading the corpus and engine...")
    app = build_app(settings)
    server = make_server(args.host, args.port, app, threaded=True)
    # SIGTERM (docker stop, the test harness) shuts down as cleanly as Ctrl-C.
    signal.signal(signal.SIGTERM, _interrupt)
    logger.info("serving on http://%s:%d (API docs at /docs)", args.host, server.server_port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        logger.info("shutting down")
    finally:
        server.server_close()
    return 0


# -------------------------------------------------------------------------------------------- worker


def cmd_worker(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if settings.redis_url is None and settings.broker_url is None:
        raise CliError("`factcheck worker` needs FACTCHECK_REDIS_URL (e.g. redis://localhost:6379/0). "
                       "To try the service without Redis, run `factcheck serve`: it has an embedded worker.")
    configure_logging(settings.log_level)
    from workers.celery_app import QUEUE_NAME
    from workers.worker import app

    argv = ["worker", "--loglevel", settings.log_level, "--queues", QUEUE_NAME,
            "--concurrency", str(settings.effective_worker_concurrency), *args.celery_args]
    app.worker_main(argv=argv)
    return 0


# --------------------------------------------------------------------------------------------- check


def _engine_for(settings: Settings, corpus: Path | None) -> Any:
    from workers.runtime import build_engine

    if corpus is not None:
        if not corpus.exists():
            raise CliError(f"corpus {corpus} does not exist (give a folder of .txt files or a .jsonl file)")
        settings = dataclasses.replace(settings, corpus=corpus)
    return build_engine(settings)


def _checked_claim(text: Any, settings: Settings) -> str:
    from workers.engine import normalize_claim

    if not isinstance(text, str):
        raise ValueError('"claim" must be a string')
    claim = normalize_claim(text)
    if not claim:
        raise ValueError("the claim is empty")
    if len(claim) > settings.max_claim_chars:
        raise ValueError(f"the claim is {len(claim)} characters long; "
                         f"the limit is {settings.max_claim_chars}")
    return claim


def format_verdict(result: dict[str, Any]) -> str:
    """A verdict for a person reading a terminal."""
    lines = [
        f"Claim:       {result['claim']}",
        f"Verdict:     {result['verdict']} (confidence {result['confidence']:.2f})",
        f"Explanation: {result['explanation']}",
    ]
    sources = result.get("sources", {})
    lines.append(f"Sources:     {sources.get('supporting', 0)} supporting, "
                 f"{sources.get('contradicting', 0)} contradicting, {sources.get('consulted', 0)} consulted")
    evidence = result.get("evidence", [])
    if evidence:
        lines.append("Evidence:")
    for n, item in enumerate(evidence, 1):
        source = ", ".join(str(x) for x in (item.get("outlet"), item.get("published")) if x)
        title = item.get("title") or item["doc_id"]
        where = f" ({source})" if source else ""
        lines.append(f"  {n}. [{item['stance']}, {item['score']:.2f}] {title}{where}")
        lines.append(textwrap.fill(item["text"], width=100, initial_indent="     \"",
                                   subsequent_indent="      ") + "\"")
        lines.append(f"     {item['doc_id']} characters {item['start']}-{item['end']}")
    lines.append(f"(corpus {result['corpus_version']}, engine {result['engine_version']})")
    return "\n".join(lines)


def _batch_lines(path: str) -> Iterator[tuple[int, str]]:
    stream: TextIO
    if path == "-":
        stream = sys.stdin
        yield from enumerate(stream, 1)
        return
    try:
        with open(path, encoding="utf-8") as stream:
            yield from enumerate(stream, 1)
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from exc


def _run_batch(engine: Any, path: str, top_k: int, settings: Settings, out: TextIO) -> int:
    failures = 0
    for number, line in _batch_lines(path):
        if not line.strip():
            continue
        ref: Any = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("each line must be a JSON object with a \"claim\"")
            ref = item.get("id")
            claim = _checked_claim(item.get("claim"), settings)
            record: dict[str, Any] = engine.check(claim, top_k=top_k).to_dict()
        except ValueError as exc:  # json.JSONDecodeError is a ValueError too
            failures += 1
            record = {"error": f"line {number}: {exc}"}
        if ref is not None:
            record = {"id": ref, **record}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if failures else 0


def cmd_check(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    configure_logging("INFO" if args.verbose else "WARNING")
    if (args.claim is None) == (args.batch is None):
        raise CliError('give either one claim (factcheck check "CLAIM") or --batch FILE.jsonl, not both')
    if not 1 <= args.top_k <= 20:
        raise CliError("--top-k must be between 1 and 20")
    claim = None
    if args.claim is not None:
        try:
            claim = _checked_claim(args.claim, settings)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
    engine = _engine_for(settings, args.corpus)
    if args.batch is not None:
        return _run_batch(engine, args.batch, args.top_k, settings, sys.stdout)
    assert claim is not None
    result = engine.check(claim, top_k=args.top_k).to_dict()
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_verdict(result))
    return 0


# ---------------------------------------------------------------------------------------------- main


def _add_eval(subparsers: Any) -> None:
    # The evaluation harness is optional: the other commands work without it.
    try:
        from workers.evaluation.cli import add_eval_parser
    except ImportError as exc:
        logger.debug("no eval command: %s", exc)
        return
    add_eval_parser(subparsers)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck", description="Check claims against a news corpus.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True

    serve = subparsers.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.set_defaults(func=cmd_serve)

    worker = subparsers.add_parser("worker", help="run a Celery worker (needs FACTCHECK_REDIS_URL)")
    # Further options go to `celery worker` as they are, e.g. `factcheck worker --pool solo`.
    worker.set_defaults(func=cmd_worker, celery_args=[])

    check = subparsers.add_parser("check", help="check a claim in-process and print the verdict")
    check.add_argument("claim", nargs="?", help="the claim to check")
    check.add_argument("--batch", metavar="FILE.jsonl",
                       help='one JSON object per line with "claim" (and optional "id"); - for stdin')
    check.add_argument("--corpus", type=Path, help="folder of .txt files or a .jsonl file (default: seeds/)")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.add_argument("--top-k", type=int, default=5, help="evidence passages to show (1-20, default 5)")
    check.add_argument("-v", "--verbose", action="store_true", help="log engine start-up")
    check.set_defaults(func=cmd_check)

    _add_eval(subparsers)
    return parser


def parse_args(parser: argparse.ArgumentParser,
               argv: Sequence[str] | None) -> tuple[argparse.Namespace, list[str]]:
    """Parse the command line; only `worker` accepts options of its own (passed on to Celery)."""
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "worker":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.celery_args = extra
    return args, extra


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, _ = parse_args(parser, argv)
    try:
        # Handlers read Settings themselves (the eval handler, from workers/evaluation, has its own).
        code: int = args.func(args)
        return code
    except (CliError, SettingsError) as exc:
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
