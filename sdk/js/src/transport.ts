import { MudbaseApiError, MudbaseNetworkError, MudbaseTimeoutError } from "./errors.js";
import type { ErrorBody, FetchLike, RequestOptions } from "./types.js";

/** What one request needs beyond the method and path. */
export interface CallOptions extends RequestOptions {
  /** JSON body. */
  body?: unknown;
  /** Query parameters; arrays repeat the key, undefined values are left out. */
  query?: Record<string, string | number | readonly (string | number)[] | undefined>;
  /** Send the client's credentials (default true). */
  auth?: boolean;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/** Credentials and settings the transport reads on every request. */
export interface TransportState {
  baseUrl: string;
  jwt: string | null;
  apiKey: string | null;
  timeoutMs: number;
  fetch: FetchLike | undefined;
}

const STATUS_CODES: Record<number, string> = {
  400: "VALIDATION_ERROR",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
  500: "INTERNAL_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

/** Sends one JSON request and returns the parsed JSON answer, or throws one of the Mudbase errors. */
export async function send<T>(state: TransportState, method: string, path: string, options: CallOptions = {}): Promise<T> {
  const url = state.baseUrl + path + queryString(options.query);
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (options.auth !== false) {
    if (state.jwt) headers["Authorization"] = `Bearer ${state.jwt}`;
    else if (state.apiKey) headers["X-API-Key"] = state.apiKey;
  }

  const fetchImpl = state.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") {
    throw new MudbaseNetworkError(method, url, new Error("no fetch implementation: pass options.fetch"));
  }

  const timeoutMs = options.timeoutMs ?? state.timeoutMs;
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
  const outer = options.signal;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer) {
    if (outer.aborted) controller.abort(outer.reason);
    else outer.addEventListener("abort", onOuterAbort, { once: true });
  }

  try {
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, { method, headers, body, signal: controller.signal });
      text = await response.text();
    } catch (cause) {
      if (timedOut) throw new MudbaseTimeoutError(method, url, timeoutMs);
      if (outer?.aborted) throw outer.reason ?? cause;
      throw new MudbaseNetworkError(method, url, cause);
    }

    if (!response.ok) throw apiError(method, path, response, text);
    if (text.length === 0) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new MudbaseNetworkError(method, url, new Error(`the answer (HTTP ${response.status}) is not JSON`, { cause }));
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    outer?.removeEventListener("abort", onOuterAbort);
  }
}

export function queryString(query: CallOptions["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function apiError(method: string, path: string, response: Response, text: string): MudbaseApiError {
  let body: ErrorBody | string | undefined = text.length > 0 ? text : undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as ErrorBody;
  } catch {
    // Not JSON (a proxy's HTML page, say): keep the text.
  }
  const fields: ErrorBody = typeof body === "object" ? body : {};
  const details = fields.details;
  return new MudbaseApiError({
    status: response.status,
    code: typeof fields.code === "string" ? fields.code : (STATUS_CODES[response.status] ?? `HTTP_${response.status}`),
    message:
      (typeof fields.error === "string" && fields.error) ||
      (typeof fields.title === "string" && fields.title) ||
      `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`,
    details: details === null || details === undefined ? undefined : details,
    requestId: (typeof fields.requestId === "string" ? fields.requestId : undefined) ?? response.headers.get("x-request-id") ?? undefined,
    retryAfter: parseRetryAfter(response.headers.get("retry-after")),
    method,
    path,
    body,
  });
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
