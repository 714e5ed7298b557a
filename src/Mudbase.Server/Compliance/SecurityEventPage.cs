using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Mudbase.Contracts;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance;

/// <summary>
/// One page of <c>GET /api/compliance/security-events</c> (a <see cref="ListSecurityEventsResponse"/>), written to the
/// response as it is serialised: each row goes from the store to the body through <see cref="SecurityEventJson"/>.
/// </summary>
internal sealed class SecurityEventPage(IReadOnlyList<StoredEvent> rows, int count, string? nextCursor) : IResult, IEndpointMetadataProvider
{
    private static readonly JsonEncodedText Success = JsonEncodedText.Encode("success");
    private static readonly JsonEncodedText Events = JsonEncodedText.Encode("events");
    private static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("nextCursor");

    /// <summary>Declares the page in the OpenAPI document as the <see cref="ListSecurityEventsResponse"/> it is.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ListSecurityEventsResponse), ["application/json"]));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await using var json = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true });
        json.WriteStartObject();
        json.WriteBoolean(Success, true);
        json.WritePropertyName(Events);
        json.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            SecurityEventJson.Write(json, rows[i]);
            if (json.BytesPending > 16 * 1024)
                await json.FlushAsync(httpContext.RequestAborted);
        }
        json.WriteEndArray();
        json.WriteString(NextCursor, nextCursor);
        json.WriteEndObject();
        await json.FlushAsync(httpContext.RequestAborted);
    }
}
