"""`tollwatch serve` as a newcomer runs it: a subprocess on a loopback port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.live import free_port

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
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"tollwatch serve did not come up: {output}")
            time.sleep(0.2)
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
