using System.Text.Json;
using Mudbase.Ledger;

namespace Mudbase.Server.Storage.Details;

/// <summary>
/// The details of one stored event read from its two columns, whatever layout they were written in
/// (<see cref="DetailCodec"/>). Reading costs no hashing: salts are derived (<see cref="DetailSalt"/>) and commitments
/// recomputed only when <see cref="Salt"/> or <see cref="Commitment"/> is asked for, which only proofs, bundles, the
/// self-check and erasure do; views read <see cref="Opened"/> and <see cref="ErasedKeys"/>.
/// </summary>
internal sealed class EventDetails
{
    private readonly byte[]? secret;
    private readonly bool explicitCommitments;

    private EventDetails(List<StoredDetail> entries, byte[]? secret, bool explicitCommitments)
    {
        Entries = entries;
        this.secret = secret;
        this.explicitCommitments = explicitCommitments;
    }

    /// <summary>Every detail, open or erased, in the order sent (format 1: the open ones, then the erased ones in key order).</summary>
    public IReadOnlyList<StoredDetail> Entries { get; }

    public IEnumerable<StoredDetail> Opened => Entries.Where(d => !d.Erased);

    /// <summary>The keys whose values were erased, in ordinal order.</summary>
    public IEnumerable<string> ErasedKeys => Entries.Where(d => d.Erased).Select(d => d.Key).Order(StringComparer.Ordinal);

    /// <summary>The details the leaf commits to, in its canonical (ordinal) key order.</summary>
    public IEnumerable<StoredDetail> Committed =>
        Entries.Where(d => !explicitCommitments || d.Commitment is not null).OrderBy(d => d.Key, StringComparer.Ordinal);

    /// <param name="commitments">The event row's <c>commitments</c>.</param>
    /// <param name="secrets">The details row's <c>secrets</c>; null when there is no details row.</param>
    /// <exception cref="InvalidDataException">The bytes are not a layout this revision reads, or they disagree.</exception>
    public static EventDetails Read(byte[] commitments, byte[]? secrets)
    {
        if (commitments is [DetailCodec.Derived])
            return FromDetailsRow(secrets);
        var committed = DetailCodec.DecodeCommitments(commitments);
        var openings = secrets is null ? [] : DetailCodec.DecodeOpenings(secrets);
        var entries = openings.ConvertAll(o => new StoredDetail(o.Key, o.Value, o.Salt, committed.Find(c => c.Key == o.Key)?.Digest));
        foreach (var commitment in committed)
        {
            if (!openings.Exists(o => o.Key == commitment.Key))
                entries.Add(new StoredDetail(commitment.Key, ReadOnlyMemory<byte>.Empty, null, commitment.Digest));
        }
        return new EventDetails(entries, null, explicitCommitments: true);
    }

    /// <summary>The keys of the details still open in a details row, without reading the event row (erasure).</summary>
    public static List<string> OpenKeys(byte[] secrets) =>
        secrets is [DetailCodec.Format, ..] ? DetailCodec.DecodeOpenings(secrets).ConvertAll(o => o.Key)
            : FromDetailsRow(secrets).Opened.Select(d => d.Key).ToList();

    /// <summary>The details row with the values of <paramref name="keys"/> erased (GDPR): nothing left in it opens them.</summary>
    /// <remarks>
    /// Format 1 drops the openings and keeps the others byte for byte (the commitments stay in the event row). A derived
    /// row becomes the explicit form: the other details' salts written out, the erased ones' commitments kept, the
    /// secret gone, since it would derive the erased salts again. Without a matching key the row is returned as it is.
    /// </remarks>
    public static byte[] Without(byte[] secrets, IReadOnlyCollection<string> keys)
    {
        if (secrets is [DetailCodec.Format, ..])
            return DetailCodec.EncodeOpenings(DetailCodec.DecodeOpenings(secrets).FindAll(o => !keys.Contains(o.Key)));
        var details = FromDetailsRow(secrets);
        if (!details.Opened.Any(d => keys.Contains(d.Key)))
            return secrets;
        return DerivedDetails.EncodeExplicit(details.Entries.Select(d => d.Erased ? d
            : keys.Contains(d.Key) ? d with { Value = ReadOnlyMemory<byte>.Empty, Salt = null, Commitment = details.Commitment(d) }
            : d with { Salt = details.Salt(d) }).ToList());
    }

    /// <summary>The salt of an open detail: stored, or derived from the event's secret.</summary>
    public byte[] Salt(StoredDetail detail) =>
        detail.Salt ?? (secret is not null && !detail.Erased
            ? DetailSalt.Derive(secret, detail.Key)
            : throw new InvalidOperationException($"Detail '{detail.Key}' has no salt"));

    /// <summary>The detail's 32-byte commitment: stored, or recomputed from salt and value (one short SHA-256).</summary>
    public byte[] Commitment(StoredDetail detail) =>
        detail.Commitment ?? Convert.FromBase64String(CommitmentText(detail));

    /// <summary>The detail's commitment as the leaf holds it, base64.</summary>
    /// <exception cref="InvalidDataException">The stored value is not JSON with a canonical form (a damaged row).</exception>
    public string CommitmentText(StoredDetail detail)
    {
        if (detail.Commitment is { } stored)
            return Convert.ToBase64String(stored);
        try
        {
            return Ledger.Commitment.Compute(Salt(detail), DetailCodec.Value(detail.Value));
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"The stored value of detail '{detail.Key}' is not JSON with a canonical form", e);
        }
    }

    private static EventDetails FromDetailsRow(byte[]? secrets)
    {
        switch (secrets)
        {
            case null:
                // No details row: nothing to show, and a leaf that committed to details will not rebuild.
                return new EventDetails([], null, explicitCommitments: false);
            case [DetailCodec.Derived, ..]:
                var (secret, details) = DerivedDetails.Decode(secrets);
                return new EventDetails(details, secret, explicitCommitments: false);
            case [DetailCodec.Explicit or DetailCodec.AllErased, ..]:
                return new EventDetails(DerivedDetails.DecodeExplicit(secrets), null, explicitCommitments: false);
            default:
                throw new InvalidDataException($"A details row of format {(secrets.Length == 0 ? "(none)" : secrets[0])} does not belong to an event whose commitments are in its details row");
        }
    }
}
