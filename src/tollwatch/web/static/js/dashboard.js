// The incident list with filters and sortable columns, the map, the killed-over-time chart with
// its date brush, and counts per country and province: all for the same filters.
import { el, clear, getJSON, fmt, formatToll, formatDates, placeLabel, flagChip, placePrecision, datePrecision } from "./common.js";
import { IncidentMap } from "./map.js";
import { timelineChart } from "./timeline.js";

const PAGE = 25;
const MAP_LIMIT = 300;
const BREAKDOWN_ROWS = 8;
const form = document.getElementById("filters");
const state = { offset: 0 };
let incidentMap = null;
let summaryRun = 0;

// The list's own parameters (sort) travel with the filters in the URL but not to the exports.
function filterParams({ withSort = true } = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form).entries()) {
    if (String(value).trim() !== "") params.set(key, String(value).trim());
  }
  if (!withSort) params.delete("sort");
  return params;
}

function loadFiltersFromURL() {
  const params = new URLSearchParams(location.search);
  for (const field of form.elements) {
    if (field.name && params.has(field.name)) field.value = params.get(field.name);
  }
  state.offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
}

function incidentRow(item) {
  const link = el("a", { href: `/incident/${item.id}` }, placeLabel(item.place));
  return el("tr", { dataset: { id: item.id } },
    el("td", { class: "place" }, link, el("span", { class: "precision" }, placePrecision(item.place))),
    el("td", { class: "date" }, formatDates(item.start, item.end),
      el("span", { class: "precision" }, datePrecision(item.start, item.end))),
    el("td", { class: "num killed", dataset: { best: item.killed ? item.killed.best : "" } }, formatToll(item.killed)),
    el("td", { class: "num" }, formatToll(item.injured)),
    el("td", { class: "num reports" }, fmt(item.n_reports ?? 0)),
    el("td", { class: "wide-only" }, item.killed ? item.killed.grading : ""),
    el("td", { class: "wide-only flags-cell" }, el("span", { class: "chips" }, item.flags.map((f) => flagChip(f)))));
}

// Header buttons: the first click sorts largest or latest first, the next one flips it.
function showSort() {
  const sort = form.elements.sort.value || "-best";
  for (const button of document.querySelectorAll("th button[data-sort]")) {
    const key = button.dataset.sort;
    const th = button.closest("th");
    const on = sort.replace("-", "") === key;
    th.setAttribute("aria-sort", on ? (sort.startsWith("-") ? "descending" : "ascending") : "none");
    button.dataset.arrow = on ? (sort.startsWith("-") ? "▼" : "▲") : "";
  }
}

async function loadList() {
  const params = filterParams();
  params.set("limit", PAGE);
  params.set("offset", state.offset);
  const status = document.getElementById("status");
  status.textContent = "Loading…";
  try {
    const page = await getJSON(`/incidents?${params}`);
    const rows = clear(document.getElementById("rows"));
    for (const item of page.items) rows.append(incidentRow(item));
    const first = page.total ? page.offset + 1 : 0;
    const last = page.offset + page.items.length;
    document.getElementById("count").textContent = `${fmt(page.total)} incident${page.total === 1 ? "" : "s"}`;
    document.getElementById("page").textContent = `${fmt(first)}–${fmt(last)} of ${fmt(page.total)}`;
    document.getElementById("prev").disabled = page.offset === 0;
    document.getElementById("next").disabled = last >= page.total;
    status.textContent = page.total ? "" : "No incidents match these filters.";
    showSort();
    document.body.dataset.loaded = "list";
    // Milliseconds since navigation began: what bench/dashboard_load.py reports.
    document.body.dataset.listMs ??= String(Math.round(performance.now()));
  } catch (error) {
    status.textContent = `Could not load incidents: ${error.message}`;
  }
}

async function loadMap(keepView) {
  if (!incidentMap) return;
  const params = filterParams({ withSort: false });
  params.set("limit", MAP_LIMIT);
  const page = await getJSON(`/incidents?${params}`);
  const shown = incidentMap.show(page.items, page.total, MAP_LIMIT, keepView || Boolean(params.get("bbox")));
  document.body.dataset.mapped = String(shown);
  document.body.dataset.mapMs ??= String(Math.round(performance.now()));
}

