// The API reference at /docs in a real browser: it renders, loads nothing from any host but the server (no web
// fonts, no CDN, no telemetry) and breaks no rule of its Content-Security-Policy beyond the eval() it is refused.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { launchBrowser } from "../support/browser.js";
import { startServer } from "../support/server.js";

describe("API reference", () => {
  let server;
  let browser;
  const requests = [];
  const problems = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    browser.page.on("request", (request) => requests.push(request.url()));
    browser.page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
    browser.page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await browser.page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("renders the operations and requests nothing from another host", async () => {
    const response = await browser.page.goto(`${server.url}/docs/`, { waitUntil: "networkidle" });
    assert.match(response.headers()["content-security-policy"], /default-src 'self'/);
    await browser.page.getByText("Mudbase compliance API").first().waitFor({ timeout: 30_000 });
    await browser.page.waitForLoadState("networkidle");

    const elsewhere = requests.filter((url) => !url.startsWith(`${server.url}/`) && !url.startsWith("blob:") && !url.startsWith("data:"));
    assert.deepEqual(elsewhere, []);
    // Scalar's bundle probes eval(); the policy refuses it on purpose and the reference works without it.
    assert.deepEqual(problems.filter((problem) => problem !== "console: CSP violation: script-src eval"), []);
  });
});
