using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mudbase.Contracts;

/// <summary>What is hashed into a leaf, with the salts that open its detail commitments.</summary>
/// <param name="Event">The leaf's public fields.</param>
/// <param name="Details">Per detail key: value and salt, or the bare commitment once erased.</param>
/// <remarks>
/// The JSON is that of an evidence bundle line's <c>event</c> and <c>details</c>. To recompute the leaf hash, convert
/// it with <c>Mudbase.Client.LeafOpenings</c> and hand it to <c>Mudbase.Ledger.Evidence.LeafRebuilder</c>.
/// </remarks>
public sealed record LeafOpening(LeafEvent Event, IReadOnlyDictionary<string, LeafDetail> Details);

/// <summary>The public fields of a leaf, exactly as hashed.</summary>
/// <param name="Id">Event id.</param>
/// <param name="Seq">Sequence number in the organisation's log (leaf index + 1).</param>
/// <param name="Org">Organisation id.</param>
/// <param name="EventType">Event type.</param>
/// <param name="Severity">Severity.</param>
/// <param name="RecordedAt">When the server recorded it, as hashed (UTC, milliseconds, <c>Z</c>).</param>
/// <param name="Actor">Who logged it.</param>
/// <param name="Source">The caller's connection address, or null.</param>
public sealed record LeafEvent(
    string Id, long Seq, string Org, string EventType, string Severity, string RecordedAt, string Actor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Source);

/// <summary>A detail value with the salt that opens its commitment, or, once erased, the bare commitment.</summary>
/// <param name="Commitment">Base64 SHA-256(salt ‖ canonical(value)), as hashed into the leaf.</param>
/// <param name="Value">The plain value; absent when erased.</param>
/// <param name="Salt">Base64 32-byte salt; absent when erased.</param>
/// <param name="Erased">True when the value and salt were erased (GDPR); the commitment still binds the leaf.</param>
public sealed record LeafDetail(
    string Commitment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Value = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Salt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Erased = false);
