using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class TokenValidationTests(StorageKind storage) : IAsyncLifetime
{
    private const string SigningKey = "test-signing-key-that-is-long-enough-0123456789";
    private readonly MudbaseFactory factory = new(storage, new() { ["Mudbase:Jwt:SigningKey"] = SigningKey });
    private TestAccount owner = null!;

    public async Task InitializeAsync() => owner = await TestAccounts.RegisterAsync(factory.CreateClient());

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task ARequestWithoutATokenIsUnauthorizedWithTheMudbaseBody()
    {
        using var response = await factory.CreateClient().PostEventAsync(Json.SeedExample);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("UNAUTHORIZED", (await Json.ReadAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AGarbageTokenIsUnauthorized() => await AssertRejectedAsync("not.a.jwt");

    [Fact]
    public async Task ATokenForgedWithAnotherKeyIsUnauthorized() =>
        await AssertRejectedAsync(Forge(key: "another-signing-key-that-is-long-enough-987654"));

    [Fact]
    public async Task AnUnsignedAlgNoneTokenIsUnauthorized()
    {
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = Base64Url($$"""{"sub":"{{owner.UserId}}","org":"{{owner.OrgId}}","role":"owner","iss":"mudbase","aud":"mudbase-api","exp":{{exp}}}""");
        await AssertRejectedAsync($"{header}.{payload}.");
    }

    [Fact]
    public async Task AnHs512TokenWithTheRightKeyIsUnauthorizedBecauseTheAlgorithmIsPinned() =>
        await AssertRejectedAsync(Forge(algorithm: SecurityAlgorithms.HmacSha512, key: SigningKey + SigningKey));

    [Fact]
    public async Task AnExpiredTokenIsUnauthorized() =>
        await AssertRejectedAsync(Forge(expires: DateTime.UtcNow.AddMinutes(-2), issuedAt: DateTime.UtcNow.AddMinutes(-40)));

    [Fact]
    public async Task ATokenForAnotherAudienceIsUnauthorized() => await AssertRejectedAsync(Forge(audience: "someone-else"));

    [Fact]
    public async Task ATokenFromAnotherIssuerIsUnauthorized() => await AssertRejectedAsync(Forge(issuer: "evil"));

    [Fact]
    public async Task AValidTokenMintedWithTheConfiguredKeyIsAccepted()
    {
        using var response = await Client(Forge()).PostEventAsync(Json.SeedExample);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void AConfiguredSigningKeyShorterThan32BytesRefusesToStart()
    {
        using var weak = new MudbaseFactory(storage, new() { ["Mudbase:Jwt:SigningKey"] = "too-short" });
        var error = Assert.ThrowsAny<Exception>(() => weak.CreateClient());
        Assert.Contains("32 bytes", error.ToString());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AGeneratedSigningKeyIsPrivateToTheOwner()
    {
        using var generated = new MudbaseFactory(storage);
        generated.CreateClient();
        var mode = File.GetUnixFileMode(Path.Combine(generated.DataDirectory, "jwt-signing.key"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    private async Task AssertRejectedAsync(string token)
    {
        using var response = await Client(token).PostEventAsync(Json.SeedExample);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("UNAUTHORIZED", (await Json.ReadAsync(response)).GetProperty("code").GetString());
    }

    private HttpClient Client(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private string Forge(
        string key = SigningKey, string algorithm = SecurityAlgorithms.HmacSha256, string issuer = "mudbase",
        string audience = "mudbase-api", DateTime? expires = null, DateTime? issuedAt = null)
    {
        var now = issuedAt ?? DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires ?? now.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm),
            Claims = new Dictionary<string, object> { ["sub"] = owner.UserId, ["org"] = owner.OrgId, ["role"] = "owner", ["jti"] = Guid.NewGuid().ToString() },
        });
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class TokenValidationOnSqlite() : TokenValidationTests(StorageKind.Sqlite);

public sealed class TokenValidationOnPostgres() : TokenValidationTests(StorageKind.Postgres);
