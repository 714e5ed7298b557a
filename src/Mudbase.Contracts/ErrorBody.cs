using System.Text.Json;

namespace Mudbase.Contracts;

/// <summary>
/// Every error: an RFC 9457 problem document that also carries the Mudbase error fields.
/// </summary>
/// <param name="Type">Problem type URI.</param>
/// <param name="Title">Short summary, equal to <paramref name="Error"/>.</param>
/// <param name="Status">HTTP status code.</param>
/// <param name="Error">Mudbase error message.</param>
/// <param name="Code">Mudbase error code (see <see cref="ErrorCodes"/>).</param>
/// <param name="Details">Field → message for validation errors, otherwise a string or absent.</param>
/// <param name="RequestId">Identifier of the request, also in the <c>X-Request-Id</c> header.</param>
/// <param name="Timestamp">When the error occurred (UTC).</param>
/// <param name="Path">Request path.</param>
/// <param name="RetryAfter">On 429 (and 503 when known): seconds to wait before retrying, as in the <c>Retry-After</c> header.</param>
public sealed record ErrorBody(
    string Type,
    string Title,
    int Status,
    string Error,
    string Code,
    JsonElement? Details,
    string RequestId,
    DateTimeOffset Timestamp,
    string Path,
    long? RetryAfter = null);

/// <summary>The Mudbase error codes.</summary>
public static class ErrorCodes
{
    /// <summary>400: the request is malformed or a field is invalid.</summary>
    public const string ValidationError = "VALIDATION_ERROR";
    /// <summary>401: missing, invalid or expired credentials.</summary>
    public const string Unauthorized = "UNAUTHORIZED";
    /// <summary>403: authenticated but not allowed.</summary>
    public const string Forbidden = "FORBIDDEN";
    /// <summary>404: no such resource in the caller's organisation.</summary>
    public const string NotFound = "NOT_FOUND";
    /// <summary>405: the method is not allowed on this path.</summary>
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    /// <summary>409: conflicts with the current state.</summary>
    public const string Conflict = "CONFLICT";
    /// <summary>409: a request with the same <c>Idempotency-Key</c> is still being processed; retry it shortly.</summary>
    public const string IdempotencyKeyInUse = "IDEMPOTENCY_KEY_IN_USE";
    /// <summary>422: the <c>Idempotency-Key</c> was already used with a different request body.</summary>
    public const string IdempotencyKeyMismatch = "IDEMPOTENCY_KEY_MISMATCH";
    /// <summary>413: the body is larger than allowed.</summary>
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    /// <summary>415: the body is not JSON.</summary>
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    /// <summary>429: too many requests; see <c>Retry-After</c>.</summary>
    public const string RateLimited = "RATE_LIMITED";
    /// <summary>500: an unexpected failure.</summary>
    public const string InternalError = "INTERNAL_ERROR";
    /// <summary>503: storage is unavailable; nothing was recorded.</summary>
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    /// <summary>
    /// 503: the stored ledger failed an integrity check (a head, tile or leaf that does not match the signed
    /// checkpoints); nothing was recorded or served, and retrying does not help until an operator has investigated.
    /// </summary>
    public const string LedgerIntegrity = "LEDGER_INTEGRITY";
}
