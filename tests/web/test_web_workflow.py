"""The analyst's dashboard in Debian's chromium at 1024 and 1440 px: sorting, map legend and
Natural Earth layers, the date brush, counts, precision words, source links, corrections with
the write token, and nothing clipped."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from api.live import TOKEN, running
from web.conftest import Site, open_page

SHOTS = Path("/tmp")
WIDTHS = [pytest.param({"width": 1024, "height": 800}, id="1024"),
          pytest.param({"width": 1440, "height": 900}, id="1440")]


@pytest.fixture(scope="module")
def shared_site(seeded: Path, extractor: Any) -> Iterator[tuple[str, httpx.Client]]:
    server = running(f"sqlite:///{seeded}", extractor)
    with server as url, httpx.Client(base_url=url, timeout=60) as client:
        yield url, client


@pytest.fixture
def wsite(shared_site: tuple[str, httpx.Client], tmp_path: Path) -> Site:
    return Site(shared_site[0], shared_site[1], tmp_path)


@pytest.fixture
def own_site(seeded: Path, extractor: Any, tmp_path: Path) -> Iterator[Site]:
    """A server over a copy of the ledger, for tests that write to it."""
    copy = tmp_path / f"ledger-{uuid.uuid4().hex[:8]}.db"
    shutil.copy(seeded, copy)
    server = running(f"sqlite:///{copy}", extractor)
    with server as url, httpx.Client(base_url=url, timeout=60) as client:
        yield Site(url, client, tmp_path)


def _incidents(site: Site, **params: Any) -> dict[str, Any]:
    return dict(site.api.get("/incidents", params={"limit": 500, **params}).json())


def _ids(page: Page) -> list[str]:
    return [r.get_attribute("data-id") or "" for r in page.locator("#rows tr").all()]


def _dashboard(browser: Browser, site: Site, viewport: dict[str, int], query: str = "") -> Page:
    page = open_page(browser, site, viewport)
    page.goto(f"{site.url}/{query}")
    page.wait_for_selector("body[data-loaded=list][data-mapped][data-summary]")
    return page


def _inside(inner: Locator, outer: Locator, what: str) -> None:
    """inner's box lies within outer's box (1 px of rounding allowed)."""
    a, b = inner.bounding_box(), outer.bounding_box()
    assert a is not None and b is not None, what
    assert a["x"] >= b["x"] - 1 and a["y"] >= b["y"] - 1, f"{what}: {a} starts outside {b}"
    assert a["x"] + a["width"] <= b["x"] + b["width"] + 1, f"{what}: {a} ends right of {b}"
    assert a["y"] + a["height"] <= b["y"] + b["height"] + 1, f"{what}: {a} ends below {b}"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", WIDTHS)
def test_web_sorts_by_toll_date_and_reports(
    browser: Browser, wsite: Site, viewport: dict[str, int]
) -> None:
    page = _dashboard(browser, wsite, viewport)
    assert _ids(page) == [str(i["id"]) for i in _incidents(wsite, sort="-best")["items"]]
    killed = page.locator("th:has(button[data-sort=best])")
    expect(killed).to_have_attribute("aria-sort", "descending")
    for header, sort in [("best", "best"), ("best", "-best"), ("start", "-start"),
                         ("start", "start"), ("reports", "-reports")]:
        page.click(f"th button[data-sort={header}]")
        expected = [str(i["id"]) for i in _incidents(wsite, sort=sort)["items"]]
        expect(page.locator("#rows tr").first).to_have_attribute("data-id", expected[0])
        assert _ids(page) == expected, sort
        assert f"sort={sort}" in page.url
    # the most-reported incident comes first and says how many reports it has
    first = _incidents(wsite, sort="-reports")["items"][0]
    assert first["n_reports"] >= 2
    expect(page.locator("#rows tr").first.locator("td.reports")).to_have_text(
        str(first["n_reports"]))
    assert wsite.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", WIDTHS)
def test_web_tolls_have_thousands_separators_and_precision_words(
    browser: Browser, wsite: Site, viewport: dict[str, int]
) -> None:
    page = _dashboard(browser, wsite, viewport)
    big = _incidents(wsite, sort="-best")["items"][0]
    assert big["killed"]["best"] >= 1000
    row = page.locator(f"#rows tr[data-id='{big['id']}']")
    expect(row.locator("td.killed")).to_contain_text(f"{big['killed']['best']:,}")
    expect(row.locator("td.place .precision")).to_have_text("exact place")
    expect(row.locator("td.date .precision")).to_have_text("day")
    assert wsite.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", WIDTHS)
def test_web_map_has_size_legend_provinces_cities_and_popups(
    browser: Browser, wsite: Site, viewport: dict[str, int]
) -> None:
    page = _dashboard(browser, wsite, viewport)
    legend = page.locator(".map-legend")
    expect(legend).to_be_visible()
    _inside(legend, page.locator("#map"), "legend")
    rows = legend.locator(".legend-row")
    expect(rows).to_have_count(4)
    sizes = [float(r.locator("circle").get_attribute("r") or 0) for r in rows.all()[:3]]
    assert sizes == sorted(sizes) and len(set(sizes)) == 3
    expect(rows.nth(2)).to_contain_text("1,000")
    # markers are drawn with the legend's own scale: the largest toll has the largest circle
    big = _incidents(wsite, sort="-best")["items"][0]
    marker = page.locator(f"path.incident-{big['id']}").bounding_box()
    small = page.locator("path.incident-marker").last.bounding_box()
    assert marker and small and marker["width"] > small["width"]
    page.wait_for_selector("body[data-provinces]")
    assert int(page.locator("body").get_attribute("data-provinces") or 0) > 10
    page.locator(f"path.incident-{big['id']}").click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(f"killed: {big['killed']['best']:,}")
    expect(popup).to_contain_text("exact place")
    expect(popup).to_contain_text(f"sources: {big['killed']['sources'][0]}")
    # zoomed in on one country, a few city labels appear
    page.fill("input[name=country]", "SY")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("body[data-cities]:not([data-cities='0'])")
    assert 0 < page.locator(".city-label").count() <= 12
    assert wsite.problems == []


def _drag(page: Page, chart: Locator, start: float, end: float) -> None:
    box = chart.locator("rect.brush-area").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * (start + end) / 2, y, steps=4)
    page.mouse.move(box["x"] + box["width"] * end, y, steps=4)
    page.mouse.up()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", WIDTHS)
def test_web_time_brush_filters_list_and_counts(
    browser: Browser, wsite: Site, viewport: dict[str, int]
) -> None:
    page = _dashboard(browser, wsite, viewport)
    everything = _incidents(wsite)
    chart = page.locator("svg.timeline")
    expect(chart).to_be_visible()
    bars = chart.locator("rect.bar")
    assert bars.count() >= 3
    total = sum(int(b.get_attribute("data-killed") or 0) for b in bars.all())
    assert total == sum(i["killed"]["best"] for i in everything["items"] if i["killed"])
    _drag(page, chart, 0.01, 0.45)
    expect(page.locator("input[name=since]")).not_to_have_value("")
    assert "since=" in page.url
    since = page.input_value("input[name=since]")
    until = page.input_value("input[name=until]")
    assert since and until and since <= until
    expected = _incidents(wsite, since=since, until=until)
    assert 0 < expected["total"] < everything["total"]
    expect(page.locator("#count")).to_have_text(
        f"{expected['total']} incident{'' if expected['total'] == 1 else 's'}")
    assert sorted(_ids(page)) == sorted(str(i["id"]) for i in expected["items"])
    for item in expected["items"]:
        assert item["start"] <= until and (item["end"] or item["start"]) >= since
    # the counts follow the brush
    page.wait_for_selector(f"body[data-summary='{expected['total']}']")
    countries = {i["place"]["country"] for i in expected["items"]}
    expect(page.locator("#by-country tbody tr")).to_have_count(len(countries))
    expect(page.locator("svg.timeline rect.brush")).to_have_attribute("visibility", "visible")
    page.click("#clear-range")
    expect(page.locator("#count")).to_have_text(f"{everything['total']} incidents")
    assert wsite.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", WIDTHS)
def test_web_nothing_is_clipped(browser: Browser, wsite: Site, viewport: dict[str, int]) -> None:
    page = _dashboard(browser, wsite, viewport)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"horizontal overflow: {width}"
    panel = page.locator(".list-panel")
    _inside(page.locator("table.incidents"), panel, "incident table")
    chips = page.locator("#rows .flag")
    assert chips.count() >= 1, "the workflow ledger has flagged incidents"
    for chip in chips.all():
        _inside(chip, panel, "flag chip")
    for cell in page.locator("#rows td.flags-cell").all():
        boxes = [c.bounding_box() for c in cell.locator(".flag").all()]
        for a, b in zip(boxes, boxes[1:], strict=False):
            assert a and b
            apart = b["x"] >= a["x"] + a["width"] or b["y"] >= a["y"] + a["height"]
            assert apart, "flag chips touch or overlap"
    chart = page.locator("svg.timeline")
    for tick in chart.locator("text.tick").all():
        _inside(tick, chart, f"axis label {tick.text_content()}")
    _inside(chart, page.locator(".time-panel"), "timeline")
    ticks = [t.bounding_box() for t in chart.locator("text.x-tick").all()]
    for a, b in zip(ticks, ticks[1:], strict=False):
        assert a and b and a["x"] + a["width"] <= b["x"], "time axis labels overlap"
    page.screenshot(path=str(SHOTS / f"dashboard-{viewport['width']}.png"), full_page=True)
    assert wsite.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", WIDTHS)
def test_web_six_digit_axis_labels_fit(
    browser: Browser, wsite: Site, viewport: dict[str, int]
) -> None:
    """Both charts keep labels such as 250,000 inside their box."""
    page = _dashboard(browser, wsite, viewport)
    found = page.evaluate("""async () => {
        const { timelineChart } = await import('/static/js/timeline.js');
        const { tollChart } = await import('/static/js/chart.js');
        const days = [{date: '2023-02-01', killed: 250000, incidents: 3},
                      {date: '2023-09-14', killed: 98000, incidents: 1}];
        const holder = document.querySelector('#timeline');
        holder.replaceChildren(timelineChart(days, {width: holder.clientWidth, height: 170}));
        const toll = tollChart([{date: '2023-02-02', low: 120000, best: 180000, high: 240000}],
            [{date: '2023-02-02', value: 240000, source: 'a'}], {width: 320, height: 220}).svg;
        document.querySelector('.time-panel').append(toll);
        const out = [];
        for (const svg of [holder.querySelector('svg'), toll]) {
          const box = svg.getBoundingClientRect();
          for (const t of svg.querySelectorAll('text.tick')) {
            const r = t.getBoundingClientRect();
            out.push([t.textContent, r.left >= box.left - 1 && r.right <= box.right + 1]);
          }
        }
        return out;
    }""")
    labels = [text for text, _ in found]
    assert "250,000" in labels or "300,000" in labels
    assert [text for text, ok in found if not ok] == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", WIDTHS)
def test_web_incident_page_shows_precision_and_safe_source_links(
    browser: Browser, wsite: Site, viewport: dict[str, int]
) -> None:
    page = open_page(browser, wsite, viewport)
    urls = 0
    for incident in _incidents(wsite)["items"]:
        claims = wsite.api.get(f"/incidents/{incident['id']}").json()["claims"]
        page.goto(f"{wsite.url}/incident/{incident['id']}")
        page.wait_for_selector("body[data-loaded=incident]")
        expect(page.locator("#precision")).to_contain_text("exact place")
        for claim in claims:
            item = page.locator(f"#claims li[data-claim='{claim['id']}']")
            links = item.locator("a.source-link")
            if str(claim["url"] or "").startswith(("http://", "https://")):
                urls += 1
                expect(links).to_have_count(1)
                assert links.get_attribute("href") == claim["url"]
                assert "noopener" in (links.get_attribute("rel") or "").split()
            else:  # a javascript: address is never made a link
                expect(links).to_have_count(0)
        assert not page.locator("a[href^='javascript']").count()
        # one legend entry per source
        entries = [e.inner_text() for e in page.locator("li.source-entry").all()]
        assert len(entries) == len(set(entries))
    assert urls >= 5
    assert wsite.problems == []


def _with_token(page: Page, site: Site, incident_id: int, token: str = TOKEN,
                name: str = "") -> None:
    page.goto(f"{site.url}/incident/{incident_id}")
    page.wait_for_selector("body[data-loaded=incident]")
    expect(page.locator("input.split-pick")).to_have_count(0)  # read only without a token
    expect(page.locator("#incident-actions")).to_be_hidden()
    page.fill("#token", token)
    page.fill("#analyst", name)
    page.click("#token-form button[type=submit]")
    expect(page.locator("input.split-pick").first).to_be_visible()
    assert token not in page.url
    assert page.evaluate("sessionStorage.getItem('tollwatch.writeToken')") == token


@pytest.mark.browser
@pytest.mark.parametrize("viewport", WIDTHS)
def test_web_split_with_token_survives_reconciliation(
    browser: Browser, own_site: Site, viewport: dict[str, int]
) -> None:
    site = own_site
    multi = _incidents(site, sort="-reports")["items"][0]
    detail = site.api.get(f"/incidents/{multi['id']}").json()
    by_doc: dict[int, list[int]] = {}
    for c in detail["claims"]:
        by_doc.setdefault(c["document_id"], []).append(c["id"])
    assert len(by_doc) >= 2
    moved = by_doc[max(by_doc)]
    page = open_page(browser, site, viewport)
    _with_token(page, site, multi["id"], name="Rania Haddad")
    if not _has_route(site, "/claims/{claim_id}/reject"):  # no button that would answer 404
        expect(page.locator("button.reject")).to_have_count(0)
    page.screenshot(path=str(SHOTS / f"incident-before-{viewport['width']}.png"), full_page=True)
    for claim_id in moved:
        page.check(f"#claims li[data-claim='{claim_id}'] input.split-pick")
    page.fill("#split-form input[name=reason]", "the later report is about another market")
    page.click("#split-form button[type=submit]")
    decision = page.locator("#decisions li.decision").first
    expect(decision).to_contain_text("split")
    expect(decision).to_contain_text("by Rania Haddad")
    expect(decision).to_contain_text("the later report is about another market")
    expect(decision).to_contain_text(" UTC")
    expect(page.locator("#claims li.claim")).to_have_count(len(detail["claims"]) - len(moved))
    # reconcile everything again: the decision holds
    from tollwatch.store import Ledger

    with Ledger.open(_db_of(site)) as ledger:
        ledger.reconcile(only_touched=False)
    page.reload()
    page.wait_for_selector("body[data-loaded=incident]")
    shown = {int(li.get_attribute("data-claim") or 0) for li in page.locator("#claims li").all()}
    assert shown and not (shown & set(moved))
    page.screenshot(path=str(SHOTS / f"incident-after-{viewport['width']}.png"), full_page=True)
    assert site.problems == []


def _db_of(site: Site) -> str:
    found = list(site.shots.glob("ledger-*.db"))
    assert len(found) == 1
    return f"sqlite:///{found[0]}"


@pytest.mark.browser
def test_web_wrong_token_is_refused_and_nothing_changes(browser: Browser, own_site: Site) -> None:
    site = own_site
    multi = _incidents(site, sort="-reports")["items"][0]
    before = site.api.get(f"/incidents/{multi['id']}").json()
    page = open_page(browser, site, {"width": 1024, "height": 800})
    _with_token(page, site, multi["id"], token="not-the-token")
    page.check("#claims input.split-pick >> nth=0")
    page.fill("#split-form input[name=reason]", "trying")
    page.click("#split-form button[type=submit]")
    expect(page.locator("#decision-status")).to_contain_text("wrong")
    assert site.api.get(f"/incidents/{multi['id']}").json()["claims"] == before["claims"]
    site.problems.clear()  # the refused request is logged by the browser as a console error


def _has_route(site: Site, path: str) -> bool:
    return path in site.api.get("/openapi.json").json()["paths"]


def _headline(site: Site, incident_id: int) -> dict[str, Any]:
    found = site.api.get(f"/incidents/{incident_id}")
    return dict(found.json()) if found.status_code == 200 else {}


@pytest.mark.browser
@pytest.mark.parametrize("viewport", WIDTHS)
def test_web_reject_claim_with_token_shows_who_when_why(
    browser: Browser, own_site: Site, viewport: dict[str, int]
) -> None:
    site = own_site
    if not _has_route(site, "/claims/{claim_id}/reject"):
        pytest.skip("POST /claims/{id}/reject is not in this build (the ledger branch adds it)")
    multi = _incidents(site, sort="-reports")["items"][0]
    detail = site.api.get(f"/incidents/{multi['id']}").json()
    target = max((c for c in detail["claims"] if c["outcome"] == "killed"),
                 key=lambda c: c["count"]["best"])
    page = open_page(browser, site, viewport)
    _with_token(page, site, multi["id"], name="Rania Haddad")
    item = page.locator(f"#claims li[data-claim='{target['id']}']")
    item.locator("button.reject").click()
    reason = "figure belongs to a later event"
    item.locator("form[data-kind=reject] input[name=reason]").fill(reason)
    item.locator("form[data-kind=reject] button[type=submit]").click()
    decision = page.locator("#decisions li.decision").first
    expect(decision).to_contain_text(reason)
    expect(decision).to_contain_text("by Rania Haddad")
    expect(decision).to_contain_text(" UTC")
    # after the server's re-reconciliation the rejected figure no longer sets the toll
    page.wait_for_selector("body[data-loaded=incident]")
    after = _headline(site, multi["id"])
    counted = {i for t in after.get("tolls", []) for i in t["claim_ids"]}
    assert target["id"] not in counted
    assert site.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", WIDTHS)
def test_web_correct_claim_count_is_shown_after_reconciliation(
    browser: Browser, own_site: Site, viewport: dict[str, int]
) -> None:
    site = own_site
    if not _has_route(site, "/claims/{claim_id}/correct"):
        pytest.skip("POST /claims/{id}/correct is not in this build (the ledger branch adds it)")
    big = _incidents(site, sort="-best")["items"][0]
    detail = site.api.get(f"/incidents/{big['id']}").json()
    target = next(c for c in detail["claims"] if c["count"]["best"] == big["killed"]["best"])
    page = open_page(browser, site, viewport)
    _with_token(page, site, big["id"], name="Rania Haddad")
    item = page.locator(f"#claims li[data-claim='{target['id']}']")
    item.locator("button.correct").click()
    item.locator("form[data-kind=correct] input[name=count]").fill("235")
    item.locator("form[data-kind=correct] input[name=reason]").fill("a digit too many")
    item.locator("form[data-kind=correct] button[type=submit]").click()
    expect(page.locator("#decisions li.decision").first).to_contain_text("a digit too many")
    expect(page.locator("#meta")).to_contain_text("235 killed")
    page.reload()
    page.wait_for_selector("body[data-loaded=incident]")
    expect(page.locator("#meta")).to_contain_text("235 killed")
    if _has_route(site, "/claims/{claim_id}/decisions"):
        expect(page.locator(f"#claims li[data-claim='{target['id']}'] .decision")).to_contain_text(
            "a digit too many")
    assert site.problems == []
