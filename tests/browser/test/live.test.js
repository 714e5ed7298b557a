// The dashboard's Live view in a real browser against a real server: new events appear without a reload, the pause
// control holds them back until resumed, and the rules' detections are listed as they are recorded.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "../support/browser.js";
import { registerOwner, seedEvents, startServer } from "../support/server.js";

const artifacts = join(dirname(fileURLToPath(import.meta.url)), "../artifacts");

describe("live view", () => {
  let server;
  let owner;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startServer({ env: { Mudbase__Rules__Evaluate: "true" } });
    owner = await registerOwner(server.url);
    await seedEvents(server.url, owner.token, [{ eventType: "vault_unsealed", severity: "low" }]);
    browser = await launchBrowser();
    page = browser.page;
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${server.url}/`);
    await page.fill("#email", owner.email);
    await page.fill("#password", owner.password);
    await page.click("#sign-in-button");
    await page.locator("#live").waitFor({ state: "visible" });
    await page.waitForFunction(() => document.querySelector("#live-status").textContent === "Live");
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shownSequences = () => page.$$eval("#live-list li", (rows) => rows.map((row) => Number(row.dataset.sequence)));

  test("a new event appears live, and paused events wait until resumed", async () => {
    assert.deepEqual(await shownSequences(), [], "events recorded before sign-in are not repeated");
    await seedEvents(server.url, owner.token, [{ eventType: "private_key_export", severity: "high" }]);
    await page.waitForFunction(() => document.querySelectorAll("#live-list li").length === 1);
    assert.match(await page.textContent("#live-list"), /#2.*Private key export/s);

    await page.click("#live-toggle");
    assert.equal(await page.getAttribute("#live-toggle", "aria-pressed"), "true");
    await seedEvents(server.url, owner.token, [
      { eventType: "vault_unsealed", severity: "medium" },
      { eventType: "vault_unsealed", severity: "low" },
    ]);
    await page.waitForFunction(() => document.querySelector("#live-status").textContent === "Paused — 2 new events waiting");
    assert.deepEqual(await shownSequences(), [2], "nothing is added while paused");

    await page.click("#live-toggle");
    await page.waitForFunction(() => document.querySelectorAll("#live-list li").length === 3);
    assert.deepEqual(await shownSequences(), [4, 3, 2]);
    assert.equal(await page.textContent("#live-status"), "Live");
    assert.deepEqual(problems, []);
  });

  test("a rule's detection is listed with the rule and the events that triggered it", async () => {
    await seedEvents(server.url, owner.token, [{ eventType: "admin_privilege_escalation", severity: "high", details: { userId: "usr_escalated" } }]);
    await page.waitForFunction(() => document.querySelectorAll("#detections-list li").length === 1, null, { timeout: 20_000 });
    const text = await page.textContent("#detections-list");
    assert.match(text, /Admin privilege escalation/);
    assert.match(text, /userId usr_escalated/);
    assert.match(text, /events #5/);
    assert.equal(await page.locator("#detections-list-empty").isHidden(), true);
    await page.screenshot({ path: join(artifacts, "live.png") });

    await page.reload();
    await page.locator("#live").waitFor({ state: "visible" });
    await page.waitForFunction(() => document.querySelectorAll("#detections-list li").length === 1);
    assert.match(await page.textContent("#detections-list"), /Admin privilege escalation/);
    assert.deepEqual(problems, []);
  });
});
