// The dashboard in a real browser against a real server: sign-in, the events table and its filters, paging, the
// detail panel's in-browser verification (and its failure on a tampered proof), CSV export, sign-out, and that the
// page talks to no host but the server.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "../support/browser.js";
import { registerOwner, seedEvents, startServer } from "../support/server.js";

const artifacts = join(dirname(fileURLToPath(import.meta.url)), "../artifacts");
const SEVERITIES = ["low", "medium", "high", "critical"];
const TYPES = ["unauthorized_access_attempt", "brute_force_attempt", "bulk_data_export", "mfa_bypass_attempt", "admin_privilege_escalation"];
// 30 events: more than one 25-row page, every severity and type, four users.
const SEED = Array.from({ length: 30 }, (_, i) => ({
  eventType: TYPES[i % TYPES.length],
  severity: SEVERITIES[(i * 7) % 4],
  details: { userId: `usr_seed${i % 4}`, resource: `invoice-${i}`, ipAddress: `2667 Beryl Passage ${i}`, action: "export", attempt: i },
}));
const CRITICAL = SEED.filter((event) => event.severity === "critical").length;

describe("dashboard", () => {
  let server;
  let owner;
  let eventIds;
  let browser;
  let page;
  const requests = [];
  const problems = [];

  const rows = () => page.locator("#events-body tr");
  const rowCount = (count) => page.waitForFunction((n) => document.querySelectorAll("#events-body tr").length === n, count);
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });

  async function openEvent(eventId) {
    await page.locator(`#events-body tr[data-event-id="${eventId}"]`).click();
    await page.locator("#detail").waitFor({ state: "visible" });
    await page.waitForFunction(() => !document.querySelector("#verification").classList.contains("pending"), null, { timeout: 20_000 });
    return (await page.locator("#verification-title").textContent()).trim();
  }

  async function closeEvent() {
    await page.keyboard.press("Escape");
    await page.locator("#detail").waitFor({ state: "hidden" });
  }

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startServer();
    owner = await registerOwner(server.url);
    eventIds = await seedEvents(server.url, owner.token, SEED);
    browser = await launchBrowser();
    page = browser.page;
    page.on("request", (request) => requests.push(request.url()));
    page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("the dashboard is served with a strict content security policy and API 404s stay problem+json", async () => {
    const index = await fetch(`${server.url}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get("content-type"), /^text\/html/);
    assert.match(index.headers.get("content-security-policy"), /default-src 'self'/);
    const chart = await fetch(`${server.url}/lib/chart.umd.js`);
    assert.equal(chart.status, 200, "Chart.js is built into wwwroot/lib");
    const sdk = await fetch(`${server.url}/lib/mudbase/index.js`);
    assert.equal(sdk.status, 200, "the SDK is built into wwwroot/lib");
    const missing = await fetch(`${server.url}/api/no-such-endpoint`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get("content-type"), /^application\/problem\+json/);
    assert.equal((await missing.json()).code, "NOT_FOUND");
  });

  test("signing in shows the seeded events, the ledger and the chart, and survives a reload", async () => {
    await page.goto(`${server.url}/`);
    await page.locator("#email").waitFor();
    await shot("sign-in");
    await page.fill("#email", owner.email);
    await page.fill("#password", "not the password");
    await page.click("#sign-in-button");
    await page.waitForFunction(() => document.querySelector("#sign-in-error").textContent.includes("incorrect"));

    await page.fill("#password", owner.password);
    await page.click("#sign-in-button");
    await rowCount(25);
    const newest = eventIds[eventIds.length - 1];
    assert.equal(await rows().first().getAttribute("data-event-id"), newest);
    assert.match(await rows().first().textContent(), /invoice-29/);
    await page.waitForFunction(() => document.querySelector("#ledger-size").textContent === "30");
    assert.equal((await page.textContent("#kpi-24h")).trim(), "30");
    await page.waitForFunction(() => document.querySelector("#activity-caption").textContent.startsWith("Events per"));
    assert.match(await page.textContent("#activity-caption"), /All 30 matching events/);
    assert.equal(await page.locator("#activity-chart").isVisible(), true);
    assert.equal(await page.locator("#notice").isVisible(), false, "no build warning: the SDK and Chart.js are present");
    await shot("dashboard");

    await page.reload();
    await rowCount(25);
    assert.equal(await page.locator("#app").isVisible(), true, "the session is kept in sessionStorage");
  });

  test("next and previous page through the events with the server's cursor", async () => {
    await page.click("#page-next");
    await rowCount(5);
    assert.equal(await rows().last().getAttribute("data-event-id"), eventIds[0]);
    assert.equal(await page.textContent("#page-label"), "Events 26–30");
    assert.equal(await page.locator("#page-next").isDisabled(), true);
    await page.click("#page-prev");
    await rowCount(25);
    assert.equal(await page.locator("#page-prev").isDisabled(), true);
  });

  test("filtering by severity shows only those events", async () => {
    await page.selectOption("#filter-severity", "critical");
    await page.click("#filters button[type=submit]");
    await rowCount(CRITICAL);
    const severities = await page.locator("#events-body .severity").allTextContents();
    assert.deepEqual([...new Set(severities)], ["critical"]);
    await page.waitForFunction((n) => document.querySelector("#types-caption").textContent.includes(`All ${n} matching`), CRITICAL);
    await shot("filtered-critical");

    await page.click("#filters button[type=reset]");
    await rowCount(25);
  });

  test("an event opened from the keyboard is verified in the browser, and Escape closes it", async () => {
    await rows().first().focus();
    await page.keyboard.press("ArrowDown");
    const focused = await page.evaluate(() => document.activeElement.dataset.eventId);
    assert.equal(focused, eventIds[eventIds.length - 2]);
    await page.keyboard.press("Enter");
    await page.locator("#detail").waitFor({ state: "visible" });
    await page.waitForFunction(() => document.querySelector("#verification").classList.contains("ok"), null, { timeout: 20_000 });
    assert.equal((await page.textContent("#verification-title")).trim(), "Verified in your browser");
    const details = await page.textContent("#detail-details");
    assert.match(details, /invoice-28/);
    assert.match(details, /2667 Beryl Passage 28/);
    await shot("detail-verified");

    await closeEvent();
    assert.equal(await page.evaluate(() => document.activeElement.dataset.eventId), focused, "focus returns to the row");
  });

  test("verification fails when an audit path element of the proof is altered", async () => {
    const target = eventIds[eventIds.length - 1];
    await page.route("**/api/compliance/security-events/*/proof**", async (route) => {
      const response = await route.fetch();
      const proof = await response.json();
      assert.ok(proof.auditPath.length > 0);
      const node = Buffer.from(proof.auditPath[0], "base64");
      node[0] ^= 0x01;
      proof.auditPath[0] = node.toString("base64");
      await route.fulfill({ response, json: proof });
    });
    try {
      const title = await openEvent(target);
      assert.match(title, /^Verification failed: /);
      assert.equal(await page.locator("#verification.failed").isVisible(), true);
      await shot("detail-tampered-path");
      await closeEvent();
    } finally {
      await page.unrouteAll();
    }
  });

  test("verification fails when a detail value in the proof is altered", async () => {
    const target = eventIds[eventIds.length - 3];
    await page.route("**/api/compliance/security-events/*/proof**", async (route) => {
      const response = await route.fetch();
      const proof = await response.json();
      proof.leaf.details.resource.value = "invoice-forged";
      await route.fulfill({ response, json: proof });
    });
    try {
      const title = await openEvent(target);
      assert.match(title, /^Verification failed: .*resource/);
      await closeEvent();
    } finally {
      await page.unrouteAll();
    }
    assert.equal(await openEvent(target), "Verified in your browser", "the untouched proof still verifies");
    await closeEvent();
  });

  test("the CSV export downloads the matching events with the session's credentials", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-export=csv]")]);
    assert.match(download.suggestedFilename(), /^mudbase-org_\w+-\d{8}T\d{6}Z\.csv$/);
    const csv = readFileSync(await download.path(), "utf8");
    const lines = csv.trim().split("\r\n");
    assert.match(lines[0], /^eventId,sequence,recordedAt,eventType,severity,actor/);
    assert.equal(lines.length, 1 + SEED.length);
    for (const id of eventIds) assert.ok(csv.includes(id), `${id} is exported`);
    assert.ok(lines.some((line) => line.includes("invoice-7") && line.includes("usr_seed3")));
    await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Downloaded"));
  });

  test("served without the SDK and Chart.js (a build without npm), the dashboard works and says verification is unavailable", async () => {
    const bare = await browser.context.newPage();
    bare.on("request", (request) => requests.push(request.url()));
    await bare.route("**/lib/**", (route) => route.fulfill({ status: 404, contentType: "application/problem+json", body: "{}" }));
    try {
      await bare.goto(`${server.url}/`);
      await bare.fill("#email", owner.email);
      await bare.fill("#password", owner.password);
      await bare.click("#sign-in-button");
      await bare.waitForFunction(() => document.querySelectorAll("#events-body tr").length === 25);
      await bare.locator("#notice").waitFor({ state: "visible" });
      assert.match(await bare.textContent("#notice"), /^Verification unavailable: .*in-browser verification and charts are unavailable/);
      assert.match(await bare.textContent("#chart-unavailable"), /Chart unavailable/);
      await bare.waitForFunction(() => document.querySelector("#types-caption").textContent.includes("All 30 matching"));

      await bare.locator("#events-body tr").first().click();
      await bare.waitForFunction(() => document.querySelector("#verification").classList.contains("unavailable"));
      assert.equal((await bare.textContent("#verification-title")).trim(), "Verification unavailable");
      await bare.screenshot({ path: join(artifacts, "without-npm.png") });
    } finally {
      await bare.close();
    }
  });

  test("signing out ends the session", async () => {
    await page.click("#sign-out");
    await page.locator("#sign-in").waitFor({ state: "visible" });
    assert.equal(await page.evaluate(() => sessionStorage.getItem("mudbase.session")), null);
    assert.equal(await rows().count(), 0, "no event stays in the page");
    await page.reload();
    await page.locator("#sign-in").waitFor({ state: "visible" });
    assert.equal(await page.locator("#app").isVisible(), false);
  });

  test("the page requested nothing from any other host and logged no errors", () => {
    assert.ok(requests.length > 10, "requests were recorded");
    const elsewhere = requests.filter((url) => !url.startsWith(`${server.url}/`) && !url.startsWith("blob:") && !url.startsWith("data:"));
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(problems.filter((p) => !/status of 401/.test(p)), []);
  });
});
