using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Mudbase.Server.Auth;

/// <summary>
/// The authenticated caller, read from the validated token's claims. For an API key, <see cref="Id"/> is the
/// key id (<c>key_…</c>), so it is the actor of the events the key logs, and <see cref="Role"/> is meaningless.
/// </summary>
internal sealed record Caller(string Id, string OrgId, string Role, string? Email)
{
    public bool IsApiKey { get; init; }

    /// <summary>When the user last presented their credentials (the token's <c>auth_time</c>); null for refreshed tokens and keys.</summary>
    public DateTimeOffset? AuthenticatedAt { get; init; }

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? throw new InvalidOperationException("token has no sub"),
        user.FindFirstValue(MudbaseClaims.Org) ?? throw new InvalidOperationException("token has no org"),
        user.FindFirstValue(MudbaseClaims.Role) ?? "member",
        user.FindFirstValue(JwtRegisteredClaimNames.Email))
    {
        IsApiKey = user.IsApiKey(),
        AuthenticatedAt = long.TryParse(user.FindFirstValue(MudbaseClaims.AuthTime), out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
    };
}

/// <summary>Roles per organisation (DESIGN §2).</summary>
internal static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Auditor = "auditor";
    public const string Member = "member";
    public const string Viewer = "viewer";

    /// <summary>Roles that may read, export and verify the compliance log, and review who has access.</summary>
    public static readonly string[] ComplianceReaders = [Owner, Admin, Auditor];

    /// <summary>Roles that manage members, invites and API keys.</summary>
    public static readonly string[] Administrators = [Owner, Admin];

    /// <summary>Every role, most privileged first.</summary>
    public static readonly string[] All = [Owner, Admin, Auditor, Member, Viewer];

    /// <summary>True when going from <paramref name="from"/> to <paramref name="to"/> grants owner or admin rights not held before.</summary>
    public static bool IsEscalation(string? from, string to) =>
        Array.IndexOf(Administrators, to) >= 0 && (from is null || Array.IndexOf(All, to) < Array.IndexOf(All, from));
}
