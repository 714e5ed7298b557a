// The live stream as an async iterator, against a real server: replay, live events, filters, and reconnection with
// the last id after the connection is cut.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect, createServer } from "node:net";
import { MudbaseApiError, MudbaseClient } from "mudbase";
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

/** A loopback TCP proxy to the server that can cut every open connection, and records each request's head. */
async function cuttingProxy(target) {
  const { hostname, port } = new URL(target);
  const sockets = new Set();
  const heads = [];
  const proxy = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.on("data", (chunk) => {
      const text = chunk.toString("latin1");
      if (/^[A-Z]+ /.test(text)) heads.push(text);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
    for (const socket of [client, upstream]) {
      socket.on("error", () => {});
      socket.on("close", () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${proxy.address().port}`,
    heads,
    cut: () => sockets.forEach((socket) => socket.destroy()),
    close: () => new Promise((resolve) => { sockets.forEach((socket) => socket.destroy()); proxy.close(resolve); }),
  };
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
  const proxy = await cuttingProxy(server.url);
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
