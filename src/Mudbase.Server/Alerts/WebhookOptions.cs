namespace Mudbase.Server.Alerts;

/// <summary>Operator settings for webhook and syslog delivery (section <c>Mudbase:Webhooks</c>).</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Mudbase:Webhooks";

    /// <summary>Allow plain http:// URLs to hosts other than loopback. Off: https is required outside loopback.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Allow destinations that resolve to loopback addresses (127.0.0.0/8, ::1).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Allow private, link-local, shared and unique-local destinations (10/8, 172.16/12, 192.168/16, 169.254/16, 100.64/10, fc00::/7, fe80::/10).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one delivery may take, connect to last byte read.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>How long a node holds a subscription without renewing; another node takes over after it.</summary>
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>How often a node looks for work besides being woken by its own commits (commits of other nodes).</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>First retry delay; each further retry doubles it (with jitter) up to <see cref="MaxBackoffSeconds"/>.</summary>
    public int BackoffSeconds { get; set; } = 5;

    public int MaxBackoffSeconds { get; set; } = 3600;

    /// <summary>How long one event is retried before it is dead-lettered and the subscription marked failing.</summary>
    public int RetryHours { get; set; } = 24;

    /// <summary>Events read from the log per round of one subscription.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a caught-up delivery run keeps its lease waiting for new commits before it saves and releases it.</summary>
    public int LingerMilliseconds { get; set; } = 1000;

    /// <summary>The longest one delivery run holds a subscription; the next run reads its settings and secrets anew.</summary>
    public int MaxRunSeconds { get; set; } = 10;

    /// <summary>Subscriptions delivered at the same time by one node.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>Bytes of a receiver's response kept as the attempt's excerpt; the rest is not read.</summary>
    public int ResponseExcerptBytes { get; set; } = 1024;

    /// <summary>A PEM file of CA certificates trusted for syslog over TLS besides the system store (e.g. a private SIEM CA).</summary>
    public string? SyslogTrustedCaFile { get; set; }
}
