import { fromBase64 } from "./ledger/bytes.js";
import { isValidKeyName, parseVerifierKey, type NoteKey } from "./ledger/note.js";
import { verifyProof } from "./ledger/verify.js";
import { retryPolicy, withIdempotentRetries, type RetryPolicy } from "./retry.js";
import { AccountApi, MudbaseTwoFactorRequiredError, ReportsApi } from "./account.js";
import type { LoginResult } from "./account-types.js";
import { PrivacyApi } from "./privacy.js";
import { ApiKeysApi } from "./api-keys.js";
import { OrganizationApi } from "./organization.js";
import { HealthApi } from "./health.js";
import { send, type CallOptions, type TransportState } from "./transport.js";
import { streamSecurityEvents, type StreamSecurityEventsOptions } from "./stream.js";
import type {
  AuthResponse,
  CheckpointResponse,
  ComplianceSummaryResponse,
  GetSecurityEventResponse,
  ListSecurityEventsResponse,
  LoginRequest,
  LogSecurityEventRequest,
  LogSecurityEventResponse,
  LogSecurityEventsResponse,
  MessageResponse,
  MudbaseClientOptions,
  ProofResponse,
  PublicKeyResponse,
  RegisterRequest,
  RequestOptions,
  SecurityEvent,
  SecurityEventFilters,
  VerifyEventOptions,
  VerifyEventResult,
  WriteOptions,
} from "./types.js";

/** Where the client sends requests when neither `baseUrl` nor `MUDBASE_URL` says otherwise. */
export const DEFAULT_BASE_URL = "http://localhost:5080";

/** Default per-request time limit in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Client of the Mudbase compliance API.
 *
 * ```js
 * const client = new MudbaseClient();           // MUDBASE_URL or http://localhost:5080
 * client.setJWT(token);
 * await client.compliance.logSecurityEvent({ eventType: "brute_force_attempt", severity: "high" });
 * ```
 */
export class MudbaseClient {
  /** Registration, sign-in and token refresh. */
  readonly auth: AuthApi;
  /** Security events and the compliance summary. */
  readonly compliance: ComplianceApi;
  /** Checkpoints, inclusion proofs and local verification. */
  readonly ledger: LedgerApi;
  /** Two-factor sign-in, password, profile and the organisation's two-factor policy. */
  readonly account: AccountApi;
  /** Access review with sign-off, and the Article 30 record. */
  readonly reports: ReportsApi;
  /** GDPR data-subject rights: export, erasure, legal holds and retention. */
  readonly privacy: PrivacyApi;
  /** API keys for servers: create, list, get, update, usage, regenerate, revoke. */
  readonly apiKeys: ApiKeysApi;
  /** The organisation at the official contract's paths: profile, members, invites, roles, overviews. */
  readonly organization: OrganizationApi;
  /** The server's health (public) and process status (owners and admins). */
  readonly health: HealthApi;

  readonly #state: TransportState;

