using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Mudbase.Ledger;
using Mudbase.Server.Common;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Details;
using Mudbase.Server.Storage.Tiles;

namespace Mudbase.Server.TransparencyLog;

/// <summary>
/// Turns drafts into ledger leaves (DESIGN §3 "Ledger model"): each detail value is replaced in the leaf by a
/// salted commitment, the leaf is hashed, and the compact range is extended, collecting the tiles to store. The
/// append driver (<see cref="EventAppender"/>) calls it with the head it has locked; the checkpoint it signs is
/// always an extension of the previous one, because the new tree is grown from the frontier that checkpoint certified.
/// Pure computation: it reads and writes nothing.
/// </summary>
internal sealed class AppendPlanner(LedgerSigner signer)
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public AppendPlan Plan(LogHead head, IReadOnlyDictionary<TileId, byte[]> edgeTiles, IReadOnlyList<PreparedDraft> drafts)
    {
        var range = CompactRange.FromFrontier(head.Size, head.Frontier);
        EnsureHeadIsCheckpointed(head, range);
        var tiles = new TileBuilder(head.OrgId, head.Size, edgeTiles);
        Action<NodeId, byte[]> collect = tiles.Add;
        var leaves = new List<PlannedLeaf>(drafts.Count);
        foreach (var (draft, prepared) in drafts)
        {
            var sequence = range.Size + 1;
            var leafHash = prepared.Template.Hash(sequence);
            tiles.Add(new NodeId(0, range.Size), leafHash);
            range.Append(leafHash, collect);
            leaves.Add(new PlannedLeaf(draft, sequence, leafHash, prepared.Commitments, prepared.Secrets));
        }
        var root = range.Root();
        return new AppendPlan(head.OrgId, leaves, tiles.Build(), range.Size, HashRuns.Concat(range.Frontier), root,
            signer.Sign(head.OrgId, range.Size, root));
    }

    /// <summary>
    /// Everything of a draft's leaf but its sequence number: salts, commitments and the leaf's canonical JSON. It
    /// needs no lock, so callers run it on their own thread before queueing and the single writer only hashes.
    /// </summary>
    public static PreparedLeaf Prepare(EventDraft draft)
    {
        var (commitments, stored, secrets) = Commit(draft.Details);
        var template = new LedgerLeaf(
            draft.Id, 0, draft.OrgId, draft.EventType, draft.Severity,
            FormatTimestamp(draft.RecordedAt), draft.Actor, draft.Source, commitments).ToTemplate();
        return new PreparedLeaf(template, stored, secrets);
    }

    private static void EnsureHeadIsCheckpointed(LogHead head, CompactRange range)
    {
        if (head.Size == 0 && head.CheckpointRoot is null)
            return;
        if (head.CheckpointRoot is null || head.CheckpointSize != head.Size
            || !range.Root().AsSpan().SequenceEqual(head.CheckpointRoot))
            throw new LedgerIntegrityException(
                $"Log head of {head.OrgId} (size {head.Size}) does not match its last signed checkpoint (size {head.CheckpointSize}); refusing to append");
    }

    // The events of a batch share one moment: its text is made once and shared until the clock moves on.
    private static volatile FormattedTimestamp? lastTimestamp;

    public static string FormatTimestamp(DateTimeOffset value)
    {
        var last = lastTimestamp;
        if (last is not null && last.UtcTicks == value.UtcTicks)
            return last.Text;
        var text = value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);
        lastTimestamp = new FormattedTimestamp(value.UtcTicks, text);
        return text;
    }

    private sealed record FormattedTimestamp(long UtcTicks, string Text);

    // Salts of up to 32 details stay on the stack.
    private const int MaxStackSalts = 32 * Commitment.SaltSize;

    // This thread's buffer and JSON writer for stored values, reused by every event it prepares.
    [ThreadStatic]
    private static StoredValueWriter? storedValues;

    /// <summary>
    /// The leaf's commitments and the stored details (<see cref="DerivedDetails"/>): one random secret for the event,
    /// each detail's salt derived from it, and the values; the commitments are recomputed wherever they are needed.
    /// </summary>
    private static (Dictionary<string, string> Commitments, byte[] Stored, byte[] Secrets) Commit(
        IReadOnlyList<KeyValuePair<string, JsonElement>> details)
    {
        var commitments = new Dictionary<string, string>(details.Count, StringComparer.Ordinal);
        if (details.Count == 0)
            return (commitments, DerivedDetails.Marker, DerivedDetails.Encode([], []));
        Span<byte> secret = stackalloc byte[DetailSalt.SecretSize];
        RandomReserve.Fill(secret);
        var entries = new (string Key, ReadOnlyMemory<byte> Value)[details.Count];
        var keys = ArrayPool<string>.Shared.Rent(details.Count);
        var saltBytes = details.Count * Commitment.SaltSize;
        var rentedSalts = saltBytes > MaxStackSalts ? ArrayPool<byte>.Shared.Rent(saltBytes) : null;
        var salts = rentedSalts is null ? stackalloc byte[saltBytes] : rentedSalts.AsSpan(0, saltBytes);
        // Values are kept as the JSON writer renders them (minified, default escaping), as they always were.
        var values = storedValues ?? new StoredValueWriter();
        storedValues = null;
        try
        {
            for (var i = 0; i < details.Count; i++)
                keys[i] = details[i].Key;
            DetailSalt.Derive(secret, keys.AsSpan(0, details.Count), salts);
            for (var i = 0; i < details.Count; i++)
            {
                var (key, value) = details[i];
                commitments[key] = Commitment.Compute(salts.Slice(i * Commitment.SaltSize, Commitment.SaltSize), value);
                entries[i] = (key, values.Write(value));
            }
            return (commitments, DerivedDetails.Marker, DerivedDetails.Encode(secret, entries, values.Row));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(salts);
            CryptographicOperations.ZeroMemory(secret);
            if (rentedSalts is not null)
                ArrayPool<byte>.Shared.Return(rentedSalts);
            ArrayPool<string>.Shared.Return(keys, clearArray: true);
            storedValues = values.Reset();
        }
    }

    /// <summary>
    /// Renders values one after another into one buffer, and holds the buffer the details row is encoded in;
    /// <see cref="Reset"/> empties them for the next event.
    /// </summary>
    private sealed class StoredValueWriter
    {
        private const int MaxKeptCapacity = 64 * 1024;
        private readonly ArrayBufferWriter<byte> buffer = new(1024);
        private readonly Utf8JsonWriter writer;

        public StoredValueWriter() => writer = new Utf8JsonWriter(buffer);

        /// <summary>Where the details row is encoded (<see cref="DerivedDetails.Encode"/> wipes it after use).</summary>
        public ArrayBufferWriter<byte> Row { get; } = new(1024);

        public ReadOnlyMemory<byte> Write(JsonElement value)
        {
            var start = buffer.WrittenCount;
            value.WriteTo(writer);
            writer.Flush();
            writer.Reset();
            return buffer.WrittenMemory[start..];
        }

        /// <summary>This writer emptied, or null when a large event grew it beyond what a thread should keep.</summary>
        public StoredValueWriter? Reset()
        {
            buffer.ResetWrittenCount();
            return buffer.Capacity <= MaxKeptCapacity && Row.Capacity <= MaxKeptCapacity ? this : null;
        }
    }
}
