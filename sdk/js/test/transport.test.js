// How requests go out and how failures come back, against small local HTTP servers.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DEFAULT_BASE_URL,
  MudbaseApiError,
  MudbaseClient,
  MudbaseError,
  MudbaseNetworkError,
  MudbaseTimeoutError,
} from "mudbase";
import { recordingServer, silentServer } from "../test-support/local.js";
import { freePort } from "../test-support/server.js";

const event = { eventType: "suspicious_api_activity", severity: "low" };

test("a closed port is a MudbaseNetworkError, distinct from the other kinds", async () => {
  const port = await freePort();
  const client = new MudbaseClient({ baseUrl: `http://127.0.0.1:${port}`, jwt: "t" });
  const error = await client.compliance.logSecurityEvent(event).then(() => assert.fail("should fail"), (e) => e);
  assert.ok(error instanceof MudbaseNetworkError, `expected MudbaseNetworkError, got ${error}`);
  assert.ok(error instanceof MudbaseError);
  assert.ok(!(error instanceof MudbaseApiError));
  assert.ok(!(error instanceof MudbaseTimeoutError));
  assert.equal(error.name, "MudbaseNetworkError");
  assert.equal(error.method, "POST");
  assert.equal(error.url, `http://127.0.0.1:${port}/api/compliance/security-event`);
  assert.ok(error.cause);
});

test("a server that never answers is a MudbaseTimeoutError after timeoutMs", async () => {
  const silent = await silentServer();
  try {
    const client = new MudbaseClient({ baseUrl: silent.url, jwt: "t", timeoutMs: 200 });
    const started = Date.now();
    const error = await client.compliance.logSecurityEvent(event).then(() => assert.fail("should time out"), (e) => e);
    const elapsed = Date.now() - started;
    assert.ok(error instanceof MudbaseTimeoutError, `expected MudbaseTimeoutError, got ${error}`);
    assert.ok(error instanceof MudbaseError);
    assert.ok(!(error instanceof MudbaseNetworkError));
    assert.ok(!(error instanceof MudbaseApiError));
    assert.equal(error.name, "MudbaseTimeoutError");
    assert.equal(error.timeoutMs, 200);
    assert.ok(elapsed >= 190 && elapsed < 5_000, `timed out after ${elapsed} ms`);

    const perCall = await client.compliance
      .getSummary({ timeoutMs: 50 })
      .then(() => assert.fail("should time out"), (e) => e);
    assert.ok(perCall instanceof MudbaseTimeoutError);
    assert.equal(perCall.timeoutMs, 50);
  } finally {
    await silent.close();
  }
});

test("a caller's abort signal rejects with its reason, not as a timeout", async () => {
  const silent = await silentServer();
  try {
    const client = new MudbaseClient({ baseUrl: silent.url, jwt: "t", timeoutMs: 10_000 });
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    setTimeout(() => controller.abort(reason), 50);
    await assert.rejects(client.compliance.getSummary({ signal: controller.signal }), (e) => e === reason);
  } finally {
    await silent.close();
  }
});

test("a JWT is sent as a bearer token, else the API key, never both", async () => {
  const server = await recordingServer();
  try {
    const client = new MudbaseClient({ baseUrl: server.url, apiKey: "mudbase_sk_live_abc" });
    await client.compliance.logSecurityEvent(event);
    client.setJWT("jwt-1");
    await client.compliance.logSecurityEvent(event);
    client.setJWT(null);
    client.setApiKey(null);
    await client.compliance.logSecurityEvent(event);
    await new MudbaseClient({ baseUrl: server.url, jwt: "jwt-2", apiKey: "k" }).compliance.getSummary();

    const [apiKeyOnly, both, none, constructed] = server.requests;
    assert.equal(apiKeyOnly.headers["x-api-key"], "mudbase_sk_live_abc");
    assert.equal(apiKeyOnly.headers.authorization, undefined);
    assert.equal(both.headers.authorization, "Bearer jwt-1");
    assert.equal(both.headers["x-api-key"], undefined);
    assert.equal(none.headers.authorization, undefined);
    assert.equal(none.headers["x-api-key"], undefined);
    assert.equal(constructed.headers.authorization, "Bearer jwt-2");
    assert.equal(constructed.method, "GET");
    assert.equal(constructed.url, "/api/compliance/summary");

    assert.equal(both.method, "POST");
    assert.equal(both.url, "/api/compliance/security-event");
    assert.equal(both.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(both.body), event);
  } finally {
    await server.close();
  }
});

