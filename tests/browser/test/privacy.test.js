// The dashboard's Privacy view in a real browser against a real server: preview, erase with typed confirmation,
// the receipt listed, the erased fields shown as erased in the event panel, and in-browser verification still Verified.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "../support/browser.js";
import { registerOwner, seedEvents, startServer } from "../support/server.js";

const artifacts = join(dirname(fileURLToPath(import.meta.url)), "../artifacts");
const SUBJECT = "usr_privacy_subject";
const SEED = [
  { eventType: "unauthorized_access_attempt", severity: "high", details: { userId: SUBJECT, ipAddress: "203.0.113.9", userAgent: "Firefox", resource: "payroll" } },
  { eventType: "bulk_data_export", severity: "medium", details: { userId: SUBJECT, ipAddress: "203.0.113.9", resource: "payroll" } },
  { eventType: "bulk_data_export", severity: "low", details: { userId: "usr_someone_else", resource: "payroll" } },
];

describe("privacy view", () => {
  let server;
  let owner;
  let eventIds;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startServer();
    owner = await registerOwner(server.url);
    eventIds = await seedEvents(server.url, owner.token, SEED);
    browser = await launchBrowser();
    page = browser.page;
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("an owner previews and erases a subject, and the erased event still verifies in the browser", async () => {
    await page.goto(`${server.url}/`);
    await page.fill("#email", owner.email);
    await page.fill("#password", owner.password);
    await page.click("#sign-in-button");
    await page.locator("#privacy").waitFor({ state: "visible" });

    await page.fill("#privacy-subject-id", SUBJECT);
    await page.click("#privacy-preview");
    await page.waitForFunction(() => document.querySelector("#privacy-result").textContent.includes("would erase"));
    assert.match(await page.textContent("#privacy-result"), /2 events about this subject: would erase 5 values in 2 events/);
    assert.equal(await page.locator("#privacy-erase").isDisabled(), true, "erasing needs the typed confirmation");

    await page.fill("#privacy-confirm", "DELETE");
    await page.click("#privacy-erase");
    await page.waitForFunction(() => document.querySelector("#privacy-result").textContent.includes("Receipt"));
    assert.match(await page.textContent("#privacy-result"), /erased 5 values in 2 events/);
    await page.waitForFunction(() => document.querySelectorAll("#privacy-receipts li").length === 1);
    assert.match(await page.textContent("#privacy-receipts"), /subject · 5 values in 2 events · receipt evt_/);
    await page.screenshot({ path: join(artifacts, "privacy.png") });

    await page.locator(`#events-body tr[data-event-id="${eventIds[0]}"]`).click();
    await page.locator("#detail").waitFor({ state: "visible" });
    await page.waitForFunction(() => !document.querySelector("#verification").classList.contains("pending"), null, { timeout: 20_000 });
    assert.equal((await page.textContent("#verification-title")).trim(), "Verified in your browser");
    const detailText = await page.textContent("#detail");
    assert.match(detailText, /erased \(GDPR\)/);
    assert.doesNotMatch(detailText, /203\.0\.113\.9/);
    assert.match(detailText, /payroll/);
    await page.screenshot({ path: join(artifacts, "privacy-erased-event.png") });
    assert.deepEqual(problems, []);
  });
});
