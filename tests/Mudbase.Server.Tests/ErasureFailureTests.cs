using System.Net;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>An erasure is atomic: a storage failure part-way answers 503 and erases nothing; concurrent ingest never sees half.</summary>
public abstract class ErasureFailureTests(ServerFixture server)
{
    [Fact]
    public async Task AStorageFailureMidErasureAnswers503AndErasesNothing()
    {
        var owner = server.OwnerClient;
        var subject = PrivacyAccess.NewSubject();
        var first = await owner.LogAboutAsync(subject, "first");
        var second = await owner.LogAboutAsync(subject, "second");
        await using (var connection = await server.Factory.OpenDatabaseAsync())
            await connection.ExecuteAsync(FailingTriggerSql(second));
        try
        {
            using var response = await owner.EraseSubjectAsync(subject);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("SERVICE_UNAVAILABLE", await OrgAccess.CodeAsync(response));
            Assert.Empty((await owner.EventAsync(first)).ErasedFields());
            Assert.Empty((await owner.EventAsync(second)).ErasedFields());
        }
        finally
        {
            await using var connection = await server.Factory.OpenDatabaseAsync();
            await connection.ExecuteAsync("DROP TRIGGER fail_erasure" + (server.Storage == StorageKind.Postgres ? " ON event_details" : ""));
        }
        Assert.Equal(2, (await owner.EraseSubjectOkAsync(subject)).GetProperty("eventsErased").GetInt64());
    }

    [Fact]
    public async Task EventsLoggedWhileASubjectIsErasedAreErasedWholeOrNotAtAll()
    {
        var owner = server.OwnerClient;
        var subject = PrivacyAccess.NewSubject();
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
                ids.Add(await owner.LogAboutAsync(subject, $"{w}-{i}"));
        })).ToList();
        while (ids.Count < 20)
            await Task.Delay(5);
        var erasures = new[] { owner.EraseSubjectOkAsync(subject), owner.EraseSubjectOkAsync(subject) };
        await Task.WhenAll(writers);
        var erasedByRequests = (await Task.WhenAll(erasures)).Sum(d => d.GetProperty("eventsErased").GetInt64());

        var erased = 0;
        foreach (var id in ids)
        {
            var fields = (await owner.EventAsync(id)).ErasedFields();
            Assert.True(fields.Length is 0 or 3, $"{id} is half erased: {string.Join(',', fields)}");
            erased += fields.Length == 3 ? 1 : 0;
        }
        Assert.True(erased >= 20, $"events committed before the erasure must be erased; {erased} were");
        Assert.Equal(erased, erasedByRequests);
    }

    private string FailingTriggerSql(string eventId) => server.Storage == StorageKind.Postgres
        ? $"""
            CREATE OR REPLACE FUNCTION fail_erasure() RETURNS trigger AS $$
            BEGIN
                IF NEW.seq = (SELECT seq FROM events WHERE id = '{eventId}') THEN RAISE EXCEPTION 'disk failure' USING ERRCODE = '58030'; END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER fail_erasure BEFORE UPDATE ON event_details FOR EACH ROW EXECUTE FUNCTION fail_erasure();
            """
        : $"""
            CREATE TRIGGER fail_erasure BEFORE UPDATE OF secrets ON event_details WHEN NEW.seq = (SELECT seq FROM events WHERE id = '{eventId}')
            BEGIN SELECT RAISE(ABORT, 'disk failure'); END;
            """;
}

public sealed class ErasureFailureOnSqlite(SqliteServer server) : ErasureFailureTests(server), IClassFixture<SqliteServer>;

public sealed class ErasureFailureOnPostgres(PostgresServer server) : ErasureFailureTests(server), IClassFixture<PostgresServer>;
