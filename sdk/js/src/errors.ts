import type { ErrorBody } from "./types.js";

/** Base class of every error this package throws. */
export class MudbaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The server answered with an error status. Carries the fields of the server's error body. */
export class MudbaseApiError extends MudbaseError {
  /** HTTP status code. */
  readonly status: number;
  /** Mudbase error code, e.g. `VALIDATION_ERROR`, `UNAUTHORIZED`, `NOT_FOUND`, `RATE_LIMITED`. */
  readonly code: string;
  /** Field → message for validation errors, otherwise a string or undefined. */
  readonly details: Record<string, string> | string[] | string | undefined;
  /** The server's request id (also in its logs), when it sent one. */
  readonly requestId: string | undefined;
  /** Seconds to wait before retrying, from `Retry-After` (429 and 503). */
  readonly retryAfter: number | undefined;
  /** HTTP method and path of the request. */
  readonly method: string;
  readonly path: string;
  /** The parsed error body, or the raw text when it was not JSON. */
  readonly body: ErrorBody | string | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: Record<string, string> | string[] | string | undefined;
    requestId?: string | undefined;
    retryAfter?: number | undefined;
    method: string;
    path: string;
    body?: ErrorBody | string | undefined;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.method = init.method;
    this.path = init.path;
    this.body = init.body;
  }
}

/** The request never got an HTTP answer: connection refused, DNS failure, reset, invalid response… */
export class MudbaseNetworkError extends MudbaseError {
  readonly method: string;
  readonly url: string;

  constructor(method: string, url: string, cause: unknown) {
    super(`${method} ${url} failed: ${describe(cause)}`, { cause });
    this.method = method;
    this.url = url;
  }
}

/** The server did not answer within the time limit. */
export class MudbaseTimeoutError extends MudbaseError {
  readonly method: string;
  readonly url: string;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(method: string, url: string, timeoutMs: number) {
    super(`${method} ${url} timed out after ${timeoutMs} ms`);
    this.method = method;
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    // Node's fetch reports "fetch failed" and keeps the useful part (ECONNREFUSED…) in its cause.
    const inner = (cause as { cause?: unknown }).cause;
    if (inner instanceof Error && inner.message) return `${cause.message} (${inner.message})`;
    return cause.message || cause.name;
  }
  return String(cause);
}
