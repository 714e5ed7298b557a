// The Privacy view for owners and admins: find a data subject, preview, export or erase their personal details,
// and see the retention policy, legal holds and erasure receipts.

import { el, formatDateTime, formatNumber } from "./format.js";

const $ = (id) => document.getElementById(id);
const ADMINS = ["owner", "admin"];

/** `api` is the dashboard's fetch wrapper; `onErased` refreshes the events after an erasure. */
export function createPrivacyView({ api, announce, onErased }) {
  const section = $("privacy");
  const subject = () => $("privacy-subject-id").value.trim();
  const result = (text) => { $("privacy-result").textContent = text; };

  function describe(data) {
    const verb = data.dryRun ? "would erase" : "erased";
    const held = data.heldBack.length ? `; ${formatNumber(data.heldBack.length)} held back by a legal hold` : "";
    return `${formatNumber(data.eventsMatched)} events about this subject: ${verb} ${formatNumber(data.detailsErased)} values in ${formatNumber(data.eventsErased)} events${held}.`;
  }

  function showHeld(heldBack) {
    $("privacy-held").replaceChildren(...heldBack.map((h) => el("li", {}, `${h.eventId} kept by ${h.holdId}: ${h.reason}`)));
  }

  async function erase(dryRun) {
    if (!subject()) return result("Enter a subject id.");
    try {
      const body = dryRun ? { dryRun: true } : { confirm: $("privacy-confirm").value };
      const { data } = await api.privacy("POST", `/api/compliance/subjects/${encodeURIComponent(subject())}/erase`, body);
      result(describe(data) + (data.receiptEventId ? ` Receipt ${data.receiptEventId}.` : ""));
      showHeld(data.heldBack);
      if (!dryRun) {
        $("privacy-confirm").value = "";
        $("privacy-erase").disabled = true;
        announce(`Subject data erased: ${formatNumber(data.detailsErased)} values.`);
        onErased();
        await load();
      }
    } catch (error) {
      result(error.message);
    }
  }

  async function download() {
    if (!subject()) return result("Enter a subject id.");
    try {
      const data = await api.privacy("GET", `/api/compliance/subjects/${encodeURIComponent(subject())}/export`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      el("a", { href: url, download: "mudbase-subject-export.json" }).click();
      URL.revokeObjectURL(url);
      result(`Exported ${formatNumber(data.events.length)} events.`);
    } catch (error) {
      result(error.message);
    }
  }

  async function load() {
    const [retention, holds, erasures] = await Promise.all([
      api.privacy("GET", "/api/compliance/retention"),
      api.privacy("GET", "/api/compliance/legal-holds"),
      api.privacy("GET", "/api/compliance/erasures"),
    ]);
    const days = retention.retention.retentionDays;
    $("privacy-retention-days").value = days ?? "";
    $("privacy-retention-note").textContent = days ? `Detail values are erased after ${days} days.` : "Detail values are kept.";
    $("privacy-holds").replaceChildren(...holds.holds.filter((h) => !h.releasedAt).map((h) => el("li", {},
      `${h.subjectId ?? "all subjects"}: ${h.reason} `,
      releaseButton(h.id))));
    $("privacy-receipts").replaceChildren(...erasures.erasures.map((e) => el("li", { "data-receipt": e.receiptEventId ?? "" },
      `${formatDateTime(e.erasedAt)} · ${e.scope} · ${formatNumber(e.details)} values in ${formatNumber(e.events)} events`
      + (e.heldBack ? ` · ${formatNumber(e.heldBack)} held` : "") + ` · receipt ${e.receiptEventId ?? "pending"}`)));
  }

  function releaseButton(holdId) {
    const button = el("button", { type: "button", className: "button" }, "Release");
    button.addEventListener("click", async () => {
      await api.privacy("DELETE", `/api/compliance/legal-holds/${encodeURIComponent(holdId)}`);
      await load();
    });
    return button;
  }

  $("privacy-subject").addEventListener("submit", (event) => { event.preventDefault(); erase(true); });
  $("privacy-export").addEventListener("click", download);
  $("privacy-confirm").addEventListener("input", () => { $("privacy-erase").disabled = $("privacy-confirm").value !== "DELETE"; });
  $("privacy-erase").addEventListener("click", () => erase(false));
  $("privacy-retention").addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = $("privacy-retention-days").value;
    try {
      await api.privacy("PUT", "/api/compliance/retention", { retentionDays: value ? Number(value) : null });
      await load();
    } catch (error) {
      $("privacy-retention-note").textContent = error.message;
    }
  });
  $("privacy-hold").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    try {
      await api.privacy("POST", "/api/compliance/legal-holds", { subjectId: form.subject.value.trim() || undefined, reason: form.reason.value });
      form.reset();
      await load();
    } catch (error) {
      result(error.message);
    }
  });

  return {
    /** Shows the view to owners and admins only. */
    async show(user) {
      section.hidden = !ADMINS.includes(user?.role);
      if (!section.hidden) await load().catch((error) => result(error.message));
    },
  };
}
