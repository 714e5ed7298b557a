// The access review page (SOC 2 CC6.2/CC6.3): who had access during a period, their roles and two-factor status,
// the findings a reviewer acts on, and the same report as CSV.

import { el, formatDateTime } from "./format.js";

const DAY = 86_400_000;

export function createAccessReview({ api, announce, mount }) {
  const from = el("input", { id: "review-from", type: "date", "aria-label": "Review period start" });
  const to = el("input", { id: "review-to", type: "date", "aria-label": "Review period end" });
  const summary = el("p", { id: "review-summary", className: "muted" });
  const users = el("tbody", { id: "review-users" });
  const findings = el("ul", { id: "review-findings", className: "findings" });
  const error = el("p", { id: "review-error", className: "form-error", role: "alert" });
  const form = el("form", { id: "review-form", className: "review-form" },
    el("label", { for: "review-from" }, "From"), from, el("label", { for: "review-to" }, "To"), to,
    el("button", { type: "submit", className: "button primary", text: "Generate" }),
    el("button", { id: "review-csv", type: "button", className: "button", text: "Download CSV" }));
  const close = el("button", { type: "button", className: "button quiet icon", "aria-label": "Close access review", text: "✕" });
  const dialog = el("dialog", { id: "access-review", className: "drawer wide", "aria-labelledby": "access-review-title" },
    el("div", { className: "drawer-head" }, el("h2", { id: "access-review-title" }, "Access review"), close),
    form, error, summary,
    el("section", {}, el("h3", {}, "Members"),
      el("table", { className: "review-table" },
        el("thead", {}, el("tr", {}, ...["Member", "Role", "Status", "Last sign-in", "Two-factor", "Role changes"].map((h) => el("th", { scope: "col" }, h)))),
        users)),
    el("section", {}, el("h3", {}, "Findings"), findings));
  const open = el("button", { id: "open-access-review", type: "button", className: "button quiet", text: "Access review" });
  mount.before(open);
  document.body.append(dialog);

  const period = () => ({
    start: new Date(`${from.value}T00:00:00Z`).toISOString(),
    end: new Date(new Date(`${to.value}T00:00:00Z`).getTime() + DAY - 1).toISOString(),
  });

  async function generate() {
    error.textContent = "";
    try {
      const { report } = await api.call("POST", "/api/compliance/access-review", { body: { reviewPeriod: period() } });
      const s = report.summary;
      summary.textContent = `${s.activeMembers} active and ${s.removedMembers} removed members, ${s.activeApiKeys} active API keys, ` +
        `two-factor coverage ${s.twoFactorCoveragePercent}%, ${report.findings.length} findings.`;
      users.replaceChildren(...report.users.map((u) => el("tr", { "data-user-id": u.userId },
        el("td", {}, u.email ?? u.userId), el("td", {}, u.role ?? "—"), el("td", {}, u.status),
        el("td", {}, formatDateTime(u.lastSignInAt)), el("td", {}, u.twoFactorEnabled ? "on" : "off"),
        el("td", {}, u.roleChanges.map((c) => `${c.from ?? "joined"} → ${c.to ?? "removed"}`).join(", ") || "—"))));
      findings.replaceChildren(...report.findings.map((f) => el("li", { "data-finding-id": f.id, className: `finding ${f.severity}` },
        el("strong", {}, f.reason), el("span", { className: "muted" }, ` — ${f.recommendation}`))));
      if (report.findings.length === 0) findings.replaceChildren(el("li", {}, "No findings."));
      announce(`Access review generated: ${report.findings.length} findings.`);
    } catch (e) {
      error.textContent = e.message;
    }
  }

  open.addEventListener("click", () => {
    if (!to.value) {
      const now = Date.now();
      to.value = new Date(now).toISOString().slice(0, 10);
      from.value = new Date(now - 90 * DAY).toISOString().slice(0, 10);
    }
    dialog.showModal();
    generate();
  });
  close.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    generate();
  });
  form.querySelector("#review-csv").addEventListener("click", async () => {
    try {
      const response = await api.raw("POST", "/api/compliance/access-review", { query: { format: "csv" }, body: { reviewPeriod: period() }, accept: "text/csv" });
      const url = URL.createObjectURL(await response.blob());
      const link = el("a", { href: url, download: `access-review-${from.value}-${to.value}.csv`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return { button: open };
}
