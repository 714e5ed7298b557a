import type { CallOptions } from "./transport.js";
import type { MessageResponse, RequestOptions, UserRole } from "./types.js";

type Call = <T>(method: string, path: string, options?: CallOptions) => Promise<T>;

/** An organisation as the official contract has it. */
export interface Organization {
  /** `org_…` */
  _id: string;
  name: string;
  /** Fixed when the organisation is created. */
  slug: string;
  description?: string;
  website?: string;
  createdAt: string;
  updatedAt?: string;
}

/** A member in the official contract's `User` shape: an auditor is `role: "viewer"` with `customRole: "auditor"`. */
export interface OrganizationMember {
  /** `usr_…` */
  _id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: UserRole;
  customRole?: UserRole;
  org: { _id: string; name: string; slug: string };
  joinedAt: string;
}

/** Body of `PATCH /api/orgs/{orgId}`; the slug never changes. */
export interface UpdateOrganizationRequest {
  name?: string;
  description?: string;
  website?: string;
}

/** Body of `POST /api/orgs/{orgId}/invite`. */
export interface InviteRequest {
  email: string;
  role: UserRole;
  /** For an owner invite: the inviter's current password (unless signed in within the last five minutes). */
  currentPassword?: string;
  /** For an owner invite by an account with two-factor sign-in: a second-factor code. */
  code?: string;
}

/** Answer of `POST /api/orgs/{orgId}/invite`. No e-mail is sent: hand `token` to the invitee (shown once). */
export interface InviteResponse {
  success: boolean;
  message: string;
  email: string;
  role: UserRole;
  /** `inv_…` */
  inviteId: string;
  token: string;
  expiresAt: string;
}

/** Answer of `GET /api/orgs/{orgId}/users/{userId}/overview`. */
export interface UserOverview {
  success: boolean;
  user: OrganizationMember;
  /** Sessions that can still be refreshed, and unrevoked API keys the member created. */
  footprint: { sessionCount: number; apiKeyCount: number };
}

/**
 * `client.organization`: the official contract's `/api/orgs/{orgId}/…` paths. A caller acts only in the organisation
 * of their own token (`user.orgId`); any other id answers 404.
 */
export class OrganizationApi {
  /** @internal */
  constructor(private readonly call: Call) {}

  /** The organisation (any member). */
  async get(orgId: string, options?: RequestOptions): Promise<Organization> {
    const { success: _, ...org } = await this.call<Organization & { success: boolean }>("GET", orgPath(orgId), options);
    return org;
  }

  /** Changes the name, description or website (owners and admins). */
  async update(orgId: string, change: UpdateOrganizationRequest, options?: RequestOptions): Promise<Organization> {
    return (await this.call<{ org: Organization }>("PATCH", orgPath(orgId), { ...options, body: change })).org;
  }

  /** Every member (owners, admins and auditors). */
  async members(orgId: string, options?: RequestOptions): Promise<OrganizationMember[]> {
    return (await this.call<{ members: OrganizationMember[] }>("GET", `${orgPath(orgId)}/members`, options)).members;
  }

  /** Invites an e-mail address with a role (owners and admins; only owners invite owners). */
  invite(orgId: string, request: InviteRequest, options?: RequestOptions): Promise<InviteResponse> {
    return this.call("POST", `${orgPath(orgId)}/invite`, { ...options, body: request });
  }

  /** Changes a member's role (owners and admins; only owners grant or change the owner role). */
  async updateMemberRole(orgId: string, userId: string, role: UserRole, options?: RequestOptions): Promise<OrganizationMember> {
    return (await this.call<{ user: OrganizationMember }>("PATCH", `${memberPath(orgId, userId)}/role`, { ...options, body: { role } })).user;
  }

  /** Removes a member (owners and admins; never the last owner). */
  removeMember(orgId: string, userId: string, options?: RequestOptions): Promise<MessageResponse> {
    return this.call("DELETE", memberPath(orgId, userId), options);
  }

  /** What a member has in the organisation (owners and admins). */
  userOverview(orgId: string, userId: string, options?: RequestOptions): Promise<UserOverview> {
    return this.call("GET", `${orgPath(orgId)}/users/${encodeURIComponent(userId)}/overview`, options);
  }
}

const orgPath = (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}`;
const memberPath = (orgId: string, userId: string) => `${orgPath(orgId)}/members/${encodeURIComponent(userId)}`;
