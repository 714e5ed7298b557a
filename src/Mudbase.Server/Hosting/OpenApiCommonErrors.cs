using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mudbase.Server.Hosting;

/// <summary>
/// Declares the errors any operation can answer whatever its endpoint says: 503 when the database is unreachable, and
/// for a request with a body 400 (malformed JSON), 413 (too large) and 415 (not JSON), all with the Mudbase problem body.
/// </summary>
internal static class OpenApiCommonErrors
{
    private static readonly (string Status, string Description)[] Always = [("503", "The database is unreachable (`SERVICE_UNAVAILABLE`; retry after a moment), or the stored ledger failed an integrity check (`LEDGER_INTEGRITY`; retrying does not help until an operator has investigated).")];

    private static readonly (string Status, string Description)[] WithBody =
    [
        ("400", "The body is not valid JSON or a field is invalid: `details` names each."),
        ("413", "The body is larger than this operation accepts."),
        ("415", "The body is not `application/json`."),
    ];

    public static OpenApiOptions AddMudbaseCommonErrors(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            operation.Responses ??= [];
            var errors = operation.RequestBody is null ? Always : [.. Always, .. WithBody];
            foreach (var (status, description) in errors)
            {
                if (operation.Responses.ContainsKey(status))
                    continue;
                operation.Responses[status] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ErrorBody", context.Document) },
                    },
                };
            }
            return Task.CompletedTask;
        });
}
