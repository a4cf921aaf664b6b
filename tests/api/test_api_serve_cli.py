"""`tollwatch serve` as a newcomer runs it: a subprocess on a loopback port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.live import free_port, wait_for_health

TOKEN = "cli-token-31d7"


@pytest.fixture
def served_cli(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "TOLLWATCH_TOKEN": TOKEN}
    command = [
        sys.executable,
        "-m",
        "tollwatch",
        "serve",
        "--db",
        f"sqlite:///{tmp_path / 'cli.db'}",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_for_health(url, process, 60):
            process.kill()
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"tollwatch serve did not come up: {output}")
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_cli_serve_answers_api_and_dashboard(served_cli: str) -> None:
    with httpx.Client(base_url=served_cli, timeout=30) as client:
        assert client.get("/health").json()["incidents"] == 0
        assert "<title>tollwatch" in client.get("/").text
        assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
        article = {"text": "A bomb killed 5 people in Kabul, Afghanistan, on Monday, police said."}
        assert client.post("/documents", json=article).status_code == 401
        wrong = client.post("/documents", json=article, headers={"Authorization": "Bearer x"})
        assert wrong.status_code == 403
