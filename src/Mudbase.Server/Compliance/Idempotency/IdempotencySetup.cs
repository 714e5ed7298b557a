using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Mudbase.Server.Http;

namespace Mudbase.Server.Compliance.Idempotency;

internal static class IdempotencySetup
{
    public static IServiceCollection AddMudbaseIdempotency(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section)
            .Validate(o => o.Retention > TimeSpan.Zero && o.CleanupInterval > TimeSpan.Zero,
                $"{IdempotencyOptions.Section}: Retention and CleanupInterval must be positive")
            .ValidateOnStart();
        services.AddSingleton<IdempotentWrites>();
        services.AddSingleton<IdempotencyCleanup>();
        services.AddHostedService(provider => provider.GetRequiredService<IdempotencyCleanup>());
        return services;
    }

    /// <summary>Documents the optional <c>Idempotency-Key</c> header and the answers it adds.</summary>
    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder
            .ProducesMudbaseErrors(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyKeyHeader.Name,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Makes the write exactly-once (draft-ietf-httpapi-idempotency-key-header): a unique value per logical " +
                        "request, such as a UUID, scoped to your organisation and credential and kept 24 hours. Repeating the same key and body " +
                        "answers the first response (header `Idempotent-Replayed: true`) and records nothing new; the same key with a different " +
                        "body is 422 `IDEMPOTENCY_KEY_MISMATCH`; a repeat while the first is still being processed is 409 " +
                        "`IDEMPOTENCY_KEY_IN_USE` (retry after `Retry-After`). The key " + IdempotencyKeyHeader.Rule + ".",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeyHeader.MaxLength + 2 },
                    Example = System.Text.Json.Nodes.JsonValue.Create("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""),
                });
                return Task.CompletedTask;
            });
}
