// One incident: its tolls, the toll-over-time chart, each claim's evidence, the history.
import { el, clear, getJSON, formatDates, placeLabel, evidenceOf, countLabel, human, flagChip } from "./common.js";
import { tollChart } from "./chart.js";

const id = location.pathname.split("/").filter(Boolean).pop();

function tollRow(t) {
  return el("tr", {},
    el("td", {}, human(t.outcome)), el("td", {}, human(t.group)),
    el("td", { class: "num" }, t.low), el("td", { class: "num" }, t.best),
    el("td", { class: "num" }, t.high === null ? "open" : t.high),
    el("td", {}, t.grading), el("td", {}, t.sources.join("; ")));
}

function claimItem(c) {
  const source = c.source || c.outlet || "unattributed";
  const doc = el("a", { href: `/document/${encodeURIComponent(c.document_id)}` }, c.outlet || c.document_id);
  return el("li", { class: `claim status-${c.status}`, dataset: { claim: c.id } },
    el("div", { class: "claim-head" },
      el("strong", {}, `${countLabel(c.count)} ${human(c.outcome)}`),
      el("span", {}, ` · ${human(c.group)}${c.subgroup ? " (" + c.subgroup + ")" : ""}`),
      el("span", {}, ` · source: ${source}`),
      c.status === "superseded" ? el("span", { class: "flag" }, "superseded") : null),
    evidenceOf(c),
    el("div", { class: "claim-doc" }, "Reported ", c.published || "on an unknown date", " in ", doc));
}

function headlineSeries(incident) {
  const revs = incident.revisions.filter((r) => r.toll.outcome === "killed" && r.published);
  const total = revs.filter((r) => r.toll.group === "total");
  return (total.length ? total : revs).map((r) => ({ date: r.published, low: r.toll.low, best: r.toll.best, high: r.toll.high }));
}

// The reported killed figures, leaving out those stated as a part of another figure
// ("including 9 children"): each point is what one source said the toll was.
export function chartClaims(incident) {
  const killed = incident.claims.filter((c) => c.outcome === "killed" && c.published);
  const wholes = killed.filter((c) => c.part_of === null);
  return wholes.length ? wholes : killed;
}

function claimPoints(incident) {
  return chartClaims(incident)
    .map((c) => ({ date: c.published, value: c.count.best, source: c.source || c.outlet || "unattributed" }));
}

function renderChart(incident) {
  const holder = clear(document.getElementById("chart"));
  // Drawn at the holder's own width so that labels keep their size on a phone.
  const width = Math.max(300, Math.min(900, holder.clientWidth || 640));
  const { svg, legend } = tollChart(headlineSeries(incident), claimPoints(incident),
    { width, height: width < 500 ? 220 : 260 });
  holder.append(svg);
  const items = legend.map((l) => el("li", {}, el("span", { class: "swatch", dataset: { colour: l.colour } }), l.source));
  holder.append(el("ul", { class: "legend" }, el("li", {}, el("span", { class: "swatch band-swatch" }), "reconciled low–high, best line"), items));
  // Colours are set through the CSSOM: the CSP forbids inline style attributes in markup.
  for (const swatch of holder.querySelectorAll(".swatch[data-colour]")) swatch.style.background = swatch.dataset.colour;
}

function render(incident) {
  document.title = `tollwatch: ${placeLabel(incident.place)}`;
  document.getElementById("title").textContent = `${placeLabel(incident.place)}`;
  const killed = incident.killed ? `${incident.killed.best} killed` : "no killed toll";
  document.getElementById("meta").textContent =
    `${formatDates(incident.start, incident.end)} · ${killed} · ${incident.n_claims} claims · incident ${incident.id}`;
  const flags = clear(document.getElementById("flags"));
  for (const f of incident.flags) flags.append(el("li", {}, flagChip(f), el("span", { class: "flag-text" }, f)));
  const tolls = clear(document.getElementById("tolls"));
  for (const t of incident.tolls) tolls.append(tollRow(t));
  renderChart(incident);
  const claims = clear(document.getElementById("claims"));
  for (const c of incident.claims) claims.append(claimItem(c));
  const history = clear(document.getElementById("history"));
  for (const r of incident.revisions) {
    history.append(el("tr", {}, el("td", {}, r.published || "?"),
      el("td", {}, `${human(r.toll.outcome)}, ${human(r.toll.group)}`),
      el("td", {}, el("a", { href: `/document/${encodeURIComponent(r.document_id)}` }, r.document_id)),
      el("td", { class: "num" }, r.toll.low), el("td", { class: "num" }, r.toll.best),
      el("td", { class: "num" }, r.toll.high === null ? "open" : r.toll.high), el("td", {}, r.toll.grading)));
  }
  document.getElementById("status").textContent = "";
  document.body.dataset.loaded = "incident";
}

getJSON(`/incidents/${encodeURIComponent(id)}`)
  .then(render)
  .catch((error) => { document.getElementById("status").textContent = `Could not load incident ${id}: ${error.message}`; });
