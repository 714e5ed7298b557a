using System.Globalization;
using System.Text;
using System.Text.Json;
using Mudbase.Ledger;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Ledger;

/// <summary>
/// Turns drafts into ledger leaves (DESIGN §3 "Ledger model"): each detail value is replaced in the leaf by a
/// salted commitment, the leaf is hashed, and the compact range is extended, reporting the tree nodes to store.
/// The store calls it inside its transaction with the head it has locked; the checkpoint it signs is always an
/// extension of the previous one, because the new tree is grown from the frontier that checkpoint certified.
/// </summary>
internal sealed class AppendPlanner(LedgerSigner signer)
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public AppendPlan Plan(LogHead head, IReadOnlyList<EventDraft> drafts)
    {
        var range = CompactRange.FromFrontier(head.Size, head.Frontier);
        EnsureHeadIsCheckpointed(head, range);
        var leaves = new List<PlannedLeaf>(drafts.Count);
        var nodes = new List<(NodeId, byte[])>(drafts.Count);
        foreach (var draft in drafts)
        {
            var sequence = range.Size + 1;
            var (commitments, secrets) = Commit(draft.Details);
            var leaf = new LedgerLeaf(
                draft.Id, sequence, draft.OrgId, draft.EventType, draft.Severity,
                FormatTimestamp(draft.RecordedAt), draft.Actor, draft.Source, commitments);
            var leafHash = leaf.Hash();
            range.Append(leafHash, (node, hash) => nodes.Add((node, hash)));
            leaves.Add(new PlannedLeaf(draft, sequence, leafHash, Serialize(commitments), secrets));
        }
        var root = range.Root();
        return new AppendPlan(head.OrgId, leaves, nodes, range.Size, Concat(range.Frontier), root,
            signer.Sign(head.OrgId, range.Size, root));
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

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static byte[] Concat(IReadOnlyList<byte[]> hashes)
    {
        var result = new byte[hashes.Count * MerkleHash.Size];
        for (var i = 0; i < hashes.Count; i++)
            hashes[i].CopyTo(result, i * MerkleHash.Size);
        return result;
    }

    public static byte[][] Split(byte[] concatenated) =>
        concatenated.Chunk(MerkleHash.Size).ToArray();

    private static (Dictionary<string, string> Commitments, string Secrets) Commit(
        IReadOnlyList<KeyValuePair<string, JsonElement>> details)
    {
        var commitments = new Dictionary<string, string>(details.Count, StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in details)
            {
                var salt = Commitment.NewSalt();
                commitments[key] = Commitment.Compute(salt, value);
                writer.WriteStartObject(key);
                writer.WritePropertyName("value");
                value.WriteTo(writer);
                writer.WriteBase64String("salt", salt);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return (commitments, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static string Serialize(Dictionary<string, string> commitments) =>
        Encoding.UTF8.GetString(CanonicalJson.Serialize(JsonSerializer.SerializeToNode(
            commitments, Contracts.MudbaseJsonContext.Default.DictionaryStringString)));
}
