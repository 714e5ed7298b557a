using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// The writer connection never checkpoints itself; <c>SqliteCheckpointer</c> copies the WAL beside it and lets the
/// writer finish the rest, so the WAL starts over instead of growing with every append.
/// </summary>
public sealed class SqliteCheckpointTests
{
    [Fact]
    public async Task TheWalStaysSmallWhileAppendsWriteManyTimesItsSizeAndEveryEventIsKept()
    {
        await using var factory = new MudbaseFactory(StorageKind.Sqlite, new Dictionary<string, string?>
        {
            ["Mudbase:Storage:SqliteCheckpointPages"] = "64",
            ["Mudbase:EventIndex:Enabled"] = "false",
        });
        var account = await TestAccounts.RegisterAsync(factory.CreateClient());
        var client = factory.Authorized(account.Token);
        const int Batches = 30, PerBatch = 100;
        for (var batch = 0; batch < Batches; batch++)
        {
            var events = Enumerable.Range(0, PerBatch).Select(i => new
            {
                eventType = "bulk_data_export",
                severity = "low",
                details = new { userId = $"usr_{batch}_{i}", resource = $"/files/{Guid.NewGuid():N}", reason = new string('x', 400) },
            });
            using var response = await client.PostAsJsonAsync("/api/compliance/security-events/batch", new { events });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var file = Path.Combine(factory.DataDirectory, "mudbase.db");
        var wal = new FileInfo(file + "-wal").Length;
        var database = new FileInfo(file).Length;
        // Without checkpoints every page the appends wrote would still be in the WAL, more than the file holds.
        Assert.True(database > 2_000_000, $"database {database} B");
        Assert.True(wal < database / 2, $"WAL {wal} B against database {database} B");
        Assert.Equal(Batches * PerBatch, (await factory.Services.GetStoredEventsAsync(account.OrgId)).Count);
    }
}
