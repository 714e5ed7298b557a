using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Mudbase.Server.Auth;
using Mudbase.Server.Common;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.ApiKeys;

/// <summary>
/// Authenticates <c>X-API-Key</c>: the key's hash must match a key that is neither revoked nor expired.
/// Its creator must still be an owner or admin of the key's organisation.
/// The principal carries <c>sub</c> = key id, <c>org</c> and one <c>scope</c> claim per scope, and no role.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IAccessStore store,
    IIdentityStore identities,
    ApiKeyUsage usage,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-API-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
            return AuthenticateResult.NoResult();
        if (values.Count != 1 || !ApiKeySecret.IsWellFormed(values[0]))
            return AuthenticateResult.Fail("Malformed API key");

        var key = await store.FindApiKeyAsync(SecretHash.Of(values[0]!), Context.RequestAborted);
        var now = time.GetUtcNow();
        if (key is null)
            return AuthenticateResult.Fail("Unknown API key");
        if (key.RevokedAt is not null || key.ExpiresAt <= now || !key.IsActive)
        {
            LogRejected(Logger, key.Id, key.RevokedAt is not null ? "revoked" : key.IsActive ? "expired" : "deactivated");
            return AuthenticateResult.Fail("Revoked, deactivated or expired API key");
        }
        // A key speaks for the admin who created it and saw its secret: once they are removed or no longer an
        // owner or admin, the key stops working with them.
        var creator = await identities.FindMembershipAsync(key.CreatedBy, key.OrgId, Context.RequestAborted);
        if (creator is null || Array.IndexOf(Roles.Administrators, creator.Role) < 0)
        {
            LogRejected(Logger, key.Id, "creator no longer an admin");
            return AuthenticateResult.Fail("The API key's creator is no longer an admin of the organisation");
        }
        await usage.RecordAsync(key, now, Context.RequestAborted);

        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, key.Id),
            new(MudbaseClaims.Org, key.OrgId),
        };
        claims.AddRange(key.Scopes.Select(scope => new Claim(MudbaseClaims.Scope, scope)));
        var identity = new ClaimsIdentity(claims, SchemeName, JwtRegisteredClaimNames.Sub, MudbaseClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var message = result.Failure is null ? "Authentication required" : "Invalid, revoked, deactivated or expired API key";
        await ApiProblem.Unauthorized(message).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.Forbidden("This API key's scopes do not allow this request").ExecuteAsync(Context);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {State} API key {KeyId}")]
    private static partial void LogRejected(ILogger logger, string keyId, string state);
}
