using System.Data.Common;
using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// Stored details in the explicit layout of schema version 14 (format 1: commitments in the event row, every salt
/// written out), as the revision before derived salts wrote them, to build databases of that layout.
/// </summary>
internal static class ExplicitDetailRows
{
    public static (byte[] Commitments, byte[] Secrets) Of(byte[] commitments, byte[]? secrets)
    {
        var read = EventDetails.Read(commitments, secrets);
        return (DetailCodec.EncodeCommitments(read.Committed.Select(d => new StoredCommitment(d.Key, read.Commitment(d))).ToList()),
            DetailCodec.EncodeOpenings(read.Opened.Select(d => new StoredOpening(d.Key, read.Salt(d), d.Value)).ToList()));
    }

    /// <summary>Every event row and details row of the database, as they are stored.</summary>
    public static async Task<List<(string Org, long Seq, byte[] Commitments, byte[] Secrets)>> ReadAllAsync(DbConnection connection)
    {
        var rows = new List<(string, long, byte[], byte[])>();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT e.org_id, e.seq, e.commitments, d.secrets FROM events e JOIN event_details d ON d.org_id = e.org_id AND d.seq = e.seq ORDER BY e.org_id, e.seq";
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetInt64(1), (byte[])reader.GetValue(2), (byte[])reader.GetValue(3)));
        return rows;
    }

    /// <summary>Rewrites every row of the database in the explicit layout, keeping every salt, value and commitment.</summary>
    public static async Task RewriteAllAsync(DbConnection connection)
    {
        foreach (var (org, seq, commitments, secrets) in await ReadAllAsync(connection))
        {
            var (explicitCommitments, explicitSecrets) = Of(commitments, secrets);
            await connection.ExecuteAsync("UPDATE events SET commitments = @value WHERE org_id = @org AND seq = @seq",
                ("@org", org), ("@seq", seq), ("@value", explicitCommitments));
            await connection.ExecuteAsync("UPDATE event_details SET secrets = @value WHERE org_id = @org AND seq = @seq",
                ("@org", org), ("@seq", seq), ("@value", explicitSecrets));
        }
    }
}
