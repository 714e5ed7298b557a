import type { CallOptions } from "./transport.js";
import type { MessageResponse, RequestOptions } from "./types.js";

type Call = <T>(method: string, path: string, options?: CallOptions) => Promise<T>;

/** What an API key may do: `events:write` logs events, `events:read` reads, exports and verifies them. */
export type ApiKeyScope = "events:write" | "events:read";

/** A permission in the official contract's terms: `create` grants `events:write`, `read` grants `events:read`. */
export interface ApiKeyPermission {
  resource: string;
  actions: ("create" | "read" | "update" | "delete")[];
}

/** A declared request rate: at most `requests` per `window` seconds. */
export interface ApiKeyRateLimit {
  requests: number;
  window: number;
}

/**
 * Body of `POST /api/api-keys`, the official contract's: `permissions` (mapped to scopes; `update` and `delete` are
 * refused, since events are append-only), or `scopes`. `projectId` is accepted and ignored.
 */
export interface CreateApiKeyRequest {
  name: string;
  permissions?: ApiKeyPermission[];
  scopes?: ApiKeyScope[];
  rateLimit?: ApiKeyRateLimit;
  /** ISO 8601, in the future; never expires when absent. */
  expiresAt?: string;
  projectId?: string;
  /** Needed unless the token comes from a sign-in within the last five minutes. */
  currentPassword?: string;
  /** A second-factor code, with `currentPassword`, for accounts with two-factor sign-in. */
  code?: string;
}

/** An API key as listed; the secret is shown only when it is created or regenerated. */
export interface ApiKey {
  /** `key_…` */
  id: string;
  /** The same identifier under the official contract's name. */
  _id: string;
  name: string;
  /** The first characters of the secret, to recognise it. */
  prefix: string;
  scopes: ApiKeyScope[];
  permissions: ApiKeyPermission[];
  isActive: boolean;
  usage: { requests: number; lastUsed?: string };
  rateLimit?: ApiKeyRateLimit;
  createdAt: string;
  updatedAt?: string;
  expiresAt?: string;
  lastUsedAt?: string;
}

/** Answer of `POST /api/api-keys`. */
export interface CreateApiKeyResponse {
  success: boolean;
  message: string;
  /** The key with its `secret` (`mudbase_sk_live_…`). */
  apiKey: ApiKey & { secret: string };
  /** The secret, shown only here: send it as `X-API-Key`. */
  secret: string;
}

/** Answer of `GET /api/api-keys`. */
export interface ApiKeysResponse {
  success: boolean;
  apiKeys: ApiKey[];
  total: number;
}

/** Body of `PATCH /api/api-keys/{id}`: every field optional. */
export interface UpdateApiKeyRequest {
  name?: string;
  permissions?: ApiKeyPermission[];
  scopes?: ApiKeyScope[];
  rateLimit?: ApiKeyRateLimit;
  /** A deactivated key is refused until it is activated again. */
  isActive?: boolean;
}

/** Answer of `GET /api/api-keys/{id}/usage`. */
export interface ApiKeyUsageResponse {
  success: boolean;
  usage: { requests: number; lastUsed?: string };
  isActive: boolean;
  expiresAt?: string;
  rateLimit?: ApiKeyRateLimit;
}

/** Answer of `POST /api/api-keys/{id}/regenerate`: the old secret is refused from the next request on. */
export interface RegenerateApiKeyResponse {
  success: boolean;
  message: string;
  secret: string;
  apiKey: ApiKey;
}

/** `client.apiKeys`: API keys for servers that log or read events. Managing keys needs a signed-in owner or admin. */
export class ApiKeysApi {
  /** @internal */
  constructor(private readonly call: Call) {}

  /** Creates a key; its secret is in this answer only. */
  create(request: CreateApiKeyRequest, options?: RequestOptions): Promise<CreateApiKeyResponse> {
    return this.call("POST", "/api/api-keys", { ...options, body: request });
  }

  /** The organisation's keys that are not revoked, without secrets. */
  list(options?: RequestOptions): Promise<ApiKeysResponse> {
    return this.call("GET", "/api/api-keys", options);
  }

  /** One key that is not revoked, without its secret. */
  async get(keyId: string, options?: RequestOptions): Promise<ApiKey> {
    return (await this.call<{ apiKey: ApiKey }>("GET", keyPath(keyId), options)).apiKey;
  }

  /** Changes a key's name, permissions or scopes, declared rate limit, or active state. */
  async update(keyId: string, change: UpdateApiKeyRequest, options?: RequestOptions): Promise<ApiKey> {
    return (await this.call<{ apiKey: ApiKey }>("PATCH", keyPath(keyId), { ...options, body: change })).apiKey;
  }

  /** How many requests the key authenticated and when it was last used. */
  usage(keyId: string, options?: RequestOptions): Promise<ApiKeyUsageResponse> {
    return this.call("GET", `${keyPath(keyId)}/usage`, options);
  }

  /** Gives the key a new secret (in the answer only); the old one is refused from the next request on. */
  regenerate(keyId: string, options?: RequestOptions): Promise<RegenerateApiKeyResponse> {
    return this.call("POST", `${keyPath(keyId)}/regenerate`, options);
  }

  /** Revokes a key; it is refused from the next request on. */
  revoke(keyId: string, options?: RequestOptions): Promise<MessageResponse> {
    return this.call("DELETE", keyPath(keyId), options);
  }
}

const keyPath = (keyId: string) => `/api/api-keys/${encodeURIComponent(keyId)}`;
