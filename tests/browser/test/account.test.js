// Two-factor sign-in from the account menu and the access review page, in a real browser against a real server:
// scan-and-confirm setup with recovery codes, the review's members and findings and its CSV download, and signing
// in again with a code.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { totp } from "../../../sdk/js/test-support/totp.js";
import { launchBrowser } from "../support/browser.js";
import { registerOwner, startServer } from "../support/server.js";

describe("account security and access review", () => {
  let server;
  let owner;
  let browser;
  let page;
  let secret;
  const problems = [];

  before(async () => {
    server = await startServer();
    owner = await registerOwner(server.url);
    // An admin joins, so the review has a privileged member without two-factor sign-in to report.
    const invite = await fetch(`${server.url}/api/org/invites`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ email: `admin+${Date.now()}@northwind.dev`, role: "admin" }),
    });
    const { token } = await invite.json();
    const accepted = await fetch(`${server.url}/api/auth/accept-invite`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token, password: "correct horse battery", firstName: "Riley", lastName: "Park" }),
    });
    assert.equal(accepted.status, 201);
    browser = await launchBrowser();
    page = browser.page;
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => message.type() === "error" && !/401|403/.test(message.text()) && problems.push(message.text()));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn() {
    await page.goto(`${server.url}/`);
    await page.fill("#email", owner.email);
    await page.fill("#password", owner.password);
    await page.click("#sign-in-button");
  }

  test("two-factor sign-in is set up from the account menu by scanning a QR code and confirming a code", async () => {
    await signIn();
    await page.locator("#app").waitFor({ state: "visible" });
    await page.click("#open-two-factor");
    await page.waitForFunction(() => document.querySelector("#two-factor-status").textContent.startsWith("Off"));
    await page.click("#two-factor-setup");
    await page.locator("#two-factor-qr").waitFor({ state: "visible" });
    assert.match(await page.getAttribute("#two-factor-qr", "src"), /^data:image\/png;base64,/);
    assert.ok(await page.evaluate(() => document.querySelector("#two-factor-qr").naturalWidth > 0), "the QR code renders");
    secret = (await page.textContent("#two-factor-secret")).replaceAll(" ", "");

    await page.fill("#two-factor-code", "000000" === totp(secret) ? "111111" : "000000");
    await page.click("#two-factor-confirm button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#two-factor-error").textContent.includes("not right"));
    assert.equal(await page.locator("#app").isVisible(), true, "a wrong code does not end the session");

    await page.fill("#two-factor-code", totp(secret));
    await page.click("#two-factor-confirm button[type=submit]");
    await page.locator("#two-factor-recovery-section").waitFor({ state: "visible" });
    assert.equal(await page.locator("#two-factor-recovery li").count(), 10);
    await page.waitForFunction(() => document.querySelector("#two-factor-status").textContent.startsWith("On since"));
    await page.keyboard.press("Escape");
  });

  test("the access review lists the members with their two-factor status and the findings, and downloads as CSV", async () => {
    await page.click("#open-access-review");
    await page.waitForFunction(() => document.querySelectorAll("#review-users tr").length === 2);
    const ownerRow = page.locator("#review-users tr", { hasText: owner.email });
    assert.match(await ownerRow.textContent(), /owner.*active.*on/);
    const findings = await page.locator("#review-findings li").allTextContents();
    assert.equal(findings.filter((f) => f.includes("admin without two-factor sign-in")).length, 1);
    assert.match(await page.textContent("#review-summary"), /two-factor coverage 50%/);

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#review-csv")]);
    assert.match(download.suggestedFilename(), /^access-review-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), "utf8");
    assert.ok(csv.startsWith("type,id,name,email,role,status"));
    assert.equal(csv.split("\r\n").filter((line) => line.startsWith("user,")).length, 2);
    await page.keyboard.press("Escape");
  });

  test("signing in again asks for a code after the password", async () => {
    await page.click("#sign-out");
    await signIn();
    await page.locator("#sign-in-code").waitFor({ state: "visible" });
    assert.equal(await page.locator("#app").isVisible(), false);
    await page.fill("#sign-in-code", totp(secret, Date.now() + 30_000));
    await page.click("#sign-in-button");
    await page.locator("#app").waitFor({ state: "visible" });
    assert.deepEqual(problems, []);
  });
});
