// The incident list with filters, and the map of the same incidents.
import { el, clear, getJSON, formatToll, formatDates, placeLabel, flagChip } from "./common.js";

const PAGE = 25;
const MAP_LIMIT = 300;
const form = document.getElementById("filters");
const state = { offset: 0 };
let map = null;
let markers = null;

function filterParams() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form).entries()) {
    if (String(value).trim() !== "") params.set(key, String(value).trim());
  }
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
    el("td", {}, link),
    el("td", {}, formatDates(item.start, item.end)),
    el("td", { class: "num" }, formatToll(item.killed)),
    el("td", { class: "num" }, formatToll(item.injured)),
    el("td", { class: "wide-only" }, item.killed ? item.killed.grading : ""),
    el("td", { class: "wide-only" }, item.flags.map((f) => flagChip(f))));
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
    document.getElementById("count").textContent = `${page.total} incident${page.total === 1 ? "" : "s"}`;
    document.getElementById("page").textContent = `${first}–${last} of ${page.total}`;
    document.getElementById("prev").disabled = page.offset === 0;
    document.getElementById("next").disabled = last >= page.total;
    status.textContent = page.total ? "" : "No incidents match these filters.";
    document.body.dataset.loaded = "list";
    // Milliseconds since navigation began: what bench/dashboard_load.py reports.
    document.body.dataset.listMs ??= String(Math.round(performance.now()));
  } catch (error) {
    status.textContent = `Could not load incidents: ${error.message}`;
  }
}

function setupMap() {
  if (!window.L) {
    document.getElementById("map-note").textContent = "The map library did not load.";
    return;
  }
  map = L.map("map", { worldCopyJump: true, minZoom: 1 }).setView([25, 20], 2);
  markers = L.featureGroup().addTo(map);
  // Country outlines in their own pane under the markers, never catching clicks.
  map.createPane("outlines");
  map.getPane("outlines").style.zIndex = 350;
  map.getPane("outlines").style.pointerEvents = "none";
  getJSON("/static/vendor/world-atlas/countries-110m.geojson").then((world) => {
    // Outlines on a canvas: 177 countries as SVG paths would slow every pan and zoom.
    const outlines = L.geoJSON(world, { style: { color: "#8a94a6", weight: 0.7, fillColor: "#eef1f5", fillOpacity: 1 },
                                        interactive: false, pane: "outlines",
                                        renderer: L.canvas({ padding: 0.5, pane: "outlines" }) }).addTo(map);
    document.body.dataset.outlines = String(outlines.getLayers().length);
  }).catch(() => { document.getElementById("map-note").textContent = "Country outlines missing."; });
}

function popupFor(item) {
  return el("div", { class: "popup" },
    el("a", { href: `/incident/${item.id}`, class: "popup-link" }, placeLabel(item.place)),
    el("div", {}, formatDates(item.start, item.end)),
    el("div", {}, `killed: ${formatToll(item.killed)}`));
}

async function loadMap() {
  if (!map) return;
  const params = filterParams();
  params.set("limit", MAP_LIMIT);
  const page = await getJSON(`/incidents?${params}`);
  markers.clearLayers();
  let shown = 0;
  for (const item of page.items) {
    const place = item.place;
    if (!place || place.lat === null || place.lon === null) continue;
    const best = item.killed ? item.killed.best : 0;
    const marker = L.circleMarker([place.lat, place.lon], {
      radius: 5 + Math.min(20, Math.sqrt(best)), color: "#8b1e1e", weight: 1,
      fillColor: "#d64545", fillOpacity: 0.7, className: `incident-marker incident-${item.id}`,
    });
    marker.bindPopup(() => popupFor(item));
    marker.addTo(markers);
    shown += 1;
  }
  const note = document.getElementById("map-note");
  note.textContent = `${shown} of ${page.total} incidents on the map` +
    (page.total > MAP_LIMIT ? ` (the ${MAP_LIMIT} largest)` : "") + ".";
  if (shown && !params.get("bbox")) map.fitBounds(markers.getBounds(), { maxZoom: 7, padding: [20, 20] });
  document.body.dataset.mapped = String(shown);
  document.body.dataset.mapMs ??= String(Math.round(performance.now()));
}

function updateExports() {
  const params = filterParams();
  for (const [id, base] of [["export-acled", "/export.csv?format=acled"], ["export-ucdp", "/export.csv?format=ucdp"]]) {
    const extra = params.toString();
    document.getElementById(id).href = extra ? `${base}&${extra}` : base;
  }
  document.getElementById("export-geojson").href = `/export.geojson${params.toString() ? "?" + params : ""}`;
}

function refresh(push = true) {
  const params = filterParams();
  if (state.offset) params.set("offset", state.offset);
  if (push) history.replaceState(null, "", params.toString() ? `/?${params}` : "/");
  updateExports();
  // The list first (what the reader looks at), then the heavier map query, so they don't compete.
  loadList().then(loadMap).catch((error) => {
    document.getElementById("map-note").textContent = `Could not load the map: ${error.message}`;
  });
}

form.addEventListener("submit", (event) => { event.preventDefault(); state.offset = 0; refresh(); });
form.addEventListener("reset", () => { setTimeout(() => { state.offset = 0; refresh(); }, 0); });
document.getElementById("use-map").addEventListener("click", () => {
  if (!map) return;
  const b = map.getBounds();
  const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v)).toFixed(3);
  form.elements.bbox.value = [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(",");
  state.offset = 0;
  refresh();
});
document.getElementById("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); refresh(); });
document.getElementById("next").addEventListener("click", () => { state.offset += PAGE; refresh(); });

loadFiltersFromURL();
setupMap();
refresh(false);
