using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// Multi-row INSERTs into one table, bound by position straight on SQLite's prepared statements. A batch goes in
/// statements of up to <see cref="RowsPerStatement"/> rows: one command per row spent more on statement execution
/// and parameter name look-ups than SQLite spent inserting. Runs inside the caller's transaction.
/// </summary>
internal sealed class SqliteBulkInsert(SqliteConnection connection, string table, params string[] columns) : IDisposable
{
    public const int RowsPerStatement = 64;

    private readonly Dictionary<int, sqlite3_stmt> statements = [];
    private readonly SqliteRow row = new();

    public void Insert<T>(IReadOnlyList<T> items, Action<SqliteRow, T> bind)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The writer connection is closed");
        for (var start = 0; start < items.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, items.Count - start);
            var statement = Statement(db, count);
            row.Start(statement, db);
            for (var i = 0; i < count; i++)
                bind(row, items[start + i]);
            if (row.Position != count * columns.Length)
                throw new InvalidOperationException($"{table}: bound {row.Position} values for {count} rows of {columns.Length} columns");
            var rc = raw.sqlite3_step(statement);
            raw.sqlite3_reset(statement);
            if (rc != raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private sqlite3_stmt Statement(sqlite3 db, int rows)
    {
        if (statements.TryGetValue(rows, out var statement))
            return statement;
        var values = "(" + string.Join(", ", Enumerable.Repeat("?", columns.Length)) + ")";
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES " + string.Join(", ", Enumerable.Repeat(values, rows));
        var rc = raw.sqlite3_prepare_v2(db, sql, out statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }
        statements[rows] = statement;
        return statement;
    }

    public void Dispose()
    {
        foreach (var statement in statements.Values)
            statement.Dispose();
        statements.Clear();
    }
}

/// <summary>Binds the values of consecutive rows, column by column, to a <see cref="SqliteBulkInsert"/> statement.</summary>
internal sealed class SqliteRow
{
    private sqlite3_stmt? statement;
    private sqlite3? db;

    public int Position { get; private set; }

    internal void Start(sqlite3_stmt target, sqlite3 connection)
    {
        statement = target;
        db = connection;
        Position = 0;
    }

    // Short texts (ids, types, detail values up to 2 KiB) are encoded on the stack and bound from there (SQLite copies
    // them): the string overload allocated a UTF-8 array for every value of every row.
    private const int StackBytes = 1024;

    public SqliteRow Text(string? value)
    {
        if (value is null)
            return Check(raw.sqlite3_bind_null(statement, ++Position));
        // An empty span pins to a null pointer, which SQLite would bind as NULL: the empty string keeps the string overload.
        if (value.Length is 0 or > StackBytes / 3)
            return Check(raw.sqlite3_bind_text(statement, ++Position, value));
        Span<byte> utf8 = stackalloc byte[StackBytes];
        var length = Encoding.UTF8.GetBytes(value, utf8);
        return Check(raw.sqlite3_bind_text(statement, ++Position, utf8[..length]));
    }

    public SqliteRow Integer(long value) => Check(raw.sqlite3_bind_int64(statement, ++Position, value));

    public SqliteRow Blob(byte[] value) => Check(raw.sqlite3_bind_blob(statement, ++Position, value));

    private SqliteRow Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, db);
        return this;
    }
}
