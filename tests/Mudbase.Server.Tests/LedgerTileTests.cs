using System.Net;
using System.Net.Http.Json;
using Mudbase.Ledger;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>One organisation's log of 700 events, shared by the tile tests of one provider.</summary>
public abstract class TileLog(ServerFixture server) : IAsyncLifetime
{
    // Three batches that cross tile boundaries: two full level-0 tiles and one of 188, and a level-1 tile of two.
    private static readonly int[] Batches = [300, 300, 100];

    public ServerFixture Server => server;

    public HttpClient Client { get; private set; } = null!;

    public List<string> Ids { get; } = [];

    public async Task InitializeAsync()
    {
        await server.InitializeAsync();
        var account = await TestAccounts.RegisterAsync(server.Factory.CreateClient());
        Client = server.Factory.Authorized(account.Token);
        foreach (var count in Batches)
        {
            var events = Enumerable.Range(Ids.Count, count)
                .Select(i => new { eventType = "bulk_data_export", severity = "low", details = new { row = i } }).ToList();
            using var response = await Client.PostAsJsonAsync("/api/compliance/security-events/batch", new { events });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Ids.AddRange((await Json.ReadAsync(response)).GetProperty("eventIds").EnumerateArray().Select(e => e.GetString()!));
        }
    }

    public Task DisposeAsync() => server.DisposeAsync();
}

public sealed class SqliteTileLog() : TileLog(new SqliteServer());

public sealed class PostgresTileLog() : TileLog(new PostgresServer());

/// <summary>The read-only tlog-tiles an auditor mirrors: enough to recompute the signed root without the server.</summary>
public abstract class LedgerTileTests(TileLog log)
{
    private const string Tiles = "/api/compliance/ledger/tile/";
    private const int Size = 700;

    private HttpClient Client => log.Client;

    [Fact]
    public async Task TheServedTilesRecomputeTheSignedRootAndHoldEachEventsLeafHash()
    {
        var leafTiles = new[] { "0/000", "0/001", "0/002.p/188" };
        var leaves = new List<byte[]>();
        foreach (var path in leafTiles)
            leaves.AddRange(await ReadHashesAsync(path));
        var upper = await ReadHashesAsync("1/000.p/2");

        var tree = new InMemoryMerkleTree();
        leaves.ForEach(tree.Add);
        var checkpoint = await Json.ReadAsync(await Client.GetAsync("/api/compliance/ledger/checkpoint"));
        Assert.Equal(Size, checkpoint.GetProperty("treeSize").GetInt64());
        Assert.Equal(checkpoint.GetProperty("rootHash").GetString(), Convert.ToBase64String(tree.Root(Size)));
        // Each level-1 hash is the root of the 256 leaves below it.
        for (var i = 0; i < upper.Count; i++)
        {
            var below = new InMemoryMerkleTree();
            leaves.Skip(i * 256).Take(256).ToList().ForEach(below.Add);
            Assert.Equal(below.Root(256), upper[i]);
        }
        foreach (var index in new[] { 0, 255, 256, 599, 699 })
        {
            var proof = await Json.ReadAsync(await Client.GetAsync($"/api/compliance/security-events/{log.Ids[index]}/proof"));
            Assert.Equal(proof.GetProperty("leafHash").GetString(), Convert.ToBase64String(leaves[index]));
        }
    }

    [Fact]
    public async Task APartialWidthIsServedAsAPrefixOfTheTile()
    {
        var partial = await ReadHashesAsync("0/002.p/188");
        var first = await ReadHashesAsync("0/000");

        Assert.Equal(partial.Take(10), await ReadHashesAsync("0/002.p/10"));
        Assert.Equal(first.Take(5), await ReadHashesAsync("0/000.p/5"));
        using var full = await Client.GetAsync(Tiles + "0/000");
        Assert.Equal("application/octet-stream", full.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("0/002")]
    [InlineData("0/002.p/189")]
    [InlineData("0/003.p/1")]
    [InlineData("1/000")]
    [InlineData("2/000.p/1")]
    [InlineData("9/000.p/1")]
    public Task TilesTheLogDoesNotHaveYetAreNotFound(string path) =>
        AssertProblemAsync(path, HttpStatusCode.NotFound, "NOT_FOUND");

    [Theory]
    [InlineData("0/1")]
    [InlineData("0/0001")]
    [InlineData("00/000")]
    [InlineData("64/000")]
    [InlineData("0/001/002")]
    [InlineData("0/x000")]
    [InlineData("0/000.p/0")]
    [InlineData("0/000.p/256")]
    [InlineData("0/000.p/05")]
    [InlineData("0/000.p")]
    [InlineData("entries/000")]
    [InlineData("0/x001/x002/x003/x004/x005/x006/007")]
    public Task MalformedTilePathsAreValidationErrors(string path) =>
        AssertProblemAsync(path, HttpStatusCode.BadRequest, "VALIDATION_ERROR");

    [Fact]
    public async Task AnotherOrganisationSeesOnlyItsOwnLogsTiles()
    {
        var other = await TestAccounts.RegisterAsync(log.Server.Factory.CreateClient());
        var otherClient = log.Server.Factory.Authorized(other.Token);

        using var response = await otherClient.GetAsync(Tiles + "0/000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task AssertProblemAsync(string path, HttpStatusCode status, string code)
    {
        using var response = await Client.GetAsync(Tiles + path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await OrgAccess.CodeAsync(response));
    }

    private async Task<List<byte[]>> ReadHashesAsync(string path)
    {
        using var response = await Client.GetAsync(Tiles + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(0, bytes.Length % MerkleHash.Size);
        return bytes.Chunk(MerkleHash.Size).ToList();
    }
}

public sealed class LedgerTileOnSqlite(SqliteTileLog log) : LedgerTileTests(log), IClassFixture<SqliteTileLog>;

public sealed class LedgerTileOnPostgres(PostgresTileLog log) : LedgerTileTests(log), IClassFixture<PostgresTileLog>;
