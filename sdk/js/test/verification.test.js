// The verification building blocks, offline, against published vectors and independent reference code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { fromBase64, toBase64 } from "../dist/ledger/bytes.js";
import { canonicalize } from "../dist/ledger/canonical.js";
import { rootFromInclusionProof } from "../dist/ledger/merkle.js";
import { keyHash, openSignedNote, parseCheckpointBody, parseVerifierKey } from "../dist/ledger/note.js";
import { computeCommitment, leafBytesFromOpening, verifyProof } from "../dist/ledger/verify.js";

const sha256 = (...parts) => createHash("sha256").update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest();

test("canonical JSON matches the RFC 8785 examples", () => {
  // RFC 8785 §3.2.2 / appendix: number formatting, minimal string escapes, literals.
  const input = JSON.parse(
    '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
      '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
  );
  assert.equal(
    canonicalize(input),
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  );
  // RFC 8785 §3.2.3: members sorted by UTF-16 code units, not code points or UTF-8 bytes.
  const sorted = canonicalize({
    "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis",
  });
  // (Compared as text: JSON.parse would list the integer-like key "1" first.)
  assert.equal(
    sorted,
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
      '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  );
  assert.equal(canonicalize({ b: [1, { d: -0, c: 1e21 }], a: "x" }), '{"a":"x","b":[1,{"c":1e+21,"d":0}]}');
  assert.throws(() => canonicalize({ a: NaN }));
  assert.throws(() => canonicalize("\ud800"));
  assert.throws(() => canonicalize({ a: undefined }));
});

test("the canonical leaf JSON matches the server library's fixed vector", () => {
  const leaf = {
    v: 1, id: "01JH8Z3K4M5N6P7Q8R9S0T1V2W", seq: 42, org: "acme", eventType: "auth.login_failed", severity: "high",
    recordedAt: "2025-03-14T09:26:53.589Z", actor: 'user:"eve"', source: "sso/eu-1",
    details: { userAgent: "cmt-ua", ip: "cmt-ip", Reason: "cmt-reason", "ém": "cmt-em" },
  };
  assert.equal(
    canonicalize(leaf),
    '{"actor":"user:\\"eve\\"","details":{"Reason":"cmt-reason","ip":"cmt-ip","userAgent":"cmt-ua","ém":"cmt-em"},' +
      '"eventType":"auth.login_failed","id":"01JH8Z3K4M5N6P7Q8R9S0T1V2W","org":"acme",' +
      '"recordedAt":"2025-03-14T09:26:53.589Z","seq":42,"severity":"high","source":"sso/eu-1","v":1}',
  );
});

test("commitments are base64(SHA-256(salt ‖ canonical JSON))", async () => {
  const salt = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
  const expected = sha256(salt, '{"a":"x","b":2}').toString("base64");
  assert.equal(await computeCommitment(salt, { b: 2, a: "x" }), expected);
  assert.equal(await computeCommitment(salt, "alarm program"), sha256(salt, '"alarm program"').toString("base64"));
});

test("base64 decoding is strict and canonical", () => {
  for (const length of [0, 1, 2, 3, 31, 32, 33]) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 255);
    const text = Buffer.from(bytes).toString("base64");
    assert.equal(toBase64(bytes), text);
    assert.deepEqual(fromBase64(text), bytes);
  }
  for (const bad of ["QR==", "QUJ=", "QQ", "QQ=", "Q===", " QQ==", "QQ==\n", "QQ-_", "Q Q=", "****", 42, null]) {
    assert.equal(fromBase64(bad), null, String(bad));
  }
});

