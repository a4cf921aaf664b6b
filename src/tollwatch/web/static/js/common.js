// Shared helpers. Every text that came from an article goes into the page through
// text nodes (el / textContent), never through innerHTML: article text is untrusted.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export async function getJSON(url, options = {}) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, ...options });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  if (!response.ok) {
    const message = body && body.message ? body.message : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return body;
}

export function postJSON(url, payload) {
  return getJSON(url, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(payload),
  });
}

// Whole numbers with thousands separators, the same on every machine ("12,345").
export function fmt(n) {
  return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US");
}

export function formatToll(toll) {
  if (!toll) return "–";
  const high = toll.high === null ? "?" : fmt(toll.high);
  if (toll.low === toll.best && toll.high === toll.best) return fmt(toll.best);
  return `${fmt(toll.best)} (${fmt(toll.low)}–${high})`;
}

// UCDP GED where_prec in words: how exactly a place is known.
const WHERE_PREC = { 1: "exact place", 2: "near a place", 3: "district", 4: "province", 5: "region", 6: "country" };
export function placePrecision(place) {
  return place && WHERE_PREC[place.precision] ? WHERE_PREC[place.precision] : "place precision unknown";
}

const DAY = 86400000;
// How exactly an incident's dates are known, read from its span: a day, a month, a year, n days.
export function datePrecision(start, end) {
  if (!start) return "date unknown";
  if (!end || end === start) return "day";
  const a = new Date(`${start}T00:00:00Z`), b = new Date(`${end}T00:00:00Z`);
  const next = new Date(b.getTime() + DAY);
  if (a.getUTCDate() === 1 && next.getUTCDate() === 1) {
    if (a.getUTCMonth() === 0 && next.getUTCMonth() === 0) return "year";
    if (a.getUTCMonth() === b.getUTCMonth()) return "month";
  }
  return `${Math.round((b - a) / DAY) + 1} days`;
}

// A link to an article's original: http and https only, opened without a window.opener.
export function sourceLink(url, text) {
  let parsed = null;
  try { parsed = new URL(String(url || "")); } catch { parsed = null; }
  if (!parsed || !["http:", "https:"].includes(parsed.protocol)) return null;
  return el("a", { href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank", class: "source-link" }, text);
}

export function formatDates(start, end) {
  if (!start) return "date unknown";
  return end && end !== start ? `${start} – ${end}` : start;
}

export function placeLabel(place) {
  if (!place) return "place unknown";
  const parts = [place.name, place.admin1, place.country].filter(Boolean);
  return parts.filter((part, i) => part !== parts[i - 1]).join(", ");
}

// A sentence with the figure at [start, end) wrapped in <mark>, all as text nodes.
export function highlighted(text, start, end, tag = "span") {
  const ok = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= text.length;
  if (!ok) return el(tag, { class: "evidence" }, text);
  return el(tag, { class: "evidence" },
    text.slice(0, start), el("mark", {}, text.slice(start, end)), text.slice(end));
}

export function evidenceOf(claim) {
  const ev = claim.evidence;
  let start = ev.start - ev.sentence_start;
  let end = ev.end - ev.sentence_start;
  if (!(start >= 0 && end <= ev.sentence.length)) {
    // Offsets from another text layout: fall back to the stated figure's words.
    const at = claim.count.text ? ev.sentence.indexOf(claim.count.text) : -1;
    start = at; end = at >= 0 ? at + claim.count.text.length : -1;
  }
  return highlighted(ev.sentence, start, end, "q");
}

export function countLabel(count) {
  if (count.vague_word) return `${count.vague_word} (~${count.best})`;
  const word = { at_least: "≥ ", at_most: "≤ ", approx: "~ " }[count.qualifier] || "";
  return count.qualifier === "range" ? `${count.low}–${count.high}` : `${word}${count.best}`;
}

// A flag as a short label ("total from parts"), its full explanation as a tooltip.
export function flagChip(flag, tag = "span") {
  const short = human(String(flag).split(":")[0]);
  return el(tag, { class: "flag", title: flag }, short);
}

export function human(word) {
  return String(word || "").replace(/_/g, " ");
}

// The article with every claim's figure marked, built from text nodes only.
export function markedArticle(text, claims) {
  const spans = claims.map((c) => [c.evidence.start, c.evidence.end])
    .filter(([s, e]) => Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e > s && e <= text.length)
    .sort((a, b) => a[0] - b[0]);
  const parts = [];
  let at = 0;
  for (const [s, e] of spans) {
    if (s < at) continue;
    parts.push(text.slice(at, s), el("mark", {}, text.slice(s, e)));
    at = e;
  }
  parts.push(text.slice(at));
  return parts;
}
