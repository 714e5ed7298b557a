// client.account and client.reports against a real server: two-factor sign-in, password change, reports.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { MudbaseApiError, MudbaseClient, MudbaseTwoFactorRequiredError } from "mudbase";
import { newAccount, startServer } from "../test-support/server.js";
import { totp } from "../test-support/totp.js";

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

test("with two-factor sign-in, login rejects with a challenge that completeLogin finishes with a code", async () => {
  const account = newAccount();
  const client = new MudbaseClient({ baseUrl: server.url });
  await client.auth.register(account);
  const setup = await client.account.setupTwoFactor();
  assert.match(setup.qrCode, /^data:image\/png;base64,/);
  const verified = await client.account.verifyTwoFactor(totp(setup.secret));
  assert.equal(verified.backupCodes.length, 10);

  const other = new MudbaseClient({ baseUrl: server.url });
  const started = await other.auth.login({ email: account.email, password: account.password }).then(assert.fail, (e) => e);
  assert.ok(started instanceof MudbaseTwoFactorRequiredError);
  assert.equal(other.jwt, null);
  const wrong = await other.auth.completeLogin(started.challengeToken, "abcdef").then(assert.fail, (e) => e);
  assert.ok(wrong instanceof MudbaseApiError);
  assert.equal(wrong.status, 401);
  const signedIn = await other.auth.completeLogin(started.challengeToken, totp(setup.secret, Date.now() + 30_000));
  assert.equal(other.jwt, signedIn.token);
  assert.equal((await other.account.twoFactorStatus()).enabled, true);
});

test("changePassword switches the client to its new token and the old refresh token stops working", async () => {
  const account = newAccount();
  const client = new MudbaseClient({ baseUrl: server.url });
  const registered = await client.auth.register(account);

  const changed = await client.account.changePassword({ currentPassword: account.password, newPassword: "another long passphrase" });

  assert.equal(client.jwt, changed.token);
  const stale = await new MudbaseClient({ baseUrl: server.url }).auth.refresh(registered.refreshToken).then(assert.fail, (e) => e);
  assert.equal(stale.status, 401);
  const profile = await client.account.updateProfile({ firstName: "Grace" });
  assert.equal(profile.user.firstName, "Grace");
});

test("reports: the access review names the owner without two-factor sign-in, and the sign-off is a ledger event", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  const { user } = await client.auth.register(newAccount());
  const reviewPeriod = { start: new Date(Date.now() - 86_400_000).toISOString(), end: new Date(Date.now() + 60_000).toISOString() };

  const report = await client.reports.accessReview(reviewPeriod);
  assert.deepEqual(report.findings.map((f) => f.id), [`privileged_without_mfa:${user.id}`]);
  const signOff = await client.reports.signOffAccessReview(reviewPeriod, [{ findingId: report.findings[0].id, decision: "revoke" }]);
  assert.equal(signOff.revoked, 1);
  const recorded = await client.compliance.getSecurityEvent(signOff.eventId);
  assert.equal(recorded.event.eventType, "access_review_signed_off");

  await client.reports.setProcessingProfile({ dataProtectionOfficer: { name: "Dana Ortiz", email: "dpo@example.test" } });
  const record = await client.reports.dataProcessingRecord();
  assert.equal(record.dataProtectionOfficer.name, "Dana Ortiz");
  const bad = await client.reports.accessReview({ start: reviewPeriod.end, end: reviewPeriod.start }).then(assert.fail, (e) => e);
  assert.equal(bad.code, "VALIDATION_ERROR");
});
