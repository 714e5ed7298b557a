// In-browser verification with the mudbase SDK: the event's detail commitments, leaf hash, inclusion proof and the
// Ed25519 signature of the checkpoint are all recomputed here, trusting nothing the server says about them.

let sdk;
const signers = new Map();

/** The SDK module, or null when the server was built without it (no npm on the build machine). */
export function loadSdk() {
  sdk ??= import("../lib/mudbase/index.js").catch(() => null);
  return sdk;
}

/**
 * Resolves { state: "verified" | "failed" | "unavailable", reason?, result?, key?, origin? }. Never rejects: a request
 * that fails is a verification that failed, with its message as the reason.
 */
export async function verifyInBrowser(eventId, { token, orgId }) {
  const module = await loadSdk();
  if (!module) {
    return { state: "unavailable", reason: "This server was built without the JavaScript SDK (npm was missing), so proofs cannot be checked here." };
  }
  const client = new module.MudbaseClient({ baseUrl: location.origin, jwt: token, fetch: (url, init) => fetch(url, init) });
  try {
    // Fetched once per page and organisation, so every verification is checked against the same key and log.
    if (!signers.has(orgId)) {
      signers.set(orgId, Promise.all([client.ledger.getPublicKey(), client.ledger.getCheckpoint()]).catch((error) => {
        signers.delete(orgId);
        throw error;
      }));
    }
    const [key, checkpoint] = await signers.get(orgId);
    // The log must be the signed-in organisation's own, whatever the server's origin prefix.
    if (!checkpoint.origin.endsWith(`/${orgId}`)) {
      return { state: "failed", reason: `the log's origin ${checkpoint.origin} is not your organisation's (${orgId})` };
    }
    const result = await client.ledger.verifyEvent(eventId, { publicKey: key.verifierKey, origin: checkpoint.origin });
    return result.verified
      ? { state: "verified", result, key, origin: checkpoint.origin }
      : { state: "failed", reason: result.reason ?? "the proof does not hold", result, key };
  } catch (error) {
    return { state: "failed", reason: error?.message ?? String(error) };
  }
}
