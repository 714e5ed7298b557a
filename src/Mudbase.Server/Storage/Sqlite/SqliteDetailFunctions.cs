using System.Text;
using Microsoft.Data.Sqlite;
using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// SQL functions schema version 14 converts existing rows with: the JSON text of the layout before it to
/// <see cref="DetailCodec"/>'s bytes (<see cref="LegacyDetailJson"/>); a value already converted is returned as it is.
/// </summary>
internal static class SqliteDetailFunctions
{
    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction<object?, byte[]?>("mudbase_stored_commitments", v => Convert(v, LegacyDetailJson.Commitments), isDeterministic: true);
        connection.CreateFunction<object?, byte[]?>("mudbase_stored_openings", v => Convert(v, LegacyDetailJson.Openings), isDeterministic: true);
    }

    private static byte[]? Convert(object? stored, Func<byte[], byte[]> fromJson) => stored switch
    {
        null => null,
        string json => fromJson(Encoding.UTF8.GetBytes(json)),
        byte[] bytes when LegacyDetailJson.IsLegacy(bytes) => fromJson(bytes),
        byte[] bytes => bytes,
        _ => throw new InvalidDataException($"Stored details of type {stored.GetType().Name} cannot be converted"),
    };
}
