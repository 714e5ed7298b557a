namespace Mudbase.Server.Storage.Details;

/// <summary>A detail's salted commitment as stored: its key and the 32-byte SHA-256 digest the ledger leaf holds.</summary>
internal sealed record StoredCommitment(string Key, byte[] Digest)
{
    /// <summary>The commitment as the ledger leaf and the API write it: 44 characters of base64.</summary>
    public string Text => Convert.ToBase64String(Digest);
}

/// <summary>What opens a commitment: the detail key, its 32-byte salt and the value's JSON text as received.</summary>
internal sealed record StoredOpening(string Key, byte[] Salt, ReadOnlyMemory<byte> Value);
