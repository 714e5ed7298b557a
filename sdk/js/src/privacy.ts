import type { CallOptions } from "./transport.js";
import type { RequestOptions, SecurityEvent } from "./types.js";

type Call = <T>(method: string, path: string, options?: CallOptions) => Promise<T>;

/** An event a legal hold kept from erasure. */
export interface HeldBackEvent {
  eventId: string;
  holdId: string;
  reason: string;
}

/** Answer of `POST /api/gdpr/erase` (the official `eraseUserData_200_response`, plus counts). */
export interface EraseAccountResponse {
  success: boolean;
  message: string;
  data: {
    alreadyErased: boolean;
    subjectId: string;
    anonymized: boolean;
    sessionsRevoked: boolean;
    eventsErased: number;
    detailsErased: number;
    heldBack: HeldBackEvent[];
  };
}

/** What a subject erasure did, or in a dry run would do. */
export interface SubjectErasure {
  dryRun: boolean;
  subjectHash: string;
  eventsMatched: number;
  eventsErased: number;
  detailsErased: number;
  erasedKeys: string[];
  heldBack: HeldBackEvent[];
  erasureId?: string;
  receiptEventId?: string;
}

/** The JSON attachment of a subject export. */
export interface SubjectExport {
  exportedAt: string;
  subjectId: string;
  orgId: string;
  events: SecurityEvent[];
  truncated: boolean;
}

/** The account holder's own export (the official `exportUserData_200_response`, plus Mudbase's fields). */
export interface AccountExport {
  exportedAt: string;
  user: { _id: string; email: string; firstName: string; lastName: string; createdAt: string };
  apiKeys: Record<string, unknown>[];
  memberships: { orgId: string; role: string }[];
  sessions: { sessionId: string; orgId: string; expiresAt: string; revoked: boolean; refreshes: number }[];
  events: SecurityEvent[];
  eventsTruncated: boolean;
  [key: string]: unknown;
}

/** A legal hold. */
export interface LegalHold {
  id: string;
  subjectId?: string;
  from?: string;
  to?: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  releasedAt?: string;
  releasedBy?: string;
  eventId?: string;
}

/** An organisation's retention policy. */
export interface RetentionPolicy {
  retentionDays: number | null;
  minDays: number;
  maxDays: number;
  personalKeys: string[];
  updatedAt: string;
}

/** The record of one erasure. */
export interface ErasureRecord {
  id: string;
  scope: "subject" | "account" | "retention";
  subjectHash?: string;
  requestedBy: string;
  erasedAt: string;
  events: number;
  details: number;
  heldBack: number;
  receiptEventId?: string;
}

/** `client.privacy`: GDPR data-subject rights. */
export class PrivacyApi {
  /** @internal */
  constructor(private readonly call: Call) {}

  /** Exports the signed-in user's own data (GDPR Art. 15/20). */
  exportMyData(options?: RequestOptions): Promise<AccountExport> {
    return this.call("GET", "/api/gdpr/export", options);
  }

  /** Erases the signed-in user's account and personal data (GDPR Art. 17); 409 when they solely own an organisation. */
  eraseMyData(currentPassword: string, totpToken?: string, options?: RequestOptions): Promise<EraseAccountResponse> {
    return this.call("POST", "/api/gdpr/erase", { ...options, body: { confirm: "DELETE", currentPassword, totpToken } });
  }

  /** Every event of the organisation whose `details.userId` is the subject. */
  exportSubject(userId: string, options?: RequestOptions): Promise<SubjectExport> {
    return this.call("GET", `/api/compliance/subjects/${encodeURIComponent(userId)}/export`, options);
  }

  /** Erases a subject's personal details; `{ dryRun: true }` only reports what would be erased. */
  async eraseSubject(userId: string, { dryRun = false, ...options }: RequestOptions & { dryRun?: boolean } = {}): Promise<SubjectErasure> {
    const body = dryRun ? { dryRun: true } : { confirm: "DELETE" };
    const response = await this.call<{ data: SubjectErasure }>("POST", `/api/compliance/subjects/${encodeURIComponent(userId)}/erase`, { ...options, body });
    return response.data;
  }

  /** Every legal hold, newest first. */
  async listLegalHolds(options?: RequestOptions): Promise<LegalHold[]> {
    return (await this.call<{ holds: LegalHold[] }>("GET", "/api/compliance/legal-holds", options)).holds;
  }

  /** Places a legal hold on a subject and/or a time range `[from, to)`. */
  async placeLegalHold(hold: { reason: string; subjectId?: string; from?: string; to?: string }, options?: RequestOptions): Promise<LegalHold> {
    return (await this.call<{ hold: LegalHold }>("POST", "/api/compliance/legal-holds", { ...options, body: hold })).hold;
  }

  /** Releases an active legal hold. */
  async releaseLegalHold(holdId: string, options?: RequestOptions): Promise<LegalHold> {
    return (await this.call<{ hold: LegalHold }>("DELETE", `/api/compliance/legal-holds/${encodeURIComponent(holdId)}`, options)).hold;
  }

  /** The retention policy and personal detail keys. */
  async getRetention(options?: RequestOptions): Promise<RetentionPolicy> {
    return (await this.call<{ retention: RetentionPolicy }>("GET", "/api/compliance/retention", options)).retention;
  }

  /** Sets the retention period (null keeps values) and, when given, the personal detail keys. */
  async setRetention(policy: { retentionDays: number | null; personalKeys?: string[] }, options?: RequestOptions): Promise<RetentionPolicy> {
    return (await this.call<{ retention: RetentionPolicy }>("PUT", "/api/compliance/retention", { ...options, body: policy })).retention;
  }

  /** The latest erasures with their receipt events. */
  async listErasures(options?: RequestOptions): Promise<ErasureRecord[]> {
    return (await this.call<{ erasures: ErasureRecord[] }>("GET", "/api/compliance/erasures", options)).erasures;
  }
}
