// The Live view: new events as they are recorded (the SDK's stream, which resumes on its own after a dropped
// connection), with a pause control that holds them back until resumed, and the detections the rules recorded.

import { el, formatDateTime, formatNumber, humanType, severityBadge } from "./format.js";
import { loadSdk } from "./verification.js";

const $ = (id) => document.getElementById(id);
const READERS = ["owner", "admin", "auditor"];
const SHOWN = 50;
/** The actor of the events detection rules record. */
export const RULES_ACTOR = "rules";

/** `api` is the dashboard's fetch wrapper, `getToken` the session's access token. */
export function createLiveView({ api, getToken, announce }) {
  const section = $("live");
  const toggle = $("live-toggle");
  let controller = null;
  let paused = false;
  let waiting = [];

  const status = (text) => { $("live-status").textContent = text; };
  const showStatus = () => status(paused ? `Paused — ${formatNumber(waiting.length)} new ${waiting.length === 1 ? "event" : "events"} waiting` : "Live");

  function eventRow(event) {
    return el("li", { "data-sequence": String(event.sequence) },
      el("span", { class: "live-seq" }, `#${event.sequence}`),
      el("span", { class: "live-type" }, humanType(event.eventType)),
      severityBadge(event.severity),
      el("span", { class: "caption" }, formatDateTime(event.recordedAt)));
  }

  function detectionRow(event) {
    const details = event.details ?? {};
    const group = details.groupBy ? `${details.groupBy} ${details[details.groupBy] ?? ""}`.trim() : "";
    return el("li", { "data-event-id": event.eventId },
      severityBadge(event.severity),
      el("strong", {}, String(details.rule ?? humanType(event.eventType))),
      group ? el("span", { class: "caption" }, group) : "",
      el("span", { class: "caption" }, `events ${String(details.triggeringSequences ?? "").split(",").map((s) => `#${s}`).join(", ")}`),
      el("span", { class: "caption" }, formatDateTime(event.recordedAt)));
  }

  function prepend(list, rows) {
    list.prepend(...rows.reverse());
    while (list.children.length > SHOWN) list.lastElementChild.remove();
    $(`${list.id}-empty`).hidden = list.children.length > 0;
  }

  function show(events) {
    prepend($("live-list"), events.map(eventRow));
    const detections = events.filter((event) => event.actor === RULES_ACTOR);
    if (detections.length) {
      prepend($("detections-list"), detections.map(detectionRow));
      announce(`${formatNumber(detections.length)} new ${detections.length === 1 ? "detection" : "detections"}.`);
    }
  }

  toggle.addEventListener("click", () => {
    paused = !paused;
    toggle.setAttribute("aria-pressed", String(paused));
    toggle.textContent = paused ? "Resume" : "Pause";
    if (!paused) {
      show(waiting);
      waiting = [];
    }
    showStatus();
  });

  async function loadDetections() {
    try {
      const { events } = await api.listEvents({ actor: RULES_ACTOR, limit: 20 });
      $("detections-list").replaceChildren(...events.map(detectionRow));
      $("detections-list-empty").hidden = events.length > 0;
    } catch (error) {
      $("detections-list-empty").textContent = error.message;
    }
  }

  async function follow(signal) {
    const sdk = await loadSdk();
    if (!sdk) {
      status("Live updates need the JavaScript SDK, which this server was built without (npm was missing).");
      return;
    }
    const client = new sdk.MudbaseClient({ baseUrl: location.origin, jwt: getToken(), fetch: (url, init) => fetch(url, init) });
    try {
      // From the newest event at sign-in on, so nothing recorded while the stream connects is missed.
      const { events: [newest] } = await api.listEvents({ limit: 1 });
      showStatus();
      const after = newest?.sequence ?? 0;
      const stream = client.compliance.streamSecurityEvents({}, { after, signal, onReconnect: () => status("Reconnecting…") });
      for await (const event of stream) {
        if (paused) waiting.push(event);
        else show([event]);
        showStatus();
      }
    } catch (error) {
      if (!signal.aborted) status(`Live updates stopped: ${error.message}`);
    }
  }

  return {
    /** Shows the view to those who may read events and starts following from the next event recorded. */
    start(user) {
      this.stop();
      section.hidden = !READERS.includes(user.customRole ?? user.role);
      if (section.hidden) return;
      controller = new AbortController();
      loadDetections();
      follow(controller.signal);
    },
    stop() {
      controller?.abort();
      controller = null;
      waiting = [];
      $("live-list").replaceChildren();
      $("live-list-empty").hidden = false;
    },
  };
}
