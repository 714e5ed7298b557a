using System.Text.Json.Serialization;

namespace Mudbase.Contracts;

/// <summary>Body of <c>POST /api/auth/register</c>.</summary>
/// <param name="Email">Login e-mail address.</param>
/// <param name="Password">8 to 128 characters.</param>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="OrgName">Name of the organisation created for the user.</param>
public sealed record RegisterRequest(string Email, string Password, string FirstName, string LastName, string? OrgName = null);

/// <summary>Body of <c>POST /api/auth/login</c>.</summary>
/// <param name="Email">Login e-mail address.</param>
/// <param name="Password">Password.</param>
public sealed record LoginRequest(string Email, string Password);

/// <summary>Body of <c>POST /api/auth/refresh</c> and <c>POST /api/auth/logout</c>.</summary>
/// <param name="RefreshToken">The refresh token last issued.</param>
public sealed record RefreshRequest(string RefreshToken);

/// <summary>A user as the API shows it, in the official contract's shape (<c>_id</c>, <c>org</c>, <c>role</c>, <c>customRole</c>) and ours.</summary>
/// <param name="Id">Identifier (<c>usr_…</c>); also sent as <c>_id</c>.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="OrgId">The organisation of the current session (<c>org_…</c>).</param>
/// <param name="Role">
/// Role in that organisation as the official contract's enum has it: <c>owner</c>, <c>admin</c>, <c>member</c> or
/// <c>viewer</c>. An auditor is reported as <c>viewer</c> with <paramref name="CustomRole"/> <c>auditor</c>; the
/// effective role is <c>customRole ?? role</c>.
/// </param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="Org">The organisation of the current session.</param>
/// <param name="CustomRole"><c>auditor</c> for auditors (read-only compliance access), absent otherwise.</param>
public sealed record UserView(
    string Id, string Email, string FirstName, string LastName, string OrgId, string Role, DateTimeOffset CreatedAt,
    OrganizationSummary? Org = null, string? CustomRole = null)
{
    /// <summary>The identifier under the official contract's name.</summary>
    [JsonPropertyName("_id")]
    public string OfficialId => Id;

    /// <summary>The role that decides what the user may do: <see cref="CustomRole"/> when set, else <see cref="Role"/>.</summary>
    [JsonIgnore]
    public string EffectiveRole => CustomRole ?? Role;
}

/// <summary>An organisation as the official contract summarises it.</summary>
/// <param name="Id">Identifier (<c>org_…</c>), sent as <c>_id</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Slug">URL-friendly name, fixed when the organisation is created.</param>
public sealed record OrganizationSummary([property: JsonPropertyName("_id")] string Id, string Name, string Slug);

/// <summary>Answer of register, login and refresh.</summary>
/// <param name="Message">Human-readable outcome.</param>
/// <param name="Token">Access JWT for <c>Authorization: Bearer</c>.</param>
/// <param name="RefreshToken">Single-use refresh token.</param>
/// <param name="ExpiresIn">Access token lifetime in seconds.</param>
/// <param name="User">The signed-in user.</param>
public sealed record AuthResponse(string Message, string Token, string RefreshToken, int ExpiresIn, UserView User);

/// <summary>Answer of <c>GET /api/auth/session</c>.</summary>
/// <param name="Authenticated">Always <c>true</c> (a missing session is a 401).</param>
/// <param name="User">The signed-in user.</param>
/// <param name="ExpiresAt">When the presented access token expires.</param>
public sealed record SessionResponse(bool Authenticated, UserView User, DateTimeOffset ExpiresAt);

/// <summary>Answer of <c>GET /api/users/me</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="User">The signed-in user.</param>
public sealed record CurrentUserResponse(bool Success, UserView User);

/// <summary>A plain acknowledgement.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">What happened.</param>
public sealed record MessageResponse(bool Success, string Message);

/// <summary>The 201 answer of <c>POST /api/auth/accept-invite</c>, in the official contract's shape.</summary>
/// <param name="Message">Human-readable outcome.</param>
/// <param name="Token">Access JWT for <c>Authorization: Bearer</c>.</param>
/// <param name="RefreshToken">Single-use refresh token.</param>
/// <param name="ExpiresIn">Access token lifetime in seconds.</param>
/// <param name="User">The user who joined.</param>
public sealed record AcceptInviteResponse(string Message, string Token, string RefreshToken, int ExpiresIn, InvitedUserView User);

/// <summary>The user of an accept-invite answer: the official contract has <c>id</c> and <c>org</c> as plain strings here.</summary>
/// <param name="Id">Identifier (<c>usr_…</c>).</param>
/// <param name="Email">E-mail address.</param>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="Org">The organisation joined (<c>org_…</c>).</param>
/// <param name="Role">The role received, <c>auditor</c> included.</param>
/// <param name="OrgId">The same as <paramref name="Org"/>.</param>
public sealed record InvitedUserView(string Id, string Email, string FirstName, string LastName, string Org, string Role, string OrgId);
