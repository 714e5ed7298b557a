using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mudbase.Ledger;
using Mudbase.Ledger.Evidence;

// Writes a valid evidence bundle of N synthetic events and prints the log's verifier key on stdout.
// Usage: BundleGenerator <out.jsonl> <events>
if (args.Length != 2 || !long.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
{
    await Console.Error.WriteLineAsync("usage: BundleGenerator <out.jsonl> <events>");
    return 2;
}

const string Origin = "bench.mudbase.local/org_bench";
var signer = new NoteSigner("bench.mudbase.local", SHA256.HashData("mudbase-bench-key"u8));

// Two passes: the tree needs every leaf before the first proof can be written, and holding 1M records would not fit
// comfortably, so each record is rebuilt (deterministically) when it is written.
var tree = new InMemoryMerkleTree();
for (long i = 0; i < count; i++)
{
    tree.Add(Convert.FromBase64String(SyntheticEvents.Make(i).LeafHash));
}

var root = tree.Root(count);
var header = new EvidenceHeader(
    EvidenceHeader.FormatName, EvidenceHeader.CurrentVersion, Origin,
    signer.Sign(new Checkpoint(Origin, count, root).ToBody()), signer.VerifierKey, count, Convert.ToBase64String(root),
    0, count - 1, count, DateTimeOffset.UtcNow);

await using (var file = new FileStream(args[0], FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
await using (var writer = new Utf8JsonWriter(file))
{
    JsonSerializer.Serialize(writer, header, EvidenceJsonContext.Default.EvidenceHeader);
    writer.Flush();
    writer.Reset();
    file.WriteByte((byte)'\n');
    for (long i = 0; i < count; i++)
    {
        var record = SyntheticEvents.Make(i) with
        {
            InclusionProof = tree.InclusionProof(i, count).Select(Convert.ToBase64String).ToArray(),
        };
        JsonSerializer.Serialize(writer, record, EvidenceJsonContext.Default.EvidenceRecord);
        writer.Flush();
        writer.Reset();
        file.WriteByte((byte)'\n');
    }
}

Console.WriteLine(signer.VerifierKey);
return 0;

internal static class SyntheticEvents
{
    private static readonly string[] Severities = ["low", "medium", "high", "critical"];
    private static readonly string[] Types = ["auth.login", "auth.login_failed", "auth.logout", "admin.role_changed"];
    private static readonly JsonElement Agent = JsonDocument.Parse("{\"name\":\"Mozilla/5.0\",\"version\":[127,0]}").RootElement.Clone();

    /// <summary>Event <paramref name="index"/> of the synthetic log, always the same, without its proof.</summary>
    public static EvidenceRecord Make(long index)
    {
        var ip = JsonDocument.Parse($"\"198.51.{index / 256 % 256}.{index % 256}\"").RootElement.Clone();
        var attempts = JsonDocument.Parse((index % 9).ToString(CultureInfo.InvariantCulture)).RootElement.Clone();
        var details = new Dictionary<string, EvidenceDetail>(StringComparer.Ordinal);
        var commitments = new Dictionary<string, string>(StringComparer.Ordinal);
        Add("ip", ip);
        Add("attempts", attempts);
        Add("userAgent", Agent);

        var recordedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(index * 250)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var evt = new EvidenceEvent(
            $"evt_{index:D12}", index + 1, "org_bench", Types[index % Types.Length], Severities[index % Severities.Length],
            recordedAt, $"user:{index % 1000}", index % 4 == 0 ? null : "203.0.113.10");
        var leaf = new LedgerLeaf(evt.Id, evt.Seq, evt.Org, evt.EventType, evt.Severity, evt.RecordedAt, evt.Actor, evt.Source, commitments);
        return new EvidenceRecord(index, evt, details, Convert.ToBase64String(leaf.Hash()), []);

        void Add(string name, JsonElement value)
        {
            var salt = SHA256.HashData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"bench/{index}/{name}")));
            var commitment = Commitment.Compute(salt, value);
            commitments[name] = commitment;
            details[name] = new EvidenceDetail(commitment, value, Convert.ToBase64String(salt));
        }
    }
}
