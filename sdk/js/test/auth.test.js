// client.auth against a real server: tokens are kept by the client and used on later calls.
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

const event = { eventType: "brute_force_attempt", severity: "medium", details: { userId: "usr_x", attempts: 3, blocked: true } };

test("register creates the account and keeps its token in the client", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  const account = newAccount();
  const response = await client.auth.register(account);
  assert.equal(typeof response.message, "string");
  assert.equal(typeof response.token, "string");
  assert.equal(typeof response.refreshToken, "string");
  assert.equal(response.expiresIn, 1800);
  assert.match(response.user.id, /^usr_/);
  assert.match(response.user.orgId, /^org_/);
  assert.equal(response.user.email, account.email);
  assert.equal(response.user.firstName, account.firstName);
  assert.equal(response.user.lastName, account.lastName);
  assert.equal(response.user.role, "owner");
  assert.ok(!Number.isNaN(Date.parse(response.user.createdAt)));
  assert.equal(client.jwt, response.token);
  assert.equal(client.auth.refreshToken, response.refreshToken);

  const logged = await client.compliance.logSecurityEvent(event);
  assert.match(logged.eventId, /^evt_/);
  const read = await client.compliance.getSecurityEvent(logged.eventId);
  assert.equal(read.event.actor, response.user.id);
  assert.deepEqual(read.event.details, event.details);
});

test("registering the same e-mail twice is a 409 CONFLICT", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  const account = newAccount();
  await client.auth.register(account);
  await assert.rejects(client.auth.register(account), (e) => e instanceof MudbaseApiError && e.status === 409 && e.code === "CONFLICT");
});

test("login keeps the new token; bad credentials are a 401", async () => {
  const account = newAccount();
  await new MudbaseClient({ baseUrl: server.url }).auth.register(account);

  const client = new MudbaseClient({ baseUrl: server.url });
  await assert.rejects(
    client.auth.login({ email: account.email, password: "wrong password!" }),
    (e) => e instanceof MudbaseApiError && e.status === 401 && e.code === "UNAUTHORIZED",
  );
  assert.equal(client.jwt, null);

  const response = await client.auth.login({ email: account.email, password: account.password });
  assert.equal(client.jwt, response.token);
  assert.equal(response.user.email, account.email);
  const logged = await client.compliance.logSecurityEvent(event);
  assert.match(logged.eventId, /^evt_/);
});

test("refresh rotates the kept tokens; a spent refresh token is refused", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  const first = await client.auth.register(newAccount());
  const second = await client.auth.refresh();
  assert.notEqual(second.refreshToken, first.refreshToken);
  assert.equal(client.jwt, second.token);
  assert.equal(client.auth.refreshToken, second.refreshToken);
  assert.match((await client.compliance.logSecurityEvent(event)).eventId, /^evt_/);

  await assert.rejects(client.auth.refresh(first.refreshToken), (e) => e instanceof MudbaseApiError && e.status === 401);
});

test("logout revokes the session and the client forgets its tokens", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  const registered = await client.auth.register(newAccount());
  const response = await client.auth.logout();
  assert.equal(response.success, true);
  assert.equal(typeof response.message, "string");
  assert.equal(client.jwt, null);
  assert.equal(client.auth.refreshToken, null);

  const other = new MudbaseClient({ baseUrl: server.url });
  await assert.rejects(other.auth.refresh(registered.refreshToken), (e) => e instanceof MudbaseApiError && e.status === 401);
});

test("logout without an access token is a 401", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  const registered = await client.auth.register(newAccount());
  client.setJWT(null);
  await assert.rejects(client.auth.logout(registered.refreshToken), (e) => e instanceof MudbaseApiError && e.status === 401);
});

test("an invalid registration names the invalid fields", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  const error = await client.auth
    .register({ email: "not an address", password: "short", firstName: "A", lastName: "B" })
    .then(() => assert.fail("should have been rejected"), (e) => e);
  assert.ok(error instanceof MudbaseApiError);
  assert.equal(error.status, 400);
  assert.equal(error.code, "VALIDATION_ERROR");
  assert.equal(typeof error.details.email, "string");
  assert.equal(typeof error.details.password, "string");
  assert.equal(client.jwt, null);
});

test("an API key is sent as X-API-Key and authenticates the client; a JWT takes precedence", async () => {
  const account = newAccount();
  const { token } = await new MudbaseClient({ baseUrl: server.url }).auth.register(account);
  const created = await fetch(`${server.url}/api/api-keys`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: "sdk test", scopes: ["events:write", "events:read"], currentPassword: account.password }),
  });
  const body = await created.json();
  assert.equal(created.status, 201, JSON.stringify(body));

  const client = new MudbaseClient({ baseUrl: server.url, apiKey: body.secret });
  const { eventId } = await client.compliance.logSecurityEvent(event);
  const read = await client.compliance.getSecurityEvent(eventId);
  assert.match(read.event.actor, /^key_/);
  assert.equal((await client.ledger.verifyEvent(eventId)).verified, true);

  client.setJWT("not-a-valid-jwt");
  await assert.rejects(client.compliance.logSecurityEvent(event), (e) => e instanceof MudbaseApiError && e.status === 401);
  client.setJWT(null);
  assert.match((await client.compliance.logSecurityEvent(event)).eventId, /^evt_/);
});
