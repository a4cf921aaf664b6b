// The incident map: country outlines, province outlines and city labels from vendored Natural
// Earth data (no tiles, works offline), circles scaled by killed toll, and their legend.
import { el, getJSON, fmt, formatToll, formatDates, placeLabel, placePrecision, datePrecision } from "./common.js";

const VENDOR = "/static/vendor";
const LEGEND = [10, 100, 1000];
const CITY_ZOOM = 4;  // city labels from this zoom on: at world view they would cover the markers
const MAX_CITIES = 12;

// Circle area grows with the toll (radius with its square root), capped so one massacre does
// not hide a country; the legend draws the same function.
export function radius(killed) {
  return killed > 0 ? Math.min(36, 3 + 33 * Math.sqrt(killed / 2000)) : 4;
}

function legendControl() {
  const control = L.control({ position: "topright" });
  control.onAdd = () => {
    const box = el("div", { class: "map-legend", "aria-label": "Circle sizes" }, el("div", { class: "legend-title" }, "Killed"));
    const size = 2 * radius(LEGEND[LEGEND.length - 1]) + 4;
    for (const value of LEGEND) {
      const r = radius(value);
      const shape = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      shape.setAttribute("width", size);
      shape.setAttribute("height", 2 * r + 4);
      shape.setAttribute("class", "legend-circle");
      const circle = document.createElementNS("http://www.w3.org/2000/svg", "circle");
      for (const [k, v] of Object.entries({ cx: size / 2, cy: r + 2, r })) circle.setAttribute(k, v);
      shape.append(circle);
      box.append(el("div", { class: "legend-row", dataset: { value } }, shape, el("span", {}, fmt(value))));
    }
    const none = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    none.setAttribute("width", size);
    none.setAttribute("height", 12);
    none.setAttribute("class", "legend-circle none");
    const c = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    for (const [k, v] of Object.entries({ cx: size / 2, cy: 6, r: 4 })) c.setAttribute(k, v);
    none.append(c);
    box.append(el("div", { class: "legend-row", dataset: { value: 0 } }, none, el("span", {}, "no killed toll")));
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  return control;
}

export function popupFor(item) {
  const sources = item.killed ? item.killed.sources : [];
  return el("div", { class: "popup" },
    el("a", { href: `/incident/${item.id}`, class: "popup-link" }, placeLabel(item.place)),
    el("div", { class: "precision" }, `location: ${placePrecision(item.place)}`),
    el("div", {}, formatDates(item.start, item.end), el("span", { class: "precision" }, ` (${datePrecision(item.start, item.end)})`)),
    el("div", { class: "popup-toll" }, `killed: ${formatToll(item.killed)}`),
    item.injured ? el("div", {}, `injured: ${formatToll(item.injured)}`) : null,
    el("div", {}, `${fmt(item.n_reports ?? 0)} report${item.n_reports === 1 ? "" : "s"}`),
    el("div", { class: "popup-sources" }, `sources: ${sources.length ? sources.join("; ") : "none named"}`));
}

export class IncidentMap {
  constructor(holder, note) {
    this.note = note;
    this.provinceFiles = new Map();
    // One world, no copies: a copy to either side would show markers and outlines twice and
    // draw shapes that cross the antimeridian as lines across the map.
    const world = L.latLngBounds([[-85, -180], [85, 180]]);
    this.map = L.map(holder, { minZoom: 1, maxBounds: world, maxBoundsViscosity: 1, worldCopyJump: false })
      .setView([25, 20], 2);
    for (const [name, z] of [["outlines", 350], ["provinces", 360], ["cities", 370]]) {
      this.map.createPane(name);
      this.map.getPane(name).style.zIndex = z;
      this.map.getPane(name).style.pointerEvents = "none";
    }
    this.markers = L.featureGroup().addTo(this.map);
    this.provinces = L.geoJSON(null, { style: { color: "#7a8699", weight: 0.6, dashArray: "3 3", fill: false },
                                       interactive: false, pane: "provinces",
                                       renderer: L.canvas({ padding: 0.5, pane: "provinces" }) }).addTo(this.map);
    this.cities = L.layerGroup().addTo(this.map);
    this.cityPoints = [];
    legendControl().addTo(this.map);
    this.map.on("zoomend moveend", () => this.labelCities());
    this.loadOutlines();
  }

  loadOutlines() {
    getJSON(`${VENDOR}/world-atlas/countries-110m.geojson`).then((world) => {
      // Outlines on a canvas: 177 countries as SVG paths would slow every pan and zoom.
      const outlines = L.geoJSON(world, { style: { color: "#8a94a6", weight: 0.7, fillColor: "#eef1f5", fillOpacity: 1 },
                                          interactive: false, pane: "outlines",
                                          renderer: L.canvas({ padding: 0.5, pane: "outlines" }) }).addTo(this.map);
      document.body.dataset.outlines = String(outlines.getLayers().length);
    }).catch(() => { this.note.textContent = "Country outlines missing."; });
    getJSON(`${VENDOR}/natural-earth/cities.geojson`).then((cities) => {
      this.cityPoints = cities.features.map((f) => ({ name: f.properties.name, lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0] }));
      this.labelCities();
    }).catch(() => { this.cityPoints = []; });
  }

  labelCities() {
    this.cities.clearLayers();
    if (this.map.getZoom() < CITY_ZOOM) { document.body.dataset.cities = "0"; return; }
    const view = this.map.getBounds();
    const shown = this.cityPoints.filter((c) => view.contains([c.lat, c.lon])).slice(0, MAX_CITIES);
    for (const c of shown) {
      const label = el("span", { class: "city-label" }, c.name);
      L.marker([c.lat, c.lon], { icon: L.divIcon({ html: label, className: "city", iconSize: null }),
                                 interactive: false, keyboard: false, pane: "cities" }).addTo(this.cities);
    }
    document.body.dataset.cities = String(shown.length);
  }

  // Province outlines of the countries that have incidents, each country's file fetched once.
  async showProvinces(countries) {
    for (const cc of countries) {
      if (!/^[A-Z]{2}$/.test(cc) || this.provinceFiles.has(cc)) continue;
      this.provinceFiles.set(cc, null);
      try {
        const data = await getJSON(`${VENDOR}/natural-earth/admin1/${cc}.geojson`);
        this.provinces.addData(data);
        this.provinceFiles.set(cc, data.features.length);
      } catch { /* a country Natural Earth does not divide */ }
    }
    document.body.dataset.provinces = String(this.provinces.getLayers().length);
  }

  show(items, total, limit, keepView) {
    this.markers.clearLayers();
    const located = items.filter((i) => i.place && i.place.lat !== null && i.place.lon !== null);
    // largest first, so a small circle is never hidden under a large one
    located.sort((a, b) => (b.killed ? b.killed.best : 0) - (a.killed ? a.killed.best : 0));
    for (const item of located) {
      const best = item.killed ? item.killed.best : 0;
      const marker = L.circleMarker([item.place.lat, item.place.lon], {
        radius: radius(best), color: "#8b1e1e", weight: 1,
        fillColor: best ? "#d64545" : "#ffffff", fillOpacity: best ? 0.55 : 0.9,
        className: `incident-marker incident-${item.id}`,
      });
      marker.bindPopup(() => popupFor(item));
      marker.addTo(this.markers);
    }
    this.note.textContent = `${fmt(located.length)} of ${fmt(total)} incidents on the map` +
      (total > limit ? ` (the ${fmt(limit)} largest)` : "") + ".";
    if (located.length && !keepView) this.map.fitBounds(this.markers.getBounds(), { maxZoom: 7, padding: [24, 24] });
    this.showProvinces([...new Set(located.map((i) => i.place.country).filter(Boolean))]);
    return located.length;
  }

  bbox() {
    const b = this.map.getBounds();
    const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v)).toFixed(3);
    return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(",");
  }
}
