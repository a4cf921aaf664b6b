"""Debian's chromium driven by Playwright, over a real server with a seeded ledger."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from api.live import ledger_url, running, seed_ledger, seed_lines

WORKFLOW = Path(__file__).resolve().parent / "data" / "workflow.jsonl"

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
# Markup in an article: shown as text, never run. Each payload would set window.__pwned.
PAYLOAD_LINE = {
    "id": "xss-1",
    "published": "2024-02-05",
    "source": "Hostile Wire",
    "title": "<img src=x onerror=\"window.__pwned='title'\">Roadside bomb",
    "text": (
        "<script>window.__pwned = 'script'</script> A roadside bomb killed 3 soldiers "
        "near <img src=x onerror=\"window.__pwned='img'\"> Kandahar, Afghanistan, on Monday, "
        "officials said. <svg onload=\"window.__pwned='svg'\"></svg> Two more people were "
        "injured in the blast <b onmouseover=\"window.__pwned='hover'\">here</b>."
    ),
}


@dataclass
class Site:
    """The server under test and what the browser saw going wrong on it."""

    url: str
    api: httpx.Client
    shots: Path
    problems: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ci-system.sh (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, extractor: Any, syria_text: str
) -> Iterator[tuple[str, httpx.Client]]:
    folder = tmp_path_factory.mktemp("web")
    with ledger_url("sqlite", folder) as db_url:
        seed_ledger(db_url, extractor, [*seed_lines(syria_text), PAYLOAD_LINE], folder)
        with running(db_url, extractor) as url, httpx.Client(base_url=url, timeout=60) as client:
            yield url, client


def _watch(page: Page, problems: list[str]) -> None:
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    # Every request must stay on the loopback server: the page works with no internet.
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("http://127.0.0.1", "data:"))
            else problems.append(f"outside request: {r.url}")
        ),
    )


@pytest.fixture
def site(served: tuple[str, httpx.Client], tmp_path: Path) -> Site:
    url, client = served
    return Site(url, client, tmp_path)


def open_page(browser: Browser, site: Site, viewport: dict[str, int] = LAPTOP) -> Page:
    """A fresh page in its own context, watched for dialogs, errors and outside requests."""
    context = browser.new_context(viewport=viewport, java_script_enabled=True)
    page = context.new_page()
    _watch(page, site.problems)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => {"
        " (window.__csp = window.__csp || []).push(e.violatedDirective); });"
    )
    return page


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, extractor: Any) -> Path:
    """A SQLite ledger built from the workflow reports through the real ingest path."""
    folder = tmp_path_factory.mktemp("workflow")
    lines = [json.loads(line) for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if line]
    with ledger_url("sqlite", folder) as url:
        summary = seed_ledger(url, extractor, lines, folder)
        assert summary.failed == [] and summary.stored == len(lines)
        return Path(url.removeprefix("sqlite:///"))
