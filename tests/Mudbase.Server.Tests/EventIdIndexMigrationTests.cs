using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// A database written with the unique index over event ids (schema version 16) upgrades in place: version 17 drops the
/// index, every event is still found by its id with the same answer, and the log's root does not move.
/// </summary>
public abstract class EventIdIndexMigrationTests(StorageKind storage)
{
    [Fact]
    public async Task ALogWrittenWithTheIdIndexUpgradesWithoutItAndAnswersEveryIdAsBefore()
    {
        var first = new MudbaseFactory(storage) { KeepData = true };
        try
        {
            string token;
            List<string> ids;
            Dictionary<string, string> before = [];
            string root;
            await using (first)
            {
                token = (await TestAccounts.RegisterAsync(first.CreateClient())).Token;
                var owner = first.Authorized(token);
                ids = await owner.LogManyAsync(4);
                var events = Enumerable.Range(0, 3).Select(i => new { eventType = "bulk_data_export", severity = "low", details = new { row = i } });
                using var batch = await owner.PostAsJsonAsync("/api/compliance/security-events/batch", new { events });
                ids.AddRange((await Json.ReadAsync(batch)).GetProperty("eventIds").EnumerateArray().Select(e => e.GetString()!));
                foreach (var id in ids)
                    before[id] = await EventAndProofAsync(owner, id);
                root = await RootAsync(owner);
            }
            await using (var connection = await DatabaseAccess.OpenDatabaseAsync(first.DataDirectory, first.PostgresDatabase))
            {
                foreach (var statement in EarlierLayouts.BeforeVersion17(storage))
                    await connection.ExecuteAsync(statement);
                await connection.ExecuteAsync("DELETE FROM schema_version WHERE version >= 17");
                Assert.True(await HasIdIndexAsync(connection));
            }

            await using var upgraded = new MudbaseFactory(storage, dataDirectory: first.DataDirectory, extraSettings: first.PostgresDatabase is null
                ? null
                : new() { ["ConnectionStrings:Mudbase"] = first.PostgresDatabase.ConnectionString });
            var client = upgraded.Authorized(token);
            foreach (var id in ids)
                Assert.Equal(before[id], await EventAndProofAsync(client, id));
            Assert.Equal(root, await RootAsync(client));
            await using (var connection = await DatabaseAccess.OpenDatabaseAsync(first.DataDirectory, first.PostgresDatabase))
                Assert.False(await HasIdIndexAsync(connection));
        }
        finally
        {
            if (first.PostgresDatabase is not null)
                await PostgresTestCluster.DropDatabaseAsync(first.PostgresDatabase);
        }
    }

    private static async Task<string> EventAndProofAsync(HttpClient client, string id)
    {
        using var view = await client.GetAsync($"/api/compliance/security-events/{id}");
        using var proof = await client.GetAsync($"/api/compliance/security-events/{id}/proof");
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal(HttpStatusCode.OK, proof.StatusCode);
        return await view.Content.ReadAsStringAsync() + await proof.Content.ReadAsStringAsync();
    }

    private static async Task<string> RootAsync(HttpClient client) =>
        (await Json.ReadAsync(await client.GetAsync("/api/compliance/ledger/checkpoint"))).GetProperty("rootHash").GetString()!;

    private async Task<bool> HasIdIndexAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = storage == StorageKind.Postgres
            ? "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'ux_events_id'"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ux_events_id'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }
}

public sealed class EventIdIndexMigrationOnSqlite() : EventIdIndexMigrationTests(StorageKind.Sqlite);

public sealed class EventIdIndexMigrationOnPostgres() : EventIdIndexMigrationTests(StorageKind.Postgres);
