using System.Net;
using System.Text;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.KeyRotation;

public abstract class JwtKeyRotationTests(StorageKind storage)
{
    private const string OldKey = "the-old-signing-key-with-at-least-32-bytes";
    private const string NewKey = "the-new-signing-key-with-at-least-32-bytes";

    [Fact]
    public async Task AfterRotationTokensOfTheOldKeyStillWorkAndNewTokensNameTheNewKey()
    {
        await using var before = new MudbaseFactory(storage, new() { ["Mudbase:Jwt:SigningKey"] = OldKey }) { KeepData = true };
        var owner = await TestAccounts.RegisterAsync(before.CreateClient());
        var oldKid = KeyIdOf(owner.Token);
        var settings = new Dictionary<string, string?>
        {
            ["Mudbase:Jwt:SigningKey"] = NewKey,
            ["Mudbase:Jwt:ValidationKeys:0"] = OldKey,
        };
        if (before.PostgresDatabase is { } database)
            settings["ConnectionStrings:Mudbase"] = database.ConnectionString;

        // A rotation restarts the server: the first one stops before the second opens the same data (and deletes it).
        await before.DisposeAsync();
        await using var rotated = new MudbaseFactory(storage, settings, dataDirectory: before.DataDirectory);
        using var withOldToken = await rotated.Authorized(owner.Token).GetAsync("/api/users/me");
        var fresh = await TestAccounts.RegisterAsync(rotated.CreateClient());
        using var withNewToken = await rotated.Authorized(fresh.Token).GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.OK, withOldToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withNewToken.StatusCode);
        Assert.False(string.IsNullOrEmpty(oldKid));
        Assert.NotEqual(oldKid, KeyIdOf(fresh.Token));
    }

    [Fact]
    public async Task OnceTheOldKeyIsNoLongerListedItsTokensAreRejected()
    {
        await using var before = new MudbaseFactory(storage, new() { ["Mudbase:Jwt:SigningKey"] = OldKey }) { KeepData = true };
        var owner = await TestAccounts.RegisterAsync(before.CreateClient());
        var settings = new Dictionary<string, string?> { ["Mudbase:Jwt:SigningKey"] = NewKey };
        if (before.PostgresDatabase is { } database)
            settings["ConnectionStrings:Mudbase"] = database.ConnectionString;

        // A rotation restarts the server: the first one stops before the second opens the same data (and deletes it).
        await before.DisposeAsync();
        await using var rotated = new MudbaseFactory(storage, settings, dataDirectory: before.DataDirectory);
        using var response = await rotated.Authorized(owner.Token).GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string? KeyIdOf(string jwt)
    {
        var header = jwt.Split('.')[0].Replace('-', '+').Replace('_', '/');
        header = header.PadRight(header.Length + (4 - header.Length % 4) % 4, '=');
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
        return document.RootElement.TryGetProperty("kid", out var kid) ? kid.GetString() : null;
    }
}

public sealed class JwtKeyRotationOnSqlite() : JwtKeyRotationTests(StorageKind.Sqlite);

public sealed class JwtKeyRotationOnPostgres() : JwtKeyRotationTests(StorageKind.Postgres);
