using System.Net;
using System.Text.Json;

namespace Mudbase.Client;

/// <summary>The server answered with a Mudbase error body.</summary>
public sealed class MudbaseApiException : Exception
{
    /// <summary>Creates the exception from the parts of an error answer.</summary>
    public MudbaseApiException(HttpStatusCode statusCode, string code, string message, JsonElement? details, string? requestId)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
        Details = details;
        RequestId = requestId;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The Mudbase error code, e.g. <c>VALIDATION_ERROR</c>.</summary>
    public string Code { get; }

    /// <summary>Field → message for validation errors; otherwise a string or null.</summary>
    public JsonElement? Details { get; }

    /// <summary>The server's request id, for support and logs.</summary>
    public string? RequestId { get; }

    /// <summary>How long the server asked to wait before trying again (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
