// Activity over time and counts by type. Both come from the event list rather than the summary: the summary only
// counts fixed 24 h / 7 d / 30 d windows, while the list carries each event's own time, so any range and any filter
// can be bucketed exactly. Reading stops after EVENT_CAP events, and the captions then say so.

import { el, formatNumber, humanType, SEVERITIES, utcOffsetLabel } from "./format.js";

export const EVENT_CAP = 5000;
const PAGE_SIZE = 500;
const HOUR = 3_600_000;
const COLOURS = { low: "#94a3b8", medium: "#e2b13c", high: "#e8793a", critical: "#cf3d3d" };

/** Every event matching the query, newest first, up to EVENT_CAP: { events, complete }. */
export async function collectEvents(api, query) {
  const events = [];
  let cursor;
  do {
    const page = await api.listEvents({ ...query, order: "desc", limit: PAGE_SIZE, cursor });
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor && events.length < EVENT_CAP);
  return { events: events.slice(0, EVENT_CAP), complete: !cursor && events.length <= EVENT_CAP };
}

/** Buckets events per hour (ranges up to 48 h) or per local day, one series per severity. */
export function bucketise(events, range) {
  const to = range.to ?? new Date();
  const earliest = events.length ? new Date(events[events.length - 1].recordedAt) : new Date(to.getTime() - 24 * HOUR);
  const from = range.from ?? earliest;
  const unit = to - from <= 48 * HOUR ? "hour" : "day";
  const floor = (date) => {
    const d = new Date(date);
    if (unit === "hour") d.setMinutes(0, 0, 0);
    else d.setHours(0, 0, 0, 0);
    return d;
  };
  // Whole local days, so a daylight-saving change makes a 23- or 25-hour day rather than shifting every bucket.
  const next = (t) => (unit === "hour" ? new Date(t.getTime() + HOUR) : new Date(t.getFullYear(), t.getMonth(), t.getDate() + 1));
  const starts = [];
  for (let t = floor(from); t < to; t = next(t)) starts.push(t);
  const index = new Map(starts.map((start, i) => [start.getTime(), i]));
  const series = Object.fromEntries(SEVERITIES.map((s) => [s, new Array(starts.length).fill(0)]));
  for (const event of events) {
    const i = index.get(floor(event.recordedAt).getTime());
    if (i !== undefined && series[event.severity]) series[event.severity][i] += 1;
  }
  return { unit, starts, series };
}

export function createActivityChart({ canvas, fallback }) {
  let chart = null;
  const tick = { hour: new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" }), day: new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" }) };
  const title = { hour: new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }), day: new Intl.DateTimeFormat(undefined, { dateStyle: "full" }) };

  const available = () => typeof window.Chart === "function";
  if (!available()) {
    canvas.hidden = true;
    fallback.hidden = false;
    fallback.textContent = "Chart unavailable: this server was built without Chart.js (npm was missing). The counts by type and the table still work.";
  }

  return {
    available,
    render({ unit, starts, series }, description) {
      canvas.setAttribute("aria-label", description);
      if (!available()) return;
      const labels = starts.map((start) => tick[unit].format(start));
      const titles = starts.map((start) => title[unit].format(start));
      const datasets = SEVERITIES.map((severity) => ({
        label: severity[0].toUpperCase() + severity.slice(1),
        data: series[severity],
        backgroundColor: COLOURS[severity],
        borderRadius: 2,
        stack: "severity",
        categoryPercentage: 0.85,
        barPercentage: 0.9,
      }));
      if (chart) {
        chart.data.labels = labels;
        chart.data.datasets = datasets;
        chart.options.plugins.tooltip.callbacks.title = (items) => titles[items[0].dataIndex];
        chart.update();
        return;
      }
      const axisText = { color: "#566173", font: { size: 11 } };
      chart = new window.Chart(canvas, {
        type: "bar",
        data: { labels, datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          interaction: { mode: "index", intersect: false },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { title: (items) => titles[items[0].dataIndex] } },
          },
          scales: {
            x: { stacked: true, grid: { display: false }, ticks: { ...axisText, maxRotation: 0, autoSkip: true, maxTicksLimit: 12 } },
            y: { stacked: true, beginAtZero: true, border: { display: false }, grid: { color: "#edf0f4" }, ticks: { ...axisText, precision: 0, maxTicksLimit: 6 } },
          },
        },
      });
    },
  };
}

/** The caption under the chart and the table of counts: what was counted, and whether it is all of it. */
export function describeCoverage({ events, complete }, rangeLabel) {
  const count = formatNumber(events.length);
  if (events.length === 0) return `No matching events ${rangeLabel}.`;
  return complete
    ? `All ${count} matching event${events.length === 1 ? "" : "s"} ${rangeLabel}.`
    : `The latest ${count} matching events ${rangeLabel}; older ones in the range are not counted.`;
}

export function chartCaption(buckets, coverage) {
  const per = buckets.unit === "hour" ? "hour" : "day";
  return `Events per ${per} (local time, ${utcOffsetLabel()}), stacked by severity, counted from the event list. ${coverage}`;
}

export function chartDescription(buckets, events) {
  const bySeverity = SEVERITIES.map((s) => `${buckets.series[s].reduce((a, b) => a + b, 0)} ${s}`).reverse().join(", ");
  return `Bar chart of events per ${buckets.unit}, ${events.length} in total: ${bySeverity}.`;
}

export function renderTypeCounts(body, events) {
  const counts = new Map();
  for (const event of events) counts.set(event.eventType, (counts.get(event.eventType) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const max = sorted[0]?.[1] ?? 1;
  body.replaceChildren(
    ...sorted.map(([type, count]) => {
      const bar = el("span");
      bar.style.width = `${Math.max(2, (count / max) * 100)}%`;
      return el("tr", {},
        el("td", {}, el("span", { className: "type-name", title: type }, humanType(type)), el("span", { className: "share", "aria-hidden": "true" }, bar)),
        el("td", { className: "num" }, formatNumber(count)));
    }),
  );
  if (sorted.length === 0) body.replaceChildren(el("tr", {}, el("td", { colspan: 2, className: "muted" }, "No events in this range.")));
  return sorted.map(([type]) => type);
}
