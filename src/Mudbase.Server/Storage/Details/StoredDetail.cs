namespace Mudbase.Server.Storage.Details;

/// <summary>A detail's salted commitment as stored: its key and the 32-byte SHA-256 digest the ledger leaf holds.</summary>
internal sealed record StoredCommitment(string Key, byte[] Digest)
{
    /// <summary>The commitment as the ledger leaf and the API write it: 44 characters of base64.</summary>
    public string Text => Convert.ToBase64String(Digest);
}

/// <summary>What opens a commitment: the detail key, its 32-byte salt and the value's JSON text as received.</summary>
internal sealed record StoredOpening(string Key, byte[] Salt, ReadOnlyMemory<byte> Value);

/// <summary>
/// One detail of a stored event, whatever the layout: its key and value JSON text (empty once erased), and the salt
/// and commitment where the row stores them (null where they are derived or recomputed, <see cref="EventDetails"/>).
/// </summary>
internal sealed record StoredDetail(string Key, ReadOnlyMemory<byte> Value, byte[]? Salt, byte[]? Commitment)
{
    public bool Erased => Value.IsEmpty;
}
