using System.Net;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class ConcurrentAppendTests(ServerFixture server)
{
    [Fact]
    public async Task TwoThousandEventsFrom32ClientsAreAllAcknowledgedReadableAndGapless()
    {
        const int clients = 32, perClient = 2000 / clients + 1;
        var total = clients * perClient;
        var acknowledged = await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var client = server.Factory.Authorized(server.Owner.Token);
            var ids = new List<string>();
            for (var i = 0; i < perClient; i++)
            {
                using var response = await client.PostEventAsync(new
                {
                    eventType = "suspicious_api_activity",
                    severity = "medium",
                    details = new { userId = $"usr_{c}", attempt = i },
                });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                ids.Add((await Json.ReadAsync(response)).GetProperty("eventId").GetString()!);
            }
            return ids;
        }));

        var ids = acknowledged.SelectMany(x => x).ToList();
        Assert.Equal(total, ids.Distinct().Count());
        var stored = await server.Factory.Services.GetStoredEventsAsync(server.Owner.OrgId);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal(ids.Order(), stored.Select(e => e.Id).Order());

        foreach (var id in ids.Take(50))
        {
            using var read = await server.OwnerClient.GetAsync($"/api/compliance/security-events/{id}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
    }
}

public sealed class ConcurrentAppendOnSqlite(SqliteServer server) : ConcurrentAppendTests(server), IClassFixture<SqliteServer>;

public sealed class ConcurrentAppendOnPostgres(PostgresServer server) : ConcurrentAppendTests(server), IClassFixture<PostgresServer>;
