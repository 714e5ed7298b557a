// client.privacy against a real server: subject export and erasure with holds, retention, and the account holder's rights.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { MudbaseApiError, MudbaseClient } from "mudbase";
import { newAccount, startServer } from "../test-support/server.js";

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

test("a subject is exported, held, previewed, erased and the policy set through client.privacy", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  await client.auth.register(newAccount());
  const subject = `usr_js_${Date.now()}`;
  const { eventId } = await client.compliance.logSecurityEvent({
    eventType: "unauthorized_access_attempt",
    severity: "high",
    details: { userId: subject, ipAddress: "198.51.100.4", userAgent: "curl/8", resource: "billing" },
  });

  const exported = await client.privacy.exportSubject(subject);
  assert.deepEqual(exported.events.map((e) => e.eventId), [eventId]);

  const hold = await client.privacy.placeLegalHold({ subjectId: subject, reason: "Litigation" });
  const held = await client.privacy.eraseSubject(subject);
  assert.equal(held.eventsErased, 0);
  assert.deepEqual(held.heldBack.map((h) => [h.eventId, h.holdId, h.reason]), [[eventId, hold.id, "Litigation"]]);
  assert.ok((await client.privacy.releaseLegalHold(hold.id)).releasedAt);
  assert.ok((await client.privacy.listLegalHolds()).some((h) => h.id === hold.id));

  const preview = await client.privacy.eraseSubject(subject, { dryRun: true });
  assert.equal(preview.dryRun, true);
  assert.equal(preview.detailsErased, 3);
  const erased = await client.privacy.eraseSubject(subject);
  assert.equal(erased.eventsErased, 1);
  assert.match(erased.receiptEventId, /^evt_/);
  assert.ok((await client.privacy.listErasures()).some((e) => e.receiptEventId === erased.receiptEventId));
  const read = await client.compliance.getSecurityEvent(eventId);
  assert.deepEqual([...read.event.erasedFields].sort(), ["ipAddress", "userAgent", "userId"]);
  assert.equal(read.event.details.resource, "billing");

  const policy = await client.privacy.setRetention({ retentionDays: 400, personalKeys: ["email"] });
  assert.equal(policy.retentionDays, 400);
  assert.deepEqual((await client.privacy.getRetention()).personalKeys, ["userId", "ipAddress", "userAgent", "email"]);
  await assert.rejects(client.privacy.setRetention({ retentionDays: 0 }), (e) => e instanceof MudbaseApiError && e.status === 400);
});

test("the account holder exports their data, and erasing as the sole owner is the official 409", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  const account = newAccount();
  const registered = await client.auth.register(account);

  const exported = await client.privacy.exportMyData();
  assert.equal(exported.user._id, registered.user.id);
  assert.equal(exported.memberships[0].role, "owner");

  await assert.rejects(client.privacy.eraseMyData("wrong password"), (e) => e instanceof MudbaseApiError && e.status === 400);
  await assert.rejects(client.privacy.eraseMyData(account.password), (e) => e instanceof MudbaseApiError && e.status === 409);
});
