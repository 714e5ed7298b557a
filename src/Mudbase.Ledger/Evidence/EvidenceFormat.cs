using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// First line of an evidence bundle (JSON Lines). The bundle proves that the events on the following lines are
/// exactly the leaves <see cref="FirstLeafIndex"/>..<see cref="LastLeafIndex"/> of the log whose signed
/// <see cref="Checkpoint"/> it carries.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Version">Bundle format version (<see cref="CurrentVersion"/>).</param>
/// <param name="Origin">The log's origin line, e.g. <c>mudbase.local/org_…</c>.</param>
/// <param name="Checkpoint">The C2SP signed note of the checkpoint every proof is against.</param>
/// <param name="VerifierKey">The server's C2SP note verifier key (<c>name+hash+base64</c>); an auditor should pin their own copy.</param>
/// <param name="TreeSize">Tree size of <paramref name="Checkpoint"/>.</param>
/// <param name="RootHash">Base64 root hash of <paramref name="Checkpoint"/>.</param>
/// <param name="FirstLeafIndex">Index of the first event line's leaf; equals <paramref name="LastLeafIndex"/> + 1 when the bundle is empty.</param>
/// <param name="LastLeafIndex">Index of the last event line's leaf (inclusive); <paramref name="FirstLeafIndex"/> − 1 when empty.</param>
/// <param name="Count">Number of event lines.</param>
/// <param name="GeneratedAt">When the bundle was produced.</param>
public sealed record EvidenceHeader(
    string Format,
    int Version,
    string Origin,
    string Checkpoint,
    string VerifierKey,
    long TreeSize,
    string RootHash,
    long FirstLeafIndex,
    long LastLeafIndex,
    long Count,
    DateTimeOffset GeneratedAt)
{
    /// <summary>The <see cref="Format"/> value of every bundle.</summary>
    public const string FormatName = "mudbase-evidence";

    /// <summary>The version this library writes and reads.</summary>
    public const int CurrentVersion = 1;
}

/// <summary>One event line of an evidence bundle.</summary>
/// <param name="LeafIndex">Position of the leaf in the log (sequence − 1).</param>
/// <param name="Event">The leaf's public fields.</param>
/// <param name="Details">Per detail key: the plain value and its salt, or <see cref="EvidenceDetail.Erased"/>.</param>
/// <param name="LeafHash">Base64 RFC 9162 leaf hash.</param>
/// <param name="InclusionProof">Base64 audit path from the leaf to the checkpoint's root.</param>
public sealed record EvidenceRecord(
    long LeafIndex,
    EvidenceEvent Event,
    IReadOnlyDictionary<string, EvidenceDetail> Details,
    string LeafHash,
    IReadOnlyList<string> InclusionProof);

/// <summary>The fields of a <see cref="LedgerLeaf"/> other than its detail commitments.</summary>
/// <param name="Id">Event id.</param>
/// <param name="Seq">Sequence number (leaf index + 1).</param>
/// <param name="Org">Organisation id.</param>
/// <param name="EventType">Event type.</param>
/// <param name="Severity">Severity.</param>
/// <param name="RecordedAt">Exactly the timestamp string hashed into the leaf.</param>
/// <param name="Actor">Who logged the event.</param>
/// <param name="Source">Connection address the server saw, or null.</param>
public sealed record EvidenceEvent(
    string Id, long Seq, string Org, string EventType, string Severity, string RecordedAt, string Actor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Source);

/// <summary>A detail value with the salt that opens its commitment, or, once erased, the bare commitment.</summary>
/// <param name="Commitment">Base64 SHA-256(salt ‖ canonical(value)), as hashed into the leaf.</param>
/// <param name="Value">The plain value; absent when erased.</param>
/// <param name="Salt">Base64 32-byte salt; absent when erased.</param>
/// <param name="Erased">True when the value and salt were erased (GDPR); the commitment still binds the leaf.</param>
public sealed record EvidenceDetail(
    string Commitment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Value = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Salt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Erased = false);

/// <summary>Source-generated JSON for the bundle lines (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EvidenceHeader))]
[JsonSerializable(typeof(EvidenceRecord))]
public sealed partial class EvidenceJsonContext : JsonSerializerContext;
