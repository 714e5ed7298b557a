using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mudbase.Server.Hosting;

/// <summary>Declares the answers that take one of several shapes for one status, which endpoint metadata cannot express.</summary>
internal static class OpenApiAlternatives
{
    private static readonly Dictionary<string, (string Status, string[] Schemas)> ByRoute = new(StringComparer.Ordinal)
    {
        // Tokens, or for an account with two-factor sign-in a challenge for POST /api/auth/login/2fa.
        ["POST api/auth/login"] = ("200", ["AuthResponse", "LoginChallengeResponse"]),
    };

    public static OpenApiOptions AddMudbaseAlternatives(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var description = context.Description;
            if (!ByRoute.TryGetValue(description.RouteKey(), out var alternatives)
                || operation.Responses?.TryGetValue(alternatives.Status, out var response) != true
                || response!.Content?.TryGetValue("application/json", out var json) != true)
                return Task.CompletedTask;
            json!.Schema = new OpenApiSchema
            {
                OneOf = [.. alternatives.Schemas.Select(name => (IOpenApiSchema)new OpenApiSchemaReference(name, context.Document))],
            };
            return Task.CompletedTask;
        });
}
