"""The engine is a pure library: no web framework, queue, cache, service or environment reads."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE_DIR = Path(__file__).resolve().parents[2] / "workers" / "engine"
FORBIDDEN_MODULES = frozenset({"flask", "flask_smorest", "celery", "redis", "kombu", "service"})
ENVIRONMENT_NAMES = frozenset({"environ", "getenv", "environb", "putenv", "unsetenv"})


def _root(module: str) -> str:
    return module.split(".", 1)[0]


def _dynamic_import_target(call: ast.Call) -> str | None:
    """The literal module name of `__import__("x")` or `importlib.import_module("x")`, if any."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    if name not in {"__import__", "import_module"} or not call.args:
        return None
    first = call.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def impurities(source: str, filename: str = "<source>") -> list[str]:
    """Every forbidden import and environment access in `source`, as "file:line: what"."""
    found: list[str] = []
    os_aliases = {"os"}
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _root(alias.name) in FORBIDDEN_MODULES:
                    found.append(f"{filename}:{node.lineno}: import {alias.name}")
                if alias.name == "os" and alias.asname:
                    os_aliases.add(alias.asname)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0 and _root(module) in FORBIDDEN_MODULES:
                found.append(f"{filename}:{node.lineno}: from {module} import ...")
            if module == "os":
                for alias in node.names:
                    if alias.name in ENVIRONMENT_NAMES:
                        found.append(f"{filename}:{node.lineno}: from os import {alias.name}")
        elif isinstance(node, ast.Call):
            target = _dynamic_import_target(node)
            if target is not None and _root(target) in FORBIDDEN_MODULES:
                found.append(f"{filename}:{node.lineno}: dynamic import of {target!r}")
    # A second pass, once every alias of `os` is known: os.environ, os.getenv, o.environ...
    for node in ast.walk(ast.parse(source, filename)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ENVIRONMENT_NAMES
            and isinstance(node.value, ast.Name)
            and node.value.id in os_aliases
        ):
            found.append(f"{filename}:{node.lineno}: {node.value.id}.{node.attr}")
    return found


def engine_sources() -> list[Path]:
    return sorted(ENGINE_DIR.rglob("*.py"))


def test_engine_sources_are_found() -> None:
    names = {p.relative_to(ENGINE_DIR).as_posix() for p in engine_sources()}
    assert {"__init__.py", "types.py", "corpus.py", "api.py"} <= names


def test_engine_is_pure() -> None:
    problems = [
        problem
        for path in engine_sources()
        for problem in impurities(path.read_text(encoding="utf-8"), str(path.relative_to(ENGINE_DIR)))
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import flask", "import flask"),
        ("import celery.result", "import celery.result"),
        ("from redis import Redis", "from redis import ..."),
        ("from kombu.exceptions import OperationalError", "from kombu.exceptions import ..."),
        ("from service.settings import Settings", "from service.settings import ..."),
        ("import os\nx = os.environ['HOME']", "os.environ"),
        ("import os\nx = os.getenv('HOME')", "os.getenv"),
        ("import os as system\nx = system.environ.get('HOME')", "system.environ"),
        ("from os import environ", "from os import environ"),
        ("from os import getenv as ge", "from os import getenv"),
        ("def f():\n    import redis\n", "import redis"),
        ("m = __import__('celery')", "dynamic import of 'celery'"),
        ("import importlib\nm = importlib.import_module('flask')", "dynamic import of 'flask'"),
    ],
)
def test_detector_flags_impure_source(source: str, expected: str) -> None:
    problems = impurities(source)
    assert len(problems) == 1 and problems[0].endswith(expected), problems


@pytest.mark.parametrize(
    "source",
    [
        "import os\npath = os.path.join('a', 'b')",
        "from pathlib import Path",
        "from workers.engine.types import Corpus",
        "from . import types",  # relative imports inside the engine are fine
        "import numpy as np\nenv = {'environ': 1}",
        "redis_like = 'redis'",  # a string is not an import
    ],
)
def test_detector_accepts_pure_source(source: str) -> None:
    assert impurities(source) == []
