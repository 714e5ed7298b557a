import { concat, equalBytes, fromBase64, utf8 } from "./bytes.js";
import { sha256, subtle } from "./crypto.js";

const ED25519_TYPE = 0x01;
const SIGNATURE_PREFIX = "\u2014 "; // EM DASH, space
const MAX_SIGNATURES = 100;

/** An Ed25519 note verifier: the key name signatures carry, and the raw 32-byte public key. */
export interface NoteKey {
  /** Null to accept any name whose key hash binds it to this public key. */
  name: string | null;
  publicKey: Uint8Array;
}

/** A checkpoint body (c2sp.org/tlog-checkpoint). */
export interface CheckpointBody {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions: string[];
}

/** SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)[:4]: the key ID on signature lines. */
export async function keyHash(name: string, publicKey: Uint8Array): Promise<Uint8Array> {
  const digest = await sha256(concat(utf8(name), new Uint8Array([0x0a, ED25519_TYPE]), publicKey));
  return digest.slice(0, 4);
}

/** Non-empty, no whitespace, no '+', no control characters. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && isValidCharacters(name);
}

/**
 * Parses a C2SP verifier key `name+hash+base64(0x01 ‖ key)` and checks its hash.
 * Returns null when it is malformed or not Ed25519.
 */
export async function parseVerifierKey(text: string): Promise<NoteKey | null> {
  const first = text.indexOf("+");
  const second = first < 0 ? -1 : text.indexOf("+", first + 1);
  if (second < 0) return null;
  const name = text.slice(0, first);
  const hash = text.slice(first + 1, second);
  const key = fromBase64(text.slice(second + 1));
  if (!isValidKeyName(name) || !/^[0-9a-fA-F]{8}$/.test(hash) || !key || key.length !== 33 || key[0] !== ED25519_TYPE) {
    return null;
  }
  const publicKey = key.slice(1);
  const expected = await keyHash(name, publicKey);
  if (hex(expected) !== hash.toLowerCase()) return null;
  return { name, publicKey };
}

/**
 * Opens a signed note (c2sp.org/signed-note). Signatures by other keys are ignored; a signature by
 * this key that does not verify rejects the note. Returns the note text (with its final newline)
 * when at least one signature by this key verifies, else a reason.
 */
export async function openSignedNote(note: string, key: NoteKey): Promise<{ body: string } | { error: string }> {
  if (typeof note !== "string" || note.length === 0 || !note.endsWith("\n") || !isValidCharacters(note)) {
    return { error: "the checkpoint note is malformed" };
  }
  const split = note.lastIndexOf("\n\n");
  if (split < 0) return { error: "the checkpoint note has no signature block" };
  const body = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split("\n");
  if (lines.length === 0 || lines.length > MAX_SIGNATURES || (lines.length === 1 && lines[0] === "")) {
    return { error: "the checkpoint note has no signature lines" };
  }

  const crypto = await subtle();
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await crypto.importKey("raw", key.publicKey as Uint8Array<ArrayBuffer>, { name: "Ed25519" }, false, ["verify"]);
  } catch (e) {
    return { error: `the public key cannot be used for Ed25519 here: ${e instanceof Error ? e.message : String(e)}` };
  }

  const message = utf8(body);
  let verified = false;
  let sawName = false;
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return { error: "the checkpoint note has a malformed signature line" };
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(" ");
    const name = space > 0 ? rest.slice(0, space) : "";
    const decoded = space > 0 ? fromBase64(rest.slice(space + 1)) : null;
    if (!isValidKeyName(name) || !decoded || decoded.length <= 4) {
      return { error: "the checkpoint note has a malformed signature line" };
    }
    if (key.name !== null && name !== key.name) continue;
    sawName = true;
    const id = decoded.slice(0, 4);
    if (!equalBytes(id, await keyHash(name, key.publicKey))) continue;
    const signature = decoded.slice(4);
    let ok = false;
    if (signature.length === 64) {
      try {
        ok = await crypto.verify({ name: "Ed25519" }, cryptoKey, signature, message as Uint8Array<ArrayBuffer>);
      } catch {
        ok = false;
      }
    }
    if (!ok) return { error: `the checkpoint signature by ${name} does not verify` };
    verified = true;
  }
  if (!verified) {
    return {
      error: sawName
        ? "the checkpoint is not signed by the expected public key (key hash mismatch)"
        : `the checkpoint carries no signature by ${key.name ?? "the expected key"}`,
    };
  }
  return { body };
}

/** Parses a checkpoint body strictly: origin, decimal size, base64 32-byte root, optional extension lines. */
export function parseCheckpointBody(body: string): CheckpointBody | null {
  if (!body.endsWith("\n")) return null;
  const lines = body.slice(0, -1).split("\n");
  if (lines.length < 3) return null;
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (origin.length === 0 || !/^(0|[1-9][0-9]*)$/.test(sizeText)) return null;
  const size = Number(sizeText);
  const rootHash = fromBase64(rootText);
  if (!Number.isSafeInteger(size) || !rootHash || rootHash.length !== 32) return null;
  const extensions = lines.slice(3);
  if (extensions.some((line) => line.length === 0)) return null;
  return { origin, size, rootHash, extensions };
}

function isValidCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
