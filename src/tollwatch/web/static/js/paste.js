// Paste an article, see the claims it yields. Nothing is stored (POST /extract).
import { el, clear, postJSON, evidenceOf, countLabel, human, placeLabel, markedArticle } from "./common.js";

const form = document.getElementById("paste");

function render(result) {
  const headline = clear(document.getElementById("headline"));
  const facts = [["Killed", result.killed ?? "not stated"], ["Injured", result.injured ?? "not stated"],
    ["Place", result.place ? placeLabel(result.place) : "not found"],
    ["Date", result.date ? (result.date.start || result.date.text) : "not found"]];
  for (const [k, v] of facts) headline.append(el("dt", {}, k), el("dd", {}, v));
  const rows = clear(document.getElementById("claims"));
  result.claims.forEach((c, i) => rows.append(el("tr", {},
    el("td", {}, i), el("td", {}, human(c.outcome)), el("td", { class: "num" }, countLabel(c.count)),
    el("td", {}, human(c.count.qualifier)), el("td", {}, human(c.group) + (c.subgroup ? ` (${c.subgroup})` : "")),
    el("td", {}, c.source || ""), el("td", {}, c.status), el("td", {}, evidenceOf(c)))));
  if (!result.claims.length) rows.append(el("tr", {}, el("td", { colspan: 8 }, "No casualty claims found.")));
  const article = clear(document.getElementById("article"));
  article.append(...markedArticle(result.text, result.claims));
  document.getElementById("result").hidden = false;
  document.body.dataset.loaded = "extraction";
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = document.getElementById("status");
  const data = new FormData(form);
  const payload = { text: String(data.get("text") || "") };
  if (data.get("published")) payload.published = data.get("published");
  status.textContent = "Extracting…";
  try {
    const result = await postJSON("/extract", payload);
    status.textContent = `${result.claims.length} claim${result.claims.length === 1 ? "" : "s"} found.`;
    render(result);
  } catch (error) {
    status.textContent = `Extraction failed: ${error.message}`;
  }
});
