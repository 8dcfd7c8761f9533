"""`shopweave up` on the embedded default: the API and the decision layer in one process."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

RULES = """
rules:
  - id: greet
    on: [greeting.requested]
    do:
      - action: core.log
        with: {message: "{{ 'hello ' + data.name }}"}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _get(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.slow
def test_an_event_posted_to_the_api_is_acted_on_without_a_separate_worker(tmp_path: Path) -> None:
    # given `shopweave up` on SQLite with one rule
    home = tmp_path / "home"
    (home / "rules").mkdir(parents=True)
    (home / "rules" / "greet.yaml").write_text(RULES, encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, SHOPWEAVE_HOME=str(home))
    env.pop("SHOPWEAVE_DATABASE_URL", None)
    log = tmp_path / "up.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "shopweave.cli.main", "up", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "Shopweave is running at" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        assert re.search(r"Decision layer running here: \d+ rules", log.read_text())
        while not _listening(port):  # the URL is printed just before the server binds
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        # when an event is posted to the API
        event = {"specversion": "1.0", "id": "greet-1", "source": "/test", "type": "greeting.requested",
                 "data": {"name": "Ann"}}  # fmt: skip
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/events",
            data=json.dumps(event).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 201
        # then the rule fires and its action runs, in the same process
        status, decision = 0, {}
        while time.monotonic() < deadline + 30:
            status, decision = _get(f"http://127.0.0.1:{port}/api/decisions/greet-1")
            actions = decision.get("actions") if status == 200 else None
            if isinstance(actions, list) and actions and actions[0]["status"] == "done":
                break
            time.sleep(0.1)
        assert status == 200
        assert [(a["action"], a["params"], a["status"]) for a in decision["actions"]] == [  # type: ignore[union-attr]
            ("core.log", {"message": "hello Ann"}, "done")
        ]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    # and it stops cleanly
    assert process.returncode == 0, log.read_text()
