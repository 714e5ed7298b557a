// The examples of the public "Log security event" documentation page, run against a real server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MudbaseClient } from "mudbase";
import { MudbaseApiError, MudbaseError } from "mudbase";
import { register, startServer } from "../test-support/server.js";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
let server;
let token;

before(async () => {
  server = await startServer();
  token = (await register(server.url)).token;
});

after(async () => {
  await server?.stop();
});

test("the documented snippet records an event, with the server taken from MUDBASE_URL", async () => {
  const previous = process.env.MUDBASE_URL;
  process.env.MUDBASE_URL = server.url;
  try {
    const client = new MudbaseClient();
    client.setJWT(token);
    const result = await client.compliance.logSecurityEvent({
      eventType: "unauthorized_access_attempt", severity: "high",
      details: { userId: "usr_3HjF6SCqdOmxz6", resource: "alarm program", ipAddress: "2667 Beryl Passage" }
    });
    assert.equal(result.success, true);
    assert.equal(result.message, "Security event recorded");
    assert.match(result.eventId, /^evt_[A-Za-z0-9]{20,}$/);

    const read = await client.compliance.getSecurityEvent(result.eventId);
    assert.equal(read.event.eventId, result.eventId);
    assert.equal(read.event.eventType, "unauthorized_access_attempt");
    assert.equal(read.event.severity, "high");
    assert.deepEqual(read.event.details, { userId: "usr_3HjF6SCqdOmxz6", resource: "alarm program", ipAddress: "2667 Beryl Passage" });
  } finally {
    if (previous === undefined) delete process.env.MUDBASE_URL;
    else process.env.MUDBASE_URL = previous;
  }
});

test("the documented snippet works verbatim as a standalone ES module importing the installed package", () => {
  // Laid out as an application would have it: its own folder, node_modules/mudbase pointing at this package.
  const app = mkdtempSync(join(tmpdir(), "mudbase-app-"));
  try {
    mkdirSync(join(app, "node_modules"));
    symlinkSync(packageRoot, join(app, "node_modules", "mudbase"), "dir");
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "docs-app", private: true, type: "module" }));
    const snippet = [
      'import { MudbaseClient } from "mudbase";',
      "const client = new MudbaseClient();",
      `client.setJWT(${JSON.stringify(token)});`,
      "const result = await client.compliance.logSecurityEvent({",
      '  eventType: "unauthorized_access_attempt", severity: "high",',
      '  details: { userId: "usr_3HjF6SCqdOmxz6", resource: "alarm program", ipAddress: "2667 Beryl Passage" }',
      "});",
      "console.log(JSON.stringify(result));",
    ].join("\n");
    writeFileSync(join(app, "index.js"), snippet);
    const run = spawnSync(process.execPath, ["index.js"], {
      cwd: app,
      env: { ...process.env, MUDBASE_URL: server.url },
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(result).sort(), ["event", "eventId", "message", "success"]);
    assert.equal(result.success, true);
    assert.equal(result.message, "Security event recorded");
    assert.match(result.eventId, /^evt_/);
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});

test("the documented invalid example is rejected with a validation error naming severity and details", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  client.setJWT(token);
  const error = await client.compliance
    .logSecurityEvent({
      eventType: "port index",
      severity: "monitor generate",
      details: "port override"
    })
    .then(() => assert.fail("the request should have been rejected"), (e) => e);
  assert.ok(error instanceof MudbaseApiError, `expected MudbaseApiError, got ${error}`);
  assert.ok(error instanceof MudbaseError);
  assert.equal(error.status, 400);
  assert.equal(error.code, "VALIDATION_ERROR");
  assert.equal(typeof error.message, "string");
  assert.ok(error.message.length > 0);
  assert.equal(typeof error.details, "object");
  assert.equal(typeof error.details.severity, "string");
  assert.equal(typeof error.details.details, "string");
  assert.equal(typeof error.requestId, "string");
  assert.ok(error.requestId.length > 0);
  assert.equal(error.path, "/api/compliance/security-event");
  assert.equal(error.body.path, "/api/compliance/security-event");
});

test("logging without a token is a 401 UNAUTHORIZED", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  const error = await client.compliance
    .logSecurityEvent({ eventType: "unauthorized_access_attempt", severity: "high" })
    .then(() => assert.fail("the request should have been rejected"), (e) => e);
  assert.ok(error instanceof MudbaseApiError);
  assert.equal(error.status, 401);
  assert.equal(error.code, "UNAUTHORIZED");
});

test("logging with a forged token is a 401", async () => {
  const client = new MudbaseClient({ baseUrl: server.url });
  client.setJWT("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfbW9yZ2FuX2RlIiwiZXhwIjoxODI1MTI5NjAwfQ.doc_preview_sig");
  await assert.rejects(
    client.compliance.logSecurityEvent({ eventType: "brute_force_attempt", severity: "low" }),
    (e) => e instanceof MudbaseApiError && e.status === 401,
  );
});
