using System.Data.Common;

namespace Mudbase.Server.Storage;

/// <summary>The columns of an idempotency record, as both providers select them.</summary>
internal static class IdempotencyRows
{
    public const string RecordColumns = "fingerprint, status, response, created_at, expires_at";

    public static IdempotencyRecord Read(DbDataReader reader, int first) => new(
        (byte[])reader.GetValue(first),
        reader.GetInt32(first + 1),
        reader.GetString(first + 2),
        StoredRows.Time(reader, first + 3),
        StoredRows.Time(reader, first + 4));
}
