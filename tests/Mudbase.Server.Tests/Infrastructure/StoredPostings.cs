using System.Data.Common;
using System.Globalization;
using Mudbase.Server.Storage.Postings;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>The posting lists a database holds, as stored or decoded.</summary>
internal static class StoredPostings
{
    /// <summary>One entry per (field, value, sequence number).</summary>
    public static async Task<List<(int Field, string Value, long Sequence)>> ReadAsync(DbConnection connection, string? orgId = null) =>
        [.. (await PartsAsync(connection, orgId)).SelectMany(
            row => PostingLists.Decode(new PostingPart(row.First, row.Last, row.Gaps)).Select(sequence => (row.Field, row.Value, sequence)))];

    /// <summary>The stored parts as written, in key order (run, field, value by ordinal, first_seq).</summary>
    public static async Task<List<(long Run, int Field, string Value, long First, long Last, byte[] Gaps)>> PartsAsync(
        DbConnection connection, string? orgId = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT run, field, value, first_seq, last_seq, gaps FROM event_postings"
            + (orgId is null ? "" : $" WHERE org_id = '{orgId.Replace("'", "''", StringComparison.Ordinal)}'");
        var parts = new List<(long Run, int Field, string Value, long First, long Last, byte[] Gaps)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            parts.Add((reader.GetInt64(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetString(2),
                reader.GetInt64(3), reader.GetInt64(4), (byte[])reader.GetValue(5)));
        }
        // Sorted here: PostgreSQL orders text by its collation, the index's writer by ordinal.
        return [.. parts.OrderBy(p => p.Run).ThenBy(p => p.Field).ThenBy(p => p.Value, StringComparer.Ordinal).ThenBy(p => p.First)];
    }
}
