// The live stream as an async iterator, against a real server: replay, live events, filters, and reconnection with
// the last id after the connection is cut.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { MudbaseApiError, MudbaseClient } from "mudbase";
import { droppingProxy } from "../test-support/dropping-proxy.js";
import { register, startServer } from "../test-support/server.js";

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

async function freshToken() {
  return (await register(server.url)).token;
}

async function take(iterator, count) {
  const events = [];
  for (let i = 0; i < count; i++) {
    const { value, done } = await iterator.next();
    assert.equal(done, false, `the stream ended after ${events.length} events`);
    events.push(value);
  }
  return events;
}

test("streamSecurityEvents replays after a sequence, then yields new events live, with the list filters", async () => {
  const client = new MudbaseClient({ baseUrl: server.url, jwt: await freshToken() });
  await client.compliance.logSecurityEvents([
    { eventType: "private_key_export", severity: "high" },
    { eventType: "bulk_data_export", severity: "low" },
    { eventType: "private_key_export", severity: "low" },
  ]);
  const controller = new AbortController();
  const stream = client.compliance.streamSecurityEvents({ eventType: "private_key_export" }, { after: 1, signal: controller.signal });
  const replayed = await take(stream, 1);
  await client.compliance.logSecurityEvent({ eventType: "bulk_data_export", severity: "high" });
  await client.compliance.logSecurityEvent({ eventType: "private_key_export", severity: "critical" });
  const live = await take(stream, 1);
  controller.abort();

  assert.deepEqual([...replayed, ...live].map((e) => e.sequence), [3, 5]);
  assert.equal(live[0].severity, "critical");
  assert.deepEqual(await stream.next(), { value: undefined, done: true });
});

test("streamSecurityEvents reconnects on its own with the last id: no gap, no duplicate", async () => {
  const token = await freshToken();
  const proxy = await droppingProxy(server.url, { drops: 0 });
  const writer = new MudbaseClient({ baseUrl: server.url, jwt: token });
  const reader = new MudbaseClient({ baseUrl: proxy.url, jwt: token });
  const reconnects = [];
  const stream = reader.compliance.streamSecurityEvents({}, { after: 0, reconnectDelayMs: 50, onReconnect: (id) => reconnects.push(id) });
  try {
    await writer.compliance.logSecurityEvents([1, 2, 3].map((i) => ({ eventType: "suspicious_api_activity", severity: "low", details: { i } })));
    const before = await take(stream, 3);
    proxy.cut();
    await writer.compliance.logSecurityEvents([4, 5].map((i) => ({ eventType: "suspicious_api_activity", severity: "low", details: { i } })));
    const afterCut = await take(stream, 2);

    assert.deepEqual([...before, ...afterCut].map((e) => e.sequence), [1, 2, 3, 4, 5]);
    assert.deepEqual(reconnects, [3]);
    assert.match(proxy.heads.at(-1), /\r\nlast-event-id: 3\r\n/i);
  } finally {
    await stream.return(undefined);
    await proxy.close();
  }
});

test("streamSecurityEvents rejects with the API error for a bad filter instead of retrying", async () => {
  const client = new MudbaseClient({ baseUrl: server.url, jwt: await freshToken() });
  const stream = client.compliance.streamSecurityEvents({ severity: "urgent" });
  await assert.rejects(stream.next(), (e) => e instanceof MudbaseApiError && e.status === 400 && e.code === "VALIDATION_ERROR");
});
