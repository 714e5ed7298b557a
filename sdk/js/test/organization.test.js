// client.apiKeys, client.organization and client.health against a real server, at the official contract's paths.
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

const event = { eventType: "suspicious_api_activity", severity: "medium", details: { resource: "billing" } };

test("an API key is created with the official body, listed, read, changed, counted, regenerated and revoked", async () => {
  const admin = new MudbaseClient({ baseUrl: server.url });
  await admin.auth.register(newAccount());
  const created = await admin.apiKeys.create({
    name: "Production API Key",
    permissions: [{ resource: "database", actions: ["create", "read"] }],
    rateLimit: { requests: 1000, window: 3600 },
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    projectId: "685ad30be129932fbb7a1047",
  });
  const id = created.apiKey._id;
  assert.match(id, /^key_/);
  assert.match(created.secret, /^mudbase_sk_live_/);
  assert.deepEqual(created.apiKey.scopes.toSorted(), ["events:read", "events:write"]);

  const listed = await admin.apiKeys.list();
  assert.equal(listed.total, 1);
  assert.equal(listed.apiKeys[0]._id, id);
  assert.equal("secret" in listed.apiKeys[0], false);
  assert.deepEqual((await admin.apiKeys.get(id)).rateLimit, { requests: 1000, window: 3600 });

  const service = new MudbaseClient({ baseUrl: server.url, apiKey: created.secret });
  await service.compliance.logSecurityEvent(event);
  await service.compliance.logSecurityEvent(event);
  const usage = await admin.apiKeys.usage(id);
  assert.equal(usage.usage.requests, 2);
  assert.equal(usage.isActive, true);

  const paused = await admin.apiKeys.update(id, { name: "Paused", isActive: false });
  assert.equal(paused.name, "Paused");
  assert.equal(paused.isActive, false);
  const refused = await service.compliance.logSecurityEvent(event).then(assert.fail, (e) => e);
  assert.ok(refused instanceof MudbaseApiError);
  assert.equal(refused.status, 401);
  await admin.apiKeys.update(id, { isActive: true });

  const regenerated = await admin.apiKeys.regenerate(id);
  assert.notEqual(regenerated.secret, created.secret);
  assert.equal((await service.compliance.logSecurityEvent(event).then(assert.fail, (e) => e)).status, 401);
  service.setApiKey(regenerated.secret);
  assert.match((await service.compliance.logSecurityEvent(event)).eventId, /^evt_/);

  assert.equal((await admin.apiKeys.revoke(id)).success, true);
  assert.equal((await admin.apiKeys.get(id).then(assert.fail, (e) => e)).status, 404);
  assert.equal((await admin.apiKeys.list()).total, 0);
});

test("a permission that cannot be granted is refused with a 400 naming it", async () => {
  const admin = new MudbaseClient({ baseUrl: server.url });
  await admin.auth.register(newAccount());
  const error = await admin.apiKeys
    .create({ name: "Too much", permissions: [{ resource: "database", actions: ["read", "delete"] }] })
    .then(assert.fail, (e) => e);
  assert.ok(error instanceof MudbaseApiError);
  assert.equal(error.status, 400);
  assert.match(JSON.stringify(error.details), /permissions\[0\]\.actions\[1\]/);
});

test("the organisation is read, renamed, joined by an invitee, managed and kept to its own id", async () => {
  const owner = new MudbaseClient({ baseUrl: server.url });
  const { user } = await owner.auth.register(newAccount({ orgName: "Initech" }));
  const orgId = user.orgId;

  assert.equal((await owner.organization.get(orgId)).slug, "initech");
  const renamed = await owner.organization.update(orgId, { name: "Initech Ltd", website: "https://initech.example" });
  assert.equal(renamed.name, "Initech Ltd");
  assert.equal(renamed.slug, "initech");

  const invitee = newAccount();
  const invite = await owner.organization.invite(orgId, { email: invitee.email, role: "member" });
  assert.equal(invite.role, "member");
  const joined = new MudbaseClient({ baseUrl: server.url });
  const accepted = await fetch(`${server.url}/api/auth/accept-invite`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: invite.token, password: invitee.password, firstName: "Ines", lastName: "Vite" }),
  }).then((r) => r.json());
  joined.setJWT(accepted.token);
  const memberId = accepted.user.id;

  const members = await owner.organization.members(orgId);
  assert.deepEqual(members.map((m) => m._id).toSorted(), [user.id, memberId].toSorted());
  const promoted = await owner.organization.updateMemberRole(orgId, memberId, "admin");
  assert.equal(promoted.role, "admin");
  const overview = await owner.organization.userOverview(orgId, memberId);
  assert.equal(overview.user._id, memberId);
  assert.equal(overview.footprint.sessionCount, 1);
  assert.equal((await owner.organization.removeMember(orgId, memberId)).success, true);
  assert.equal((await owner.organization.members(orgId)).length, 1);

  const stranger = new MudbaseClient({ baseUrl: server.url });
  await stranger.auth.register(newAccount());
  assert.equal((await stranger.organization.get(orgId).then(assert.fail, (e) => e)).status, 404);
});

test("health is public and the process status needs an owner or admin", async () => {
  const anonymous = new MudbaseClient({ baseUrl: server.url });
  const health = await anonymous.health.check();
  assert.equal(health.status, "healthy");
  assert.equal(health.services.database, "healthy");
  assert.equal((await anonymous.health.status().then(assert.fail, (e) => e)).status, 401);

  const owner = new MudbaseClient({ baseUrl: server.url });
  await owner.auth.register(newAccount());
  const status = await owner.health.status();
  assert.ok(status.data.cpu.cores > 0);
  assert.equal(status.data.services.ledger, "healthy");
});
