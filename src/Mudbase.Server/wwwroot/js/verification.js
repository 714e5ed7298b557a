// In-browser verification with the mudbase SDK: the event's detail commitments, leaf hash, inclusion proof and the
// Ed25519 signature of the checkpoint are all recomputed here, trusting nothing the server says about them.

let sdk;
let publicKey;

/** The SDK module, or null when the server was built without it (no npm on the build machine). */
export function loadSdk() {
  sdk ??= import("../lib/mudbase/index.js").catch(() => null);
  return sdk;
}

/**
 * Resolves { state: "verified" | "failed" | "unavailable", reason?, result?, key? }. Never rejects: a request that
 * fails is a verification that failed, with its message as the reason.
 */
export async function verifyInBrowser(eventId, token) {
  const module = await loadSdk();
  if (!module) {
    return { state: "unavailable", reason: "This server was built without the JavaScript SDK (npm was missing), so proofs cannot be checked here" };
  }
  const client = new module.MudbaseClient({ baseUrl: location.origin, jwt: token, fetch: (url, init) => fetch(url, init) });
  try {
    // One key for the whole page: every verification in this session is checked against the same signer.
    publicKey ??= client.ledger.getPublicKey().catch((error) => {
      publicKey = undefined;
      throw error;
    });
    const key = await publicKey;
    const result = await client.ledger.verifyEvent(eventId, { publicKey: key.verifierKey });
    return result.verified
      ? { state: "verified", result, key }
      : { state: "failed", reason: result.reason ?? "the proof does not hold", result, key };
  } catch (error) {
    return { state: "failed", reason: error?.message ?? String(error) };
  }
}