  constructor(options: MudbaseClientOptions = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new RangeError("timeoutMs must be a non-negative number");
    this.#state = {
      baseUrl: normaliseBaseUrl(options.baseUrl ?? environmentUrl() ?? DEFAULT_BASE_URL),
      jwt: options.jwt ?? null,
      apiKey: options.apiKey ?? null,
      timeoutMs,
      fetch: options.fetch,
    };
    const call = <T>(method: string, path: string, callOptions?: CallOptions) => send<T>(this.#state, method, path, callOptions);
    this.auth = new AuthApi(call, this);
    this.compliance = new ComplianceApi(call, retryPolicy(options.retry), (query, stream) => streamSecurityEvents(this.#state, query, stream));
    this.ledger = new LedgerApi(call);
    this.account = new AccountApi(call, (token) => this.setJWT(token));
    this.reports = new ReportsApi(call);
    this.privacy = new PrivacyApi(call);
    this.apiKeys = new ApiKeysApi(call);
    this.organization = new OrganizationApi(call);
    this.health = new HealthApi(call);
  }

  /** The server's base URL, without a trailing slash. */
  get baseUrl(): string {
    return this.#state.baseUrl;
  }

  /** The access JWT in use, if any. */
  get jwt(): string | null {
    return this.#state.jwt;
  }

  /** Sets (or with null clears) the access JWT; while set it is sent instead of the API key. */
  setJWT(token: string | null): this {
    this.#state.jwt = token || null;
    return this;
  }

  /** Sets (or with null clears) the API key, sent as `X-API-Key` when no JWT is set. */
  setApiKey(apiKey: string | null): this {
    this.#state.apiKey = apiKey || null;
    return this;
  }
}

type Call = <T>(method: string, path: string, options?: CallOptions) => Promise<T>;

/** `client.auth`: the `/api/auth` endpoints. */
export class AuthApi {
  #refreshToken: string | null = null;

  /** @internal */
  constructor(
    private readonly call: Call,
    private readonly client: MudbaseClient,
  ) {}

  /** The refresh token of the last register, login or refresh, if any. */
  get refreshToken(): string | null {
    return this.#refreshToken;
  }

  /** Creates an account and its organisation, and signs in: the client keeps the new token. */
  async register(request: RegisterRequest, options?: RequestOptions): Promise<AuthResponse> {
    return this.#keep(await this.call<AuthResponse>("POST", "/api/auth/register", { ...options, body: request, auth: false }));
  }

  /**
   * Signs in: the client keeps the new token. For an account with two-factor sign-in it rejects with
   * `MudbaseTwoFactorRequiredError`; finish with `completeLogin(error.challengeToken, code)`.
   */
  async login(request: LoginRequest, options?: RequestOptions): Promise<AuthResponse> {
    const response = await this.call<LoginResult>("POST", "/api/auth/login", { ...options, body: request, auth: false });
    if ("twoFactorRequired" in response) throw new MudbaseTwoFactorRequiredError(response.challengeToken, response.expiresIn);
    return this.#keep(response);
  }

  /** The second sign-in step: a current code or an unused recovery code. The client keeps the new token. */
  async completeLogin(challengeToken: string, code: string, options?: RequestOptions): Promise<AuthResponse> {
    return this.#keep(
      await this.call<AuthResponse>("POST", "/api/auth/login/2fa", { ...options, body: { challengeToken, code }, auth: false }),
    );
  }

  /**
   * Exchanges a refresh token (by default the one from the last register, login or refresh) for a new
   * pair: the client keeps the new token. Refresh tokens are single-use.
   */
  async refresh(refreshToken?: string, options?: RequestOptions): Promise<AuthResponse> {
    const token = refreshToken ?? this.#refreshToken;
    if (!token) throw new TypeError("auth.refresh needs a refresh token: none was given and none is kept");
    return this.#keep(
      await this.call<AuthResponse>("POST", "/api/auth/refresh", { ...options, body: { refreshToken: token }, auth: false }),
    );
  }

  /**
   * Revokes a refresh token's session (by default the kept one). Needs the access token; on success the
   * client forgets its tokens. Access tokens already issued stay valid until they expire.
   */
  async logout(refreshToken?: string, options?: RequestOptions): Promise<MessageResponse> {
    const token = refreshToken ?? this.#refreshToken;
    if (!token) throw new TypeError("auth.logout needs a refresh token: none was given and none is kept");
    const response = await this.call<MessageResponse>("POST", "/api/auth/logout", { ...options, body: { refreshToken: token } });
    if (token === this.#refreshToken) {
      this.#refreshToken = null;
      this.client.setJWT(null);
    }
    return response;
  }

  #keep(response: AuthResponse): AuthResponse {
    this.client.setJWT(response.token);
    this.#refreshToken = response.refreshToken ?? null;
    return response;
  }
}

/** `client.compliance`: security events and the compliance summary. */
export class ComplianceApi {
  /** @internal */
  constructor(
    private readonly call: Call,
    private readonly retry: RetryPolicy,
    private readonly stream: (query: CallOptions["query"] & object, options?: StreamSecurityEventsOptions) => AsyncGenerator<SecurityEvent, void, undefined>,
  ) {}

