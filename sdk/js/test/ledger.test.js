// Checkpoints, proofs and local verification against a real server, including tampered answers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { MudbaseClient } from "mudbase";
import { register, startServer } from "../test-support/server.js";

let server;
let token;
let eventIds;
let target; // an event in the middle of the log, so its audit path is not empty

before(async () => {
  server = await startServer();
  token = (await register(server.url)).token;
  const client = new MudbaseClient({ baseUrl: server.url, jwt: token });
  eventIds = [];
  for (let i = 0; i < 6; i++) {
    const { eventId } = await client.compliance.logSecurityEvent({
      eventType: i % 2 ? "brute_force_attempt" : "unauthorized_access_attempt",
      severity: "high",
      details: { userId: `usr_${i}`, resource: "alarm program", ipAddress: "2667 Beryl Passage", attempts: i, blocked: i > 2 },
    });
    eventIds.push(eventId);
  }
  target = eventIds[2];
  await waitForCheckpoint(client, eventIds.length);
});

after(async () => {
  await server?.stop();
});

/** Checkpoints may be signed a moment after the append: wait until one covers `size` leaves. */
async function waitForCheckpoint(client, size) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    let checkpoint;
    try {
      checkpoint = await client.ledger.getCheckpoint();
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    if (checkpoint && checkpoint.treeSize >= size) return checkpoint;
    if (Date.now() > deadline) throw new Error(`no checkpoint covers ${size} leaves: ${JSON.stringify(checkpoint)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function client(options = {}) {
  return new MudbaseClient({ baseUrl: server.url, jwt: token, ...options });
}

/** A fetch that lets `edit` rewrite the JSON answers of the paths it matches. */
function tampering(match, edit) {
  return async (url, init) => {
    const response = await fetch(url, init);
    if (!match(new URL(url).pathname) || !response.ok) return response;
    const body = await response.json();
    const edited = edit(body) ?? body;
    return new Response(JSON.stringify(edited), { status: response.status, headers: response.headers });
  };
}

const isProof = (path) => path.endsWith("/proof");

function flipBase64(text) {
  const bytes = Buffer.from(text, "base64");
  bytes[0] ^= 1;
  return bytes.toString("base64");
}

test("getCheckpoint returns a signed note whose size and root match its fields", async () => {
  const checkpoint = await client().ledger.getCheckpoint();
  assert.equal(checkpoint.success, true);
  assert.ok(checkpoint.treeSize >= eventIds.length);
  assert.equal(Buffer.from(checkpoint.rootHash, "base64").length, 32);
  assert.equal(Buffer.from(checkpoint.publicKey, "base64").length, 32);
  assert.equal(typeof checkpoint.keyName, "string");
  assert.ok(checkpoint.verifierKey.startsWith(`${checkpoint.keyName}+`));
  const [body] = checkpoint.checkpoint.split("\n\n");
  assert.deepEqual(body.split("\n"), [checkpoint.origin, String(checkpoint.treeSize), checkpoint.rootHash]);
  assert.ok(checkpoint.checkpoint.includes(`\n\u2014 ${checkpoint.keyName} `));
});

test("getPublicKey needs no credentials and matches the checkpoint's key", async () => {
  const anonymous = new MudbaseClient({ baseUrl: server.url });
  const key = await anonymous.ledger.getPublicKey();
  const checkpoint = await client().ledger.getCheckpoint();
  assert.equal(key.success, true);
  assert.equal(key.algorithm, "Ed25519");
  assert.equal(key.publicKey, checkpoint.publicKey);
  assert.equal(key.keyName, checkpoint.keyName);
  assert.equal(key.verifierKey, checkpoint.verifierKey);
});

test("getProof returns the leaf opening and an audit path for the event", async () => {
  const c = client();
  const { event } = await c.compliance.getSecurityEvent(target);
  const proof = await c.ledger.getProof(target);
  assert.equal(proof.success, true);
  assert.equal(proof.leafIndex, event.leafIndex);
  assert.equal(proof.leafHash, event.leafHash);
  assert.ok(proof.treeSize > proof.leafIndex);
  assert.ok(proof.auditPath.length > 0);
  assert.equal(proof.leaf.event.id, target);
  assert.equal(proof.leaf.event.seq, event.sequence);
  assert.equal(proof.leaf.details.resource.value, "alarm program");
  assert.equal(typeof proof.leaf.details.resource.salt, "string");
  assert.equal(typeof proof.leaf.details.resource.commitment, "string");

  const atSize = await c.ledger.getProof(target, eventIds.length);
  assert.equal(atSize.treeSize, eventIds.length);
});

test("verifyEvent verifies a real event with the server's published key", async () => {
  const result = await client().ledger.verifyEvent(target);
  assert.equal(result.reason, undefined);
  assert.equal(result.verified, true);
  assert.equal(result.leafIndex, 2);
  assert.ok(result.treeSize >= eventIds.length);
  assert.equal(Buffer.from(result.rootHash, "base64").length, 32);
});

test("verifyEvent verifies every event, the first and the last included", async () => {
  const c = client();
  for (const id of eventIds) {
    const result = await c.ledger.verifyEvent(id);
    assert.equal(result.verified, true, `${id}: ${result.reason}`);
  }
});

test("verifyEvent verifies with a pinned key given as base64, bytes or verifier key", async () => {
  const key = await client().ledger.getPublicKey();
  const raw = new Uint8Array(Buffer.from(key.publicKey, "base64"));
  let keyRequests = 0;
  const c = client({
    fetch: (url, init) => {
      if (new URL(url).pathname.endsWith("/public-key")) keyRequests++;
      return fetch(url, init);
    },
  });
  for (const publicKey of [key.publicKey, raw, key.verifierKey]) {
    const result = await c.ledger.verifyEvent(target, { publicKey });
    assert.equal(result.verified, true, String(result.reason));
  }
  assert.equal(keyRequests, 0, "a pinned key must not be fetched from the server");
});

test("verifyEvent checks the expected origin when one is given", async () => {
  const c = client();
  const { origin } = await c.ledger.getCheckpoint();
  assert.equal((await c.ledger.verifyEvent(target, { origin })).verified, true);
  const other = await c.ledger.verifyEvent(target, { origin: `${origin}x` });
  assert.equal(other.verified, false);
  assert.match(other.reason, /log/);
});

test("verifyEvent fails with a wrong pinned key", async () => {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
  const wrong = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  const result = await client().ledger.verifyEvent(target, { publicKey: wrong });
  assert.equal(result.verified, false);
  assert.match(result.reason, /key|signature/i);
  const named = await client().ledger.verifyEvent(target, { publicKey: Buffer.from(wrong).toString("base64"), keyName: (await client().ledger.getPublicKey()).keyName });
  assert.equal(named.verified, false);
});

test("verifyEvent fails when the server substitutes its published key", async () => {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
  const wrong = Buffer.from(await crypto.subtle.exportKey("raw", pair.publicKey)).toString("base64");
  const c = client({ fetch: tampering((p) => p.endsWith("/public-key"), (body) => ({ ...body, publicKey: wrong })) });
  const result = await c.ledger.verifyEvent(target);
  assert.equal(result.verified, false);
});

test("verifyEvent fails when an audit path element is altered", async () => {
  const c = client({ fetch: tampering(isProof, (proof) => void (proof.auditPath[0] = flipBase64(proof.auditPath[0]))) });
  const result = await c.ledger.verifyEvent(target);
  assert.equal(result.verified, false);
  assert.match(result.reason, /root/);
});

test("verifyEvent fails when an audit path element is dropped or added", async () => {
  const dropped = await client({ fetch: tampering(isProof, (proof) => void proof.auditPath.pop()) }).ledger.verifyEvent(target);
  assert.equal(dropped.verified, false);
  const added = await client({ fetch: tampering(isProof, (proof) => void proof.auditPath.push(proof.auditPath[0])) }).ledger.verifyEvent(target);
  assert.equal(added.verified, false);
});

test("verifyEvent fails when a detail value in the leaf opening is altered", async () => {
  const c = client({ fetch: tampering(isProof, (proof) => void (proof.leaf.details.resource.value = "alarm programme")) });
  const result = await c.ledger.verifyEvent(target);
  assert.equal(result.verified, false);
  assert.match(result.reason, /resource/);
});

test("verifyEvent fails when a detail value and its commitment are altered together", async () => {
  const c = client({
    fetch: tampering(isProof, (proof) => {
      const detail = proof.leaf.details.attempts;
      detail.value = 99;
      detail.commitment = flipBase64(detail.commitment);
    }),
  });
  assert.equal((await c.ledger.verifyEvent(target)).verified, false);
});

test("verifyEvent fails when a public leaf field is altered", async () => {
  for (const edit of [
    (proof) => void (proof.leaf.event.severity = "low"),
    (proof) => void (proof.leaf.event.recordedAt = proof.leaf.event.recordedAt.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10))),
    (proof) => void (proof.leaf.event.actor = "system"),
    (proof) => void (proof.leaf.event.source = proof.leaf.event.source === null ? "198.51.100.7" : null),
    (proof) => void delete proof.leaf.details.userId,
  ]) {
    const result = await client({ fetch: tampering(isProof, edit) }).ledger.verifyEvent(target);
    assert.equal(result.verified, false, edit.toString());
  }
});

test("verifyEvent fails when the checkpoint note is altered", async () => {
  const edits = [
    // another root in the note body: the signature no longer covers it
    (proof) => {
      const lines = proof.checkpoint.split("\n");
      lines[2] = flipBase64(lines[2]);
      proof.checkpoint = lines.join("\n");
    },
    // another origin
    (proof) => void (proof.checkpoint = "x" + proof.checkpoint),
    // a corrupted signature
    (proof) => {
      const [body, signatures] = proof.checkpoint.split("\n\n");
      const line = signatures.split("\n")[0];
      const at = line.lastIndexOf(" ") + 1;
      proof.checkpoint = `${body}\n\n${line.slice(0, at)}${flipBase64(line.slice(at))}\n`;
    },
    // no signature at all
    (proof) => void (proof.checkpoint = proof.checkpoint.split("\n\n")[0] + "\n"),
  ];
  for (const edit of edits) {
    const result = await client({ fetch: tampering(isProof, edit) }).ledger.verifyEvent(target);
    assert.equal(result.verified, false, edit.toString());
    assert.equal(typeof result.reason, "string");
  }
});

test("verifyEvent fails when the proof is for another leaf index or tree size", async () => {
  const index = await client({ fetch: tampering(isProof, (proof) => void (proof.leafIndex += 1)) }).ledger.verifyEvent(target);
  assert.equal(index.verified, false);
  const size = await client({ fetch: tampering(isProof, (proof) => void (proof.treeSize += 1)) }).ledger.verifyEvent(target);
  assert.equal(size.verified, false);
});

test("verifyEvent fails when the server answers with another event's proof", async () => {
  const other = eventIds[3];
  const c = client({
    fetch: (url, init) =>
      isProof(new URL(url).pathname) ? fetch(url.replace(encodeURIComponent(target), encodeURIComponent(other)), init) : fetch(url, init),
  });
  const result = await c.ledger.verifyEvent(target);
  assert.equal(result.verified, false);
  assert.match(result.reason, /not/);
});
