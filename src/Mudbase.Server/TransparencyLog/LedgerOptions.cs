namespace Mudbase.Server.TransparencyLog;

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

    /// <summary>
    /// Base64 seed of the previous key during a rotation's grace period: it signs every new checkpoint beside the active
    /// key, so verifiers pinned to it keep working until they pin the new one. Absent: read from
    /// <c>ledger-signing.previous.key</c> in the data directory when <c>mudbase keys rotate</c> left one there.
    /// </summary>
    public string? CoSigningKey { get; set; }

    /// <summary>Keys that signed earlier checkpoints and no longer sign: published and accepted for verification.</summary>
    public List<RetiredLedgerKey> RetiredKeys { get; set; } = [];

    /// <summary>How often the self-check recomputes every log from the stored rows.</summary>
    public int SelfCheckIntervalMinutes { get; set; } = 10;
}

/// <summary>A ledger key that signed checkpoints in the past.</summary>
internal sealed class RetiredLedgerKey
{
    /// <summary>Its C2SP note verifier key.</summary>
    public string VerifierKey { get; set; } = "";

    public DateTimeOffset? ValidFrom { get; set; }

    public DateTimeOffset? ValidUntil { get; set; }
}
