namespace Mudbase.Server.Ledger;

/// <summary>Checkpoint signing and self-check settings (section <c>Mudbase:Ledger</c>).</summary>
internal sealed class LedgerOptions
{
    public const string Section = "Mudbase:Ledger";

    /// <summary>Names this server in every log's origin line: <c>&lt;Origin&gt;/&lt;orgId&gt;</c>.</summary>
    public string Origin { get; set; } = "mudbase.local";

    /// <summary>Name on the checkpoint signature line; defaults to <see cref="Origin"/>.</summary>
    public string? KeyName { get; set; }

    /// <summary>Base64 32-byte Ed25519 seed. When absent a key is generated into the data directory.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How often the self-check recomputes every log from the stored rows.</summary>
    public int SelfCheckIntervalMinutes { get; set; } = 10;
}
