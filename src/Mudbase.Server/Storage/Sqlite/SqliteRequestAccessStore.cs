using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// The per-request membership and session read on a few connections kept open with the statement prepared, so a
/// request pays one indexed read and nothing else. Each read starts a fresh WAL snapshot and sees every commit.
/// </summary>
internal sealed class SqliteRequestAccessStore(SqliteDatabase database) : IRequestAccessStore, IDisposable
{
    internal const string Sql = """
        SELECT role, EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = $sid AND revoked_at IS NOT NULL)
        FROM memberships WHERE user_id = $user AND org_id = $org
        """;

    private static readonly int Kept = Math.Max(4, Environment.ProcessorCount * 2);
    private readonly ConcurrentQueue<Lookup> idle = new();
    private volatile bool disposed;

    public async Task<RequestAccess?> FindAsync(string userId, string orgId, string? sessionId, CancellationToken cancellationToken)
    {
        var lookup = idle.TryDequeue(out var kept) ? kept : await Lookup.OpenAsync(database, cancellationToken);
        RequestAccess? access;
        try
        {
            access = lookup.Run(userId, orgId, sessionId);
        }
        catch
        {
            lookup.Dispose();
            throw;
        }
        if (!disposed && idle.Count < Kept)
            idle.Enqueue(lookup);
        else
            lookup.Dispose();
        return access;
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryDequeue(out var lookup))
            lookup.Dispose();
    }

    private sealed class Lookup : IDisposable
    {
        private readonly SqliteConnection connection;
        private readonly SqliteCommand command;
        private readonly SqliteParameter user;
        private readonly SqliteParameter org;
        private readonly SqliteParameter session;

        private Lookup(SqliteConnection connection)
        {
            this.connection = connection;
            command = connection.CreateCommand();
            command.CommandText = Sql;
            user = command.Parameters.Add("$user", SqliteType.Text);
            org = command.Parameters.Add("$org", SqliteType.Text);
            session = command.Parameters.Add("$sid", SqliteType.Text);
        }

        public static async Task<Lookup> OpenAsync(SqliteDatabase database, CancellationToken cancellationToken)
        {
            var lookup = new Lookup(await database.OpenAsync(cancellationToken));
            lookup.command.Prepare();
            return lookup;
        }

        // Microsoft.Data.Sqlite runs every command synchronously; the async overloads would only add a state machine.
        public RequestAccess? Run(string userId, string orgId, string? sessionId)
        {
            user.Value = userId;
            org.Value = orgId;
            session.Value = (object?)sessionId ?? DBNull.Value;
            using var reader = command.ExecuteReader();
            return reader.Read() ? new RequestAccess(reader.GetString(0), reader.GetBoolean(1)) : null;
        }

        public void Dispose()
        {
            command.Dispose();
            connection.Dispose();
        }
    }
}
