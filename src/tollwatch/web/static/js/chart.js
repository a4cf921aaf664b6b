// A toll-over-time chart in hand-written SVG: the reconciled low–high band and best line
// after each report, and every reported figure as a point coloured by its source.
import { fmt } from "./common.js";

const SVG = "http://www.w3.org/2000/svg";
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

const DAY = 86400000;
const toTime = (iso) => Date.parse(`${iso}T00:00:00Z`);

// series: [{date, low, best, high}], points: [{date, value, source, label}]
// event: {start, end} of the incident itself, drawn as a shaded span so that report dates and
// the event's own dates read on one axis.
export function tollChart(series, points, { width = 640, height = 260, event = null } = {}) {
  const dated = points.filter((p) => p.date);
  const eventDays = event && event.start ? [event.start, event.end || event.start] : [];
  const times = [...series.map((s) => toTime(s.date)), ...dated.map((p) => toTime(p.date)), ...eventDays.map(toTime)];
  const values = [...series.flatMap((s) => [s.low, s.best, s.high ?? s.best]), ...dated.map((p) => p.value)];
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "toll-chart", role: "img" });
  root.append(svg("title", {}, "Toll over time: reconciled band and reported figures"));
  if (!times.length) {
    root.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, "No dated reports."));
    return { svg: root, legend: [] };
  }
  let t0 = Math.min(...times), t1 = Math.max(...times);
  if (t1 - t0 < 2 * DAY) { t0 -= DAY; t1 += DAY; }
  t1 += Math.max(DAY, (t1 - t0) * 0.15);  // room after the last report for its toll to show
  const vmax = Math.max(1, ...values) * 1.1;
  const widest = Math.max(...[0, 1, 2, 3, 4].map((i) => fmt(Math.round(vmax * i / 4)).length));
  // room for the longest label ("120,000") at ~6.5 px a character in 11 px type
  const margin = { top: 16, right: 16, bottom: 36, left: 12 + widest * 6.5 };
  const x = (t) => margin.left + (t - t0) / (t1 - t0) * (width - margin.left - margin.right);
  const y = (v) => height - margin.bottom - v / vmax * (height - margin.top - margin.bottom);

  // axes and grid
  for (let i = 0; i <= 4; i++) {
    const v = Math.round(vmax * i / 4);
    root.append(svg("line", { x1: margin.left, x2: width - margin.right, y1: y(v), y2: y(v), class: "grid" }));
    root.append(svg("text", { x: margin.left - 6, y: y(v) + 4, "text-anchor": "end", class: "tick y-tick" }, fmt(v)));
  }
  // date ticks on whole days (UTC midnight), so a label names the day its tick stands on
  const fit = Math.floor((width - margin.left - margin.right) / 95) + 1;  // labels ~80 px wide
  const first = Math.ceil(t0 / DAY) * DAY;
  const days = Math.floor((t1 - first) / DAY);
  const every = Math.max(1, Math.ceil((days + 1) / Math.max(2, fit)));
  for (let t = first; t <= t1; t += every * DAY) {
    const label = new Date(t).toISOString().slice(0, 10);
    const anchor = x(t) < margin.left + 40 ? "start" : x(t) > width - margin.right - 40 ? "end" : "middle";
    root.append(svg("line", { x1: x(t), x2: x(t), y1: height - margin.bottom, y2: height - margin.bottom + 4, class: "grid" }));
    root.append(svg("text", { x: x(t), y: height - margin.bottom + 18, "text-anchor": anchor, class: "tick x-tick" }, label));
  }
  if (eventDays.length) {
    const a = x(toTime(eventDays[0])), b = x(toTime(eventDays[1]) + DAY);
    const span = svg("rect", { x: a, y: margin.top, width: Math.max(2, b - a), height: height - margin.top - margin.bottom, class: "event-span" });
    span.append(svg("title", {}, `the incident: ${eventDays[0]}${eventDays[1] !== eventDays[0] ? " to " + eventDays[1] : ""}`));
    root.append(span);
  }

  // band and best line over the revisions, as steps: a toll holds until the next report
  const steps = [...series].sort((a, b) => toTime(a.date) - toTime(b.date));
  if (steps.length) {
    const upper = [], lower = [], best = [];
    steps.forEach((s, i) => {
      const from = x(toTime(s.date));
      const to = i + 1 < steps.length ? x(toTime(steps[i + 1].date)) : width - margin.right;
      const high = s.high ?? s.best;
      upper.push(`${from},${y(high)}`, `${to},${y(high)}`);
      lower.unshift(`${to},${y(s.low)}`, `${from},${y(s.low)}`);
      best.push(`${from},${y(s.best)}`, `${to},${y(s.best)}`);
    });
    root.append(svg("polygon", { points: [...upper, ...lower].join(" "), class: "band" }));
    root.append(svg("polyline", { points: best.join(" "), class: "best" }));
  }

  // reported figures coloured by source
  const sources = [...new Set(dated.map((p) => p.source))];
  const colour = (s) => COLOURS[sources.indexOf(s) % COLOURS.length];
  for (const p of dated) {
    const dot = svg("circle", { cx: x(toTime(p.date)), cy: y(p.value), r: 5, fill: colour(p.source), class: "point" });
    dot.append(svg("title", {}, `${p.date}: ${fmt(p.value)} (${p.source})`));
    root.append(dot);
  }
  return { svg: root, legend: sources.map((s) => ({ source: s, colour: colour(s) })) };
}
