// The Mudbase dashboard: sign-in, filters, activity chart, counts by type, the events table with cursor paging,
// exports, and the event detail panel with in-browser verification.

import { bucketise, chartCaption, chartDescription, collectEvents, createActivityChart, describeCoverage, renderTypeCounts } from "./activity.js";
import { ApiError, createApi } from "./api.js";
import { createDetailPanel } from "./detail.js";
import { createEventsTable } from "./events-table.js";
import { el, EVENT_TYPES, formatAgo, formatBytes, formatDateTime, formatNumber, humanType } from "./format.js";
import { createPrivacyView } from "./privacy.js";
import { createLiveView } from "./live.js";
import * as session from "./session.js";
import { loadSdk } from "./verification.js";
import { createAccessReview } from "./access-review.js";
import { askForCode, createTwoFactor } from "./two-factor.js";

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 25;
const HOUR = 3_600_000;

const state = { filters: null, cursors: [undefined], page: 0, nextCursor: null, generation: 0 };
const notices = new Map();

const api = createApi({ getToken: session.accessToken, onUnauthorized: () => signOut("Your session has ended. Sign in again.") });
const table = createEventsTable({ body: $("events-body"), empty: $("events-empty"), onOpen: openEvent });
const detail = createDetailPanel({
  dialog: $("detail"),
  api,
  getSession: () => ({ token: session.accessToken(), user: session.sessionUser() }),
  announce,
  onClose: () => table.markOpen(null),
});
const twoFactor = createTwoFactor({ api, announce, mount: $("sign-out") });
const accessReview = createAccessReview({ api, announce, mount: $("open-two-factor") });
let challenge = null;
const privacy = createPrivacyView({ api, announce, onErased: () => refresh() });
const live = createLiveView({ api, getToken: session.accessToken, announce });
const chart = createActivityChart({ canvas: $("activity-chart"), fallback: $("chart-unavailable") });

function announce(message) {
  $("status").textContent = message;
}

function setNotice(key, message) {
  if (message) notices.set(key, message);
  else notices.delete(key);
  $("notice").replaceChildren(...[...notices.values()].map((text) => el("p", {}, text)));
  $("notice").hidden = notices.size === 0;
}

/* ---------------------------------------------------------------- session */

function showSignIn(message = "") {
  $("app").hidden = true;
  $("sign-in").hidden = false;
  $("sign-in-error").textContent = message;
  $("email").focus();
}

function showApp(user) {
  $("sign-in").hidden = true;
  $("app").hidden = false;
  $("user-name").textContent = `${user.firstName} ${user.lastName}`.trim() || user.email;
  $("user-name").title = user.email;
  $("user-role").textContent = user.customRole ?? user.role;
  $("org-name").textContent = user.orgId;
  accessReview.button.hidden = !["owner", "admin", "auditor"].includes(user.customRole ?? user.role);
  twoFactor.button.hidden = false;
  refresh();
  privacy.show(user);
  live.start(user);
}

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const button = $("sign-in-button");
  if (!form.email.value || !form.password.value) {
    $("sign-in-error").textContent = "Enter your email and password.";
    return;
  }
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  $("sign-in-error").textContent = "";
  try {
    const auth = challenge
      ? await api.call("POST", "/api/auth/login/2fa", { body: { challengeToken: challenge, code: form.code.value.trim() }, auth: false })
      : await api.login(form.email.value.trim(), form.password.value);
    if (auth.twoFactorRequired) {
      challenge = auth.challengeToken;
      askForCode(form, $("sign-in-error"));
      return;
    }
    challenge = null;
    session.startSession(auth);
    form.password.value = "";
    announce(`Signed in as ${auth.user.email}.`);
    showApp(auth.user);
  } catch (error) {
    const atCode = challenge !== null;
    challenge = null;
    $("sign-in-error").textContent =
      error instanceof ApiError && error.status === 401 && atCode ? "The code was not accepted. Sign in again."
      : error instanceof ApiError && error.status === 401 ? "Email or password is incorrect."
        : error instanceof ApiError ? error.message
          : "The server cannot be reached. Try again in a moment.";
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
});

async function signOut(message = "") {
  const ended = session.endSession();
  live.stop();
  detail.close();
  for (const key of ["access", "load", "export"]) setNotice(key, null);
  state.generation += 1;
  table.render([]);
  renderTypeCounts($("type-counts"), []);
  if (ended.refreshToken && ended.token && !message) await api.revoke(ended.token, ended.refreshToken);
  announce(message || "Signed out.");
  showSignIn(message);
}

$("sign-out").addEventListener("click", () => signOut());

