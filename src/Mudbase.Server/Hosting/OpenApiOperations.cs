using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Mudbase.Server.Auth;

namespace Mudbase.Server.Hosting;

/// <summary>
/// Gives every operation an operationId (the official contract's name where it has one) and the security it really
/// accepts: none for public endpoints, a bearer token for user-only ones, a bearer token or an API key otherwise.
/// </summary>
internal static class OpenApiOperations
{
    // Official operationIds of routes whose endpoints carry no name of their own.
    private static readonly Dictionary<string, string> OfficialNames = new(StringComparer.Ordinal)
    {
        ["POST api/auth/register"] = "registerUser",
        ["POST api/auth/login"] = "loginUser",
        ["POST api/auth/refresh"] = "refreshToken",
        ["POST api/auth/logout"] = "logoutUser",
        ["GET api/auth/session"] = "getCurrentSession",
        ["GET api/users/me"] = "getCurrentUser",
        ["POST api/auth/accept-invite"] = "acceptInvite",
        ["GET api/compliance/summary"] = "getComplianceSummary",
        ["PATCH api/users/update"] = "updateUserProfile",
        ["PATCH api/users/password"] = "changePassword",
        ["POST api/users/2fa/setup"] = "setup2FA",
        ["POST api/users/2fa/verify"] = "verify2FA",
        ["POST api/users/2fa/disable"] = "disable2FA",
        ["GET api/users/me/export"] = "exportUserData",
        ["POST api/users/me/erase"] = "eraseUserData",
        ["POST api/compliance/access-review"] = "generateAccessReview",
        ["POST api/compliance/data-processing-record"] = "generateDataProcessingRecord",
    };

    // Policies only a signed-in user can satisfy; anything else that needs authentication also takes an API key.
    private static readonly string[] UserOnlyPolicies = [AuthSetup.SignedInUserPolicy, AuthSetup.OrgAdminPolicy, AuthSetup.OrgReaderPolicy];

    public static OpenApiOptions AddMudbaseOperations(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var description = context.Description;
            var metadata = description.ActionDescriptor.EndpointMetadata;
            var route = description.RouteKey();
            operation.OperationId = OfficialNames.GetValueOrDefault(route)
                ?? metadata.OfType<IEndpointNameMetadata>().Select(n => Camel(n.EndpointName)).LastOrDefault()
                ?? Derive(description.HttpMethod ?? "GET", description.RelativePath ?? "");

            var authorize = metadata.OfType<IAuthorizeData>().ToList();
            if (metadata.OfType<IAllowAnonymous>().Any() || authorize.Count == 0)
            {
                operation.Security = [];
                return Task.CompletedTask;
            }
            var bearer = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] };
            var apiKey = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", context.Document)] = [] };
            operation.Security = authorize.Any(a => UserOnlyPolicies.Contains(a.Policy)) ? [bearer] : [bearer, apiKey];
            return Task.CompletedTask;
        });

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    // "GET api/compliance/ledger/checkpoint" → "getComplianceLedgerCheckpoint"; parameters become "ByX".
    private static string Derive(string method, string path)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var word = segment.StartsWith('{') ? "By" + segment.Trim('{', '}', '?') : segment;
            foreach (var part in word.Split('-', '.', '_'))
                if (part.Length > 0)
                    id.Append(char.ToUpper(part[0], CultureInfo.InvariantCulture)).Append(part[1..]);
        }
        return id.ToString();
    }
}
