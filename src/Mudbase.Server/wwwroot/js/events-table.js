// The events table: one focusable row per event (a single tab stop; arrow keys move between rows) that opens the
// event's details on Enter, Space or click.

import { el, formatDateTime, formatShortTime, humanType, severityBadge } from "./format.js";

export function createEventsTable({ body, empty, onOpen }) {
  let rows = [];

  function focusRow(index) {
    if (rows.length === 0) return;
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))];
    for (const row of rows) row.tabIndex = row === target ? 0 : -1;
    target.focus();
  }

  body.addEventListener("keydown", (event) => {
    const index = rows.indexOf(event.target);
    if (index < 0) return;
    const moves = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1, PageDown: index + 10, PageUp: index - 10 };
    if (event.key in moves) {
      event.preventDefault();
      focusRow(moves[event.key]);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onOpen(event.target.dataset.eventId, event.target);
    }
  });
  body.addEventListener("click", (event) => {
    const row = event.target.closest("tr[data-event-id]");
    if (!row) return;
    for (const other of rows) other.tabIndex = other === row ? 0 : -1;
    onOpen(row.dataset.eventId, row);
  });

  return {
    render(events) {
      rows = events.map((event, index) => {
        const user = event.details?.userId;
        const resource = event.details?.resource;
        return el(
          "tr",
          {
            tabindex: index === 0 ? 0 : -1,
            "data-event-id": event.eventId,
            "aria-label": `${humanType(event.eventType)}, ${event.severity}, ${formatDateTime(event.recordedAt)}`,
          },
          el("td", { className: "time", title: event.recordedAt }, el("time", { datetime: event.recordedAt }, formatShortTime(event.recordedAt))),
          el("td", { title: event.eventType }, humanType(event.eventType)),
          el("td", {}, severityBadge(event.severity)),
          el("td", { className: "id", title: user ?? "" }, user ?? "—"),
          el("td", { title: resource ?? "" }, resource ?? "—"),
          el("td", { className: "id", title: event.actor }, event.actor),
        );
      });
      body.replaceChildren(...rows);
      empty.hidden = rows.length > 0;
    },

    /** Marks the row whose details are open, so it stays visible behind the panel. */
    markOpen(eventId) {
      for (const row of rows) {
        if (row.dataset.eventId === eventId) row.setAttribute("aria-current", "true");
        else row.removeAttribute("aria-current");
      }
    },
  };
}