  /**
   * Records one security event; resolves once it is durably committed to the ledger. Sent with an `Idempotency-Key`
   * and retried with it after a lost connection (see {@link MudbaseClientOptions.retry}), so it is recorded once.
   */
  logSecurityEvent(event: LogSecurityEventRequest, options?: WriteOptions): Promise<LogSecurityEventResponse> {
    return this.#write("/api/compliance/security-event", event, options);
  }

  /** Records 1 to 1000 events in one request, all or nothing, once; ids come back in the order sent. */
  logSecurityEvents(events: readonly LogSecurityEventRequest[], options?: WriteOptions): Promise<LogSecurityEventsResponse> {
    return this.#write("/api/compliance/security-events/batch", { events }, options);
  }

  #write<T>(path: string, body: unknown, options: WriteOptions = {}): Promise<T> {
    const { idempotencyKey, ...request } = options;
    return withIdempotentRetries(this.retry, idempotencyKey, request.signal, (key) =>
      this.call<T>("POST", path, { ...request, body, headers: key === undefined ? undefined : { "Idempotency-Key": `"${key}"` } }),
    );
  }

  /** Reads one event of the caller's organisation. */
  getSecurityEvent(eventId: string, options?: RequestOptions): Promise<GetSecurityEventResponse> {
    return this.call("GET", `/api/compliance/security-events/${encodeURIComponent(eventId)}`, options);
  }

  /** Reads one page of events; pass `nextCursor` as `cursor` for the next one. */
  listSecurityEvents(filters: SecurityEventFilters = {}, options?: RequestOptions): Promise<ListSecurityEventsResponse> {
    return this.call("GET", "/api/compliance/security-events", { ...options, query: filterQuery(filters) });
  }

  /** Iterates over every event matching the filters, fetching pages as needed. */
  async *iterateSecurityEvents(filters: SecurityEventFilters = {}, options?: RequestOptions): AsyncGenerator<SecurityEvent, void, undefined> {
    let cursor = filters.cursor;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.listSecurityEvents({ ...filters, cursor }, options);
      for (const event of page.events) yield event;
      const next = page.nextCursor;
      if (next === null || next === undefined || next === "") return;
      if (seen.has(next)) throw new Error(`the server returned the cursor ${next} twice; stopping to avoid a loop`);
      seen.add(next);
      cursor = next;
    }
  }

  /**
   * Follows new events live (Server-Sent Events) as an async iterator: each event once, in sequence order, with the
   * list filters; reconnects on its own with the last sequence after a dropped connection or a server restart.
   * `options.after` replays from storage first. Break out of the loop or abort `options.signal` to stop.
   */
  streamSecurityEvents(
    filters: Omit<SecurityEventFilters, "order" | "limit" | "cursor"> = {},
    options?: StreamSecurityEventsOptions,
  ): AsyncGenerator<SecurityEvent, void, undefined> {
    const { order: _order, limit: _limit, cursor: _cursor, ...query } = filterQuery(filters) ?? {};
    return this.stream(query, options);
  }

  /** The organisation's compliance summary (GDPR, SOC 2, security settings, event and ledger statistics). */
  getSummary(options?: RequestOptions): Promise<ComplianceSummaryResponse> {
    return this.call("GET", "/api/compliance/summary", options);
  }
}

/** `client.ledger`: checkpoints, proofs and local verification. */
export class LedgerApi {
  /** @internal */
  constructor(private readonly call: Call) {}

  /** The organisation's latest signed checkpoint. */
  getCheckpoint(options?: RequestOptions): Promise<CheckpointResponse> {
    return this.call("GET", "/api/compliance/ledger/checkpoint", options);
  }

  /** The inclusion proof of an event, with its leaf opening, at the latest signed size or at `treeSize`. */
  getProof(eventId: string, treeSize?: number, options?: RequestOptions): Promise<ProofResponse> {
    return this.call("GET", `/api/compliance/security-events/${encodeURIComponent(eventId)}/proof`, {
      ...options,
      query: { treeSize },
    });
  }

  /** The server's checkpoint-signing public key. Needs no credentials. */
  getPublicKey(options?: RequestOptions): Promise<PublicKeyResponse> {
    return this.call("GET", "/api/compliance/ledger/public-key", { ...options, auth: false });
  }

