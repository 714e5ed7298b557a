import { MudbaseError } from "./errors.js";
import type { CallOptions } from "./transport.js";
import type {
  AccessReviewDecision,
  AccessReviewReport,
  AccessReviewSignOff,
  ChangePasswordRequest,
  ChangePasswordResponse,
  DataProcessingRecord,
  MfaPolicy,
  ProcessingProfile,
  ReviewPeriod,
  TwoFactorSetup,
  TwoFactorStatus,
  TwoFactorVerifyResponse,
  UpdateProfileRequest,
  UpdateProfileResponse,
} from "./account-types.js";
import type { MessageResponse, RequestOptions } from "./types.js";

/**
 * `auth.login` for an account with two-factor sign-in: the password was right, and no tokens are issued until
 * `auth.completeLogin(error.challengeToken, code)`.
 */
export class MudbaseTwoFactorRequiredError extends MudbaseError {
  /** Single-use, valid for `expiresIn` seconds. */
  readonly challengeToken: string;
  readonly expiresIn: number;

  constructor(challengeToken: string, expiresIn: number) {
    super("Two-factor code required: call auth.completeLogin(challengeToken, code)");
    this.challengeToken = challengeToken;
    this.expiresIn = expiresIn;
  }
}

type Call = <T>(method: string, path: string, options?: CallOptions) => Promise<T>;

/** `client.account`: the signed-in user's two-factor sign-in, password and profile, and the organisation's two-factor policy. */
export class AccountApi {
  /** @internal */
  constructor(
    private readonly call: Call,
    private readonly setJWT: (token: string) => void,
  ) {}

  twoFactorStatus(options?: RequestOptions): Promise<TwoFactorStatus> {
    return this.call("GET", "/api/users/2fa", options);
  }

  /** A new TOTP secret, its otpauth URI and QR code; nothing is enabled until `verifyTwoFactor`. */
  setupTwoFactor(options?: RequestOptions): Promise<TwoFactorSetup> {
    return this.call("POST", "/api/users/2fa/setup", options);
  }

  /** Enables two-factor sign-in with a current code; resolves with the one-time recovery codes. */
  verifyTwoFactor(token: string, options?: RequestOptions): Promise<TwoFactorVerifyResponse> {
    return this.call("POST", "/api/users/2fa/verify", { ...options, body: { token } });
  }

  /** Disables two-factor sign-in: the password and a current or recovery code. */
  disableTwoFactor(password: string, token: string, options?: RequestOptions): Promise<MessageResponse> {
    return this.call("POST", "/api/users/2fa/disable", { ...options, body: { password, token } });
  }

  /** Changes the password; other sessions are revoked and the client switches to the new token. */
  async changePassword(request: ChangePasswordRequest, options?: RequestOptions): Promise<ChangePasswordResponse> {
    const response = await this.call<ChangePasswordResponse>("PATCH", "/api/users/password", { ...options, body: request });
    this.setJWT(response.token);
    return response;
  }

  updateProfile(request: UpdateProfileRequest, options?: RequestOptions): Promise<UpdateProfileResponse> {
    return this.call("PATCH", "/api/users/update", { ...options, body: request });
  }

  mfaPolicy(options?: RequestOptions): Promise<MfaPolicy> {
    return this.call("GET", "/api/org/mfa-policy", options);
  }

  /** Requires two-factor sign-in of these roles (owners only). */
  setMfaPolicy(requireMfaForRoles: string[], options?: RequestOptions): Promise<MfaPolicy> {
    return this.call("PUT", "/api/org/mfa-policy", { ...options, body: { requireMfaForRoles } });
  }
}

/** `client.reports`: the SOC 2 access review with its sign-off, and the GDPR Article 30 record. */
export class ReportsApi {
  /** @internal */
  constructor(private readonly call: Call) {}

  async accessReview(reviewPeriod: ReviewPeriod, options?: RequestOptions): Promise<AccessReviewReport> {
    const response = await this.call<{ report: AccessReviewReport }>("POST", "/api/compliance/access-review", {
      ...options,
      body: { reviewPeriod },
    });
    return response.report;
  }

  /** Records the review and a keep/revoke decision per finding in the ledger. */
  signOffAccessReview(reviewPeriod: ReviewPeriod, decisions: AccessReviewDecision[], options?: RequestOptions): Promise<AccessReviewSignOff> {
    return this.call("POST", "/api/compliance/access-review/sign-off", { ...options, body: { reviewPeriod, decisions } });
  }

  async dataProcessingRecord(recordDate?: string, options?: RequestOptions): Promise<DataProcessingRecord> {
    const response = await this.call<{ record: DataProcessingRecord }>("POST", "/api/compliance/data-processing-record", {
      ...options,
      body: recordDate ? { recordDate } : {},
    });
    return response.record;
  }

  async processingProfile(options?: RequestOptions): Promise<ProcessingProfile> {
    return (await this.call<{ profile: ProcessingProfile }>("GET", "/api/compliance/processing-profile", options)).profile;
  }

  async setProcessingProfile(profile: ProcessingProfile, options?: RequestOptions): Promise<ProcessingProfile> {
    return (await this.call<{ profile: ProcessingProfile }>("PUT", "/api/compliance/processing-profile", { ...options, body: profile }))
      .profile;
  }
}
