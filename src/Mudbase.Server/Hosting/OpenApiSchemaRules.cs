using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mudbase.Server.Hosting;

/// <summary>
/// Makes the generated schemas say what the server really writes: a null property is left out (so it is not
/// required), numbers are written as JSON numbers (never as strings), and timestamps, written by a converter the
/// schema generator cannot see into, are strings.
/// </summary>
internal static class OpenApiSchemaRules
{
    public static OpenApiOptions AddMudbaseSchemaRules(this OpenApiOptions options) =>
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Required is { Count: > 0 } required)
            {
                // The server serializes with JsonIgnoreCondition.WhenWritingNull.
                foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.IsGetNullable || Nullable.GetUnderlyingType(p.PropertyType) is not null))
                    required.Remove(property.Name);
            }
            if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
            {
                schema.Type = type & ~JsonSchemaType.String;
                schema.Pattern = null;
            }
            if (schema.Type is null && schema.Format == "date-time")
                schema.Type = context.JsonTypeInfo.Type == typeof(DateTimeOffset?) || context.JsonPropertyInfo?.IsGetNullable == true
                    ? JsonSchemaType.String | JsonSchemaType.Null
                    : JsonSchemaType.String;
            return Task.CompletedTask;
        });
}
