using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mudbase.Ledger.Evidence;

namespace Mudbase.Ledger.Tests.Evidence;

/// <summary>
/// Builds evidence bundles the way an exporter does, from the library's own pieces: leaves, an in-memory tree, its
/// proofs and a checkpoint signed with a fixed key. Lines are kept as text so tests can tamper with them.
/// </summary>
internal sealed class TestBundle
{
    public const string DefaultOrigin = "mudbase.test/org_acme";

    private static readonly string[] Severities = ["low", "medium", "high", "critical"];

    private TestBundle(NoteSigner signer, EvidenceHeader header, List<string> lines)
    {
        Signer = signer;
        Header = header;
        Lines = lines;
    }

    /// <summary>The log's signing key, fixed so every bundle of a run has the same verifier key.</summary>
    public static NoteSigner LogKey { get; } = new("mudbase.test", SHA256.HashData("mudbase-test-log-key"u8));

    /// <summary>Another key with the same name, which a forger might use.</summary>
    public static NoteSigner OtherKey { get; } = new("mudbase.test", SHA256.HashData("someone-else"u8));

    public NoteSigner Signer { get; }

    public EvidenceHeader Header { get; private set; }

    /// <summary>The event lines, without the header; edit freely.</summary>
    public List<string> Lines { get; }

    public NoteVerifier PinnedKey => NoteVerifier.Parse(Signer.VerifierKey);

    /// <summary>A bundle of leaves <paramref name="first"/>.. of a tree of <paramref name="treeSize"/> events.</summary>
    /// <param name="treeSize">Events in the log.</param>
    /// <param name="first">The first leaf exported.</param>
    /// <param name="count">Leaves exported; all the rest of the tree when null.</param>
    /// <param name="erased">Leaves whose "ip" detail has been erased.</param>
    /// <param name="bigDetail">Leaves given an extra detail of this many characters.</param>
    /// <param name="origin">The log's origin.</param>
    /// <param name="signer">The checkpoint's signer.</param>
    public static TestBundle Create(
        int treeSize,
        int first = 0,
        int? count = null,
        Func<long, bool>? erased = null,
        Func<long, int>? bigDetail = null,
        string origin = DefaultOrigin,
        NoteSigner? signer = null)
    {
        signer ??= LogKey;
        var take = count ?? treeSize - first;
        var org = origin[(origin.LastIndexOf('/') + 1)..];
        var tree = new InMemoryMerkleTree();
        var records = new EvidenceRecord?[treeSize];
        for (long i = 0; i < treeSize; i++)
        {
            var record = MakeRecord(i, org, erased?.Invoke(i) ?? false, bigDetail?.Invoke(i) ?? 0);
            tree.Add(Convert.FromBase64String(record.LeafHash));
            records[i] = record;
        }

        var root = tree.Root(treeSize);
        var note = signer.Sign(new Checkpoint(origin, treeSize, root).ToBody());
        var lines = new List<string>(take);
        for (var i = first; i < first + take; i++)
        {
            var withProof = records[i]! with
            {
                InclusionProof = tree.InclusionProof(i, treeSize).Select(Convert.ToBase64String).ToArray(),
            };
            lines.Add(JsonSerializer.Serialize(withProof, EvidenceJsonContext.Default.EvidenceRecord));
        }

        var header = new EvidenceHeader(
            EvidenceHeader.FormatName, EvidenceHeader.CurrentVersion, origin, note, signer.VerifierKey, treeSize,
            Convert.ToBase64String(root), first, first + take - 1, take, new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero));
        return new TestBundle(signer, header, lines);
    }

    /// <summary>The event line that holds <paramref name="leafIndex"/>.</summary>
    public int LineOf(long leafIndex) => (int)(leafIndex - Header.FirstLeafIndex);

    /// <summary>Rewrites one event line through its JSON tree.</summary>
    public TestBundle Edit(long leafIndex, Action<JsonObject> edit)
    {
        var at = LineOf(leafIndex);
        var node = JsonNode.Parse(Lines[at])!.AsObject();
        edit(node);
        Lines[at] = node.ToJsonString();
        return this;
    }

    public TestBundle EditHeader(Func<EvidenceHeader, EvidenceHeader> edit)
    {
        Header = edit(Header);
        return this;
    }

    public string ToText(string newline = "\n")
    {
        var text = new StringBuilder(JsonSerializer.Serialize(Header, EvidenceJsonContext.Default.EvidenceHeader)).Append(newline);
        foreach (var line in Lines)
        {
            text.Append(line).Append(newline);
        }

        return text.ToString();
    }

    public byte[] ToBytes(string newline = "\n") => Encoding.UTF8.GetBytes(ToText(newline));

    public EvidenceReport Verify(NoteVerifier? pinned = null, string? expectedOrigin = null, bool pin = true) =>
        EvidenceVerifier.Verify(new MemoryStream(ToBytes()), pinned ?? (pin ? PinnedKey : null), expectedOrigin);

    /// <summary>Flips one bit of a base64 hash, keeping it canonical base64 of 32 bytes.</summary>
    public static string Flip(string base64, int bit = 0)
    {
        var bytes = Convert.FromBase64String(base64);
        bytes[bit / 8 % bytes.Length] ^= (byte)(1 << (bit % 8));
        return Convert.ToBase64String(bytes);
    }

    private static EvidenceRecord MakeRecord(long index, string org, bool erase, int bigDetail)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["ip"] = Json($"\"10.0.{index / 250 % 250}.{index % 250}\""),
            ["attempts"] = Json((index % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ["userAgent"] = Json("{\"name\":\"curl\",\"version\":[8,5,0],\"é\":\"\\u2028\"}"),
        };
        if (bigDetail > 0)
        {
            values["blob"] = Json(JsonValue.Create(new string('x', bigDetail)).ToJsonString());
        }

        var details = new Dictionary<string, EvidenceDetail>(StringComparer.Ordinal);
        var commitments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            var salt = SHA256.HashData(Encoding.UTF8.GetBytes($"salt/{index}/{name}"));
            var commitment = Commitment.Compute(salt, value);
            commitments[name] = commitment;
            details[name] = erase && name == "ip"
                ? new EvidenceDetail(commitment, Erased: true)
                : new EvidenceDetail(commitment, value, Convert.ToBase64String(salt));
        }

        var evt = new EvidenceEvent(
            Id: $"evt_{index:D8}",
            Seq: index + 1,
            Org: org,
            EventType: index % 5 == 0 ? "auth.login_failed" : "auth.login",
            Severity: Severities[index % Severities.Length],
            RecordedAt: new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero).AddMilliseconds(index * 1234)
                .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            Actor: $"user:{index % 11}",
            Source: index % 3 == 0 ? null : "203.0.113.7");
        var leaf = new LedgerLeaf(
            evt.Id, evt.Seq, evt.Org, evt.EventType, evt.Severity, evt.RecordedAt, evt.Actor, evt.Source, commitments);
        return new EvidenceRecord(index, evt, details, Convert.ToBase64String(leaf.Hash()), []);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
