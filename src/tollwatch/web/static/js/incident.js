// One incident: its tolls, the toll-over-time chart, each claim's evidence, the history.
import { el, clear, getJSON, fmt, formatDates, placeLabel, evidenceOf, countLabel, human, flagChip,
  placePrecision, datePrecision, sourceLink } from "./common.js";
import { tollChart } from "./chart.js";
import { token, setToken, analyst, setAnalyst, capabilities, post, decisionItem, claimDecisions, claimActions,
  showClaimDecisions } from "./corrections.js";

let id = location.pathname.split("/").filter(Boolean).pop();

function tollRow(t) {
  return el("tr", {},
    el("td", {}, human(t.outcome)), el("td", {}, human(t.group)),
    el("td", { class: "num" }, fmt(t.low)), el("td", { class: "num" }, fmt(t.best)),
    el("td", { class: "num" }, t.high === null ? "open" : fmt(t.high)),
    el("td", {}, t.grading), el("td", {}, t.sources.join("; ")));
}

function claimItem(c, can) {
  const source = c.source || c.outlet || "unattributed";
  const doc = el("a", { href: `/document/${encodeURIComponent(c.document_id)}` }, c.outlet || `report ${c.document_id}`);
  const original = sourceLink(c.url, "original article");
  const where = c.place ? `${placeLabel(c.place)} (${placePrecision(c.place)})` : null;
  const when = c.date && c.date.start ? `${formatDates(c.date.start, c.date.end)} (${c.date.precision || datePrecision(c.date.start, c.date.end)})` : null;
  return el("li", { class: `claim status-${c.status}`, dataset: { claim: c.id } },
    el("div", { class: "claim-head" },
      el("strong", {}, `${countLabel(c.count)} ${human(c.outcome)}`),
      el("span", {}, ` · ${human(c.group)}${c.subgroup ? " (" + c.subgroup + ")" : ""}`),
      el("span", {}, ` · source: ${source}`),
      c.status !== "current" ? el("span", { class: "flag" }, human(c.status)) : null),
    evidenceOf(c),
    el("div", { class: "claim-doc" }, "Reported ", c.published || "on an unknown date", " in ", doc,
      original ? " · " : null, original,
      where ? ` · place: ${where}` : null, when ? ` · date: ${when}` : null),
    claimDecisions(c),
    token() ? claimActions(c, can, decided, failed) : null);
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

// One legend entry per source however it was spelled ("the UN", "UN", "U.N."): the first
// spelling met names it.
export function canonicalSource(name) {
  return String(name).toLowerCase().replace(/[.'’]/g, "").replace(/^the\s+/, "").replace(/\s+/g, " ").trim();
}

function claimPoints(incident) {
  const names = new Map();
  return chartClaims(incident).map((c) => {
    const raw = c.source || c.outlet || "unattributed";
    const key = canonicalSource(raw);
    if (!names.has(key)) names.set(key, raw);
    return { date: c.published, value: c.count.best, source: names.get(key) };
  });
}

function renderChart(incident) {
  const holder = clear(document.getElementById("chart"));
  // Drawn at the holder's own width so that labels keep their size on a phone.
  const width = Math.max(300, Math.min(900, holder.clientWidth || 640));
  const { svg, legend } = tollChart(headlineSeries(incident), claimPoints(incident),
    { width, height: width < 500 ? 220 : 260, event: { start: incident.start, end: incident.end } });
  holder.append(svg);
  const items = legend.map((l) => el("li", { class: "source-entry" }, el("span", { class: "swatch", dataset: { colour: l.colour } }), l.source));
  holder.append(el("ul", { class: "legend" }, el("li", {}, el("span", { class: "swatch band-swatch" }), "reconciled low–high, best line"),
    el("li", {}, el("span", { class: "swatch event-swatch" }), "the incident's own dates"), items));
  // Colours are set through the CSSOM: the CSP forbids inline style attributes in markup.
  for (const swatch of holder.querySelectorAll(".swatch[data-colour]")) swatch.style.background = swatch.dataset.colour;
}

function render(incident, can) {
  document.title = `tollwatch: ${placeLabel(incident.place)}`;
  document.getElementById("title").textContent = `${placeLabel(incident.place)}`;
  const killed = incident.killed ? `${fmt(incident.killed.best)} killed` : "no killed toll";
  document.getElementById("meta").textContent =
    `${formatDates(incident.start, incident.end)} · ${killed} · ${fmt(incident.n_claims)} claims · ${fmt(incident.n_reports ?? 0)} report${incident.n_reports === 1 ? "" : "s"} · incident ${incident.id}`;
  document.getElementById("precision").textContent =
    `Location known to: ${placePrecision(incident.place)} · date known to: ${datePrecision(incident.start, incident.end)}`;
  const flags = clear(document.getElementById("flags"));
  for (const f of incident.flags) flags.append(el("li", {}, flagChip(f), el("span", { class: "flag-text" }, f)));
  const tolls = clear(document.getElementById("tolls"));
  for (const t of incident.tolls) tolls.append(tollRow(t));
  renderChart(incident);
  const claims = clear(document.getElementById("claims"));
  for (const c of incident.claims) claims.append(claimItem(c, can));
  const history = clear(document.getElementById("history"));
  for (const r of incident.revisions) {
    history.append(el("tr", {}, el("td", {}, r.published || "?"),
      el("td", {}, `${human(r.toll.outcome)}, ${human(r.toll.group)}`),
      el("td", {}, el("a", { href: `/document/${encodeURIComponent(r.document_id)}` }, r.document_id)),
      el("td", { class: "num" }, fmt(r.toll.low)), el("td", { class: "num" }, fmt(r.toll.best)),
      el("td", { class: "num" }, r.toll.high === null ? "open" : fmt(r.toll.high)), el("td", {}, r.toll.grading)));
  }
  document.getElementById("incident-actions").hidden = !token();
  document.getElementById("merge-form").hidden = !can.merge;
  document.getElementById("split-form").hidden = !can.split;
  document.getElementById("status").textContent = "";
  return showClaimDecisions(incident.claims, can).then(() => { document.body.dataset.loaded = "incident"; });
}

function load() {
  return Promise.all([getJSON(`/incidents/${encodeURIComponent(id)}`), capabilities()])
    .then(([incident, can]) => render(incident, can))
    .catch((error) => { document.getElementById("status").textContent = `Could not load incident ${id}: ${error.message}`; });
}

// A decision the server accepted: listed with who/when/why, then the re-reconciled incident.
function decided(decision) {
  document.getElementById("decisions").prepend(decisionItem(decision));
  document.getElementById("decision-status").textContent = "Saved; the ledger was reconciled again.";
  document.body.dataset.decisions = String(document.querySelectorAll("#decisions li").length);
  if (decision.kind === "merge" && decision.incident_id && String(decision.incident_id) !== String(id)) {
    id = String(decision.incident_id);  // the merged incident kept the other id
    history.replaceState(null, "", `/incident/${id}`);
  }
  return load();
}

function failed(message) {
  document.getElementById("decision-status").textContent = message;
}

function setupCorrections() {
  const input = document.getElementById("token");
  const name = document.getElementById("analyst");
  const state = document.getElementById("token-state");
  const show = () => { state.textContent = token() ? "Token set for this tab." : "No token: read only."; };
  input.value = token();
  name.value = analyst();
  show();
  document.getElementById("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setToken(input.value.trim());
    setAnalyst(name.value.trim());
    show();
    load();
  });
  document.getElementById("forget-token").addEventListener("click", () => { setToken(""); input.value = ""; show(); load(); });
  document.getElementById("merge-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    try {
      await decided(await post(`/incidents/${encodeURIComponent(id)}/merge`,
        { other: parseInt(String(data.get("other")), 10), reason: String(data.get("reason")).trim() }));
      event.target.reset();
    } catch (error) { failed(`Could not merge: ${error.message}`); }
  });
  document.getElementById("split-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const picked = [...document.querySelectorAll(".split-pick:checked")].map((box) => parseInt(box.value, 10));
    if (!picked.length) { failed("Tick the claims to split off first."); return; }
    try {
      await decided(await post(`/incidents/${encodeURIComponent(id)}/split`,
        { claim_ids: picked, reason: String(new FormData(event.target).get("reason")).trim() }));
      event.target.reset();
    } catch (error) { failed(`Could not split: ${error.message}`); }
  });
}

setupCorrections();
load();
