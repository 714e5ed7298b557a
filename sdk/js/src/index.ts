export { MudbaseClient, AuthApi, ComplianceApi, LedgerApi, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from "./client.js";
export { MudbaseError, MudbaseApiError, MudbaseNetworkError, MudbaseTimeoutError } from "./errors.js";
export { KNOWN_EVENT_TYPES, SEVERITIES } from "./types.js";
export { DEFAULT_MAX_RETRIES, newIdempotencyKey } from "./retry.js";
export type * from "./types.js";
export { AccountApi, MudbaseTwoFactorRequiredError, ReportsApi } from "./account.js";
export type * from "./account-types.js";
export * from "./privacy.js";
export type { StreamSecurityEventsOptions } from "./stream.js";
