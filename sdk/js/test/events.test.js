// Reading events back: single reads, batches, pages, the async iterator and the summary, on a real server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { MudbaseApiError, MudbaseClient } from "mudbase";
import { register, startServer } from "../test-support/server.js";

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/** A client signed in to a fresh organisation, so no other test's events show up. */
async function freshClient(options = {}) {
  const { token } = await register(server.url);
  return new MudbaseClient({ baseUrl: server.url, jwt: token, ...options });
}

test("getSecurityEvent returns the stored event; an unknown id is a 404", async () => {
  const client = await freshClient();
  const details = { userId: "usr_3HjF6SCqdOmxz6", resource: "alarm program", ipAddress: "2667 Beryl Passage", attempts: 7, locked: false };
  const { eventId } = await client.compliance.logSecurityEvent({ eventType: "brute_force_attempt", severity: "critical", details });
  const { success, event } = await client.compliance.getSecurityEvent(eventId);
  assert.equal(success, true);
  assert.equal(event.eventId, eventId);
  assert.equal(event.eventType, "brute_force_attempt");
  assert.equal(event.severity, "critical");
  assert.deepEqual(event.details, details);
  assert.match(event.actor, /^usr_/);
  assert.ok(!Number.isNaN(Date.parse(event.recordedAt)));
  assert.equal(event.leafIndex, event.sequence - 1);
  assert.equal(typeof event.leafHash, "string");

  await assert.rejects(
    client.compliance.getSecurityEvent("evt_doesNotExist0000000000"),
    (e) => e instanceof MudbaseApiError && e.status === 404 && e.code === "NOT_FOUND",
  );
});

test("custom snake_case event types are accepted", async () => {
  const client = await freshClient();
  const { eventId } = await client.compliance.logSecurityEvent({ eventType: "vault_unsealed", severity: "medium" });
  assert.equal((await client.compliance.getSecurityEvent(eventId)).event.eventType, "vault_unsealed");
});

test("logSecurityEvents records a batch and returns the ids in order", async () => {
  const client = await freshClient();
  const events = [
    { eventType: "private_key_export", severity: "high", details: { resource: "signing key" } },
    { eventType: "bulk_data_export", severity: "medium", details: { rows: 120000 } },
    { eventType: "admin_privilege_escalation", severity: "critical" },
  ];
  const result = await client.compliance.logSecurityEvents(events);
  assert.equal(result.success, true);
  assert.equal(result.eventIds.length, 3);
  assert.equal(new Set(result.eventIds).size, 3);
  for (const [i, id] of result.eventIds.entries()) {
    assert.match(id, /^evt_/);
    const { event } = await client.compliance.getSecurityEvent(id);
    assert.equal(event.eventType, events[i].eventType);
    assert.equal(event.severity, events[i].severity);
  }
});

test("an invalid event in a batch is a validation error", async () => {
  const client = await freshClient();
  await assert.rejects(
    client.compliance.logSecurityEvents([{ eventType: "data_breach_detected", severity: "high" }, { eventType: "x y", severity: "urgent" }]),
    (e) => e instanceof MudbaseApiError && e.status === 400 && e.code === "VALIDATION_ERROR",
  );
});

test("iterateSecurityEvents walks more than three pages and yields each event exactly once", async () => {
  let listCalls = 0;
  const client = await freshClient({
    fetch: (url, init) => {
      if (new URL(url).pathname === "/api/compliance/security-events") listCalls++;
      return fetch(url, init);
    },
  });
  const logged = [];
  for (let i = 0; i < 7; i++) {
    const { eventId } = await client.compliance.logSecurityEvent({
      eventType: "suspicious_api_activity",
      severity: "low",
      details: { action: `call ${i}` },
    });
    logged.push(eventId);
  }

  const seen = [];
  for await (const event of client.compliance.iterateSecurityEvents({ eventType: "suspicious_api_activity", limit: 2, order: "asc" })) {
    seen.push(event.eventId);
  }
  assert.deepEqual(seen, logged);
  assert.ok(listCalls >= 4, `expected at least 4 pages, fetched ${listCalls}`);

  const first = await client.compliance.listSecurityEvents({ eventType: "suspicious_api_activity", limit: 2, order: "asc" });
  assert.equal(first.success, true);
  assert.equal(first.events.length, 2);
  assert.deepEqual(first.events.map((e) => e.eventId), logged.slice(0, 2));
  assert.equal(typeof first.nextCursor, "string");
  const second = await client.compliance.listSecurityEvents({ eventType: "suspicious_api_activity", limit: 2, order: "asc", cursor: first.nextCursor });
  assert.deepEqual(second.events.map((e) => e.eventId), logged.slice(2, 4));

  const newestFirst = [];
  for await (const event of client.compliance.iterateSecurityEvents({ eventType: "suspicious_api_activity", limit: 3, order: "desc" })) {
    newestFirst.push(event.eventId);
  }
  assert.deepEqual(newestFirst, [...logged].reverse());
});

test("list filters by type, severity and minimum severity", async () => {
  const client = await freshClient();
  const { eventIds } = await client.compliance.logSecurityEvents([
    { eventType: "mfa_bypass_attempt", severity: "low" },
    { eventType: "mfa_bypass_attempt", severity: "high" },
    { eventType: "data_breach_detected", severity: "critical" },
    { eventType: "private_key_export", severity: "medium" },
  ]);
  const ids = async (filters) => {
    const out = [];
    for await (const e of client.compliance.iterateSecurityEvents({ ...filters, order: "asc" })) out.push(e.eventId);
    return out.filter((id) => eventIds.includes(id));
  };
  assert.deepEqual(await ids({ eventType: ["mfa_bypass_attempt", "data_breach_detected"] }), eventIds.slice(0, 3));
  assert.deepEqual(await ids({ severity: ["low", "medium"] }), [eventIds[0], eventIds[3]]);
  assert.deepEqual(await ids({ minSeverity: "high" }), [eventIds[1], eventIds[2]]);
  assert.deepEqual(await ids({ eventType: "mfa_bypass_attempt", severity: "high" }), [eventIds[1]]);
});

test("getSummary returns the compliance summary sections", async () => {
  const client = await freshClient();
  await client.compliance.logSecurityEvent({ eventType: "unauthorized_access_attempt", severity: "high" });
  await client.compliance.logSecurityEvent({ eventType: "unauthorized_access_attempt", severity: "low" });
  const summary = await client.compliance.getSummary();
  assert.equal(summary.success, true);
  for (const section of ["gdpr", "soc2", "security", "events", "ledger"]) {
    assert.equal(typeof summary.data[section], "object", `data.${section}`);
    assert.notEqual(summary.data[section], null, `data.${section}`);
  }
  assert.equal(typeof summary.data.gdpr.dataExportEnabled, "boolean");
  assert.equal(typeof summary.data.soc2.auditLoggingEnabled, "boolean");
  assert.equal(typeof summary.data.security.encryptionAtRest, "boolean");
  assert.equal(summary.data.events.total, 2);
  assert.equal(summary.data.events.last24Hours.total, 2);
  assert.equal(summary.data.events.last24Hours.bySeverity.high, 1);
  assert.equal(summary.data.events.last24Hours.bySeverity.low, 1);
  assert.equal(summary.data.events.last24Hours.byType.unauthorized_access_attempt, 2);
  assert.equal(summary.data.ledger.treeSize, 2);
  const checkpoint = await client.ledger.getCheckpoint();
  assert.equal(summary.data.ledger.rootHash, checkpoint.rootHash);
});
