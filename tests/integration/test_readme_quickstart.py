"""Runs the README's quick-start commands as written, so the README cannot go stale.

`factcheck check "..."`, then `factcheck serve` (what `make run` runs) in embedded mode with the README's
curl requests replayed against it. Uses the real engine; needs no Redis.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from processes import free_port, stop_process

from workers.settings import Settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def shell_lines() -> list[str]:
    """Command lines of the README's ```bash blocks (comments dropped)."""
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = line.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def readme_command(prefix: str) -> str:
    matches = [line for line in shell_lines() if line.startswith(prefix)]
    assert matches, f"the README has no command starting with {prefix!r}"
    return matches[0]


def embedded_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env["FACTCHECK_INDEX_CACHE_DIR"] = str(tmp_path / "index")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def curl_request(command: str, port: int) -> urllib.request.Request:
    """The HTTP request a README curl line makes (only the options the README uses)."""
    args = shlex.split(command)
    assert args[0] == "curl"
    method, headers, data, url = "GET", {}, None, None
    position = 1
    while position < len(args):
        arg = args[position]
        if arg == "-X":
            method = args[position + 1]
            position += 1
        elif arg == "-H":
            name, value = args[position + 1].split(":", 1)
            headers[name.strip()] = value.strip()
            position += 1
        elif arg == "-d":
            data = args[position + 1].encode("utf-8")
            position += 1
        elif arg == "-s":
            pass
        else:
            assert url is None, f"unexpected argument {arg!r} in {command!r}"
            url = arg
        position += 1
    assert url is not None and url.startswith("http://127.0.0.1:8000/"), url
    url = url.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    return urllib.request.Request(url, data=data, headers=headers, method=method)


def send(request: urllib.request.Request) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_readme_names_the_two_commands_and_the_makefile_has_them() -> None:
    lines = shell_lines()
    assert "make run" in lines and "make test" in lines
    makefile = (ROOT / "Makefile").read_text()
    run_recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert run_recipe and "factcheck serve" in run_recipe.group(1)
    test_recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert test_recipe and "pytest" in test_recipe.group(1)
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_documents_every_setting() -> None:
    documented = set(re.findall(r"^\| `(FACTCHECK_\w+)`", README, re.M))
    assert documented == Settings.env_names()


def test_readme_check_command(tmp_path: Path) -> None:
    command = readme_command('factcheck check "')
    completed = subprocess.run(shlex.split(command), env=embedded_env(tmp_path), capture_output=True,
                               text=True, timeout=600, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr[-3000:]
    out = completed.stdout
    claim = shlex.split(command)[2]
    assert f"Claim:       {claim}" in out
    assert re.search(r"^Verdict:     (SUPPORTED|REFUTED|NOT_ENOUGH_INFO|CONFLICTING) \(confidence", out, re.M)
    assert "Explanation: " in out and "Evidence:" in out


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as sink:
        process = subprocess.Popen([str(BIN / "factcheck"), "serve", "--port", str(port)],
                                   env=embedded_env(tmp_path), stdout=sink, stderr=subprocess.STDOUT,
                                   cwd=tmp_path, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while "serving on http://" not in log.read_text():
            assert process.poll() is None, f"factcheck serve exited:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, "factcheck serve did not start in 300s"
            time.sleep(0.2)
        yield port, log
    finally:
        stop_process(process, timeout=10)


def test_readme_serve_and_curl(served: tuple[int, Path]) -> None:
    port, log = served
    first_line = log.read_text().splitlines()[0]
    assert "embedded mode" in first_line and "in-process worker" in first_line

    post_line = readme_command("curl -s -X POST")
    status, body = send(curl_request(post_line, port))
    assert status in (200, 202), body
    job_id = body["job_id"]
    assert body["links"] == {"self": f"/v1/jobs/{job_id}"}

    poll_line = readme_command("curl -s http://127.0.0.1:8000/v1/jobs/")
    assert "JOB_ID" in poll_line
    poll_request = curl_request(poll_line.replace("JOB_ID", job_id), port)
    deadline = time.monotonic() + 120
    while True:
        status, job = send(poll_request)
        assert status == 200, job
        if job["status"] in ("done", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert job["status"] == "done", job
    sent = json.loads(shlex.split(post_line)[shlex.split(post_line).index("-d") + 1])
    result = job["result"]
    assert result["claim"] == sent["claim"]
    assert set(result) == {"claim", "verdict", "confidence", "explanation", "evidence", "sources",
                           "corpus_version", "engine_version"}
    assert 0 < len(result["evidence"]) <= sent["top_k"]

    status, ready = send(urllib.request.Request(f"http://127.0.0.1:{port}/readyz"))
    assert status == 200 and ready["status"] == "ready"
