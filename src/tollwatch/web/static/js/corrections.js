// Corrections on the incident page: the write token (session storage only, sent as a header),
// claim decisions (reject, correct) and incident decisions (merge, split), each shown with who
// made it, when and why. Every text goes in through textContent.
import { el, clear, getJSON, human } from "./common.js";

const KEY = "tollwatch.writeToken";

export function token() {
  try { return sessionStorage.getItem(KEY) || ""; } catch { return ""; }
}

export function setToken(value) {
  try {
    if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY);
  } catch { /* storage refused: the token lives only as long as the field */ }
}

export function post(url, payload) {
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

// The decisions a claim already carries, as the claim view gives them (if it does).
export function claimDecisions(claim) {
  const found = claim.decisions || (claim.decision ? [claim.decision] : []);
  return found.length ? el("ul", { class: "decisions" }, found.map(decisionItem)) : null;
}

function field(label, name, attrs = {}) {
  return el("label", {}, label, el("input", { name, ...attrs }));
}

// The reject and correct forms under one claim; onDone(decision) after the server accepted it.
export function claimActions(claim, onDone, onError) {
  const box = el("div", { class: "claim-actions write-only" });
  const tick = el("label", {}, el("input", { type: "checkbox", class: "split-pick", value: claim.id }), " split off");
  const reject = el("button", { type: "button", class: "reject" }, "Reject…");
  const correct = el("button", { type: "button", class: "correct" }, "Correct…");
  const slot = el("div", {});
  box.append(tick, reject, correct, slot);
  const open = (form) => { clear(slot).append(form); form.querySelector("input[name=reason]").focus(); };
  reject.addEventListener("click", () => open(claimForm(claim, "reject", onDone, onError)));
  correct.addEventListener("click", () => open(claimForm(claim, "correct", onDone, onError)));
  return box;
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
