using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class TwoFactorTests(ServerFixture server)
{
    [Fact]
    public async Task SetupReturnsASecretItsOtpauthUriAndAPngQrCodeButEnablesNothing()
    {
        var owner = await server.NewOwnerAsync();
        var client = server.Factory.Authorized(owner.Token);

        using var setup = await client.PostAsync("/api/users/2fa/setup", null);
        using var status = await client.GetAsync("/api/users/2fa");

        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var body = await Json.ReadAsync(setup);
        var secret = body.GetProperty("secret").GetString()!;
        Assert.Matches("^[A-Z2-7]{32}$", secret);
        Assert.Equal(secret, body.GetProperty("manualEntryKey").GetString()!.Replace(" ", "", StringComparison.Ordinal));
        var uri = new Uri(body.GetProperty("otpauthUrl").GetString()!);
        Assert.Equal("otpauth", uri.Scheme);
        Assert.Contains($"secret={secret}", uri.Query, StringComparison.Ordinal);
        var qr = body.GetProperty("qrCode").GetString()!;
        Assert.StartsWith("data:image/png;base64,", qr, StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], Convert.FromBase64String(qr["data:image/png;base64,".Length..])[..4]);
        Assert.False((await Json.ReadAsync(status)).GetProperty("enabled").GetBoolean());
        Assert.Equal("Login successful", (await server.LoginAsync(owner)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task VerifyingEnablesTwoFactorWithTenRecoveryCodesThatAreStoredOnlyHashed()
    {
        var owner = await server.NewOwnerAsync();
        var (_, codes) = await server.EnableTwoFactorAsync(owner);

        using var status = await server.Factory.Authorized(owner.Token).GetAsync("/api/users/2fa");
        var body = await Json.ReadAsync(status);
        Assert.True(body.GetProperty("enabled").GetBoolean());
        Assert.Equal(10, body.GetProperty("recoveryCodesLeft").GetInt32());
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[2-9a-z]{5}-[2-9a-z]{5}$", c));

        await using var db = await server.Factory.OpenDatabaseAsync();
        await using var command = db.CreateCommand();
        command.CommandText = $"SELECT code_hash FROM mfa_recovery_codes WHERE user_id = '{owner.UserId}'";
        var stored = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                stored.Add(reader.GetString(0));
        Assert.Equal(10, stored.Count);
        Assert.DoesNotContain(stored, s => codes.Any(c => s.Contains(c.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal)));
        Assert.Single(await server.EventsOfTypeAsync(owner.OrgId, "mfa_enabled"));
    }

    [Fact]
    public async Task AWrongVerificationCodeEnablesNothing()
    {
        var owner = await server.NewOwnerAsync();
        var client = server.Factory.Authorized(owner.Token);
        using var setup = await client.PostAsync("/api/users/2fa/setup", null);
        var secret = (await Json.ReadAsync(setup)).GetProperty("secret").GetString()!;

        using var wrong = await client.PostAsJsonAsync("/api/users/2fa/verify", new { token = server.CodeAt(secret, 5) });
        using var missing = await client.PostAsJsonAsync("/api/users/2fa/verify", new { });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("Login successful", (await server.LoginAsync(owner)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task SignInWithTwoFactorAnswersAChallengeThatACurrentCodeCompletes()
    {
        var owner = await server.NewOwnerAsync();
        var (secret, _) = await server.EnableTwoFactorAsync(owner);

        var challenge = await server.LoginAsync(owner);
        Assert.True(challenge.GetProperty("twoFactorRequired").GetBoolean());
        Assert.False(challenge.TryGetProperty("token", out _));
        Assert.Equal(300, challenge.GetProperty("expiresIn").GetInt32());
        using var completed = await server.CompleteLoginAsync(challenge.GetProperty("challengeToken").GetString()!, server.CodeAt(secret, 1));

        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var token = (await Json.ReadAsync(completed)).GetProperty("token").GetString()!;
        using var me = await server.Factory.Authorized(token).GetAsync("/api/users/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task AReplayedCodeIsRefusedAndRecordedAsABypassAttempt()
    {
        var owner = await server.NewOwnerAsync();
        var (secret, _) = await server.EnableTwoFactorAsync(owner);
        var code = server.CodeAt(secret, 1);
        using var first = await server.CompleteLoginAsync((await server.LoginAsync(owner)).GetProperty("challengeToken").GetString()!, code);

        using var replay = await server.CompleteLoginAsync((await server.LoginAsync(owner)).GetProperty("challengeToken").GetString()!, code);
        using var verifyCodeAgain = await server.CompleteLoginAsync(
            (await server.LoginAsync(owner)).GetProperty("challengeToken").GetString()!, server.CodeAt(secret, 0));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, verifyCodeAgain.StatusCode);
        var attempts = await server.EventsOfTypeAsync(owner.OrgId, "mfa_bypass_attempt");
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(owner.UserId, a.Details["userId"]));
    }

    [Fact]
    public async Task ARecoveryCodeCompletesASignInOnlyOnce()
    {
        var owner = await server.NewOwnerAsync();
        var (_, codes) = await server.EnableTwoFactorAsync(owner);

        using var used = await server.CompleteLoginAsync(
            (await server.LoginAsync(owner)).GetProperty("challengeToken").GetString()!, codes[3].ToUpperInvariant());
        using var again = await server.CompleteLoginAsync((await server.LoginAsync(owner)).GetProperty("challengeToken").GetString()!, codes[3]);

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        using var status = await server.Factory.Authorized(owner.Token).GetAsync("/api/users/2fa");
        Assert.Equal(9, (await Json.ReadAsync(status)).GetProperty("recoveryCodesLeft").GetInt32());
    }

    [Fact]
    public async Task AChallengeIsSingleUseAndExpiresAfterFiveMinutes()
    {
        var owner = await server.NewOwnerAsync();
        var (secret, codes) = await server.EnableTwoFactorAsync(owner);
        var challenge = (await server.LoginAsync(owner)).GetProperty("challengeToken").GetString()!;
        using var completed = await server.CompleteLoginAsync(challenge, server.CodeAt(secret, 1));
        using var reused = await server.CompleteLoginAsync(challenge, codes[0]);

        var stale = (await server.LoginAsync(owner)).GetProperty("challengeToken").GetString()!;
        HttpResponseMessage expired;
        using (server.Factory.Clock.Advance(TimeSpan.FromMinutes(6)))
            expired = await server.CompleteLoginAsync(stale, codes[1]);

        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("challenge", (await Json.ReadAsync(expired)).GetProperty("error").GetString(), StringComparison.Ordinal);
        expired.Dispose();
        using var status = await server.Factory.Authorized(owner.Token).GetAsync("/api/users/2fa");
        Assert.Equal(10, (await Json.ReadAsync(status)).GetProperty("recoveryCodesLeft").GetInt32());
    }

    [Fact]
    public async Task WrongCodesCountTowardTheSignInThrottleAndRaiseABruteForceEvent()
    {
        var owner = await server.NewOwnerAsync();
        await server.EnableTwoFactorAsync(owner);
        var challenge = (await server.LoginAsync(owner)).GetProperty("challengeToken").GetString()!;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await server.CompleteLoginAsync(challenge, "000000");
            statuses.Add(response.StatusCode);
        }
        using var passwordNow = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password });

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, passwordNow.StatusCode);
        Assert.Equal(5, (await server.EventsOfTypeAsync(owner.OrgId, "mfa_bypass_attempt")).Count);
        Assert.Single(await server.EventsOfTypeAsync(owner.OrgId, "brute_force_attempt"));
    }

    [Fact]
    public async Task DisablingNeedsThePasswordAndACodeAndChangesNothingOnFailure()
    {
        var owner = await server.NewOwnerAsync();
        var (secret, _) = await server.EnableTwoFactorAsync(owner);
        var client = server.Factory.Authorized(owner.Token);

        using var missing = await client.PostAsJsonAsync("/api/users/2fa/disable", new { password = owner.Password });
        using var wrongPassword = await client.PostAsJsonAsync("/api/users/2fa/disable", new { password = "not the password", token = server.CodeAt(secret, 1) });
        using var wrongCode = await client.PostAsJsonAsync("/api/users/2fa/disable", new { password = owner.Password, token = "123456" });
        using var stillOn = await client.GetAsync("/api/users/2fa");
        using var disabled = await client.PostAsJsonAsync("/api/users/2fa/disable", new { password = owner.Password, token = server.CodeAt(secret, 1) });
        using var off = await client.GetAsync("/api/users/2fa");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);
        Assert.True((await Json.ReadAsync(stillOn)).GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal("2FA disabled successfully", (await Json.ReadAsync(disabled)).GetProperty("message").GetString());
        Assert.False((await Json.ReadAsync(off)).GetProperty("enabled").GetBoolean());
        Assert.Single(await server.EventsOfTypeAsync(owner.OrgId, "mfa_disabled"));
        Assert.Single(await server.EventsOfTypeAsync(owner.OrgId, "mfa_bypass_attempt"));
        Assert.Equal("Login successful", (await server.LoginAsync(owner)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task RequiredRolesGetSetupOnlyTokensUntilTheyEnableTwoFactor()
    {
        var owner = await server.NewOwnerAsync();
        var ownerClient = server.Factory.Authorized(owner.Token);
        var admin = await server.JoinAsync("admin", ownerClient);
        using var byAdmin = await server.Factory.Authorized(admin.Token).PutAsJsonAsync("/api/org/mfa-policy", new { requireMfaForRoles = new[] { "member" } });
        using var bad = await ownerClient.PutAsJsonAsync("/api/org/mfa-policy", new { requireMfaForRoles = new[] { "superuser" } });
        using var set = await ownerClient.PutAsJsonAsync("/api/org/mfa-policy", new { requireMfaForRoles = new[] { "owner", "admin" } });
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(2, (await Json.ReadAsync(set)).GetProperty("membersWithoutMfa").GetArrayLength());

        var limited = await server.RefreshAsync(owner);
        var limitedClient = server.Factory.Authorized(limited.Token);
        using var refused = await limitedClient.GetAsync("/api/compliance/summary");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("MFA_SETUP_REQUIRED", await OrgAccess.CodeAsync(refused));
        using var me = await limitedClient.GetAsync("/api/users/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);

        await server.EnableTwoFactorAsync(limited);
        var full = await server.RefreshAsync(limited);
        using var allowed = await server.Factory.Authorized(full.Token).GetAsync("/api/compliance/summary");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var coverage = (await Json.ReadAsync(allowed)).GetProperty("data").GetProperty("twoFactor");
        Assert.Equal(2, coverage.GetProperty("members").GetInt32());
        Assert.Equal(1, coverage.GetProperty("enabled").GetInt32());
        Assert.Equal(50, coverage.GetProperty("coveragePercent").GetDouble());
        Assert.Equal(1, coverage.GetProperty("requiredButMissing").GetInt32());
        Assert.Single(await server.EventsOfTypeAsync(owner.OrgId, "mfa_policy_changed"));
    }
}

public sealed class TwoFactorOnSqlite(SqliteServer server) : TwoFactorTests(server), IClassFixture<SqliteServer>;

public sealed class TwoFactorOnPostgres(PostgresServer server) : TwoFactorTests(server), IClassFixture<PostgresServer>;