/* ---------------------------------------------------------------- filters */

const RANGES = {
  "24h": { hours: 24, label: "in the last 24 hours" },
  "7d": { hours: 24 * 7, label: "in the last 7 days" },
  "30d": { hours: 24 * 30, label: "in the last 30 days" },
};

function readFilters() {
  const form = $("filters");
  const range = form.range.value;
  const filters = {
    eventType: form.eventType.value || undefined,
    severity: form.severity.value || undefined,
    userId: form.userId.value.trim() || undefined,
    from: undefined,
    to: undefined,
    label: "recorded so far",
  };
  if (RANGES[range]) {
    filters.from = new Date(Date.now() - RANGES[range].hours * HOUR);
    filters.label = RANGES[range].label;
  } else if (range === "custom") {
    filters.from = form.from.value ? new Date(form.from.value) : undefined;
    filters.to = form.to.value ? new Date(form.to.value) : undefined;
    filters.label = filters.from && filters.to ? `from ${formatDateTime(filters.from)} to ${formatDateTime(filters.to)}`
      : filters.from ? `since ${formatDateTime(filters.from)}`
        : filters.to ? `before ${formatDateTime(filters.to)}` : "recorded so far";
  }
  return filters;
}

const listQuery = (f) => ({ eventType: f.eventType, severity: f.severity, userId: f.userId, from: f.from, to: f.to });

function describeFilters(f) {
  const parts = [f.eventType ? humanType(f.eventType) : "All types", f.severity ? `${f.severity} severity` : null, f.userId ? `user ${f.userId}` : null];
  return `${parts.filter(Boolean).join(" · ")} — ${f.label}`;
}

function syncCustomRange() {
  const custom = $("filter-range").value === "custom";
  for (const field of document.querySelectorAll(".custom-range")) field.hidden = !custom;
}

$("filter-range").addEventListener("change", syncCustomRange);
$("filters").addEventListener("submit", (event) => {
  event.preventDefault();
  const from = $("filter-from");
  from.setCustomValidity(from.value && $("filter-to").value && from.value >= $("filter-to").value ? "From must be before To." : "");
  if (!event.currentTarget.reportValidity()) return;
  refresh();
});
$("filters").addEventListener("reset", () => {
  // The form's own reset runs after this handler: read the filters once it has.
  setTimeout(() => {
    syncCustomRange();
    refresh();
  });
});

for (const type of EVENT_TYPES) $("filter-type").append(el("option", { value: type }, humanType(type)));

/** Offers the custom types an organisation logs next to the catalogue ones. */
function addTypeOptions(types) {
  const select = $("filter-type");
  const known = new Set([...select.options].map((option) => option.value));
  for (const type of types) if (!known.has(type)) select.append(el("option", { value: type }, humanType(type)));
}

/* ---------------------------------------------------------------- loading */

function refresh() {
  state.filters = readFilters();
  state.cursors = [undefined];
  state.page = 0;
  $("events-range").textContent = describeFilters(state.filters);
  const generation = ++state.generation;
  return Promise.all([loadPage(generation), loadActivity(generation), loadSummary(generation)]);
}

function failed(error) {
  if (error instanceof ApiError && error.status === 401) return;
  if (error instanceof ApiError && error.status === 403) {
    setNotice("access", "Your role cannot read compliance events. An owner or admin can give you the auditor role.");
  } else {
    const id = error instanceof ApiError && error.requestId ? ` (request ${error.requestId})` : "";
    setNotice("load", `Could not load data: ${error.message}${id}.`);
  }
  announce(`Could not load data: ${error.message}`);
}

async function loadPage(generation) {
  const tableWrap = $("events-body").closest("table");
  tableWrap.setAttribute("aria-busy", "true");
  try {
    const page = await api.listEvents({ ...listQuery(state.filters), limit: PAGE_SIZE, cursor: state.cursors[state.page] });
    if (generation !== state.generation) return;
    setNotice("load", null);
    setNotice("access", null);
    table.render(page.events);
    state.nextCursor = page.nextCursor;
    const first = state.page * PAGE_SIZE + 1;
    $("page-label").textContent = page.events.length ? `Events ${formatNumber(first)}–${formatNumber(first + page.events.length - 1)}` : "";
    $("page-prev").disabled = state.page === 0;
    $("page-next").disabled = !page.nextCursor;
    announce(page.events.length ? `Showing events ${first} to ${first + page.events.length - 1}.` : "No events match these filters.");
  } catch (error) {
    if (generation === state.generation) failed(error);
  } finally {
    tableWrap.removeAttribute("aria-busy");
  }
}

