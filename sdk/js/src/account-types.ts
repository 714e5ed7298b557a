import type { AuthResponse, User } from "./types.js";

/** Answer of a password sign-in for an account with two-factor sign-in: no tokens yet. */
export interface LoginChallengeResponse {
  message: string;
  twoFactorRequired: true;
  /** Pass to `auth.completeLogin` with a code; single-use, valid `expiresIn` seconds. */
  challengeToken: string;
  expiresIn: number;
}

/** What `auth.login` resolves to: tokens, or a second-factor challenge. */
export type LoginResult = AuthResponse | LoginChallengeResponse;

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt?: string;
  recoveryCodesLeft: number;
}

export interface TwoFactorSetup {
  /** Base32 TOTP secret (SHA-1, 30 s, 6 digits). */
  secret: string;
  /** PNG data URI of the QR code. */
  qrCode: string;
  manualEntryKey: string;
  otpauthUrl: string;
  message: string;
}

export interface TwoFactorVerifyResponse {
  message: string;
  success: boolean;
  /** One-time recovery codes, shown only now. */
  backupCodes: string[];
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
  /** A second-factor code, when two-factor sign-in is on. */
  code?: string;
}

export interface ChangePasswordResponse {
  message: string;
  token: string;
  refreshToken: string;
  expiresIn: number;
}

export interface UpdateProfileRequest {
  firstName?: string;
  lastName?: string;
  avatar?: string;
  /** Needs `currentPassword` (and `code` with two-factor sign-in). */
  email?: string;
  currentPassword?: string;
  code?: string;
}

export interface MfaPolicy {
  success: boolean;
  requireMfaForRoles: string[];
  membersWithoutMfa: string[];
}

export interface ReviewPeriod {
  start: string;
  end: string;
}

export interface AccessFinding {
  id: string;
  kind: string;
  severity: string;
  subject: string;
  reason: string;
  recommendation: string;
}

export interface AccessReviewReport {
  orgId: string;
  reviewPeriod: ReviewPeriod;
  users: Array<{
    userId: string;
    email?: string;
    firstName?: string;
    lastName?: string;
    role?: string;
    status: "active" | "removed";
    joinedAt?: string;
    leftAt?: string;
    lastSignInAt?: string;
    twoFactorEnabled: boolean;
    roleChanges: Array<{ at: string; from?: string; to?: string; changedBy?: string; escalation: boolean; eventId: string }>;
    apiKeyIds: string[];
  }>;
  apiKeys: Array<{
    id: string;
    name: string;
    prefix: string;
    scopes: string[];
    createdBy: string;
    creatorIsMember: boolean;
    createdAt: string;
    expiresAt?: string;
    lastUsedAt?: string;
    revokedAt?: string;
    ageDays: number;
    status: string;
  }>;
  invitations: Array<{ id: string; email: string; role: string; invitedBy: string; createdAt: string; expiresAt: string; acceptedAt?: string; status: string }>;
  findings: AccessFinding[];
  summary: Record<string, unknown> & { twoFactorCoveragePercent: number; activeMembers: number };
  recommendations: string[];
  generatedAt: string;
  reportDigest: string;
}

export interface AccessReviewDecision {
  findingId: string;
  decision: "keep" | "revoke";
  note?: string;
}

export interface AccessReviewSignOff {
  success: boolean;
  message: string;
  eventId: string;
  reviewedBy: string;
  signedOffAt: string;
  reportDigest: string;
  findings: number;
  kept: number;
  revoked: number;
  undecided: number;
}

export interface ContactDetails {
  name?: string;
  email?: string;
  address?: string;
  phone?: string;
}

export interface ProcessingProfile {
  controller?: ContactDetails;
  dataProtectionOfficer?: ContactDetails;
  representative?: ContactDetails;
  purposes?: string[];
  legalBasis?: string;
  dataSubjectCategories?: string[];
  recipients?: string[];
  transfers?: string[];
}

export interface DataProcessingRecord {
  orgId: string;
  recordDate: string;
  dataController: ContactDetails;
  dataProtectionOfficer?: ContactDetails;
  processingActivities: Array<{
    name: string;
    purposes: string[];
    legalBasis: string;
    dataSubjectCategories: string[];
    personalDataCategories: Array<{ category: string; field: string; events?: number; firstSeen?: string; lastSeen?: string }>;
    recipients: string[];
    transfers: string[];
    retention: { policy: string; days?: number; description: string };
  }>;
  dataSubjects: string[];
  securityMeasures: Array<{ measure: string; inForce: boolean; detail: string }>;
  generatedAt: string;
}

/** Answer of `PATCH /api/users/update`. */
export interface UpdateProfileResponse {
  message: string;
  user: User;
}
