import type { CallOptions } from "./transport.js";
import type { RequestOptions } from "./types.js";

type Call = <T>(method: string, path: string, options?: CallOptions) => Promise<T>;

/** Answer of `GET /health`. */
export interface HealthResponse {
  status: "healthy" | "unhealthy";
  timestamp: string;
  version: string;
  /** Seconds since the process started. */
  uptime: number;
  /** Every health check by name (`database`, `ledger`, `storage-write`, `disk`): `healthy`, `degraded` or `unhealthy`. */
  services: Record<string, "healthy" | "degraded" | "unhealthy">;
  /** Every health check by name with its reason. */
  checks: Record<string, { status: string; description?: string }>;
}

/** Answer of `GET /api/status`: the answering process. Memory and disk `used`/`total` are MiB; bytes are beside them. */
export interface SystemStatusResponse {
  success: boolean;
  data: {
    uptime: number;
    version: string;
    status: "healthy" | "unhealthy";
    memory: { used: number; total: number; percentage: number; usedBytes: number; totalBytes: number };
    cpu: { usage: number; cores: number };
    requests: { total: number; successful: number; errors: number; errorRate: number };
    database: { responseTime: number };
    storage?: { used: number; available: number; percentage: number; usedBytes: number; availableBytes: number };
    services: Record<string, string>;
  };
}

/** `client.health`: the server's health and process status. */
export class HealthApi {
  /** @internal */
  constructor(private readonly call: Call) {}

  /** Public. When a check fails the server answers 503 and this rejects with a `MudbaseApiError` of status 503. */
  check(options?: RequestOptions): Promise<HealthResponse> {
    return this.call("GET", "/health", { ...options, auth: false });
  }

  /** Owners and admins: uptime, memory, CPU, requests, database response time, disk, health checks. */
  status(options?: RequestOptions): Promise<SystemStatusResponse> {
    return this.call("GET", "/api/status", options);
  }
}
