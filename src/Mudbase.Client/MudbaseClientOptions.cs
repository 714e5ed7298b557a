namespace Mudbase.Client;

/// <summary>Settings of a <see cref="MudbaseClient"/>.</summary>
public sealed class MudbaseClientOptions
{
    /// <summary>The Mudbase server, e.g. <c>http://localhost:5080</c>.</summary>
    public Uri BaseUrl { get; set; } = new("http://localhost:5080");

    /// <summary>Access token sent as <c>Authorization: Bearer</c>.</summary>
    public string? Jwt { get; set; }

    /// <summary>API key sent as <c>X-API-Key</c> when no JWT is set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idempotency keys and retries of event writes; <see cref="MudbaseRetryOptions.Disabled"/> turns both off.</summary>
    public MudbaseRetryOptions Retry { get; set; } = new();
}
