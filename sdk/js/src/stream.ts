import { MudbaseApiError } from "./errors.js";
import { apiError, queryString, type TransportState } from "./transport.js";
import type { SecurityEvent } from "./types.js";

/** How `client.compliance.streamSecurityEvents` starts and reconnects. */
export interface StreamSecurityEventsOptions {
  /**
   * Resume after this sequence: events recorded since are replayed first. Without it the stream starts with the next
   * event recorded. `0` replays the whole log.
   */
  after?: number;
  /** Ends the iteration (the iterator returns) when aborted. */
  signal?: AbortSignal;
  /** Wait before reconnecting after a dropped connection or a 5xx/429, in milliseconds; the server's `retry` overrides it. */
  reconnectDelayMs?: number;
  /** Called before each reconnection with the sequence the stream resumes after (undefined before any event). */
  onReconnect?: (lastSequence: number | undefined) => void;
}

type Query = Record<string, string | number | readonly (string | number)[] | undefined>;

/**
 * Follows `GET /api/compliance/security-events/stream`: yields each event once, in sequence order, and reconnects on
 * its own with `Last-Event-ID` after a dropped connection, a server restart or a `behind` notice.
 */
export async function* streamSecurityEvents(
  state: TransportState,
  query: Query,
  options: StreamSecurityEventsOptions = {},
): AsyncGenerator<SecurityEvent, void, undefined> {
  const { signal } = options;
  let lastId = options.after === undefined ? undefined : String(options.after);
  let delay = options.reconnectDelayMs ?? 1_000;
  let first = true;
  const url = state.baseUrl + "/api/compliance/security-events/stream" + queryString(query);
  const fetchImpl = state.fetch ?? globalThis.fetch;
  while (!signal?.aborted) {
    if (!first) {
      options.onReconnect?.(lastId === undefined ? undefined : Number(lastId));
      await sleep(delay, signal);
      if (signal?.aborted) return;
    }
    first = false;
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (lastId !== undefined) headers["Last-Event-ID"] = lastId;
    if (state.jwt) headers["Authorization"] = `Bearer ${state.jwt}`;
    else if (state.apiKey) headers["X-API-Key"] = state.apiKey;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      let response: Response;
      try {
        response = await fetchImpl(url, { method: "GET", headers, signal: controller.signal });
      } catch {
        continue;
      }
      if (!response.ok || !response.body) {
        const error = apiError("GET", "/api/compliance/security-events/stream", response, await response.text());
        if (response.status >= 500 || response.status === 429) continue;
        throw error;
      }
      for await (const message of messages(response.body)) {
        if (message.retry !== undefined) delay = message.retry;
        if (message.event === "security-event" && message.data !== undefined) {
          if (message.id !== undefined) lastId = message.id;
          yield JSON.parse(message.data) as SecurityEvent;
        } else if (message.event === "behind") {
          if (message.id !== undefined) lastId = message.id;
          break;
        }
      }
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof MudbaseApiError) throw error;
      // A dropped connection: reconnect from the last id.
    } finally {
      signal?.removeEventListener("abort", onAbort);
      controller.abort();
    }
  }
}

interface Message {
  id?: string;
  event?: string;
  data?: string;
  retry?: number;
}

/** Parses a text/event-stream body into messages (the WHATWG algorithm; comments are skipped). */
async function* messages(body: ReadableStream<Uint8Array>): AsyncGenerator<Message, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let message: Message = {};
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
        if (line === "") {
          if (data.length > 0 || message.event !== undefined || message.retry !== undefined) {
            yield { ...message, data: data.length > 0 ? data.join("\n") : undefined };
          }
          message = {};
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "id") message.id = value;
        else if (field === "event") message.event = value;
        else if (field === "data") data.push(value);
        else if (field === "retry" && /^\d+$/.test(value)) message.retry = Number(value);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
