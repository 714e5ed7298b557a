/** The `fetch` function the client sends requests with (the global one unless another is given). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Options of {@link MudbaseClient}. Every field is optional. */
export interface MudbaseClientOptions {
  /**
   * Base URL of the Mudbase server, e.g. `https://audit.example.com`.
   * Defaults to `process.env.MUDBASE_URL` in Node, else `http://localhost:5080`.
   */
  baseUrl?: string;
  /** Access JWT sent as `Authorization: Bearer …`. */
  jwt?: string | null;
  /** API key sent as `X-API-Key` when no JWT is set. */
  apiKey?: string | null;
  /** Per-request time limit in milliseconds, including reading the body (default 30000; 0 disables it). */
  timeoutMs?: number;
  /** A `fetch` implementation to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: FetchLike;
  /**
   * Idempotency keys and retries of event writes (`logSecurityEvent`, `logSecurityEvents`). By default each write
   * carries a generated `Idempotency-Key` and is sent again with it, up to 3 times with exponential backoff, after a
   * network failure, a timeout or a 503, so it is recorded once. `false` sends no key and never retries.
   */
  retry?: RetryOptions | false;
}

/** See {@link MudbaseClientOptions.retry}. */
export interface RetryOptions {
  /** Send a generated `Idempotency-Key` on every event write (default true); without one nothing is retried. */
  idempotencyKeys?: boolean;
  /** Retries after the first attempt (default 3; 0 disables retrying). */
  maxRetries?: number;
  /** Wait before the first retry in ms (default 250), doubled on each further one, with jitter. */
  baseDelayMs?: number;
  /** Longest wait between attempts in ms (default 5000), also the cap on a server's `Retry-After`. */
  maxDelayMs?: number;
}

/** Options of an event write. */
export interface WriteOptions extends RequestOptions {
  /**
   * Your own `Idempotency-Key` (1 to 255 visible ASCII characters, e.g. derived from your own record), instead of a
   * generated one: repeating it with the same events within 24 hours answers the first response and records nothing.
   */
  idempotencyKey?: string;
}

/** Per-call options accepted as the last argument of every API method. */
export interface RequestOptions {
  /** Aborts the request; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

/* ------------------------------------------------------------------ auth */

/** A user as the API shows it. */
export interface User {
  /** `usr_…` */
  id: string;
  /** The same identifier under the official contract's name. */
  _id: string;
  email: string;
  firstName: string;
  lastName: string;
  /** The organisation of the current session (`org_…`). */
  orgId: string;
  /** That organisation as the official contract summarises it. */
  org?: { _id: string; name: string; slug: string };
  /**
   * `owner`, `admin`, `member` or `viewer`, the official enum. An auditor is `viewer` here with `customRole: "auditor"`:
   * the effective role is `customRole ?? role`.
   */
  role: UserRole;
  /** `auditor` for auditors, absent otherwise. */
  customRole?: UserRole;
  /** ISO 8601 timestamp. */
  createdAt: string;
}

/** Roles a user can hold in an organisation. */
export type UserRole = "owner" | "admin" | "auditor" | "member" | "viewer" | (string & {});

/** Body of `POST /api/auth/register`. */
export interface RegisterRequest {
  email: string;
  /** 8 to 128 characters. */
  password: string;
  firstName: string;
  lastName: string;
  /** Name of the organisation created for the user. */
  orgName?: string;
}

/** Body of `POST /api/auth/login`. */
export interface LoginRequest {
  email: string;
  password: string;
}

/** Answer of register, login and refresh. */
export interface AuthResponse {
  message: string;
  /** Access JWT. */
  token: string;
  /** Single-use refresh token. */
  refreshToken: string;
  /** Access token lifetime in seconds. */
  expiresIn: number;
  user: User;
}

/** A plain acknowledgement, e.g. the answer of logout. */
export interface MessageResponse {
  success: boolean;
  message: string;
}

/* ------------------------------------------------------------ compliance */

/** Every catalogue event type, in catalogue order: the one list the `KnownEventType` union is derived from. */
export const KNOWN_EVENT_TYPES = Object.freeze([
  "unauthorized_access_attempt",
  "brute_force_attempt",
  "suspicious_api_activity",
  "private_key_export",
  "bulk_data_export",
  "admin_privilege_escalation",
  "data_breach_detected",
  "mfa_bypass_attempt",
] as const);

/** The Mudbase catalogue of security event types. */
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];

/** A catalogue type, or a custom snake_case slug (`^[a-z][a-z0-9_]{1,63}$`). */
export type EventType = KnownEventType | (string & {});

/** Every severity, lowest first: the one list the `Severity` union is derived from. */
export const SEVERITIES = Object.freeze(["low", "medium", "high", "critical"] as const);

/** Severity levels. */
export type Severity = (typeof SEVERITIES)[number];

/** A detail value: details are flat; values are strings, numbers or booleans. */
export type DetailValue = string | number | boolean;

