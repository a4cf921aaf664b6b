// One stored report: its metadata, its claims, and its text with every figure marked.
import { el, clear, getJSON, evidenceOf, countLabel, human, markedArticle } from "./common.js";

const id = location.pathname.split("/").filter(Boolean).pop();

function render(doc) {
  const title = doc.title || `Report ${doc.id}`;
  document.title = `tollwatch: ${title}`;
  document.getElementById("title").textContent = title;
  const meta = document.getElementById("meta");
  clear(meta).append([doc.outlet, doc.published].filter(Boolean).join(" · ") || "source unknown");
  if (doc.url && /^https?:\/\//i.test(doc.url)) {
    meta.append(" · ", el("a", { href: doc.url, rel: "noopener noreferrer nofollow" }, "original"));
  }
  if (doc.copy_of) meta.append(" · copy of ", el("a", { href: `/document/${doc.copy_of}` }, `report ${doc.copy_of}`));
  const rows = clear(document.getElementById("claims"));
  doc.claims.forEach((c, i) => rows.append(el("tr", { dataset: { claim: c.id } },
    el("td", {}, i), el("td", {}, human(c.outcome)), el("td", { class: "num" }, countLabel(c.count)),
    el("td", {}, human(c.group) + (c.subgroup ? ` (${c.subgroup})` : "")), el("td", {}, c.source || ""),
    el("td", {}, c.status), el("td", {}, evidenceOf(c)))));
  if (!doc.claims.length) rows.append(el("tr", {}, el("td", { colspan: 7 }, "No casualty claims.")));
  clear(document.getElementById("article")).append(...markedArticle(doc.text, doc.claims));
  document.getElementById("status").textContent = "";
  document.body.dataset.loaded = "document";
}

getJSON(`/documents/${encodeURIComponent(id)}`)
  .then(render)
  .catch((error) => { document.getElementById("status").textContent = `Could not load report ${id}: ${error.message}`; });
