using System.Globalization;
using System.Text;

namespace Mudbase.Client;

/// <summary>Filters of the event list and the exports. Every property is optional.</summary>
public sealed class SecurityEventFilter
{
    /// <summary>Only these event types.</summary>
    public IReadOnlyList<string>? EventTypes { get; init; }

    /// <summary>Only these severities (cannot be combined with <see cref="MinSeverity"/>).</summary>
    public IReadOnlyList<string>? Severities { get; init; }

    /// <summary>Only this severity and above.</summary>
    public string? MinSeverity { get; init; }

    /// <summary>Only events whose <c>details.userId</c> is exactly this.</summary>
    public string? UserId { get; init; }

    /// <summary>Only events whose <c>details.ipAddress</c> is exactly this.</summary>
    public string? IpAddress { get; init; }

    /// <summary>Only events whose <c>details.resource</c> is exactly this.</summary>
    public string? Resource { get; init; }

    /// <summary>Only events logged by this user or API key.</summary>
    public string? Actor { get; init; }

    /// <summary>Recorded at or after this moment.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Recorded before this moment.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Oldest first instead of newest first.</summary>
    public bool Ascending { get; init; }

    internal string ToQuery(params (string Name, string? Value)[] extra)
    {
        var query = new StringBuilder();
        void Add(string name, string? value)
        {
            if (value is null)
                return;
            query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        foreach (var type in EventTypes ?? [])
            Add("eventType", type);
        foreach (var severity in Severities ?? [])
            Add("severity", severity);
        Add("minSeverity", MinSeverity);
        Add("userId", UserId);
        Add("ipAddress", IpAddress);
        Add("resource", Resource);
        Add("actor", Actor);
        Add("from", From?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("to", To?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("order", Ascending ? "asc" : null);
        foreach (var (name, value) in extra)
            Add(name, value);
        return query.ToString();
    }
}

/// <summary>Export formats of <see cref="ComplianceClient.ExportAsync"/>.</summary>
public enum ExportFormat
{
    /// <summary>One event per line (JSON Lines).</summary>
    JsonLines,

    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>One OCSF 1.3 event per line.</summary>
    Ocsf,

    /// <summary>An evidence bundle for offline verification (only <see cref="SecurityEventFilter.From"/> and <see cref="SecurityEventFilter.To"/> apply).</summary>
    Evidence,
}
