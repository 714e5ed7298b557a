using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Mudbase.Server.Observability;
using Mudbase.Server.Storage.Tiles;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>One append transaction on the writer connection; see <see cref="IAppendSession"/>.</summary>
internal sealed class SqliteAppendSession(SqliteWriter writer, SqliteTransaction transaction, Func<bool, Task> end) : IAppendSession
{
    private bool committed;
    private bool broken;

    public Task<IReadOnlyDictionary<string, LogHead>> LockHeadsAsync(IReadOnlyList<string> orgIds, CancellationToken cancellationToken) =>
        Run<IReadOnlyDictionary<string, LogHead>>(() => orgIds.ToDictionary(id => id, id => writer.ReadHead(transaction, id), StringComparer.Ordinal));

    public Task<IReadOnlyDictionary<TileId, byte[]>> ReadTilesAsync(IReadOnlyList<TileId> tiles, CancellationToken cancellationToken) =>
        Run<IReadOnlyDictionary<TileId, byte[]>>(() =>
        {
            var found = new Dictionary<TileId, byte[]>();
            foreach (var tile in tiles)
            {
                if (writer.ReadTile(transaction, tile) is { } hashes)
                    found[tile] = hashes;
            }
            return found;
        });

    public Task ClaimAsync(IReadOnlyList<IdempotencyClaim> claims, CancellationToken cancellationToken) =>
        Run(() => writer.Claim(transaction, claims));

    public Task WriteAsync(IReadOnlyList<AppendPlan> plans, CancellationToken cancellationToken) =>
        Run(() =>
        {
            foreach (var plan in plans)
                writer.Write(transaction, plan);
        });

    public Task CommitAsync(CancellationToken cancellationToken) =>
        Run(() =>
        {
            var committing = Stopwatch.GetTimestamp();
            transaction.Commit();
            committed = true;
            MudbaseInstruments.Committed("sqlite", committing);
            writer.Committed();
        });

    private Task Run(Action work) => Run(() =>
    {
        work();
        return true;
    });

    private Task<T> Run<T>(Func<T> work)
    {
        try
        {
            return Task.FromResult(work());
        }
        catch (Exception e) when (SqliteAppendStore.IsStorageFailure(e))
        {
            broken = true;
            throw SqliteAppendStore.Unavailable(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!committed && !broken)
                transaction.Rollback();
        }
        catch (Exception e) when (SqliteAppendStore.IsStorageFailure(e))
        {
            broken = true;
        }
        finally
        {
            transaction.Dispose();
            await end(broken);
        }
    }
}
