namespace Mudbase.Server.Outcomes;

/// <summary>
/// A service's answer when it declines a request: what went wrong, in the service's own terms. Services return it
/// instead of HTTP results; endpoints map it with <c>ApiProblem.From</c>.
/// </summary>
/// <param name="Kind">Why the request was declined.</param>
/// <param name="Message">The sentence the caller reads.</param>
/// <param name="Fields">For <see cref="RefusalKind.Invalid"/>: the message per input field.</param>
internal record Refusal(RefusalKind Kind, string Message, IReadOnlyDictionary<string, string>? Fields = null)
{
    /// <summary>A more specific error code than the kind's own, if any.</summary>
    public string? Code { get; init; }

    /// <summary>For <see cref="RefusalKind.RateLimited"/>: when to try again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Refusal Invalid(string field, string message) =>
        new(RefusalKind.Invalid, "Validation failed", new Dictionary<string, string> { [field] = message });

    public static Refusal Unauthenticated(string message = "Authentication required") => new(RefusalKind.Unauthenticated, message);

    public static Refusal Forbidden(string message) => new(RefusalKind.Forbidden, message);

    public static Refusal NotFound(string message) => new(RefusalKind.NotFound, message);

    public static Refusal Conflict(string message) => new(RefusalKind.Conflict, message);

    public static Refusal RateLimited(TimeSpan retryAfter) =>
        new(RefusalKind.RateLimited, "Too many requests") { RetryAfter = retryAfter };
}
