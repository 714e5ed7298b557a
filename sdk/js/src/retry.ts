import { MudbaseApiError, MudbaseNetworkError, MudbaseTimeoutError } from "./errors.js";
import type { RetryOptions } from "./types.js";

/** Default retries of an event write after its first attempt. */
export const DEFAULT_MAX_RETRIES = 3;

const DEFAULT_BASE_DELAY_MS = 250;
const DEFAULT_MAX_DELAY_MS = 5_000;

/** The retry settings of a client, with every default filled in. */
export interface RetryPolicy {
  idempotencyKeys: boolean;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { idempotencyKeys: false, maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 };
  const policy = {
    idempotencyKeys: options?.idempotencyKeys ?? true,
    maxRetries: options?.maxRetries ?? DEFAULT_MAX_RETRIES,
    baseDelayMs: options?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: options?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
  };
  for (const name of ["maxRetries", "baseDelayMs", "maxDelayMs"] as const) {
    if (!Number.isFinite(policy[name]) || policy[name] < 0) throw new RangeError(`retry.${name} must be a non-negative number`);
  }
  return policy;
}

/**
 * Runs an event write with an `Idempotency-Key` and sends it again, with the same key, after a network failure, a
 * timeout, a 503 or a 409 `IDEMPOTENCY_KEY_IN_USE`: the server records it once and answers every attempt alike.
 * A 503 `LEDGER_INTEGRITY` is not retried: the stored ledger contradicts its signed checkpoints, and asking again does
 * not help until an operator has investigated.
 * Without a key nothing is retried, since the first attempt may have been recorded.
 */
export async function withIdempotentRetries<T>(
  policy: RetryPolicy,
  explicitKey: string | undefined,
  signal: AbortSignal | undefined,
  attempt: (idempotencyKey: string | undefined) => Promise<T>,
): Promise<T> {
  const key = explicitKey ?? (policy.idempotencyKeys ? newIdempotencyKey() : undefined);
  const retries = key === undefined ? 0 : Math.floor(policy.maxRetries);
  for (let n = 0; ; n++) {
    try {
      return await attempt(key);
    } catch (error) {
      if (n >= retries || !isRetryable(error) || signal?.aborted) throw error;
      await sleep(delayMs(policy, n, error instanceof MudbaseApiError ? error.retryAfter : undefined), signal);
    }
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof MudbaseNetworkError || error instanceof MudbaseTimeoutError) return true;
  return error instanceof MudbaseApiError
    && ((error.status === 503 && error.code !== "LEDGER_INTEGRITY") || (error.status === 409 && error.code === "IDEMPOTENCY_KEY_IN_USE"));
}

function delayMs(policy: RetryPolicy, retry: number, retryAfterSeconds: number | undefined): number {
  const backoff = policy.baseDelayMs * 2 ** retry * (0.5 + Math.random() / 2);
  const asked = retryAfterSeconds === undefined ? 0 : retryAfterSeconds * 1000;
  return Math.min(Math.max(backoff, asked), policy.maxDelayMs);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/** A fresh key: a random UUID (122 random bits), as the draft standard suggests. */
export function newIdempotencyKey(): string {
  const webCrypto = (globalThis as { crypto?: Crypto }).crypto;
  if (typeof webCrypto?.randomUUID === "function") return webCrypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof webCrypto?.getRandomValues === "function") webCrypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
