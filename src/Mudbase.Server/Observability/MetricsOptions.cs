namespace Mudbase.Server.Observability;

/// <summary>The Prometheus scrape endpoint (section <c>Mudbase:Metrics</c>). It is served only once protected.</summary>
internal sealed class MetricsOptions
{
    public const string Section = "Mudbase:Metrics";

    /// <summary>When set, a scrape must send <c>Authorization: Bearer &lt;Token&gt;</c>.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// When set, <c>/metrics</c> answers only on this port (add it to the server's <c>Urls</c>, typically bound to a
    /// management network or loopback); on every other port it does not exist.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>Adds an <c>org</c> label to the per-log gauges: one series per organisation, so opt in knowingly.</summary>
    public bool PerOrganisation { get; set; }

    /// <summary>
    /// Adds every meter of ASP.NET Core (authentication, authorization, routing, rate limiting, memory pool…) to the
    /// requests and Kestrel connections always exported; they record on every request, so they cost CPU per request.
    /// </summary>
    public bool AspNetCoreDetail { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Token) || Port is not null;
}
