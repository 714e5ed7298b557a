using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Two-factor sign-in through the HTTP API, the way a user with an authenticator app goes through it.</summary>
public static class StrongAuth
{
    /// <summary>A freshly registered owner of a new organisation.</summary>
    public static Task<TestAccount> NewOwnerAsync(this ServerFixture server) =>
        TestAccounts.RegisterAsync(server.Factory.CreateClient());

    /// <summary>Sets up and verifies two-factor sign-in; returns the secret and the recovery codes.</summary>
    public static async Task<(string Secret, string[] RecoveryCodes)> EnableTwoFactorAsync(this ServerFixture server, TestAccount account)
    {
        var client = server.Factory.Authorized(account.Token);
        using var setup = await client.PostAsync("/api/users/2fa/setup", null);
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var secret = (await Json.ReadAsync(setup)).GetProperty("secret").GetString()!;
        using var verify = await client.PostAsJsonAsync("/api/users/2fa/verify", new { token = server.CodeAt(secret, 0) });
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var codes = (await Json.ReadAsync(verify)).GetProperty("backupCodes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        return (secret, codes);
    }

    /// <summary>The code for the server's time plus <paramref name="steps"/> 30-second steps.</summary>
    public static string CodeAt(this ServerFixture server, string secret, int steps) =>
        TotpCodes.At(secret, server.Factory.Clock.GetUtcNow().AddSeconds(30 * steps));

    public static async Task<JsonElement> LoginAsync(this ServerFixture server, TestAccount account, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password });
        Assert.Equal(expected, response.StatusCode);
        return await Json.ReadAsync(response);
    }

    public static Task<HttpResponseMessage> CompleteLoginAsync(this ServerFixture server, string challengeToken, string code) =>
        server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login/2fa", new { challengeToken, code });
}
