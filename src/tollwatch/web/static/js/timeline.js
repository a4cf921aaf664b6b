// Killed per day, week or month for the current filters, as SVG bars on a true time axis, with
// a brush: drag across the chart to pick a date range, click it to clear the range.
import { fmt } from "./common.js";

const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const toTime = (iso) => Date.parse(`${iso}T00:00:00Z`);
const iso = (t) => new Date(t).toISOString().slice(0, 10);

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

// The start of the bin holding time t, and the start of the next one.
function binOf(t, unit) {
  const d = new Date(t);
  if (unit === "day") return [t, t + DAY];
  if (unit === "month") {
    const a = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    return [a, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)];
  }
  const a = Date.UTC(d.getUTCFullYear(), 0, 1);
  return [a, Date.UTC(d.getUTCFullYear() + 1, 0, 1)];
}

export function binUnit(t0, t1) {
  const span = (t1 - t0) / DAY;
  return span <= 120 ? "day" : span <= 366 * 8 ? "month" : "year";
}

// days: [{date, killed, incidents}] -> bins [{start, end, killed, incidents}] (times in ms)
export function binDays(days) {
  if (!days.length) return { unit: "day", bins: [] };
  const times = days.map((d) => toTime(d.date));
  const unit = binUnit(Math.min(...times), Math.max(...times));
  const bins = new Map();
  days.forEach((d, i) => {
    const [start, end] = binOf(times[i], unit);
    const bin = bins.get(start) || { start, end, killed: 0, incidents: 0 };
    bin.killed += d.killed;
    bin.incidents += d.incidents;
    bins.set(start, bin);
  });
  return { unit, bins: [...bins.values()].sort((a, b) => a.start - b.start) };
}

function niceStep(max, count) {
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
}

function timeTicks(t0, t1, unit, fit) {
  const ticks = [];
  const step = unit === "day" ? Math.max(1, Math.ceil((t1 - t0) / DAY / fit)) : 1;
  let t = binOf(t0, unit)[0];
  if (t < t0) t = binOf(t0, unit)[1];
  for (let i = 0; t <= t1 && i < 500; i++) {
    ticks.push(t);
    for (let k = 0; k < step; k++) t = binOf(t, unit)[1];
  }
  // thin month and year ticks to what fits, keeping the first
  const every = Math.max(1, Math.ceil(ticks.length / fit));
  return ticks.filter((_, i) => i % every === 0);
}

const LABEL = { day: (t) => iso(t), month: (t) => iso(t).slice(0, 7), year: (t) => iso(t).slice(0, 4) };

// Draws the chart; onBrush(since, until) gets ISO dates, or (null, null) to clear.
export function timelineChart(days, { width = 480, height = 180, since = null, until = null, onBrush = () => {} } = {}) {
  const { unit, bins } = binDays(days);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "timeline", role: "img", "data-unit": unit });
  root.append(svg("title", {}, `Killed per ${unit} for the current filters`));
  if (!bins.length) {
    root.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "tick" }, "No dated incidents."));
    return root;
  }
  const vmax = Math.max(1, ...bins.map((b) => b.killed));
  const step = niceStep(vmax, 4);
  const top = Math.ceil(vmax / step) * step;
  const labels = [];
  for (let v = 0; v <= top + step / 2; v += step) labels.push(v);
  // room on the left for the longest label ("250,000"), at ~6.5 px a character in 11 px type
  const left = 12 + Math.max(...labels.map((v) => fmt(v).length)) * 6.5;
  const m = { top: 10, right: 14, bottom: 26, left };
  const t0 = bins[0].start, t1 = bins[bins.length - 1].end;
  const x = (t) => m.left + (t - t0) / (t1 - t0) * (width - m.left - m.right);
  const y = (v) => height - m.bottom - v / top * (height - m.top - m.bottom);
  for (const v of labels) {
    root.append(svg("line", { x1: m.left, x2: width - m.right, y1: y(v), y2: y(v), class: "grid" }));
    root.append(svg("text", { x: m.left - 5, y: y(v) + 4, "text-anchor": "end", class: "tick y-tick" }, fmt(v)));
  }
  const fit = Math.max(2, Math.floor((width - m.left - m.right) / (unit === "day" ? 90 : unit === "month" ? 72 : 50)));
  let lastRight = -Infinity;
  for (const t of timeTicks(t0, t1, unit, fit)) {
    const label = LABEL[unit](t);
    // centred labels (~6.2 px a character), kept inside the chart and 8 px apart, else left out
    const half = label.length * 3.1;
    if (x(t) - half < Math.max(2, lastRight + 8) || x(t) + half > width - 2) continue;
    lastRight = x(t) + half;
    const anchor = "middle";
    root.append(svg("line", { x1: x(t), x2: x(t), y1: height - m.bottom, y2: height - m.bottom + 4, class: "axis" }));
    root.append(svg("text", { x: x(t), y: height - m.bottom + 16, "text-anchor": anchor, class: "tick x-tick" }, label));
  }
  for (const b of bins) {
    const w = Math.max(1, x(b.end) - x(b.start) - 1);
    const bar = svg("rect", { x: x(b.start), y: y(b.killed), width: w, height: Math.max(0, y(0) - y(b.killed)),
                              class: "bar", "data-start": iso(b.start), "data-killed": b.killed });
    bar.append(svg("title", {}, `${LABEL[unit](b.start)}: ${fmt(b.killed)} killed in ${fmt(b.incidents)} incident${b.incidents === 1 ? "" : "s"}`));
    root.append(bar);
  }
  root.append(svg("line", { x1: m.left, x2: width - m.right, y1: y(0), y2: y(0), class: "axis" }));
  addBrush(root, { x, m, width, height, t0, t1, since, until, onBrush });
  return root;
}

function addBrush(root, { x, m, width, height, t0, t1, since, until, onBrush }) {
  const plotW = width - m.left - m.right;
  const band = svg("rect", { y: m.top, height: height - m.top - m.bottom, class: "brush", visibility: "hidden" });
  const show = (a, b) => {
    const lo = Math.max(m.left, Math.min(a, b)), hi = Math.min(width - m.right, Math.max(a, b));
    band.setAttribute("x", lo);
    band.setAttribute("width", Math.max(0, hi - lo));
    band.setAttribute("visibility", hi > lo ? "visible" : "hidden");
  };
  if (since || until) show(x(since ? toTime(since) : t0), x(until ? toTime(until) + DAY : t1));
  const area = svg("rect", { x: m.left, y: m.top, width: plotW, height: height - m.top - m.bottom, class: "brush-area" });
  root.append(band, area);
  const timeAt = (px) => t0 + (Math.max(m.left, Math.min(width - m.right, px)) - m.left) / plotW * (t1 - t0);
  const local = (event) => {
    const box = root.getBoundingClientRect();
    return (event.clientX - box.left) * width / box.width;
  };
  let from = null;
  area.addEventListener("pointerdown", (event) => {
    from = local(event);
    area.setPointerCapture(event.pointerId);
    show(from, from);
  });
  area.addEventListener("pointermove", (event) => { if (from !== null) show(from, local(event)); });
  area.addEventListener("pointerup", (event) => {
    if (from === null) return;
    const to = local(event);
    const a = Math.min(from, to), b = Math.max(from, to);
    from = null;
    if (b - a < 4) { show(0, 0); onBrush(null, null); return; }  // a click clears the range
    // whole days: from the day under the left edge to the day under the right edge
    onBrush(iso(Math.floor(timeAt(a) / DAY) * DAY), iso(Math.ceil(timeAt(b) / DAY) * DAY - DAY));
  });
}
