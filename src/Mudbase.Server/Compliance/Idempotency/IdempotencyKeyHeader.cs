using Mudbase.Server.Http;

namespace Mudbase.Server.Compliance.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header (draft-ietf-httpapi-idempotency-key-header): a Structured Field string
/// such as <c>"8e03978e-40d5-43e8-bc93-6894a57f9324"</c>. The bare token form most clients send is accepted too.
/// </summary>
internal static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 255;
    public const string Rule = "must be 1 to 255 visible ASCII characters (no spaces, quotes or backslashes), optionally in double quotes";

    /// <summary>The key, null when the header is absent, or a 400 when it is malformed.</summary>
    public static (string? Key, ApiProblem? Problem) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Name, out var values))
            return (null, null);
        if (values.Count != 1)
            return (null, ApiProblem.Validation(Name, "must be sent once"));
        var value = values[0]!.Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            value = value[1..^1];
        return value.Length is > 0 and <= MaxLength && value.All(IsKeyCharacter)
            ? (value, null)
            : (null, ApiProblem.Validation(Name, Rule));
    }

    private static bool IsKeyCharacter(char c) => c is > ' ' and <= '~' and not '"' and not '\\';
}