/** Forensic context of a security event: six named fields plus further flat keys. */
export interface SecurityEventDetails {
  userId?: string;
  resource?: string;
  /** Recorded exactly as sent; the server records its own view of the caller's address separately. */
  ipAddress?: string;
  userAgent?: string;
  action?: string;
  reason?: string;
  [key: string]: DetailValue | undefined;
}

/** Body of `POST /api/compliance/security-event`. */
export interface LogSecurityEventRequest {
  eventType: EventType;
  severity: Severity;
  details?: SecurityEventDetails;
}

/** Answer of `POST /api/compliance/security-event`, sent once the event is durably in the ledger. */
export interface LogSecurityEventResponse {
  success: boolean;
  /** `Security event recorded`. */
  message: string;
  /** `evt_…` */
  eventId: string;
  /** The same event in the official contract's shape. */
  event?: { _id: string; eventType: string; severity: Severity; timestamp: string };
}

/** Answer of `POST /api/compliance/security-events/batch`. */
export interface LogSecurityEventsResponse {
  success: boolean;
  /** `Security events recorded`. */
  message: string;
  /** The new events' ids, in the order they were sent. */
  eventIds: string[];
}

/** A recorded security event as read back. */
export interface SecurityEvent {
  /** `evt_…` */
  eventId: string;
  eventType: EventType;
  severity: Severity;
  /** Detail values; erased keys are absent and listed in `erasedFields`. */
  details: Record<string, DetailValue>;
  /** Who logged it: `usr_…`, `key_…` or `system`. */
  actor: string;
  /** The connection address the server saw. */
  sourceIp?: string | null;
  /** ISO 8601 timestamp. */
  recordedAt: string;
  /** Position in the organisation's log, starting at 1. */
  sequence: number;
  /** Leaf index in the organisation's Merkle log (`sequence - 1`). */
  leafIndex: number;
  /** Base64 RFC 9162 leaf hash. */
  leafHash: string;
  /** Detail keys whose values were erased. */
  erasedFields?: string[];
}

/** Answer of `GET /api/compliance/security-events/{id}`. */
export interface GetSecurityEventResponse {
  success: boolean;
  event: SecurityEvent;
}

