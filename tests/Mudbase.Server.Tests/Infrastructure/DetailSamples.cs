namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Event bodies whose details exercise every way a stored value can differ from its canonical JSON.</summary>
public static class DetailSamples
{
    /// <summary>Escapes, non-ASCII text, a number with a trailing zero, a boolean, an exponent and keys out of order.</summary>
    public static object Varied(string? userId = null)
    {
        var details = new Dictionary<string, object?>
        {
            ["zeta"] = "é ✓ <tag> \"quoted\" \\ \n",
            ["amount"] = 1.50m,
            ["flag"] = true,
            ["count"] = 1e21,
            ["Alpha"] = "upper case sorts first",
        };
        if (userId is not null)
            details = new Dictionary<string, object?> { ["userId"] = userId }.Concat(details).ToDictionary();
        return new { eventType = "bulk_data_export", severity = "low", details };
    }
}