function breakdownTable(rows, total, label) {
  const body = rows.slice(0, BREAKDOWN_ROWS).map((r) => el("tr", {},
    el("td", {}, label(r)), el("td", { class: "num" }, fmt(r.incidents)), el("td", { class: "num" }, fmt(r.killed))));
  const more = total > BREAKDOWN_ROWS ? el("caption", { class: "more" }, `top ${BREAKDOWN_ROWS} of ${fmt(total)}`) : null;
  return el("table", { class: "breakdown" }, more,
    el("thead", {}, el("tr", {}, el("th", {}, "Where"), el("th", { class: "num" }, "Incidents"), el("th", { class: "num" }, "Killed"))),
    el("tbody", {}, body));
}

function setRange(since, until) {
  form.elements.since.value = since || "";
  form.elements.until.value = until || "";
  state.offset = 0;
  refresh();
}

function drawTimeline(summary) {
  const holder = clear(document.getElementById("timeline"));
  const width = Math.max(260, Math.floor(holder.clientWidth || 480));
  const params = filterParams();
  holder.append(timelineChart(summary.timeline, {
    width, height: 170, since: params.get("since"), until: params.get("until"), onBrush: setRange }));
  const since = params.get("since"), until = params.get("until");
  const range = document.getElementById("range");
  clear(range).append(since || until ? `Dates: ${since || "…"} to ${until || "…"}` : "All dates. Drag across the chart to pick a range.");
  document.getElementById("clear-range").hidden = !(since || until);
  const note = summary.undated ? ` ${fmt(summary.undated)} undated incident${summary.undated === 1 ? "" : "s"} not shown.` : "";
  document.getElementById("timeline-note").textContent = `${fmt(summary.killed)} killed in ${fmt(summary.incidents)} incidents.${note}`;
}

async function loadSummary() {
  const run = ++summaryRun;
  const summary = await getJSON(`/summary?${filterParams({ withSort: false })}`);
  if (run !== summaryRun) return;  // a newer filter already asked
  drawTimeline(summary);
  clear(document.getElementById("by-country")).append(breakdownTable(summary.countries, summary.n_countries, (r) => r.country || "not located"));
  clear(document.getElementById("by-province")).append(breakdownTable(summary.provinces, summary.n_provinces,
    (r) => `${r.province || "province unknown"}, ${r.country || "?"}`));
  document.body.dataset.summary = String(summary.incidents);
}

function updateExports() {
  const extra = filterParams({ withSort: false }).toString();
  for (const [id, base] of [["export-acled", "/export.csv?format=acled"], ["export-ucdp", "/export.csv?format=ucdp"]]) {
    document.getElementById(id).href = extra ? `${base}&${extra}` : base;
  }
  document.getElementById("export-geojson").href = `/export.geojson${extra ? "?" + extra : ""}`;
}

function refresh(push = true, keepView = false) {
  const params = filterParams();
  if (state.offset) params.set("offset", state.offset);
  if (push) history.replaceState(null, "", params.toString() ? `/?${params}` : "/");
  updateExports();
  // The list first (what the reader looks at), then the map, then the chart and counts: one
  // after another, so that they don't compete for the server (in parallel the map came 0.7 s
  // later over 10,000 incidents).
  loadList().then(() => loadMap(keepView)).then(loadSummary).catch((error) => {
    document.getElementById("map-note").textContent = `Could not load the map or chart: ${error.message}`;
  });
}

function setupMap() {
  if (!window.L) {
    document.getElementById("map-note").textContent = "The map library did not load.";
    return;
  }
  incidentMap = new IncidentMap("map", document.getElementById("map-note"));
}

form.addEventListener("submit", (event) => { event.preventDefault(); state.offset = 0; refresh(); });
form.addEventListener("reset", () => { setTimeout(() => { state.offset = 0; refresh(); }, 0); });
document.getElementById("use-map").addEventListener("click", () => {
  if (!incidentMap) return;
  form.elements.bbox.value = incidentMap.bbox();
  state.offset = 0;
  refresh(true, true);
});
for (const button of document.querySelectorAll("th button[data-sort]")) {
  button.addEventListener("click", () => {
    const key = button.dataset.sort;
    const now = form.elements.sort.value || "-best";
    form.elements.sort.value = now === `-${key}` ? key : `-${key}`;
    state.offset = 0;
    const params = filterParams();
    history.replaceState(null, "", `/?${params}`);
    loadList();
  });
}
document.getElementById("clear-range").addEventListener("click", () => setRange(null, null));
document.getElementById("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); refresh(); });
document.getElementById("next").addEventListener("click", () => { state.offset += PAGE; refresh(); });
let resizing = null;
window.addEventListener("resize", () => { clearTimeout(resizing); resizing = setTimeout(() => loadSummary().catch(() => {}), 200); });

loadFiltersFromURL();
setupMap();
refresh(false);
