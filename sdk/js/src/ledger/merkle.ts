import { concat } from "./bytes.js";
import { sha256 } from "./crypto.js";

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** RFC 9162 §2.1.1 leaf hash: SHA-256(0x00 ‖ leaf). */
export function leafHash(leaf: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(LEAF_PREFIX, leaf));
}

/** RFC 9162 §2.1.1 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(NODE_PREFIX, left, right));
}

/**
 * The root an inclusion proof leads to, by the algorithm of RFC 9162 §2.1.3.2, or a reason why the
 * proof cannot be valid for this index and size. Sizes up to 2^53 − 1 are exact (no 32-bit shifts).
 */
export async function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  auditPath: readonly Uint8Array[],
): Promise<{ root: Uint8Array } | { error: string }> {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || treeSize < 0) {
    return { error: "leaf index and tree size must be non-negative integers" };
  }
  if (leafIndex >= treeSize) return { error: `leaf index ${leafIndex} is outside a tree of size ${treeSize}` };

  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of auditPath) {
    if (p.length !== 32) return { error: "an audit path element is not a 32-byte hash" };
    if (sn === 0) return { error: "the audit path is longer than the tree allows" };
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return { error: "the audit path is shorter than the tree requires" };
  return { root: r };
}