test("every method calls its documented endpoint", async () => {
  const server = await recordingServer(() => ({
    status: 200,
    body: { success: true, token: "new-token", refreshToken: "new-refresh", events: [], nextCursor: null },
  }));
  try {
    const client = new MudbaseClient({ baseUrl: `${server.url}/`, jwt: "jwt" });
    const batch = [event, { eventType: "bulk_data_export", severity: "critical", details: { rows: 10 } }];
    await client.compliance.logSecurityEvents(batch);
    await client.compliance.getSecurityEvent("evt_a/b");
    await client.compliance.listSecurityEvents({
      eventType: ["brute_force_attempt", "mfa_bypass_attempt"],
      severity: "high",
      minSeverity: "medium",
      userId: "usr_1",
      ipAddress: "10.0.0.1",
      resource: "db",
      actor: "system",
      from: new Date("2026-01-02T03:04:05.000Z"),
      to: "2026-02-01T00:00:00Z",
      order: "desc",
      limit: 50,
      cursor: "c1",
    });
    await client.compliance.getSummary();
    await client.ledger.getCheckpoint();
    await client.ledger.getProof("evt_1");
    await client.ledger.getProof("evt_1", 17);
    await client.ledger.getPublicKey();
    await client.auth.register({ email: "a@b.c", password: "password1", firstName: "A", lastName: "B", orgName: "O" });
    await client.auth.login({ email: "a@b.c", password: "password1" });
    await client.auth.refresh();
    await client.auth.logout();

    const seen = server.requests.map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(seen, [
      "POST /api/compliance/security-events/batch",
      "GET /api/compliance/security-events/evt_a%2Fb",
      "GET /api/compliance/security-events?eventType=brute_force_attempt&eventType=mfa_bypass_attempt&severity=high&minSeverity=medium" +
        "&userId=usr_1&ipAddress=10.0.0.1&resource=db&actor=system&from=2026-01-02T03%3A04%3A05.000Z&to=2026-02-01T00%3A00%3A00Z" +
        "&order=desc&limit=50&cursor=c1",
      "GET /api/compliance/summary",
      "GET /api/compliance/ledger/checkpoint",
      "GET /api/compliance/security-events/evt_1/proof",
      "GET /api/compliance/security-events/evt_1/proof?treeSize=17",
      "GET /api/compliance/ledger/public-key",
      "POST /api/auth/register",
      "POST /api/auth/login",
      "POST /api/auth/refresh",
      "POST /api/auth/logout",
    ]);
    const body = (i) => JSON.parse(server.requests[i].body);
    assert.deepEqual(body(0), { events: batch });
    assert.deepEqual(body(10), { refreshToken: "new-refresh" });
    assert.deepEqual(body(11), { refreshToken: "new-refresh" });
    // Anonymous endpoints get no credentials; logout needs the token register/login/refresh kept.
    for (const i of [7, 8, 9, 10]) assert.equal(server.requests[i].headers.authorization, undefined, seen[i]);
    assert.equal(server.requests[11].headers.authorization, "Bearer new-token");
    assert.equal(client.jwt, null);
  } finally {
    await server.close();
  }
});

test("the base URL comes from the options, else MUDBASE_URL, else localhost:5080", () => {
  const previous = process.env.MUDBASE_URL;
  try {
    delete process.env.MUDBASE_URL;
    assert.equal(new MudbaseClient().baseUrl, "http://localhost:5080");
    assert.equal(DEFAULT_BASE_URL, "http://localhost:5080");
    process.env.MUDBASE_URL = "http://audit.internal:9000/";
    assert.equal(new MudbaseClient().baseUrl, "http://audit.internal:9000");
    assert.equal(new MudbaseClient({ baseUrl: "https://x.example/mudbase" }).baseUrl, "https://x.example/mudbase");
  } finally {
    if (previous === undefined) delete process.env.MUDBASE_URL;
    else process.env.MUDBASE_URL = previous;
  }
});

test("a custom fetch is used instead of the global one", async () => {
  const calls = [];
  const client = new MudbaseClient({
    baseUrl: "http://mudbase.invalid",
    jwt: "j",
    fetch: async (url, init) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ success: true, message: "Security event recorded", eventId: "evt_custom" }), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      });
    },
  });
  const result = await client.compliance.logSecurityEvent(event);
  assert.equal(result.eventId, "evt_custom");
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, "http://mudbase.invalid/api/compliance/security-event");
  assert.equal(calls[0].init.method, "POST");
  assert.equal(calls[0].init.headers.Authorization, "Bearer j");
});

test("error bodies become MudbaseApiError fields; non-JSON errors still carry status and a code", async () => {
  const answers = [
    {
      status: 429,
      headers: { "Content-Type": "application/problem+json", "Retry-After": "42" },
      body: {
        type: "https://mudbase.dev/errors/rate-limited", title: "Too many requests", status: 429, error: "Too many requests",
        code: "RATE_LIMITED", requestId: "req-1", timestamp: "2026-01-01T00:00:00Z", path: "/api/auth/login",
      },
    },
    { status: 502, headers: { "Content-Type": "text/html", "X-Request-Id": "edge-7" }, body: "<html>bad gateway</html>" },
    { status: 404, headers: { "Content-Type": "application/problem+json" }, body: { error: "Security event not found", code: "NOT_FOUND", details: "gone" } },
  ];
  const server = await recordingServer(() => answers.shift());
  try {
    const client = new MudbaseClient({ baseUrl: server.url });
    const limited = await client.auth.login({ email: "a@b.c", password: "x" }).then(assert.fail, (e) => e);
    assert.ok(limited instanceof MudbaseApiError);
    assert.equal(limited.status, 429);
    assert.equal(limited.code, "RATE_LIMITED");
    assert.equal(limited.message, "Too many requests");
    assert.equal(limited.requestId, "req-1");
    assert.equal(limited.retryAfter, 42);
    assert.equal(limited.details, undefined);
    assert.equal(limited.method, "POST");
    assert.equal(limited.path, "/api/auth/login");

    const gateway = await client.compliance.getSummary().then(assert.fail, (e) => e);
    assert.ok(gateway instanceof MudbaseApiError);
    assert.equal(gateway.status, 502);
    assert.equal(gateway.code, "HTTP_502");
    assert.match(gateway.message, /502/);
    assert.equal(gateway.requestId, "edge-7");
    assert.equal(gateway.body, "<html>bad gateway</html>");

    const missing = await client.compliance.getSecurityEvent("evt_nope").then(assert.fail, (e) => e);
    assert.equal(missing.status, 404);
    assert.equal(missing.code, "NOT_FOUND");
    assert.equal(missing.message, "Security event not found");
    assert.equal(missing.details, "gone");
  } finally {
    await server.close();
  }
});
