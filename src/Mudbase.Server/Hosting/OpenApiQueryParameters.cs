using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Mudbase.Contracts;
using Mudbase.Server.Compliance;

namespace Mudbase.Server.Hosting;

/// <summary>
/// Declares the query parameters that handlers read from the query string themselves (to answer one 400 naming every
/// bad parameter), with their types, formats, ranges and enums; and every path parameter of a route, including those
/// a handler does not bind (the organisation id that a filter checks).
/// </summary>
internal static class OpenApiQueryParameters
{
    private static readonly Func<IOpenApiParameter>[] EventFilterParameters =
    [
        () => Query("eventType", "Event types (repeat the parameter, or separate with commas): the catalogue's or custom snake_case slugs.",
            Many(new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[a-z][a-z0-9_]{1,63}$" })),
        () => Query("severity", "Severities (repeat the parameter, or separate with commas); not with `minSeverity`.", Many(Enum(Severities.All))),
        () => Query("minSeverity", "This severity and every higher one; not with `severity`.", Enum(Severities.All)),
        () => Query("userId", "Events whose `details.userId` is exactly this.", Text(256)),
        () => Query("ipAddress", "Events whose `details.ipAddress` is exactly this.", Text(256)),
        () => Query("resource", "Events whose `details.resource` is exactly this.", Text(256)),
        () => Query("actor", "Events recorded by this principal (`usr_…` or `key_…`).", Text(256)),
        () => Query("from", "Recorded at or after this instant (ISO-8601).", DateTime()),
        () => Query("to", "Recorded before this instant (ISO-8601, exclusive).", DateTime()),
        () => Query("order", "Newest first (`desc`, the default) or oldest first.", Enum(["desc", "asc"], "desc")),
    ];

    private static readonly Dictionary<string, Func<IOpenApiParameter>[]> ByRoute = new(StringComparer.Ordinal)
    {
        ["GET api/compliance/security-events"] =
        [
            .. EventFilterParameters,
            () => Query("limit", "Events per page.", Integer(1, EventFilters.MaxLimit, EventFilters.DefaultLimit)),
            () => Query("cursor", "`nextCursor` of the previous page; bound to the organisation and the order.", Text(512)),
        ],
        ["GET api/compliance/security-events/export"] =
        [
            () => Query("format", "`jsonl` (default), `csv`, `ocsf` (OCSF 1.3, one event per line) or `evidence` (a bundle for `mudbase verify`, filtered by `from`/`to` only).",
                Enum(["jsonl", "csv", "ocsf", "evidence"], "jsonl")),
            .. EventFilterParameters,
        ],
        ["GET api/compliance/security-events/{eventId}/proof"] =
        [
            () => Query("treeSize", "Prove inclusion in the tree of this size (a signed checkpoint's); default the latest.", Integer(1, long.MaxValue)),
        ],
        ["GET api/compliance/ledger/consistency"] =
        [
            () => Query("from", "The older tree size.", Integer(0, long.MaxValue), required: true),
            () => Query("to", "The newer tree size, at most the latest checkpoint's.", Integer(0, long.MaxValue), required: true),
        ],
        ["POST api/compliance/access-review"] =
        [
            () => Query("format", "`json` (default) or `csv`; `Accept: text/csv` also selects CSV.", Enum(["json", "csv"], "json")),
        ],
    };

    public static OpenApiOptions AddMudbaseQueryParameters(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var description = context.Description;
            var route = description.RelativePath?.TrimEnd('/') ?? "";
            operation.Parameters ??= [];
            if (ByRoute.TryGetValue(description.RouteKey(), out var parameters))
            {
                foreach (var parameter in parameters.Select(create => create()))
                    if (!operation.Parameters.Any(p => p.Name == parameter.Name && p.In == parameter.In))
                        operation.Parameters.Add(parameter);
            }
            foreach (var segment in route.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}', '?', '*').Split(':')[0]))
            {
                if (!operation.Parameters.Any(p => p.Name == segment && p.In == ParameterLocation.Path))
                    operation.Parameters.Add(new OpenApiParameter { Name = segment, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            }
            return Task.CompletedTask;
        });

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema, bool required = false) =>
        new() { Name = name, In = ParameterLocation.Query, Description = description, Required = required, Schema = schema };

    private static OpenApiSchema Enum(IEnumerable<string> values, string? defaultValue = null) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. values.Select(v => (JsonNode)v)],
        Default = defaultValue is null ? null : JsonValue.Create(defaultValue),
    };

    private static OpenApiSchema Integer(long minimum, long maximum, long? defaultValue = null) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int64",
        Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Default = defaultValue is null ? null : JsonValue.Create(defaultValue.Value),
    };

    private static OpenApiSchema Many(OpenApiSchema item) => new() { Type = JsonSchemaType.Array, Items = item };

    private static OpenApiSchema Text(int maxLength) => new() { Type = JsonSchemaType.String, MaxLength = maxLength };

    private static OpenApiSchema DateTime() => new() { Type = JsonSchemaType.String, Format = "date-time" };
}
