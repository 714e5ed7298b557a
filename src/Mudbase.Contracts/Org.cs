using System.Text.Json.Serialization;

namespace Mudbase.Contracts;

/// <summary>The roles a user can hold in an organisation.</summary>
public static class OrgRoles
{
    /// <summary>Everything, including managing owners. An organisation always keeps at least one.</summary>
    public const string Owner = "owner";
    /// <summary>Everything except granting, changing or removing the owner role.</summary>
    public const string Admin = "admin";
    /// <summary>Read-only compliance access: read, export and verify events; list members and API keys.</summary>
    public const string Auditor = "auditor";
    /// <summary>Logs events.</summary>
    public const string Member = "member";
    /// <summary>Signs in and logs events, like <see cref="Member"/>; no compliance read access.</summary>
    public const string Viewer = "viewer";

    /// <summary>Every role, most privileged first.</summary>
    public static IReadOnlyList<string> All { get; } = [Owner, Admin, Auditor, Member, Viewer];
}

/// <summary>Body of <c>POST /api/org/invites</c>.</summary>
/// <param name="Email">Who is invited; only an account with this e-mail can accept.</param>
/// <param name="Role">The role the invitee gets (see <see cref="OrgRoles"/>). Only owners may invite owners.</param>
/// <param name="CurrentPassword">For an owner invite: the inviter's current password (step-up).</param>
/// <param name="Code">For an owner invite with two-factor sign-in: a second-factor code.</param>
public sealed record CreateInviteRequest(string Email, string Role, string? CurrentPassword = null, string? Code = null);

