import type { LeafOpening, ProofResponse, VerifyEventResult } from "../types.js";
import { concat, equalBytes, fromBase64, toBase64, utf8 } from "./bytes.js";
import { canonicalize } from "./canonical.js";
import { sha256 } from "./crypto.js";
import { leafHash, rootFromInclusionProof } from "./merkle.js";
import { openSignedNote, parseCheckpointBody, type NoteKey } from "./note.js";

/** The leaf format version this package understands. */
export const LEAF_VERSION = 1;

class VerificationFailure extends Error {}

function fail(reason: string): never {
  throw new VerificationFailure(reason);
}

/** base64(SHA-256(salt ‖ UTF-8(canonical JSON of value))). */
export async function computeCommitment(salt: Uint8Array, value: unknown): Promise<string> {
  return toBase64(await sha256(concat(salt, utf8(canonicalize(value)))));
}

/**
 * Rebuilds the canonical leaf JSON from an opening, checking every detail commitment that can still be
 * opened (erased details contribute their bare commitment).
 */
export async function leafBytesFromOpening(opening: LeafOpening): Promise<Uint8Array> {
  if (!isObject(opening) || !isObject(opening.event) || !isObject(opening.details)) fail("the proof carries no leaf opening");
  const e = opening.event;
  for (const field of ["id", "org", "eventType", "severity", "recordedAt", "actor"] as const) {
    if (typeof e[field] !== "string") fail(`the leaf's ${field} is missing`);
  }
  if (!Number.isSafeInteger(e.seq) || e.seq < 0) fail("the leaf's seq is not a non-negative integer");
  // The server leaves out null members, so an absent source is the JSON null the leaf was built with.
  const source = e.source ?? null;
  if (source !== null && typeof source !== "string") fail("the leaf's source is neither a string nor null");

  const commitments: Record<string, string> = {};
  for (const [key, detail] of Object.entries(opening.details)) {
    if (!isObject(detail) || typeof detail.commitment !== "string") fail(`detail "${key}" has no commitment`);
    const expected = fromBase64(detail.commitment);
    if (!expected || expected.length !== 32) fail(`detail "${key}" has a malformed commitment`);
    const opened = "value" in detail || "salt" in detail;
    if (opened) {
      const salt = fromBase64(detail.salt);
      if (!salt || salt.length !== 32) fail(`detail "${key}" has a malformed salt`);
      if (!("value" in detail)) fail(`detail "${key}" has a salt but no value`);
      let actual: string;
      try {
        actual = await computeCommitment(salt, detail.value);
      } catch {
        fail(`detail "${key}" has a value with no canonical JSON form`);
      }
      if (actual !== detail.commitment) fail(`detail "${key}" does not match its commitment`);
    } else if (detail.erased !== true) {
      fail(`detail "${key}" has neither a value nor an erasure mark`);
    }
    commitments[key] = detail.commitment;
  }

  const leaf = {
    v: LEAF_VERSION,
    id: e.id,
    seq: e.seq,
    org: e.org,
    eventType: e.eventType,
    severity: e.severity,
    recordedAt: e.recordedAt,
    actor: e.actor,
    source,
    details: commitments,
  };
  try {
    return utf8(canonicalize(leaf));
  } catch {
    fail("the leaf has no canonical JSON form");
  }
}

/**
 * Verifies an inclusion proof and its signed checkpoint without trusting the server: the leaf hash is
 * recomputed from the opening, the root from the audit path, and the note's signature is checked
 * against `key`.
 */
export async function verifyProof(
  eventId: string,
  proof: ProofResponse,
  key: NoteKey,
  expectedOrigin?: string,
): Promise<VerifyEventResult> {
  const result: VerifyEventResult = {
    verified: false,
    leafIndex: isObject(proof) && Number.isSafeInteger(proof.leafIndex) ? proof.leafIndex : -1,
    treeSize: isObject(proof) && Number.isSafeInteger(proof.treeSize) ? proof.treeSize : -1,
    rootHash: null,
  };
  try {
    if (!isObject(proof)) fail("the proof is not an object");
    const { leafIndex, treeSize } = proof;
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0) fail("the proof's leaf index is not a non-negative integer");
    if (!Number.isSafeInteger(treeSize) || treeSize <= leafIndex) fail("the proof's tree size does not contain the leaf");

    const leafBytes = await leafBytesFromOpening(proof.leaf);
    const opening = proof.leaf;
    if (opening.event.id !== eventId) fail(`the proof is for event ${opening.event.id}, not ${eventId}`);
    if (opening.event.seq !== leafIndex + 1) fail(`the leaf's seq ${opening.event.seq} does not match leaf index ${leafIndex}`);

    const hash = await leafHash(leafBytes);
    if (typeof proof.leafHash === "string" && proof.leafHash !== toBase64(hash)) {
      fail("the leaf hash the server reports differs from the one recomputed from the leaf");
    }

    if (!Array.isArray(proof.auditPath)) fail("the proof has no audit path");
    const path: Uint8Array[] = [];
    for (const element of proof.auditPath) {
      const bytes = fromBase64(element);
      if (!bytes || bytes.length !== 32) fail("an audit path element is not a base64 32-byte hash");
      path.push(bytes);
    }
    const computed = await rootFromInclusionProof(leafIndex, treeSize, hash, path);
    if ("error" in computed) fail(`the inclusion proof is invalid: ${computed.error}`);
    result.rootHash = toBase64(computed.root);

    if (typeof proof.checkpoint !== "string") fail(`no signed checkpoint is available for tree size ${treeSize}`);
    const opened = await openSignedNote(proof.checkpoint, key);
    if ("error" in opened) fail(opened.error);
    const checkpoint = parseCheckpointBody(opened.body);
    if (!checkpoint) fail("the checkpoint body is malformed");
    if (expectedOrigin !== undefined && checkpoint.origin !== expectedOrigin) {
      fail(`the checkpoint is for the log ${checkpoint.origin}, not ${expectedOrigin}`);
    }
    // Each organisation has its own log, named <prefix>/<orgId>: a leaf of another organisation does not belong in it.
    const logOrg = checkpoint.origin.slice(checkpoint.origin.lastIndexOf("/") + 1);
    if (logOrg !== opening.event.org) fail(`the leaf belongs to ${opening.event.org}, the checkpoint to the log ${checkpoint.origin}`);
    if (checkpoint.size !== treeSize) fail(`the checkpoint is for tree size ${checkpoint.size}, the proof for ${treeSize}`);
    if (!equalBytes(checkpoint.rootHash, computed.root)) {
      fail("the root recomputed from the leaf and audit path differs from the signed checkpoint's root");
    }

    result.verified = true;
    return result;
  } catch (e) {
    if (e instanceof VerificationFailure) {
      result.reason = e.message;
      return result;
    }
    throw e;
  }
}

function isObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
