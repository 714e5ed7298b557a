using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Mudbase.Server.Common;

namespace Mudbase.Server.Auth;

/// <summary>Issues HS256 access tokens with the claims DESIGN §2 lists.</summary>
internal sealed class TokenService(JwtKeys keys, IOptions<JwtOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public int LifetimeSeconds => options.Value.AccessTokenLifetimeSeconds;

    /// <param name="sessionId">The refresh-token family the token belongs to (claim <c>sid</c>): logging out with the token revokes it.</param>
    /// <param name="mfaSetupOnly">The token may only set up two-factor sign-in (the organisation requires it for the role).</param>
    /// <param name="authenticatedAt">When the user proved who they are (claim <c>auth_time</c>); null for a token from a refresh.</param>
    public string CreateAccessToken(
        string userId, string email, string orgId, string role, string sessionId, bool mfaSetupOnly = false, DateTimeOffset? authenticatedAt = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(LifetimeSeconds),
            SigningCredentials = new SigningCredentials(keys.SigningKey, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = userId,
                [JwtRegisteredClaimNames.Email] = email,
                [MudbaseClaims.Org] = orgId,
                [MudbaseClaims.Role] = role,
                [JwtRegisteredClaimNames.Jti] = Ids.New("jti"),
                [JwtRegisteredClaimNames.Sid] = sessionId,
            },
        };
        if (mfaSetupOnly)
            descriptor.Claims[MudbaseClaims.MfaSetupOnly] = true;
        if (authenticatedAt is { } at)
            descriptor.Claims[MudbaseClaims.AuthTime] = at.ToUnixTimeSeconds();
        return handler.CreateToken(descriptor);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = options.Value.Audience,
        IssuerSigningKeys = keys.ValidationKeys,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = MudbaseClaims.Role,
    };
}

/// <summary>Claim names Mudbase adds to its tokens.</summary>
internal static class MudbaseClaims
{
    public const string Org = "org";
    public const string Role = "role";
    /// <summary>On API key principals only: one claim per scope.</summary>
    public const string Scope = "scope";
    /// <summary>The organisation requires two-factor sign-in of this role and the user has none: only setting it up is allowed.</summary>
    public const string MfaSetupOnly = "mfa_setup_only";
    /// <summary>OpenID Connect's <c>auth_time</c>: when the user last presented their password (and second factor).</summary>
    public const string AuthTime = "auth_time";
}
