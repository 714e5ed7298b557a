using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Hardening;

/// <summary>Malformed text, types and credentials are 4xx with the Mudbase body, never a 500 or a silent pass.</summary>
public abstract class HostileInputTests(StorageKind storage) : IAsyncLifetime
{
    private const string SigningKey = "hostile-input-signing-key-long-enough-0123456789";
    private readonly MudbaseFactory factory = new(storage, new() { ["Mudbase:Jwt:SigningKey"] = SigningKey });
    private TestAccount owner = null!;

    public async Task InitializeAsync() => owner = await TestAccounts.RegisterAsync(factory.CreateClient());

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Theory]
    [InlineData("/api/auth/register", """{"\ud800":1}""")]
    [InlineData("/api/auth/login", """{"email":"a@b.dev","password":"\udc00\udc00\udc00\udc00"}""")]
    [InlineData("/api/compliance/security-event", """{"eventType":"brute_force_attempt","severity":"low","details":{"userId":"\ud800"}}""")]
    [InlineData("/api/compliance/security-events/batch", """{"events":[{"eventType":"x\udfff","severity":"low"}]}""")]
    public async Task ALoneSurrogateEscapeIsA400NotA500(string path, string body)
    {
        using var response = await factory.Authorized(owner.Token).PostAsync(path, Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Json.ReadAsync(response);
        Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
        Assert.Contains("not valid Unicode", error.GetProperty("details").GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("brute_force_attempt\n")]
    [InlineData("custom_type\n")]
    public async Task AnEventTypeWithATrailingNewlineIsRefused(string eventType)
    {
        using var response = await factory.Authorized(owner.Token).PostEventAsync(new { eventType, severity = "high" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("details").TryGetProperty("eventType", out _));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"eventType":""")]
    [InlineData("""{"eventType":"brute_force_attempt","details":{"a":[1,2""")]
    public async Task ATruncatedBodyIsReportedAsIncompleteNotAsTooDeep(string body)
    {
        using var response = await factory.Authorized(owner.Token).PostEventAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await Json.ReadAsync(response)).GetProperty("details").GetProperty("body").GetString();
        Assert.Equal("JSON ends before the document is complete", message);
    }

    [Fact]
    public async Task NestingPastTheLimitIsStillReportedAsTooDeep()
    {
        using var response = await factory.Authorized(owner.Token).PostEventAsync(
            """{"eventType":"x_y","severity":"low","details":{"a":[[[[[[[[1]]]]]]]]}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nested deeper", (await Json.ReadAsync(response)).GetProperty("details").GetProperty("body").GetString());
    }

    [Fact]
    public async Task AFailedApiKeyOnAcceptInviteIsUnauthorized()
    {
        var client = factory.WithKey("mudbase_sk_live_" + new string('A', 43));
        using var response = await client.PostAsJsonAsync(OrgAccess.AcceptPath,
            new { token = "inv_unknown", password = TestAccounts.Password, firstName = "Eve", lastName = "Mallory" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string, object?> MalformedClaims => new()
    {
        { "sub", null },
        { "org", null },
        { "role", new[] { "member", "owner" } },
    };

    [Theory]
    [MemberData(nameof(MalformedClaims))]
    public async Task ASignedTokenWithoutSubOrOrgOrWithSeveralRolesIsUnauthorized(string claim, object? value)
    {
        var claims = new Dictionary<string, object> { ["sub"] = owner.UserId, ["org"] = owner.OrgId, ["role"] = "member", ["jti"] = "jti_1" };
        if (value is null)
            claims.Remove(claim);
        else
            claims[claim] = value;
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Sign(claims));

        using var write = await client.PostEventAsync(Json.SeedExample);
        using var read = await client.GetAsync("/api/org/members");

        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Fact]
    public async Task EveryResponseCarriesTheSecurityHeadersAndSecretsAreNotCached()
    {
        using var register = await factory.CreateClient().PostAsJsonAsync("/api/auth/register",
            new { email = $"h-{Guid.NewGuid():N}@northwind.dev", password = TestAccounts.Password, firstName = "A", lastName = "B" });
        using var key = await factory.Authorized(owner.Token).PostAsJsonAsync("/api/api-keys", new { name = "k", scopes = new[] { "events:write" } });
        using var missing = await factory.CreateClient().GetAsync("/no/such/path");
        using var alive = await factory.CreateClient().GetAsync("/alive");

        foreach (var response in new[] { register, key, missing, alive })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        }
        Assert.True(register.Headers.CacheControl?.NoStore);
        Assert.True(key.Headers.CacheControl?.NoStore);
    }

    private static string Sign(Dictionary<string, object> claims)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "mudbase",
            Audience = "mudbase-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
            Claims = claims,
        });
    }
}

public sealed class HostileInputOnSqlite() : HostileInputTests(StorageKind.Sqlite);

public sealed class HostileInputOnPostgres() : HostileInputTests(StorageKind.Postgres);
