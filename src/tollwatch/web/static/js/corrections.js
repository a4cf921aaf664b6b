// Corrections on the incident page: the write token (session storage only, sent as a header),
// claim decisions (reject, correct) and incident decisions (merge, split), each shown with who
// made it, when and why. Every text goes in through textContent.
import { el, clear, getJSON, human } from "./common.js";

const KEY = "tollwatch.writeToken";
const NAME = "tollwatch.analystName";

export function token() {
  try { return sessionStorage.getItem(KEY) || ""; } catch { return ""; }
}

export function setToken(value) {
  try {
    if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY);
  } catch { /* storage refused: the token lives only as long as the field */ }
}

// The analyst's name for the record ("who"), kept beside the token for this tab only.
export function analyst() {
  try { return sessionStorage.getItem(NAME) || ""; } catch { return ""; }
}

export function setAnalyst(value) {
  try {
    if (value) sessionStorage.setItem(NAME, value); else sessionStorage.removeItem(NAME);
  } catch { /* as for the token */ }
}

// Which decision routes this server has, read once from its OpenAPI schema, so that the page
// offers no button that would answer 404 (and asks for no decisions it cannot list).
let routes = null;
export async function capabilities() {
  if (!routes) {
    routes = getJSON("/openapi.json").then((schema) => {
      const paths = schema.paths || {};
      return { reject: "/claims/{claim_id}/reject" in paths, correct: "/claims/{claim_id}/correct" in paths,
               decisions: "/claims/{claim_id}/decisions" in paths,
               merge: "/incidents/{incident_id}/merge" in paths, split: "/incidents/{incident_id}/split" in paths };
    }).catch(() => ({}));
  }
  return routes;
}

export function post(url, payload) {
  const who = analyst();
  if (who) payload = { ...payload, who };
  return getJSON(url, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json", Authorization: `Bearer ${token()}` },
    body: JSON.stringify(payload),
  });
}

// One decision as "rejected by X on <time>: <reason>", whatever the decision route named its
// fields (who/by, when/at/created_at, reason/why).
export function decisionItem(d) {
  const kind = human(d.kind || d.action || d.decision || "decision");
  const who = d.who || d.by || d.author || "someone";
  const when = d.when || d.at || d.created_at || d.decided_at || "";
  const why = d.reason || d.why || "";
  const target = d.incident_id ? ` → incident ${d.incident_id}` : d.claim_id ? ` (claim ${d.claim_id})` : "";
  return el("li", { class: "decision", dataset: { kind } },
    el("strong", {}, `${kind}${target}`), ` by ${who}`, when ? ` on ${String(when).replace("T", " ").slice(0, 19)} UTC` : "",
    why ? el("span", { class: "why" }, `: ${why}`) : null);
}

// The decisions a claim already carries, if the claim view gives them; else filled in later.
export function claimDecisions(claim) {
  const found = claim.decisions || (claim.decision ? [claim.decision] : []);
  return el("div", { class: "claim-decisions" }, found.length ? el("ul", { class: "decisions" }, found.map(decisionItem)) : null);
}

function field(label, name, attrs = {}) {
  return el("label", {}, label, el("input", { name, ...attrs }));
}

// The reject and correct forms under one claim; onDone(decision) after the server accepted it.
export function claimActions(claim, can, onDone, onError) {
  const box = el("div", { class: "claim-actions write-only" });
  const slot = el("div", {});
  const open = (form) => { clear(slot).append(form); form.querySelector("input[name=reason]").focus(); };
  if (can.split) box.append(el("label", {}, el("input", { type: "checkbox", class: "split-pick", value: claim.id }), " split off"));
  for (const kind of ["reject", "correct"]) {
    if (!can[kind]) continue;
    const button = el("button", { type: "button", class: kind }, kind === "reject" ? "Reject…" : "Correct…");
    button.addEventListener("click", () => open(claimForm(claim, kind, onDone, onError)));
    box.append(button);
  }
  box.append(slot);
  return box;
}

// The rulings stored on each claim (GET /claims/{id}/decisions), drawn under the claim.
export async function showClaimDecisions(claims, can) {
  if (!can.decisions) return;
  await Promise.all(claims.map(async (claim) => {
    const found = await getJSON(`/claims/${encodeURIComponent(claim.id)}/decisions`).catch(() => []);
    const item = document.querySelector(`#claims li[data-claim="${Number(claim.id)}"] .claim-decisions`);
    if (item && found.length) clear(item).append(el("ul", { class: "decisions" }, found.map(decisionItem)));
  }));
}

function claimForm(claim, kind, onDone, onError) {
  const form = el("form", { class: "claim-form", autocomplete: "off", dataset: { kind } });
  if (kind === "correct") {
    form.append(field("Count", "count", { type: "number", min: 0, step: 1, size: 6, placeholder: claim.count.best }),
      el("label", {}, "Group", el("select", { name: "group" }, ["", "total", "civilians", "security_forces", "armed_group", "perpetrators"]
        .map((g) => el("option", { value: g }, g ? human(g) : "unchanged")))),
      field("Place", "place", { maxlength: 200, size: 14 }), field("Date", "date", { type: "date" }));
  }
  form.append(field("Why", "reason", { required: true, maxlength: 2000, size: 24 }),
    el("button", { type: "submit" }, kind === "reject" ? "Reject claim" : "Save correction"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const payload = { reason: String(data.get("reason") || "").trim() };
    for (const key of ["group", "place", "date"]) if (data.get(key)) payload[key] = String(data.get(key));
    if (data.get("count")) payload.count = parseInt(String(data.get("count")), 10);
    try {
      onDone(await post(`/claims/${encodeURIComponent(claim.id)}/${kind}`, payload));
    } catch (error) {
      onError(`Could not ${kind} claim ${claim.id}: ${error.message}`);
    }
  });
  return form;
}
