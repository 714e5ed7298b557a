using Npgsql;
using NpgsqlTypes;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Typed array parameters for <c>unnest</c>: a whole batch of rows travels as one parameter per column, so each
/// statement has one shape whatever the batch size and stays prepared on the connection.
/// </summary>
internal static class PostgresArrays
{
    public static NpgsqlParameter Text(IEnumerable<string?> values) =>
        new NpgsqlParameter<string?[]>
        {
            TypedValue = values.Select(PostgresText.Safe).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
        };

    public static NpgsqlParameter Bigint(IEnumerable<long> values) =>
        new NpgsqlParameter<long[]> { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };

    public static NpgsqlParameter Integer(IEnumerable<int> values) =>
        new NpgsqlParameter<int[]> { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer };

    public static NpgsqlParameter Bytea(IEnumerable<byte[]> values) =>
        new NpgsqlParameter<byte[][]> { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea };

    public static NpgsqlParameter Uuid(IEnumerable<Guid> values) =>
        new NpgsqlParameter<Guid[]> { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid };

    public static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
