// The event detail panel: a modal side panel (Escape closes it and focus returns to the row) showing every field and
// detail of the event, and the outcome of verifying it in this browser.

import { el, formatDateTime, formatNumber, humanType, severityBadge } from "./format.js";
import { verifyInBrowser } from "./verification.js";

export function createDetailPanel({ dialog, api, getSession, announce, onClose }) {
  const $ = (id) => dialog.querySelector(`#${id}`);
  const fields = $("detail-fields");
  const details = $("detail-details");
  const ledger = $("detail-ledger");
  const badge = $("verification");
  let openId = null;
  let returnFocus = null;

  $("detail-close").addEventListener("click", () => dialog.close());
  // A click on the backdrop lands on the dialog element itself, outside its box.
  dialog.addEventListener("click", (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });
  dialog.addEventListener("close", () => {
    openId = null;
    onClose?.();
    if (returnFocus?.isConnected) returnFocus.focus();
  });

  function verification(state, title, note) {
    badge.className = `verification ${state}`;
    $("verification-title").textContent = title;
    $("verification-note").textContent = note ?? "";
  }

  function list(target, entries) {
    target.replaceChildren(...entries.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value ?? "—")]));
  }

  function renderEvent(event) {
    $("detail-title").textContent = humanType(event.eventType);
    list(fields, [
      ["Event ID", event.eventId],
      ["Type", event.eventType],
      ["Severity", severityBadge(event.severity)],
      ["Recorded", el("time", { datetime: event.recordedAt, title: event.recordedAt }, `${formatDateTime(event.recordedAt)} (${event.recordedAt})`)],
      ["Actor", event.actor],
      ["Source address", event.sourceIp ?? "unknown"],
    ]);
    const erased = event.erasedFields ?? [];
    const entries = Object.entries(event.details ?? {}).map(([key, value]) => [key, String(value)]);
    for (const key of erased) entries.push([key, el("span", { className: "erased" }, "erased (GDPR); its commitment stays in the ledger")]);
    if (entries.length === 0) entries.push(["—", el("span", { className: "muted" }, "This event has no details.")]);
    list(details, entries);
    list(ledger, [
      ["Sequence", formatNumber(event.sequence)],
      ["Leaf index", formatNumber(event.leafIndex)],
      ["Leaf hash", event.leafHash],
    ]);
  }

  function renderOutcome(event, outcome) {
    if (outcome.state === "verified") {
      const { result, key } = outcome;
      verification("ok", "Verified in your browser",
        `Leaf ${formatNumber(result.leafIndex)} is in the tree of ${formatNumber(result.treeSize)} events of your organisation's log that ${key.keyName} signed (Ed25519, checked here with WebCrypto), and every detail matches its commitment.`);
      ledger.append(
        el("dt", {}, "Tree size"), el("dd", {}, formatNumber(result.treeSize)),
        el("dt", {}, "Root (recomputed)"), el("dd", {}, result.rootHash),
        el("dt", {}, "Log origin"), el("dd", {}, outcome.origin),
        el("dt", {}, "Verifier key"), el("dd", {}, key.verifierKey),
      );
      announce(`Event ${event.eventId} verified in your browser.`);
    } else if (outcome.state === "unavailable") {
      verification("unavailable", "Verification unavailable", outcome.reason);
      announce("Verification unavailable.");
    } else {
      verification("failed", `Verification failed: ${outcome.reason}`,
        "What the server sent does not prove this event is in the signed ledger. Export an evidence bundle and run mudbase verify to investigate.");
      announce(`Verification failed: ${outcome.reason}`);
    }
  }

  return {
    async open(eventId, trigger) {
      openId = eventId;
      returnFocus = trigger ?? document.activeElement;
      $("detail-id").textContent = eventId;
      $("detail-title").textContent = "Loading…";
      for (const target of [fields, details, ledger]) target.replaceChildren();
      verification("pending", "Verifying…", "Checking the proof and the signed checkpoint in your browser.");
      if (!dialog.open) dialog.showModal();

      const { token, user } = getSession();
      const verifying = verifyInBrowser(eventId, { token, orgId: user?.orgId });
      let event;
      try {
        event = (await api.getEvent(eventId)).event;
      } catch (error) {
        if (openId !== eventId) return;
        $("detail-title").textContent = "Event unavailable";
        list(fields, [["Error", error.message]]);
      }
      if (openId !== eventId) return;
      if (event) renderEvent(event);
      const outcome = await verifying;
      if (openId !== eventId) return;
      renderOutcome(event ?? { eventId }, outcome);
    },
    close: () => dialog.open && dialog.close(),
  };
}
