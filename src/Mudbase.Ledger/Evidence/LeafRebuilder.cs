using System.Text.Json;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Recomputes a leaf hash from a leaf opening: every opened detail must reproduce its commitment, erased details
/// contribute their bare commitment. Shared by the offline verifier, the server's self-check and the SDKs' tests.
/// </summary>
public static class LeafRebuilder
{
    /// <summary>Rebuilds the leaf hash, or returns null with the reason when an opened detail does not match its commitment.</summary>
    /// <param name="leafEvent">The leaf's public fields.</param>
    /// <param name="details">Per detail key: value and salt, or the commitment alone once erased.</param>
    /// <param name="error">Why the opening is invalid, when null is returned.</param>
    /// <param name="erased">How many details were erased.</param>
    public static byte[]? TryRebuild(
        EvidenceEvent leafEvent, IReadOnlyDictionary<string, EvidenceDetail> details, out string? error, out int erased)
    {
        erased = 0;
        var commitments = new Dictionary<string, string>(details.Count, StringComparer.Ordinal);
        foreach (var (key, detail) in details)
        {
            if (detail.Erased || detail.Value is null)
            {
                if (!detail.Erased || detail.Value is not null || detail.Salt is not null)
                {
                    error = $"detail '{key}' is neither opened (value and salt) nor marked erased";
                    return null;
                }
                erased++;
            }
            else if (!TryOpen(detail.Commitment, detail.Salt, detail.Value.Value))
            {
                error = $"detail '{key}' does not match its commitment";
                return null;
            }
            commitments[key] = detail.Commitment;
        }
        error = null;
        return new LedgerLeaf(leafEvent.Id, leafEvent.Seq, leafEvent.Org, leafEvent.EventType, leafEvent.Severity,
            leafEvent.RecordedAt, leafEvent.Actor, leafEvent.Source, commitments).Hash();
    }

    private static bool TryOpen(string commitment, string? salt, JsonElement value)
    {
        if (salt is null)
            return false;
        Span<byte> saltBytes = stackalloc byte[Commitment.SaltSize];
        return Convert.TryFromBase64String(salt, saltBytes, out var written)
            && written == Commitment.SaltSize
            && Commitment.Verify(commitment, saltBytes, value);
    }
}