// RFC 9162 §2.1.1 and §2.1.3.1, written directly from the definitions.
function mth(leaves) {
  if (leaves.length === 0) return sha256(new Uint8Array());
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256([1], mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

function path(m, leaves) {
  if (leaves.length <= 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

test("inclusion proofs verify for every leaf of trees of size 1 to 33 and fail when altered", async () => {
  const leaves = Array.from({ length: 33 }, (_, i) => sha256([0], `leaf ${i}`));
  for (let size = 1; size <= leaves.length; size++) {
    const tree = leaves.slice(0, size);
    const root = mth(tree);
    for (let m = 0; m < size; m++) {
      const proof = path(m, tree).map((h) => new Uint8Array(h));
      const ok = await rootFromInclusionProof(m, size, new Uint8Array(tree[m]), proof);
      assert.deepEqual(Buffer.from(ok.root), root, `size ${size} index ${m}`);
      if (proof.length > 0) {
        const altered = proof.map((h) => h.slice());
        altered[altered.length - 1][5] ^= 0x40;
        const bad = await rootFromInclusionProof(m, size, new Uint8Array(tree[m]), altered);
        assert.notDeepEqual(Buffer.from(bad.root), root);
        assert.ok("error" in (await rootFromInclusionProof(m, size, new Uint8Array(tree[m]), proof.slice(1))));
      }
      assert.ok("error" in (await rootFromInclusionProof(m, size, new Uint8Array(tree[m]), [...proof, proof[0] ?? new Uint8Array(32)])));
    }
  }
  assert.ok("error" in (await rootFromInclusionProof(5, 5, new Uint8Array(32), [])));
  assert.ok("error" in (await rootFromInclusionProof(-1, 5, new Uint8Array(32), [])));
});

// The c2sp.org/signed-note example keys and signatures.
const peterKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const enochKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const peterSig = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const enochSig = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

test("signed notes verify as c2sp.org/signed-note specifies", async () => {
  const peter = await parseVerifierKey(peterKey);
  const enoch = await parseVerifierKey(enochKey);
  assert.equal(peter.name, "PeterNeumann");
  assert.equal(Buffer.from(await keyHash(peter.name, peter.publicKey)).toString("hex"), "c74f20a3");

  assert.deepEqual(await openSignedNote(text + "\n" + peterSig, peter), { body: text });
  assert.deepEqual(await openSignedNote(text + "\n" + peterSig + enochSig, enoch), { body: text });
  // Only other keys' signatures: not verified.
  assert.ok("error" in (await openSignedNote(text + "\n" + enochSig, peter)));
  // The raw key alone, without its name, still binds through the key hash.
  assert.deepEqual(await openSignedNote(text + "\n" + enochSig + peterSig, { name: null, publicKey: peter.publicKey }), { body: text });

  const rejected = [
    text.replace("cryptography", "cryptographY") + "\n" + peterSig,
    "x" + text + "\n" + peterSig,
    text + "extra line\n\n" + peterSig,
    text + "\n",
    text + "\n" + peterSig.slice(0, -1),
    text + "\n" + peterSig + "Unexpected line.\n",
    text + "\n" + peterSig.replace("PeterNeumann", "PeterNeuman"),
    text + "\n" + peterSig.replace("x08g", "x08h"),
    "\u0001" + text + "\n" + peterSig,
  ];
  for (const note of rejected) assert.ok("error" in (await openSignedNote(note, peter)), JSON.stringify(note));

  assert.equal(await parseVerifierKey(peterKey.replace("c74f20a3", "c74f20a4")), null);
  assert.equal(await parseVerifierKey("PeterNeumann+c74f20a3"), null);
});

test("a leaf of another organisation does not verify in this organisation's log, even correctly signed", async () => {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
  const publicKey = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  const keyName = "mudbase.test";
  const opening = {
    event: {
      id: "evt_x", seq: 1, org: "org_intruder", eventType: "data_breach_detected", severity: "critical",
      recordedAt: "2026-01-01T00:00:00.000Z", actor: "system", source: null,
    },
    details: {},
  };
  const leaf = sha256([0], await leafBytesFromOpening(opening));
  const body = `${keyName}/org_victim\n1\n${leaf.toString("base64")}\n`;
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, pair.privateKey, new TextEncoder().encode(body)));
  const note = `${body}\n\u2014 ${keyName} ${Buffer.concat([await keyHash(keyName, publicKey), signature]).toString("base64")}\n`;
  const proof = { success: true, leafIndex: 0, treeSize: 1, leafHash: leaf.toString("base64"), auditPath: [], checkpoint: note, leaf: opening };
  const result = await verifyProof("evt_x", proof, { name: keyName, publicKey });
  assert.equal(result.verified, false);
  assert.match(result.reason, /org_intruder/);
  // The same leaf in its own organisation's log verifies.
  const own = body.replace("org_victim", "org_intruder");
  const ownSignature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, pair.privateKey, new TextEncoder().encode(own)));
  proof.checkpoint = `${own}\n\u2014 ${keyName} ${Buffer.concat([await keyHash(keyName, publicKey), ownSignature]).toString("base64")}\n`;
  assert.equal((await verifyProof("evt_x", proof, { name: keyName, publicKey })).verified, true);
});