async function turnPage(step) {
  if (step > 0) {
    if (!state.nextCursor) return;
    state.cursors[state.page + 1] = state.nextCursor;
  }
  state.page = Math.max(0, state.page + step);
  await loadPage(state.generation);
  // Keeps keyboard users in the table after paging.
  $("events-body").querySelector("tr[tabindex='0']")?.focus();
}

$("page-next").addEventListener("click", () => turnPage(1));
$("page-prev").addEventListener("click", () => turnPage(-1));

async function loadActivity(generation) {
  $("activity-caption").textContent = "Counting events…";
  try {
    const collected = await collectEvents(api, listQuery(state.filters));
    if (generation !== state.generation) return;
    const buckets = bucketise(collected.events, state.filters);
    const coverage = describeCoverage(collected, state.filters.label);
    chart.render(buckets, chartDescription(buckets, collected.events));
    $("activity-caption").textContent = chartCaption(buckets, coverage);
    addTypeOptions(renderTypeCounts($("type-counts"), collected.events));
    $("types-caption").textContent = coverage;
  } catch (error) {
    if (generation === state.generation) {
      $("activity-caption").textContent = "";
      failed(error);
    }
  }
}

function severityNote(window) {
  const notes = ["critical", "high"].map((severity) =>
    el("span", { className: "dot" }, el("span", { className: `swatch sev-${severity}`, "aria-hidden": "true" }), `${formatNumber(window.bySeverity[severity] ?? 0)} ${severity}`));
  return notes;
}

async function loadSummary(generation) {
  try {
    const { data } = await api.summary();
    if (generation !== state.generation) return;
    for (const [key, window] of [["24h", data.events.last24Hours], ["7d", data.events.last7Days], ["30d", data.events.last30Days]]) {
      $(`kpi-${key}`).textContent = formatNumber(window.total);
      $(`kpi-${key}-note`).replaceChildren(...severityNote(window));
    }
    const { ledger } = data;
    $("ledger-size").textContent = formatNumber(ledger.treeSize);
    $("ledger-checkpoint").textContent = ledger.lastCheckpointAt ? formatAgo(ledger.lastCheckpointAt) : "none yet";
    $("ledger-checkpoint").title = ledger.lastCheckpointAt ? formatDateTime(ledger.lastCheckpointAt) : "";
    const check = ledger.selfCheck;
    const result = !check ? el("span", { className: "check" }, "Pending")
      : check.ok ? el("span", { className: "check ok", title: `Checked ${formatDateTime(check.checkedAt)}` }, `Passed · ${formatAgo(check.checkedAt)}`)
        : el("span", { className: "check bad", title: check.problem ?? "" },
          `Failed: ${check.problem ?? "mismatch"}${check.firstBadLeafIndex != null ? ` (leaf ${check.firstBadLeafIndex})` : ""}`);
    $("ledger-check").replaceChildren(result);
  } catch (error) {
    if (generation === state.generation) failed(error);
  }
}

/* ---------------------------------------------------------------- events */

function openEvent(eventId, row) {
  table.markOpen(eventId);
  detail.open(eventId, row);
}

async function exportAs(format, button) {
  const f = state.filters ?? readFilters();
  // The evidence bundle covers a time range only: it proves the whole log segment, not a filtered subset.
  const query = format === "evidence" ? { format, from: f.from, to: f.to } : { format, ...listQuery(f) };
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  announce(`Preparing the ${format.toUpperCase()} export…`);
  try {
    const { blob, filename } = await api.exportEvents(query);
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    announce(`Downloaded ${filename} (${formatBytes(blob.size)}).`);
  } catch (error) {
    announce(`Export failed: ${error.message}`);
    if (!(error instanceof ApiError && error.status === 401)) setNotice("export", `Export failed: ${error.message}`);
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

for (const button of document.querySelectorAll("[data-export]")) {
  button.addEventListener("click", () => exportAs(button.dataset.export, button));
}

/* ---------------------------------------------------------------- start */

loadSdk().then((sdk) => {
  const missing = [sdk ? null : "in-browser verification", chart.available() ? null : "charts"].filter(Boolean);
  if (missing.length) {
    setNotice("build", `Verification unavailable: this server was built without npm, so ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} unavailable. Install Node.js and npm, then rebuild the server.`);
  }
});

const restored = session.restoreSession();
if (restored) {
  api.session().then(
    (current) => {
      session.updateUser(current.user);
      showApp(current.user);
    },
    // A 401 has already signed out, with its message.
    (error) => !(error instanceof ApiError && error.status === 401) && showSignIn(),
  );
} else {
  showSignIn();
}