/** Filters of `GET /api/compliance/security-events`. */
export interface SecurityEventFilters {
  /** One type or several (any of them). */
  eventType?: EventType | readonly EventType[];
  /** One severity or several (any of them). */
  severity?: Severity | readonly Severity[];
  /** Only events at least this severe. */
  minSeverity?: Severity;
  userId?: string;
  ipAddress?: string;
  resource?: string;
  /** `usr_…`, `key_…` or `system`. */
  actor?: string;
  /** Recorded at or after (ISO 8601 string or Date). */
  from?: string | Date;
  /** Recorded before (ISO 8601 string or Date). */
  to?: string | Date;
  order?: "asc" | "desc";
  /** Page size. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** Answer of `GET /api/compliance/security-events`: one page. */
export interface ListSecurityEventsResponse {
  success: boolean;
  events: SecurityEvent[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** GDPR capabilities of the deployment, each true only when it is really provided. */
export interface GdprSummary {
  /** A data subject's personal data can be exported (Art. 15). */
  dataExportEnabled: boolean;
  /** A data subject's personal data can be erased (Art. 17). */
  dataErasureEnabled: boolean;
  /** Consent records are managed. */
  consentManagement: boolean;
}

/** SOC 2 capabilities. */
export interface Soc2Summary {
  /** Periodic access reviews can be recorded. */
  accessReviewsEnabled: boolean;
  /** The tamper-evident log is recording and its latest self-check passed. */
  auditLoggingEnabled: boolean;
  /** The request reached the server over TLS. */
  encryptionEnabled: boolean;
}

/** Security controls. */
export interface SecuritySummary {
  passwordPolicy: string;
  virusScanning: boolean;
  /** The operator declared the storage encrypted at rest. */
  encryptionAtRest: boolean;
}

/** Event counts over one time window. */
export interface EventWindow {
  total: number;
  /** Per severity; every level is present, zero included. */
  bySeverity: Record<Severity, number>;
  /** Per event type seen in the window. */
  byType: Record<string, number>;
}

/** Event counts of the organisation. */
export interface EventSummary {
  /** All events ever recorded. */
  total: number;
  /** When the latest was recorded (ISO 8601), or null. */
  lastEventAt?: string | null;
  last24Hours: EventWindow;
  last7Days: EventWindow;
  last30Days: EventWindow;
}

/** Outcome of the server's latest self-check of the ledger. */
export interface LedgerSelfCheck {
  /** True when the stored events re-derive the signed checkpoint. */
  ok: boolean;
  checkedAt: string;
  /** What failed, when not ok. */
  problem?: string | null;
  /** First leaf index found inconsistent, when known. */
  firstBadLeafIndex?: number | null;
}

/** State of the organisation's Merkle log. */
export interface LedgerSummary {
  treeSize: number;
  /** Base64 root of the latest checkpoint. */
  rootHash: string;
  lastCheckpointAt?: string | null;
  /** Null before the first self-check. */
  selfCheck?: LedgerSelfCheck | null;
}

/** Answer of `GET /api/compliance/summary`. */
export interface ComplianceSummaryResponse {
  success: boolean;
  data: {
    gdpr: GdprSummary;
    soc2: Soc2Summary;
    security: SecuritySummary;
    events: EventSummary;
    ledger: LedgerSummary;
  };
  /** The capability flags again, where the official contract's schema puts them. */
  compliance: { gdpr: GdprSummary; soc2: Soc2Summary; security: SecuritySummary };
}

/* ----------------------------------------------------------------- ledger */

/** Answer of `GET /api/compliance/ledger/checkpoint`. */
export interface CheckpointResponse {
  success: boolean;
  /** C2SP tlog-checkpoint signed note text. */
  checkpoint: string;
  treeSize: number;
  /** Base64 root hash. */
  rootHash: string;
  /** Base64 raw 32-byte Ed25519 public key of the signer. */
  publicKey: string;
  /** Signer key name, as on the note's signature line. */
  keyName: string;
  /** C2SP note verifier key (`name+hash+base64(0x01 ‖ key)`). */
  verifierKey: string;
  /** The log's origin line. */
  origin: string;
  /** When the checkpoint was signed (null for the empty log). */
  signedAt?: string | null;
}

/** Answer of `GET /api/compliance/ledger/public-key`. */
export interface PublicKeyResponse {
  success: boolean;
  keyName: string;
  verifierKey: string;
  /** Base64 raw 32-byte Ed25519 public key. */
  publicKey: string;
  algorithm: "Ed25519" | (string & {});
}

/** The public fields of a leaf. */
export interface LeafEvent {
  id: string;
  seq: number;
  org: string;
  eventType: string;
  severity: string;
  /** Exactly the timestamp text hashed into the leaf. */
  recordedAt: string;
  actor: string;
  /** The connection address the server saw; absent or null when unknown (hashed as JSON null). */
  source?: string | null;
}

/** One detail of a leaf: its commitment, and the value and salt that open it unless erased. */
export interface LeafDetail {
  /** base64(SHA-256(salt ‖ canonical JSON of the value)). */
  commitment: string;
  value?: unknown;
  /** Base64 32-byte salt. */
  salt?: string;
  /** True once the value and salt were erased (GDPR). */
  erased?: boolean;
}

/** What is hashed into a leaf, with the salts that open its detail commitments. */
export interface LeafOpening {
  event: LeafEvent;
  details: Record<string, LeafDetail>;
}

/** Answer of `GET /api/compliance/security-events/{id}/proof`. */
export interface ProofResponse {
  success: boolean;
  leafIndex: number;
  treeSize: number;
  /** Base64 leaf hash. */
  leafHash: string;
  /** Base64 RFC 9162 inclusion proof, bottom-up. */
  auditPath: string[];
  /** Signed checkpoint note for `treeSize`, or null when none was signed at that size. */
  checkpoint?: string | null;
  leaf: LeafOpening;
}

/** Options of `ledger.verifyEvent`. */
export interface VerifyEventOptions extends RequestOptions {
  /**
   * The log's Ed25519 public key, pinned by the caller: base64 of the raw 32 bytes, the raw bytes,
   * or a C2SP verifier key (`name+hash+base64(0x01 ‖ key)`). Without it the key is fetched from
   * `GET /api/compliance/ledger/public-key`, which only proves the server is self-consistent.
   */
  publicKey?: string | Uint8Array;
  /** Key name the signature must carry; taken from the verifier key or the server when not given. */
  keyName?: string;
  /** Prove inclusion in the tree of this size instead of the latest signed one. */
  treeSize?: number;
  /** The log's expected origin line (e.g. `mudbase.local/org_…`); the checkpoint must name it. */
  origin?: string;
}

/** Outcome of `ledger.verifyEvent`. */
export interface VerifyEventResult {
  /** True only when every check passed. */
  verified: boolean;
  /** Why verification failed; absent when verified. */
  reason?: string;
  /** The leaf index the proof is for (-1 when no proof could be read). */
  leafIndex: number;
  /** The tree size the proof is for (-1 when no proof could be read). */
  treeSize: number;
  /** Base64 root recomputed from the leaf and audit path; null when it could not be computed. */
  rootHash: string | null;
}

/* ----------------------------------------------------------------- errors */

/** The error body of every failed request (RFC 9457 problem details plus Mudbase's fields). */
export interface ErrorBody {
  type?: string;
  title?: string;
  status?: number;
  error?: string;
  code?: string;
  /** Field → message for `VALIDATION_ERROR`, otherwise a string or absent. */
  details?: Record<string, string> | string | null;
  requestId?: string;
  timestamp?: string;
  path?: string;
  /** On 429: seconds to wait before retrying, as in the `Retry-After` header. */
  retryAfter?: number;
  [key: string]: unknown;
}