  /**
   * Verifies, locally and without trusting the server, that an event is in the organisation's log: every
   * detail commitment, the canonical leaf and its hash, the inclusion proof up to the root, and the
   * Ed25519 signature of the checkpoint note over that root. Pin `publicKey` to make the check
   * independent of the server. Resolves `{ verified: false, reason }` for any verification failure;
   * rejects only when a request fails.
   */
  async verifyEvent(eventId: string, options: VerifyEventOptions = {}): Promise<VerifyEventResult> {
    const { publicKey, keyName, treeSize, origin, ...requestOptions } = options;
    const key = await this.#resolveKey(publicKey, keyName, requestOptions);
    if ("error" in key) return { verified: false, reason: key.error, leafIndex: -1, treeSize: -1, rootHash: null };

    let proof = await this.getProof(eventId, treeSize, requestOptions);
    if (treeSize === undefined && proof !== null && typeof proof === "object" && proof.checkpoint == null) {
      // No note at the size the server chose: prove against the latest signed checkpoint instead.
      const checkpoint = await this.getCheckpoint(requestOptions);
      if (Number.isSafeInteger(checkpoint.treeSize) && checkpoint.treeSize > proof.leafIndex) {
        proof = await this.getProof(eventId, checkpoint.treeSize, requestOptions);
        if (proof.checkpoint == null && proof.treeSize === checkpoint.treeSize) proof = { ...proof, checkpoint: checkpoint.checkpoint };
      }
    }
    return verifyProof(eventId, proof, key, origin);
  }

  async #resolveKey(
    publicKey: string | Uint8Array | undefined,
    keyName: string | undefined,
    options: RequestOptions,
  ): Promise<NoteKey | { error: string }> {
    if (keyName !== undefined && !isValidKeyName(keyName)) return { error: "keyName is not a valid note key name" };
    if (publicKey === undefined) {
      const published = await this.getPublicKey(options);
      const raw = fromBase64(published.publicKey);
      if (!raw || raw.length !== 32) return { error: "the server's public key is not a base64 32-byte Ed25519 key" };
      if (published.algorithm !== undefined && published.algorithm !== "Ed25519") {
        return { error: `the server's key algorithm ${published.algorithm} is not Ed25519` };
      }
      return { name: keyName ?? (typeof published.keyName === "string" ? published.keyName : null), publicKey: raw };
    }
    if (publicKey instanceof Uint8Array) {
      if (publicKey.length !== 32) return { error: "the pinned public key is not 32 bytes" };
      return { name: keyName ?? null, publicKey: publicKey.slice() };
    }
    const raw = fromBase64(publicKey);
    if (raw && raw.length === 32) return { name: keyName ?? null, publicKey: raw };
    const verifier = await parseVerifierKey(publicKey);
    if (!verifier) return { error: "the pinned public key is neither base64 of 32 bytes nor a valid Ed25519 verifier key" };
    if (keyName !== undefined && keyName !== verifier.name) return { error: "keyName differs from the verifier key's name" };
    return verifier;
  }
}

function filterQuery(f: SecurityEventFilters): CallOptions["query"] {
  const time = (value: string | Date | undefined) => (value instanceof Date ? value.toISOString() : value);
  return {
    eventType: f.eventType as string | readonly string[] | undefined,
    severity: f.severity as string | readonly string[] | undefined,
    minSeverity: f.minSeverity,
    userId: f.userId,
    ipAddress: f.ipAddress,
    resource: f.resource,
    actor: f.actor,
    from: time(f.from),
    to: time(f.to),
    order: f.order,
    limit: f.limit,
    cursor: f.cursor,
  };
}

// Declared here rather than through Node's types: the package runs in browsers too.
declare const process: { env?: Record<string, string | undefined> } | undefined;

function environmentUrl(): string | undefined {
  if (typeof process === "undefined" || !process) return undefined;
  const url = process.env?.MUDBASE_URL;
  return url ? url : undefined;
}

function normaliseBaseUrl(url: string): string {
  return url.replace(/\/+$/, "");
}
