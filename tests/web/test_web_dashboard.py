"""The dashboard in Debian's chromium: list, filters, map, incident page, paste page, escaping."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tollwatch.ingest.boilerplate import with_title
from web.conftest import LAPTOP, PAYLOAD_LINE, PHONE, Site, open_page


def _incidents(site: Site, **params: Any) -> dict[str, Any]:
    return dict(site.api.get("/incidents", params={"limit": 500, **params}).json())


def _located(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if i["place"] and i["place"]["lat"] is not None]


def _dashboard(browser: Browser, site: Site, viewport: dict[str, int], query: str = "") -> Page:
    page = open_page(browser, site, viewport)
    page.goto(f"{site.url}/{query}")
    page.wait_for_selector("body[data-loaded=list]")
    page.wait_for_selector("body[data-mapped]")
    return page


@pytest.mark.browser
@pytest.mark.parametrize(("name", "viewport"), [("laptop", LAPTOP), ("phone", PHONE)])
def test_web_dashboard_lists_and_maps_the_ledger(
    browser: Browser, site: Site, name: str, viewport: dict[str, int]
) -> None:
    everything = _incidents(site)
    page = _dashboard(browser, site, viewport)
    expect(page.locator("#count")).to_have_text(f"{everything['total']} incidents")
    rows = page.locator("#rows tr")
    expect(rows).to_have_count(min(everything["total"], 25))
    first = everything["items"][0]
    assert rows.first.get_attribute("data-id") == str(first["id"])
    located = _located(everything["items"])
    assert located, "the seeded ledger must have incidents with coordinates"
    expect(page.locator("path.incident-marker")).to_have_count(len(located))
    assert page.locator("path.leaflet-interactive").count() >= len(located)
    # Country outlines drawn from the vendored GeoJSON, with no tile server.
    page.wait_for_selector("body[data-outlines]")
    assert int(page.locator("body").get_attribute("data-outlines") or 0) > 100
    assert page.locator(".leaflet-outlines-pane canvas").count() == 1
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"horizontal overflow at {name} width: {width}"
    page.screenshot(path=str(site.shots / f"dashboard-{name}.png"), full_page=True)
    assert site.problems == []


@pytest.mark.browser
def test_web_dashboard_filters_and_pages(browser: Browser, site: Site) -> None:
    located = _located(_incidents(site)["items"])
    country = located[0]["place"]["country"]
    expected = _incidents(site, country=country)
    page = _dashboard(browser, site, LAPTOP)
    page.fill("input[name=country]", country.lower())
    page.click("#filters button[type=submit]")
    expect(page.locator("#count")).to_have_text(
        f"{expected['total']} incident{'' if expected['total'] == 1 else 's'}"
    )
    ids = [r.get_attribute("data-id") for r in page.locator("#rows tr").all()]
    assert ids == [str(i["id"]) for i in expected["items"]]
    assert f"country={country.lower()}" in page.url
    href = page.locator("#export-acled").get_attribute("href") or ""
    assert f"country={country.lower()}" in href
    # The filter survives a reload: it lives in the URL.
    page.reload()
    page.wait_for_selector("body[data-loaded=list]")
    expect(page.locator("#rows tr")).to_have_count(len(expected["items"]))
    assert site.problems == []


@pytest.mark.browser
def test_web_marker_opens_incident_with_chart_and_highlighted_evidence(
    browser: Browser, site: Site
) -> None:
    target = _located(_incidents(site)["items"])[0]
    detail = site.api.get(f"/incidents/{target['id']}").json()
    page = _dashboard(browser, site, LAPTOP)
    page.locator(f"path.incident-{target['id']}").click()
    popup_link = page.locator(".leaflet-popup a.popup-link")
    expect(popup_link).to_be_visible()
    popup_link.click()
    page.wait_for_selector("body[data-loaded=incident]")
    assert page.url.endswith(f"/incident/{target['id']}")
    chart = page.locator("svg.toll-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("polygon.band")).to_have_count(1)
    killed = [c for c in detail["claims"] if c["outcome"] == "killed" and c["published"]]
    killed_points = [c for c in killed if c["part_of"] is None] or killed
    expect(chart.locator("circle.point")).to_have_count(len(killed_points))
    claims = page.locator("#claims li.claim")
    expect(claims).to_have_count(len(detail["claims"]))
    for item, claim in zip(claims.all(), detail["claims"], strict=True):
        ev = claim["evidence"]
        offset = ev["sentence_start"]
        assert item.locator("q.evidence").inner_text().strip() == ev["sentence"].strip()
        assert (
            item.locator("mark").inner_text()
            == ev["sentence"][ev["start"] - offset : ev["end"] - offset]
        )
    page.screenshot(path=str(site.shots / "incident-laptop.png"), full_page=True)
    assert site.problems == []


def _paste(page: Page, site: Site, text: str, published: str) -> None:
    page.goto(f"{site.url}/paste")
    page.fill("textarea[name=text]", text)
    page.fill("input[name=published]", published)
    page.click("#paste button[type=submit]")
    page.wait_for_selector("body[data-loaded=extraction]")


@pytest.mark.browser
@pytest.mark.parametrize(("name", "viewport"), [("laptop", LAPTOP), ("phone", PHONE)])
def test_web_paste_page_extracts_the_syrian_coast_article(
    browser: Browser, site: Site, syria_text: str, name: str, viewport: dict[str, int]
) -> None:
    expected = site.api.post(
        "/extract", json={"text": syria_text, "published": "2025-03-08"}
    ).json()
    assert expected["claims"]
    page = open_page(browser, site, viewport)
    _paste(page, site, syria_text, "2025-03-08")
    headline = page.locator("#headline dd").first
    expect(headline).to_have_text(str(expected["killed"]))
    expect(page.locator("#claims tr")).to_have_count(len(expected["claims"]))
    marks = [m.inner_text() for m in page.locator("#article mark").all()]
    spans = sorted((c["evidence"]["start"], c["evidence"]["end"]) for c in expected["claims"])
    assert marks and all(m in [expected["text"][s:e] for s, e in spans] for m in marks)
    assert page.locator("#article").inner_text().strip() == expected["text"].strip()
    page.screenshot(path=str(site.shots / f"paste-{name}.png"), full_page=True)
    assert site.problems == []


def _assert_inert(page: Page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("window.__csp || []") == []  # nothing even tried to run
    # No element came from article markup (the map's own SVG and the charts are ours).
    planted = page.evaluate("""() => [...document.querySelectorAll(
        'main img, main svg, main script, main b')]
        .filter(e => !e.closest('.leaflet-container') && !e.closest('.toll-chart')
                     && !e.closest('svg.timeline')).length""")
    assert planted == 0


@pytest.mark.browser
def test_web_pasted_markup_is_shown_as_text_and_runs_nothing(browser: Browser, site: Site) -> None:
    page = open_page(browser, site)
    _paste(page, site, PAYLOAD_LINE["text"], "2024-02-05")
    article = page.locator("#article").inner_text()
    assert "<script>window.__pwned = 'script'</script>" in article
    assert "onerror=\"window.__pwned='img'\"" in article
    page.mouse.move(10, 10)
    page.locator("#article").hover()
    _assert_inert(page)
    assert site.problems == []


@pytest.mark.browser
def test_web_stored_markup_is_escaped_on_dashboard_and_incident_page(
    browser: Browser, site: Site
) -> None:
    claims = site.api.get("/claims", params={"limit": 500}).json()["items"]
    hostile = {c["id"] for c in claims if "<" in c["evidence"]["sentence"]}
    assert hostile, "the hostile article must have yielded a claim whose sentence holds markup"
    owner = next(
        i
        for i in _incidents(site)["items"]
        if hostile & {c["id"] for c in site.api.get(f"/incidents/{i['id']}").json()["claims"]}
    )
    page = _dashboard(browser, site, LAPTOP)
    _assert_inert(page)
    page.goto(f"{site.url}/incident/{owner['id']}")
    page.wait_for_selector("body[data-loaded=incident]")
    text = page.locator("#claims").inner_text()
    assert "<" in text and ("onerror" in text or "<script>" in text)
    _assert_inert(page)
    # Through to the report: its title and text are markup shown as text, figures marked.
    page.locator(f"#claims li[data-claim='{min(hostile)}'] .claim-doc a").click()
    page.wait_for_selector("body[data-loaded=document]")
    expect(page.locator("#title")).to_have_text(PAYLOAD_LINE["title"])
    # the stored text is the article as read: its title first, then its body
    assert page.locator("#article").inner_text().strip() == with_title(PAYLOAD_LINE["text"],
                                                                        PAYLOAD_LINE["title"])
    assert page.locator("#article mark").count() >= 1
    _assert_inert(page)
    assert site.problems == []


@pytest.mark.browser
def test_web_csp_refuses_injected_inline_script(browser: Browser, site: Site) -> None:
    page = open_page(browser, site)
    response = page.goto(f"{site.url}/paste")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = "window.__pwned = 'inline'"; document.body.append(s); }""")
    page.wait_for_function("(window.__csp || []).length > 0")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "script-src" in page.evaluate("window.__csp")[0]
    site.problems.clear()  # the refused script is reported as a console error, as it should be
