using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Postgres;
using Mudbase.Server.Tests.Infrastructure;
using Npgsql;

namespace Mudbase.Server.Tests.Nodes;

/// <summary>
/// Pooled PostgreSQL connections are not reset when they return to the pool, so nothing that lives in a session (a
/// session advisory lock, a LISTEN) may be taken on one: the job lock and the intake's listener have connections of
/// their own, whose session ends, and releases everything, when they close or die.
/// </summary>
public sealed class SessionStateTests
{
    private const string Job = "session-state-probe";

    [Fact]
    public async Task AJobLockWhoseConnectionDiesIsReleasedAndTheNextRoundRuns()
    {
        await using var factory = new MudbaseFactory(StorageKind.Postgres);
        var store = factory.Services.GetRequiredService<IPrivacyStore>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = store.RunExclusiveAsync(Job, async token =>
        {
            started.SetResult();
            await finish.Task.WaitAsync(token);
        }, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(await store.RunExclusiveAsync(Job, _ => Task.CompletedTask, CancellationToken.None));
        await using var admin = await OpenAsync(factory);
        var holder = Assert.Single(await HoldersAsync(admin));
        await using (var kill = new NpgsqlCommand("SELECT pg_terminate_backend($1)", admin) { Parameters = { new() { Value = holder } } })
            Assert.Equal(true, await kill.ExecuteScalarAsync());

        Assert.True(await EventuallyAsync(() => store.RunExclusiveAsync(Job, _ => Task.CompletedTask, CancellationToken.None)));
        finish.SetResult();
        await first;
    }

    [Fact]
    public async Task AJobThatEndedOrFailedLeavesItsLockOnNoConnection()
    {
        await using var factory = new MudbaseFactory(StorageKind.Postgres);
        var store = factory.Services.GetRequiredService<IPrivacyStore>();
        Assert.True(await store.RunExclusiveAsync(Job, _ => Task.CompletedTask, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.RunExclusiveAsync(Job, _ => throw new InvalidOperationException("the job failed"), CancellationToken.None));
        // Busy traffic on the pool, which would hand a leaked session lock to whoever comes next.
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        await owner.LogManyAsync(5);

        await using var admin = await OpenAsync(factory);
        Assert.Empty(await HoldersAsync(admin));
        await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", admin)
        {
            Parameters = { new() { Value = PostgresPrivacyStore.JobLockKey(Job) } },
        };
        Assert.Equal(true, await take.ExecuteScalarAsync());
    }

    [Fact]
    public async Task OnlyTheDedicatedListenerListensAndAListenerThatDiedIsReplaced()
    {
        await using var factory = new MudbaseFactory(StorageKind.Postgres);
        var owner = factory.Authorized((await TestAccounts.RegisterAsync(factory.CreateClient())).Token);
        await owner.LogManyAsync(3);
        await using var admin = await OpenAsync(factory);
        var listener = Assert.Single(await ListenersAsync(admin));

        await using (var kill = new NpgsqlCommand("SELECT pg_terminate_backend($1)", admin) { Parameters = { new() { Value = listener } } })
            await kill.ExecuteScalarAsync();
        // A request parked in the intake makes the waiter wait on the listener, find it gone and open another.
        await using (var hold = await OpenAsync(factory))
        {
            await using var transaction = await hold.BeginTransactionAsync();
            await using (var lease = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))", hold, transaction)
            {
                Parameters = { new() { Value = PostgresIntakeLease.ClassId }, new() { Value = await OrgOfAsync(admin) } },
            })
                await lease.ExecuteScalarAsync();
            var parked = owner.LogManyAsync(1);
            Assert.True(await EventuallyAsync(async () => (await ListenersAsync(admin)) is [var next] && next != listener));
            await transaction.CommitAsync();
            await parked;
        }
        Assert.Single(await ListenersAsync(admin));
    }

    private static async Task<NpgsqlConnection> OpenAsync(MudbaseFactory factory)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(factory.PostgresDatabase!.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<int>> HoldersAsync(NpgsqlConnection admin)
    {
        await using var command = new NpgsqlCommand("""
            SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
              AND ((classid::bigint << 32) | objid::bigint) = $1
            """, admin) { Parameters = { new() { Value = PostgresPrivacyStore.JobLockKey(Job) } } };
        return await ReadAsync(command, reader => reader.GetInt32(0));
    }

    // The server's backends whose last statement was a LISTEN and that still exist: a pooled connection would show the
    // next statement it ran instead, so exactly the dedicated listener shows.
    private static async Task<List<int>> ListenersAsync(NpgsqlConnection admin)
    {
        await using var command = new NpgsqlCommand("""
            SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN %'
            """, admin);
        return await ReadAsync(command, reader => reader.GetInt32(0));
    }

    private static async Task<string> OrgOfAsync(NpgsqlConnection admin)
    {
        await using var command = new NpgsqlCommand("SELECT org_id FROM log_heads LIMIT 1", admin);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(map(reader));
        return rows;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return true;
            await Task.Delay(50);
        }
        return false;
    }
}