/// <summary>The 201 answer of <c>POST /api/org/invites</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="InviteId">Identifier (<c>inv_…</c>).</param>
/// <param name="Token">The secret to hand to the invitee. Shown only here; the server keeps only its hash.</param>
/// <param name="ExpiresAt">When the invite stops working (7 days after creation).</param>
public sealed record CreateInviteResponse(bool Success, string InviteId, string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Body of <c>POST /api/auth/accept-invite</c>. Without a bearer token the password and names are required
/// and a new account is created; with the bearer token of an account whose e-mail matches the invite, they
/// are ignored and that account joins the organisation.
/// </summary>
/// <param name="Token">The invite token.</param>
/// <param name="Password">Password of the new account (8 to 128 characters).</param>
/// <param name="FirstName">Given name of the new account.</param>
/// <param name="LastName">Family name of the new account.</param>
public sealed record AcceptInviteRequest(string Token, string? Password = null, string? FirstName = null, string? LastName = null);

/// <summary>A member of the caller's organisation.</summary>
/// <param name="UserId">Identifier (<c>usr_…</c>).</param>
/// <param name="Email">E-mail address.</param>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="Role">Role in the organisation.</param>
/// <param name="JoinedAt">When the user joined the organisation.</param>
public sealed record MemberView(string UserId, string Email, string FirstName, string LastName, string Role, DateTimeOffset JoinedAt);

/// <summary>Answer of <c>GET /api/org/members</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Members">Every member, oldest first.</param>
public sealed record MembersResponse(bool Success, IReadOnlyList<MemberView> Members);

/// <summary>Body of <c>PATCH /api/org/members/{userId}</c>.</summary>
/// <param name="Role">The new role (see <see cref="OrgRoles"/>).</param>
public sealed record UpdateMemberRequest(string Role);

/// <summary>Answer of <c>PATCH /api/org/members/{userId}</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Member">The member with the new role, which their next access token carries.</param>
public sealed record MemberResponse(bool Success, MemberView Member);

/// <summary>An organisation as the official contract's <c>Organization</c> has it.</summary>
/// <param name="Id">Identifier (<c>org_…</c>), sent as <c>_id</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Slug">URL-friendly name, fixed when the organisation is created.</param>
/// <param name="Description">Free text, if set.</param>
/// <param name="Website">Web address, if set.</param>
/// <param name="CreatedAt">When the organisation was created.</param>
/// <param name="UpdatedAt">When its profile last changed.</param>
public sealed record OrganizationView(
    [property: JsonPropertyName("_id")] string Id, string Name, string Slug, string? Description, string? Website,
    DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt);

/// <summary>Answer of <c>GET /api/orgs/{orgId}</c>: the organisation's fields at the top level, as the official contract has them.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Id">Identifier (<c>org_…</c>), sent as <c>_id</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Slug">URL-friendly name.</param>
/// <param name="Description">Free text, if set.</param>
/// <param name="Website">Web address, if set.</param>
/// <param name="CreatedAt">When the organisation was created.</param>
/// <param name="UpdatedAt">When its profile last changed.</param>
public sealed record OrganizationResponse(
    bool Success, [property: JsonPropertyName("_id")] string Id, string Name, string Slug, string? Description, string? Website,
    DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt);

/// <summary>Body of <c>PATCH /api/orgs/{orgId}</c>. <c>logo</c> and <c>settings</c> are accepted and not stored.</summary>
/// <param name="Name">New display name (the slug stays).</param>
/// <param name="Description">New description.</param>
/// <param name="Website">New web address.</param>
public sealed record UpdateOrganizationRequest(string? Name = null, string? Description = null, string? Website = null);

/// <summary>Answer of <c>PATCH /api/orgs/{orgId}</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">Human-readable outcome.</param>
/// <param name="Org">The organisation as changed.</param>
public sealed record UpdateOrganizationResponse(bool Success, string Message, OrganizationView Org);

/// <summary>A member in the official contract's <c>User</c> shape.</summary>
/// <param name="Id">Identifier (<c>usr_…</c>), sent as <c>_id</c>.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="Role">Official role: an auditor is <c>viewer</c> with <paramref name="CustomRole"/> <c>auditor</c>.</param>
/// <param name="CustomRole"><c>auditor</c> for auditors, absent otherwise.</param>
/// <param name="Org">The organisation.</param>
/// <param name="JoinedAt">When the user joined the organisation.</param>
public sealed record OrgMemberView(
    [property: JsonPropertyName("_id")] string Id, string Email, string FirstName, string LastName, string Role, string? CustomRole,
    OrganizationSummary Org, DateTimeOffset JoinedAt);

/// <summary>Answer of <c>GET /api/orgs/{orgId}/members</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Members">Every member, oldest first.</param>
/// <param name="Total">How many there are.</param>
public sealed record OrgMembersResponse(bool Success, IReadOnlyList<OrgMemberView> Members, int Total);

/// <summary>Answer of <c>PATCH /api/orgs/{orgId}/members/{userId}/role</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">Human-readable outcome.</param>
/// <param name="User">The member with the new role.</param>
public sealed record OrgMemberRoleResponse(bool Success, string Message, OrgMemberView User);

/// <summary>Answer of <c>POST /api/orgs/{orgId}/invite</c>: the official fields and the invite itself.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">Human-readable outcome.</param>
/// <param name="Email">Who is invited.</param>
/// <param name="Role">The role they will get.</param>
/// <param name="InviteId">Identifier (<c>inv_…</c>).</param>
/// <param name="Token">The secret to hand to the invitee; shown only here. This server sends no e-mail.</param>
/// <param name="ExpiresAt">When the invite stops working.</param>
public sealed record OrgInviteResponse(
    bool Success, string Message, string Email, string Role, string InviteId, string Token, DateTimeOffset ExpiresAt);

/// <summary>Answer of <c>GET /api/orgs/{orgId}/users/{userId}/overview</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="User">The member.</param>
/// <param name="Footprint">What is tied to them in this organisation.</param>
public sealed record UserOverviewResponse(bool Success, OrgMemberView User, UserFootprint Footprint);

/// <summary>What a member has in the organisation.</summary>
/// <param name="SessionCount">Signed-in sessions (refresh-token families) that can still be refreshed.</param>
/// <param name="ApiKeyCount">Unrevoked API keys the member created.</param>
public sealed record UserFootprint(int SessionCount, int ApiKeyCount);
