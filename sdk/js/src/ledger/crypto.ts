let cached: Promise<SubtleCrypto> | undefined;

/**
 * WebCrypto's SubtleCrypto: `globalThis.crypto.subtle` (browsers, Node ≥ 19), or on Node 18, where the
 * global is not there by default, the same object from `node:crypto`.
 */
export function subtle(): Promise<SubtleCrypto> {
  cached ??= (async () => {
    const global = (globalThis as { crypto?: Crypto }).crypto;
    if (global?.subtle) return global.subtle;
    const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
    if (isNode) {
      // A computed specifier keeps browser bundlers from trying to resolve a Node built-in.
      const specifier = "node:crypto";
      const mod = (await import(specifier)) as { webcrypto?: Crypto };
      if (mod.webcrypto?.subtle) return mod.webcrypto.subtle;
    }
    throw new Error("WebCrypto (crypto.subtle) is not available in this environment");
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

/** SHA-256 of the given bytes. */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  const s = await subtle();
  return new Uint8Array(await s.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
}
