using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Mudbase.Server.Auth;

/// <summary>The authenticated caller, read from the validated token's claims.</summary>
internal sealed record Caller(string Id, string OrgId, string Role, string? Email)
{
    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? throw new InvalidOperationException("token has no sub"),
        user.FindFirstValue(MudbaseClaims.Org) ?? throw new InvalidOperationException("token has no org"),
        user.FindFirstValue(MudbaseClaims.Role) ?? "member",
        user.FindFirstValue(JwtRegisteredClaimNames.Email));
}

/// <summary>Roles per organisation (DESIGN §2).</summary>
internal static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Auditor = "auditor";
    public const string Member = "member";
    public const string Viewer = "viewer";

    /// <summary>Roles that may read, export and verify the compliance log.</summary>
    public static readonly string[] ComplianceReaders = [Owner, Admin, Auditor];
}
