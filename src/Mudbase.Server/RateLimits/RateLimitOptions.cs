namespace Mudbase.Server.RateLimits;

/// <summary>Request rate limits (<c>Mudbase:RateLimits</c>). Every limit answers 429 with <c>Retry-After</c> when reached.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Mudbase:RateLimits";

    /// <summary>Anonymous endpoints (register, login, refresh, accept-invite): requests per client address per window.</summary>
    public int AnonymousPerAddress { get; set; } = 60;

    public int AnonymousWindowSeconds { get; set; } = 60;

    /// <summary>Event ingestion (single and batch requests): sustained requests per second per organisation (bearer tokens) or per API key.</summary>
    public int IngestPerSecond { get; set; } = 5_000;

    /// <summary>Event ingestion: the burst allowed above the sustained rate.</summary>
    public int IngestBurst { get; set; } = 50_000;

    /// <summary>Exports: requests per organisation (bearer tokens) or per API key per window.</summary>
    public int ExportsPerWindow { get; set; } = 60;

    public int ExportWindowSeconds { get; set; } = 60;

    /// <summary>Failed logins for one account from all addresses together within 15 minutes before the account is refused.</summary>
    public int LoginFailuresPerAccount { get; set; } = 20;
}
