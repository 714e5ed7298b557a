// Formatting and DOM helpers shared by the dashboard's views.

// The catalogues come from the server, which keeps the one list of each.
import { SEVERITIES } from "./catalogue.js";

export { EVENT_TYPES, SEVERITIES } from "./catalogue.js";

/** Creates an element; text children are inserted as text, never as HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const shortDateTime = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
const numbers = new Intl.NumberFormat();

export const formatNumber = (value) => numbers.format(value);
export const formatDateTime = (iso) => (iso ? dateTime.format(new Date(iso)) : "—");
export const formatShortTime = (iso) => (iso ? shortDateTime.format(new Date(iso)) : "—");

/** "3 min ago", "2 h ago", or the date for anything older than a day. */
export function formatAgo(iso, now = Date.now()) {
  if (!iso) return "—";
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return "just now";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return formatDateTime(iso);
}

const ACRONYMS = new Set(["api", "mfa", "ip", "sso", "gdpr", "pii", "ssh", "tls", "vpn"]);

/** `mfa_bypass_attempt` → "MFA bypass attempt". */
export function humanType(type) {
  const words = String(type).split("_").map((word) => (ACRONYMS.has(word) ? word.toUpperCase() : word));
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function severityBadge(severity) {
  const known = SEVERITIES.includes(severity) ? severity : "low";
  return el("span", { className: `severity ${known}` }, severity);
}

/** The local offset as "UTC+01:00", so captions say which clock the buckets follow. */
export function utcOffsetLabel(date = new Date()) {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "−";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