test("checkpoint bodies parse strictly", () => {
  const root = Buffer.alloc(32, 7).toString("base64");
  const parsed = parseCheckpointBody(`example.com/log\n12\n${root}\n`);
  assert.equal(parsed.origin, "example.com/log");
  assert.equal(parsed.size, 12);
  assert.equal(parsed.rootHash.length, 32);
  for (const bad of [`o\n012\n${root}\n`, `o\n-1\n${root}\n`, `o\n12\n${root}`, `o\n12\nAAAA\n`, `\n12\n${root}\n`, `o\n12\n${root}\n\n`]) {
    assert.equal(parseCheckpointBody(bad), null, JSON.stringify(bad));
  }
});

test("a proof built and signed locally verifies, and any altered part does not", async () => {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
  const publicKey = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  const keyName = "mudbase.test/org_example";
  const salt = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
  const opening = {
    event: {
      id: "evt_local", seq: 3, org: "org_example", eventType: "mfa_bypass_attempt", severity: "critical",
      recordedAt: "2026-01-01T00:00:00.000Z", actor: "usr_a", source: null,
    },
    details: {
      userId: { commitment: await computeCommitment(salt, "usr_b"), value: "usr_b", salt: Buffer.from(salt).toString("base64") },
      reason: { commitment: await computeCommitment(salt, "erased later"), erased: true },
    },
  };
  const leaf = sha256([0], await leafBytesFromOpening(opening));
  const others = [0, 1, 3, 4].map((i) => sha256([0], `other ${i}`));
  const leaves = [others[0], others[1], leaf, others[2], others[3]];
  const root = mth(leaves);
  const body = `${keyName}\n5\n${root.toString("base64")}\n`;
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, pair.privateKey, new TextEncoder().encode(body)));
  const id = await keyHash(keyName, publicKey);
  const note = `${body}\n\u2014 ${keyName} ${Buffer.concat([id, signature]).toString("base64")}\n`;
  const proof = {
    success: true, leafIndex: 2, treeSize: 5, leafHash: leaf.toString("base64"),
    auditPath: path(2, leaves).map((h) => h.toString("base64")), checkpoint: note, leaf: opening,
  };
  const key = { name: keyName, publicKey };

  const good = await verifyProof("evt_local", proof, key);
  assert.deepEqual(good, { verified: true, leafIndex: 2, treeSize: 5, rootHash: root.toString("base64") });

  const variants = [
    (p) => (p.leaf.details.userId.value = "usr_c"),
    (p) => (p.leaf.details.reason.commitment = p.leaf.details.userId.commitment),
    (p) => delete p.leaf.details.reason.erased,
    (p) => (p.leaf.details.userId.salt = Buffer.alloc(32).toString("base64")),
    (p) => (p.leaf.event.seq = 4),
    (p) => (p.leafIndex = 1),
    (p) => (p.auditPath = p.auditPath.slice().reverse()),
    (p) => (p.checkpoint = null),
    (p) => (p.checkpoint = p.checkpoint.replace("\n5\n", "\n6\n")),
    (p) => (p.leafHash = Buffer.alloc(32).toString("base64")),
  ];
  for (const edit of variants) {
    const copy = structuredClone(proof);
    edit(copy);
    const result = await verifyProof("evt_local", copy, key);
    assert.equal(result.verified, false, edit.toString());
    assert.equal(typeof result.reason, "string");
  }
  // A server that leaves out null members sends no source at all: that is the JSON null of the leaf.
  const withoutSource = structuredClone(proof);
  delete withoutSource.leaf.event.source;
  assert.equal((await verifyProof("evt_local", withoutSource, key)).verified, true);
  const withSource = structuredClone(proof);
  withSource.leaf.event.source = "127.0.0.1";
  assert.equal((await verifyProof("evt_local", withSource, key)).verified, false);

  assert.equal((await verifyProof("evt_other", proof, key)).verified, false);
  assert.equal((await verifyProof("evt_local", proof, { name: "someone.else", publicKey })).verified, false);
  assert.equal((await verifyProof("evt_local", proof, key, keyName)).verified, true);
  const otherLog = await verifyProof("evt_local", proof, key, "mudbase.test/org_other");
  assert.equal(otherLog.verified, false);
  assert.match(otherLog.reason, /org_other/);
  assert.equal((await verifyProof("evt_local", null, key)).verified, false);
});
