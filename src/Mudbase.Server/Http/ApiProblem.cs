using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Outcomes;

namespace Mudbase.Server.Http;

/// <summary>An error answer: RFC 9457 problem+json carrying the Mudbase error fields.</summary>
internal sealed class ApiProblem(int status, string code, string error, JsonElement? details = null) : IResult
{
    public int StatusCode => status;
    public string Code => code;
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The <c>WWW-Authenticate</c> value of a 401; plain <c>Bearer</c> when not set.</summary>
    public string? Challenge { get; init; }

    public static ApiProblem Validation(IReadOnlyDictionary<string, string> fieldErrors) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "Validation failed", ToElement(fieldErrors));

    /// <summary>A 400 whose <c>details</c> is a list of <c>"field" message</c> lines, for operations whose official contract declares it so.</summary>
    public static ApiProblem ValidationList(IReadOnlyDictionary<string, string> fieldErrors) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "Validation failed", JsonSerializer.SerializeToElement(
            fieldErrors.Select(pair => $"\"{pair.Key}\" {pair.Value}").ToList(), MudbaseJsonContext.Default.ListString));

    public static ApiProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string> { [field] = message });

    public static ApiProblem Unauthorized(string error = "Authentication required") =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, error);

    /// <summary>A presented bearer token was refused (RFC 6750 §3.1 <c>invalid_token</c>).</summary>
    public static ApiProblem InvalidToken() =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Invalid or expired token") { Challenge = "Bearer error=\"invalid_token\"" };

    public static ApiProblem Forbidden(string error = "You do not have permission to do this") =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, error);

    public static ApiProblem NotFound(string error = "Not found") =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, error);

    public static ApiProblem Conflict(string error) =>
        new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, error);

    public static ApiProblem PayloadTooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"Request body is larger than {limit} bytes");

    public static ApiProblem UnsupportedMediaType() =>
        new(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Content-Type must be application/json");

    public static ApiProblem RateLimited(TimeSpan retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests") { RetryAfter = retryAfter };

    public static ApiProblem Unavailable(string error = "Storage is unavailable; nothing was recorded") =>
        new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, error);

    /// <summary>The stored ledger contradicts its signed checkpoints: not the client's fault, and not transient.</summary>
    public static ApiProblem LedgerIntegrity() =>
        new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.LedgerIntegrity,
            "The stored ledger failed an integrity check; nothing was recorded. An operator must investigate before the log can be used");

    /// <summary>The HTTP answer to a service's <see cref="Refusal"/>.</summary>
    public static ApiProblem From(Refusal refusal) => refusal.Kind switch
    {
        RefusalKind.Invalid => Validation(refusal.Fields ?? new Dictionary<string, string>()),
        RefusalKind.Unauthenticated => refusal.Code is { } code
            ? new ApiProblem(StatusCodes.Status401Unauthorized, code, refusal.Message)
            : Unauthorized(refusal.Message),
        RefusalKind.Forbidden => Forbidden(refusal.Message),
        RefusalKind.NotFound => NotFound(refusal.Message),
        RefusalKind.Conflict => Conflict(refusal.Message),
        RefusalKind.RateLimited => RateLimited(refusal.RetryAfter ?? TimeSpan.FromMinutes(1)),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.Kind, "Unknown refusal"),
    };

    public static ApiProblem Internal() =>
        new(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "An unexpected error occurred");

    public static ApiProblem ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Unauthorized(),
        StatusCodes.Status403Forbidden => Forbidden(),
        StatusCodes.Status404NotFound => NotFound("No such endpoint"),
        StatusCodes.Status405MethodNotAllowed => new(status, ErrorCodes.MethodNotAllowed, "Method not allowed"),
        StatusCodes.Status413PayloadTooLarge => new(status, ErrorCodes.PayloadTooLarge, "Request body is too large"),
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType(),
        StatusCodes.Status414UriTooLong => new(status, ErrorCodes.ValidationError, $"The request target is longer than {Hosting.RequestSizeLimits.MaxTargetBytes} bytes"),
        StatusCodes.Status431RequestHeaderFieldsTooLarge => new(status, ErrorCodes.ValidationError, $"The request headers are larger than {Hosting.RequestSizeLimits.MaxHeaderBytes} bytes"),
        StatusCodes.Status503ServiceUnavailable => Unavailable("Service unavailable"),
        >= 500 => Internal(),
        _ => new(status, ErrorCodes.ValidationError, "Bad request"),
    };

    public ErrorBody ToBody(HttpContext context) => new(
        Type: $"https://mudbase.dev/errors/{code.ToLowerInvariant().Replace('_', '-')}",
        Title: error,
        Status: status,
        Error: error,
        Code: code,
        Details: details,
        RequestId: context.TraceIdentifier,
        Timestamp: context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
        Path: context.Request.Path.Value ?? "/",
        RetryAfter: RetryAfterSeconds);

    private long? RetryAfterSeconds => RetryAfter is { } wait ? Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)) : null;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        // RFC 9110 §15.5.2: a 401 names the scheme to use. Bearer tokens are the primary one; X-API-Key is documented.
        if (status == StatusCodes.Status401Unauthorized)
            httpContext.Response.Headers.WWWAuthenticate = Challenge ?? "Bearer";
        if (RetryAfterSeconds is { } seconds)
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await httpContext.Response.WriteAsJsonAsync(
            ToBody(httpContext), MudbaseJsonContext.Default.ErrorBody, "application/problem+json", httpContext.RequestAborted);
    }

    private static JsonElement ToElement(IReadOnlyDictionary<string, string> fieldErrors) =>
        JsonSerializer.SerializeToElement(
            fieldErrors.ToDictionary(), MudbaseJsonContext.Default.DictionaryStringString);
}
