// Exactly-once event writes through a network that loses answers, against a real server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { MudbaseApiError, MudbaseClient, MudbaseNetworkError } from "mudbase";
import { droppingProxy } from "../test-support/dropping-proxy.js";
import { recordingServer } from "../test-support/local.js";
import { register, startServer } from "../test-support/server.js";

const event = { eventType: "brute_force_attempt", severity: "high", details: { userId: "usr_3HjF6SCqdOmxz6" } };
const fast = { baseDelayMs: 10 };

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/** A client of a fresh organisation that talks to the server through a proxy dropping the first `drops` answers. */
async function throughProxy(drops, retry) {
  const { token } = await register(server.url);
  const proxy = await droppingProxy(server.url, { drops });
  const client = new MudbaseClient({ baseUrl: proxy.url, jwt: token, retry });
  const direct = new MudbaseClient({ baseUrl: server.url, jwt: token });
  return { client, direct, proxy };
}

test("a write whose connection dies after the server committed is retried with the same key and recorded once", async () => {
  const { client, direct, proxy } = await throughProxy(2, fast);
  try {
    const { eventId } = await client.compliance.logSecurityEvent(event);
    assert.equal(proxy.keys.length, 3);
    assert.equal(new Set(proxy.keys).size, 1);
    assert.match(proxy.keys[0], /^"[0-9a-f-]{36}"$/);
    const { events } = await direct.compliance.listSecurityEvents();
    assert.deepEqual(events.map((e) => e.eventId), [eventId]);
  } finally {
    await proxy.close();
  }
});

test("a batch whose answer is lost is recorded once, with the ids of the first attempt", async () => {
  const { client, direct, proxy } = await throughProxy(1, fast);
  try {
    const { eventIds } = await client.compliance.logSecurityEvents([event, event, event]);
    const { events } = await direct.compliance.listSecurityEvents();
    assert.deepEqual(events.map((e) => e.eventId).sort(), [...eventIds].sort());
  } finally {
    await proxy.close();
  }
});

test("retries stop after maxRetries and the network error reaches the caller", async () => {
  const { client, direct, proxy } = await throughProxy(10, { ...fast, maxRetries: 1 });
  try {
    await assert.rejects(client.compliance.logSecurityEvent(event), (e) => e instanceof MudbaseNetworkError);
    assert.equal(proxy.keys.length, 2);
    assert.equal((await direct.compliance.listSecurityEvents()).events.length, 1);
  } finally {
    await proxy.close();
  }
});

test("retry: false sends no key and no second attempt", async () => {
  const { client, proxy } = await throughProxy(1, false);
  try {
    await assert.rejects(client.compliance.logSecurityEvent(event), (e) => e instanceof MudbaseNetworkError);
    assert.deepEqual(proxy.keys, [null]);
  } finally {
    await proxy.close();
  }
});

test("a caller's own key is sent as given; reusing it for other events is IDEMPOTENCY_KEY_MISMATCH", async () => {
  const { client, proxy } = await throughProxy(0, fast);
  try {
    const first = await client.compliance.logSecurityEvent(event, { idempotencyKey: "order-4711" });
    const again = await client.compliance.logSecurityEvent(event, { idempotencyKey: "order-4711" });
    assert.equal(again.eventId, first.eventId);
    const error = await client.compliance
      .logSecurityEvent({ ...event, severity: "low" }, { idempotencyKey: "order-4711" })
      .then(assert.fail, (e) => e);
    assert.ok(error instanceof MudbaseApiError);
    assert.equal(error.status, 422);
    assert.equal(error.code, "IDEMPOTENCY_KEY_MISMATCH");
    assert.deepEqual(proxy.keys, ['"order-4711"', '"order-4711"', '"order-4711"']);
  } finally {
    await proxy.close();
  }
});

test("a 503 LEDGER_INTEGRITY is not retried: the store contradicts its checkpoints until an operator acts", async () => {
  const answers = [
    { status: 503, body: { error: "The ledger failed its integrity check", code: "LEDGER_INTEGRITY" } },
    { status: 200, body: { success: true, message: "Security event recorded", eventId: "evt_never" } },
  ];
  const local = await recordingServer(() => answers.shift());
  try {
    const client = new MudbaseClient({ baseUrl: local.url, jwt: "t", retry: fast });
    await assert.rejects(client.compliance.logSecurityEvent(event),
      (e) => e instanceof MudbaseApiError && e.status === 503 && e.code === "LEDGER_INTEGRITY");
    assert.equal(local.requests.length, 1);
  } finally {
    await local.close();
  }
});

test("503 and 409 IDEMPOTENCY_KEY_IN_USE are retried with the same key; other errors are not", async () => {
  const answers = [
    { status: 503, body: { error: "Storage is unavailable", code: "SERVICE_UNAVAILABLE" } },
    { status: 409, headers: { "Retry-After": "0" }, body: { error: "in use", code: "IDEMPOTENCY_KEY_IN_USE" } },
    { status: 200, body: { success: true, message: "Security event recorded", eventId: "evt_third" } },
    { status: 400, body: { error: "Validation failed", code: "VALIDATION_ERROR" } },
  ];
  const local = await recordingServer(() => answers.shift());
  try {
    const client = new MudbaseClient({ baseUrl: local.url, jwt: "t", retry: fast });
    assert.equal((await client.compliance.logSecurityEvent(event)).eventId, "evt_third");
    assert.equal(new Set(local.requests.map((r) => r.headers["idempotency-key"])).size, 1);
    await assert.rejects(client.compliance.logSecurityEvent(event), (e) => e instanceof MudbaseApiError && e.status === 400);
    assert.equal(local.requests.length, 4);
  } finally {
    await local.close();
  }
});
