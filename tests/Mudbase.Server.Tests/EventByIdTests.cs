using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Common;
using Mudbase.Server.Storage;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// Events found by id through the time index (no index over ids since schema version 17): the event of each id, two
/// events of one millisecond told apart, and every id that names no event answered 404 with the Mudbase error body.
/// </summary>
public abstract class EventByIdTests(ServerFixture server) : IAsyncLifetime
{
    private List<string> batchIds = [];
    private string single = null!;

    public async Task InitializeAsync()
    {
        await server.InitializeAsync();
        // One batch: its events share the millisecond their ids start with.
        var events = Enumerable.Range(0, 3)
            .Select(i => new { eventType = "bulk_data_export", severity = "low", details = new { userId = $"usr_{i}", row = i } });
        using var response = await server.OwnerClient.PostAsJsonAsync("/api/compliance/security-events/batch", new { events });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        batchIds = [.. (await Json.ReadAsync(response)).GetProperty("eventIds").EnumerateArray().Select(e => e.GetString()!)];
        single = await server.OwnerClient.LogAsync(new { eventType = "mfa_bypass_attempt", severity = "high" });
    }

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task EveryEventIsFoundByItsIdAndEventsOfOneMillisecondAreToldApart()
    {
        Assert.Single(batchIds.Select(EventTime).Distinct());
        string[] all = [.. batchIds, single];
        for (var i = 0; i < all.Length; i++)
        {
            var found = await GetEventAsync(all[i]);
            Assert.Equal(all[i], found.GetProperty("eventId").GetString());
            Assert.Equal(i + 1, found.GetProperty("sequence").GetInt64());
        }
        var proof = await Json.ReadAsync(await server.OwnerClient.GetAsync($"/api/compliance/security-events/{batchIds[1]}/proof"));
        Assert.Equal(1, proof.GetProperty("leafIndex").GetInt64());
    }

    [Theory]
    [MemberData(nameof(NoEventIds.Malformed), MemberType = typeof(NoEventIds))]
    public async Task AnIdNoClockCouldHaveMadeIsNotFoundWithTheMudbaseErrorBody(string id) =>
        await AssertNotFoundAsync(Uri.EscapeDataString(id));

    [Fact]
    public async Task AWellFormedIdOfNoStoredEventIsNotFound()
    {
        // A millisecond the log holds, with other random bytes; and a millisecond long before any event.
        await AssertNotFoundAsync(NoEventIds.At(EventTime(batchIds[0]), fill: 0x5A));
        await AssertNotFoundAsync(Ids.NewEventId(DateTimeOffset.Parse("2001-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task DetailsAreErasedByIdWithoutTouchingTheOtherEventsOfTheMillisecond()
    {
        var ledger = server.Factory.Services.GetRequiredService<ILedgerStore>();
        var before = await GetEventAsync(batchIds[0]);

        Assert.True(await ledger.EraseDetailsAsync(server.Owner.OrgId, batchIds[1], ["userId"], CancellationToken.None));
        Assert.False(await ledger.EraseDetailsAsync(server.Owner.OrgId, NoEventIds.At(EventTime(batchIds[1]), fill: 0x5A), ["userId"], CancellationToken.None));
        Assert.False(await ledger.EraseDetailsAsync(server.Owner.OrgId, "evt_short", ["userId"], CancellationToken.None));

        var erased = await GetEventAsync(batchIds[1]);
        Assert.False(erased.GetProperty("details").TryGetProperty("userId", out _));
        Assert.Equal(["userId"], erased.GetProperty("erasedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(before.GetRawText(), (await GetEventAsync(batchIds[0])).GetRawText());
    }

    private async Task<JsonElement> GetEventAsync(string id)
    {
        using var response = await server.OwnerClient.GetAsync($"/api/compliance/security-events/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("event");
    }

    private async Task AssertNotFoundAsync(string pathId)
    {
        foreach (var path in new[] { $"/api/compliance/security-events/{pathId}", $"/api/compliance/security-events/{pathId}/proof" })
        {
            using var response = await server.OwnerClient.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await Json.ReadAsync(response);
            Assert.Equal("NOT_FOUND", body.GetProperty("code").GetString());
            Assert.Equal("Security event not found", body.GetProperty("error").GetString());
        }
    }

    private static long EventTime(string id) => Assert.IsType<long>(EventById.Time(id));
}

public sealed class EventByIdOnSqlite() : EventByIdTests(new SqliteServer());

public sealed class EventByIdOnPostgres() : EventByIdTests(new PostgresServer());

/// <summary>Strings that name no event: the stores answer them without opening a connection.</summary>
public sealed class EventByIdWithoutDatabaseTests
{
    [Fact]
    public async Task AnIdNoClockCouldHaveMadeIsAnsweredWithoutOpeningTheDatabase()
    {
        // Neither database can be opened: a read-only SQLite file in a directory that does not exist, a port nobody serves.
        var sqlite = new Storage.Sqlite.SqliteDatabase($"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "none.db")};Mode=ReadOnly");
        await using var postgres = new Storage.Postgres.PostgresDatabase(
            Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=2"), Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=2"));
        (IEventStore Events, ILedgerStore Ledger)[] stores =
        [
            (new Storage.Sqlite.SqliteEventStore(sqlite), new Storage.Sqlite.SqliteLedgerStore(sqlite)),
            (new Storage.Postgres.PostgresEventStore(postgres), new Storage.Postgres.PostgresLedgerStore(postgres)),
        ];
        foreach (var (events, ledger) in stores)
        {
            foreach (string id in NoEventIds.Malformed)
            {
                Assert.Null(await events.FindAsync("org_none", id, CancellationToken.None));
                Assert.False(await ledger.EraseDetailsAsync("org_none", id, ["userId"], CancellationToken.None));
            }
            // A possible id does go to the database, which fails here: the answers above were not read from it.
            var possible = Ids.NewEventId(DateTimeOffset.UtcNow);
            await Assert.ThrowsAnyAsync<Exception>(() => events.FindAsync("org_none", possible, CancellationToken.None));
            await Assert.ThrowsAnyAsync<Exception>(() => ledger.EraseDetailsAsync("org_none", possible, ["userId"], CancellationToken.None));
        }
    }
}

/// <summary>Ids that name no event, for the tests above.</summary>
internal static class NoEventIds
{
    public static TheoryData<string> Malformed =>
    [
        "evt_short",
        "usr_" + new string('A', 22),
        "evt_" + new string('A', 21) + "-",
        "evt_" + new string('A', 23),
        "EVT_" + new string('A', 22),
        // 22 base62 digits reach past 2^128: more than the 16 bytes an id encodes.
        "evt_" + new string('z', 22),
        // 16 bytes whose time is past DateTimeOffset.MaxValue.
        At((1L << 48) - 1, fill: 0),
    ];

    /// <summary>A well-formed id of millisecond <paramref name="unixMilliseconds"/> with every random byte <paramref name="fill"/>.</summary>
    public static string At(long unixMilliseconds, byte fill)
    {
        var bytes = new byte[16];
        Array.Fill(bytes, fill);
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, unixMilliseconds);
        time[2..].CopyTo(bytes);
        return "evt_" + Ids.Encode(bytes);
    }
}
