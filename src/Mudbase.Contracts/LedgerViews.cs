using System.Text.Json.Serialization;

namespace Mudbase.Contracts;

/// <summary>Answer of <c>GET /api/compliance/ledger/checkpoint</c>: the organisation's latest signed checkpoint.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Checkpoint">C2SP <c>tlog-checkpoint</c> signed note text.</param>
/// <param name="TreeSize">Number of leaves.</param>
/// <param name="RootHash">Base64 root hash.</param>
/// <param name="PublicKey">Base64 raw Ed25519 public key of the signer.</param>
/// <param name="KeyName">Signer key name, as on the note's signature line.</param>
/// <param name="VerifierKey">C2SP note verifier key (<c>name+hash+base64</c>).</param>
/// <param name="Origin">The log's origin line.</param>
/// <param name="SignedAt">When the checkpoint was signed (null for the empty log).</param>
public sealed record CheckpointResponse(
    bool Success, string Checkpoint, long TreeSize, string RootHash, string PublicKey, string KeyName, string VerifierKey,
    string Origin, DateTimeOffset? SignedAt);

/// <summary>Answer of <c>GET /api/compliance/security-events/{eventId}/proof</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="LeafIndex">The event's leaf index.</param>
/// <param name="TreeSize">Tree size the proof is for.</param>
/// <param name="LeafHash">Base64 leaf hash.</param>
/// <param name="AuditPath">Base64 RFC 9162 inclusion proof, bottom-up.</param>
/// <param name="Checkpoint">Signed checkpoint note for <paramref name="TreeSize"/>, or null when none was signed at that size.</param>
/// <param name="Leaf">The leaf's fields and detail openings, so the leaf hash can be recomputed without trusting the server.</param>
public sealed record ProofResponse(
    bool Success, long LeafIndex, long TreeSize, string LeafHash, IReadOnlyList<string> AuditPath,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Checkpoint, LeafOpening Leaf);

/// <summary>Answer of <c>GET /api/compliance/ledger/consistency</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="From">Older tree size.</param>
/// <param name="To">Newer tree size.</param>
/// <param name="Proof">Base64 RFC 9162 consistency proof.</param>
public sealed record ConsistencyResponse(bool Success, long From, long To, IReadOnlyList<string> Proof);

/// <summary>Answer of <c>GET /api/compliance/ledger/public-key</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="KeyName">Signer key name.</param>
/// <param name="VerifierKey">C2SP note verifier key (<c>name+hash+base64(0x01 ‖ key)</c>).</param>
/// <param name="PublicKey">Base64 raw 32-byte Ed25519 public key.</param>
/// <param name="Algorithm">Always <c>Ed25519</c>.</param>
public sealed record PublicKeyResponse(bool Success, string KeyName, string VerifierKey, string PublicKey, string Algorithm)
{
    /// <summary>
    /// Every ledger key, the active one first: during a rotation's grace period the previous key (<c>co-signing</c>)
    /// signs every checkpoint too, and <c>retired</c> keys signed earlier checkpoints, which stay verifiable with them.
    /// </summary>
    public IReadOnlyList<LedgerKeyView>? Keys { get; init; }
}

/// <summary>One ledger signing key as published.</summary>
/// <param name="KeyName">Name on its signature lines.</param>
/// <param name="VerifierKey">C2SP note verifier key to pin.</param>
/// <param name="PublicKey">Base64 raw 32-byte Ed25519 public key.</param>
/// <param name="Status"><c>active</c>, <c>co-signing</c> or <c>retired</c>.</param>
/// <param name="ValidFrom">Since when it signs, when known.</param>
/// <param name="ValidUntil">When it stopped signing, for a retired key.</param>
public sealed record LedgerKeyView(
    string KeyName, string VerifierKey, string PublicKey, string Status, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil);
