using System.Data.Common;
using Mudbase.Server.Storage.Postings;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>The posting lists a database holds, decoded: one entry per (field, value, sequence number).</summary>
internal static class StoredPostings
{
    public static async Task<List<(int Field, string Value, long Sequence)>> ReadAsync(DbConnection connection, string? orgId = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT field, value, first_seq, last_seq, gaps FROM event_postings"
            + (orgId is null ? "" : $" WHERE org_id = '{orgId.Replace("'", "''", StringComparison.Ordinal)}'");
        var entries = new List<(int, string, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var part = new PostingPart(reader.GetInt64(2), reader.GetInt64(3), (byte[])reader.GetValue(4));
            entries.AddRange(PostingLists.Decode(part).Select(sequence => (Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1), sequence)));
        }
        return entries;
    }
}
