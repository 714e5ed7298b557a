using System.Net.Http.Json;
using Mudbase.Server.Tests.Conformance.Generated;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Conformance;

/// <summary>The client is the one NSwag generates from the official contract; nothing here is hand-written against our types.</summary>
public sealed class OfficialClientTests
{
    [Fact]
    public async Task TheCommittedOfficialClientIsWhatNSwagGeneratesFromTheOfficialContract()
    {
        var committed = await File.ReadAllTextAsync(Path.Combine(SourceDirectory(), "OfficialClient.g.cs"));
        Assert.Equal(await OfficialClientGenerator.GenerateAsync(), committed.ReplaceLineEndings("\n"));
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}

/// <summary>
/// Drives every operation of the official contract this server implements through the generated client, asserting
/// that the typed results are populated, while <see cref="ContractSchemaCheck"/> validates each live response against
/// the official response schema.
/// </summary>
public abstract class OfficialClientConformanceTests(ServerFixture server)
{
    [Fact]
    public async Task AnOfficialClientRegistersSignsInRefreshesAndLogsOut()
    {
        using var session = await OfficialSession.StartAsync(server.Factory);
        var registered = await session.RegisterAsync("Acme Widgets");
        Assert.Matches("^usr_", registered.User._id);
        Assert.Equal(UserRole.Owner, registered.User.Role);
        Assert.Matches("^org_", registered.User.Org._id);
        Assert.Equal("Acme Widgets", registered.User.Org.Name);
        Assert.Equal("acme-widgets", registered.User.Org.Slug);

        var login = await session.Client.LoginUserAsync(new LoginRequest { Email = registered.User.Email, Password = TestAccounts.Password });
        Assert.Equal(registered.User._id, login.User._id);
        Assert.Equal(1800, login.ExpiresIn);
        session.Token = login.Token;

        var current = await session.Client.GetCurrentSessionAsync();
        Assert.True(current.Authenticated);
        Assert.Equal(registered.User.Org._id, current.User.Org._id);
        var me = await session.Client.GetCurrentUserAsync();
        Assert.Equal(registered.User.Email, me.User.Email);

        var refreshed = await session.Client.RefreshTokenAsync(new RefreshToken_request { RefreshToken = login.RefreshToken });
        Assert.False(string.IsNullOrEmpty(refreshed.Token));
        session.Token = refreshed.Token;

        var loggedOut = await session.Client.LogoutUserAsync();
        Assert.False(string.IsNullOrEmpty(loggedOut.Message));
        // The session of the presenting token is gone: its refresh token no longer works.
        var refused = await Assert.ThrowsAsync<ApiException<RefreshToken_400_response>>(() =>
            session.Client.RefreshTokenAsync(new RefreshToken_request { RefreshToken = refreshed.RefreshToken }));
        Assert.Equal(401, refused.StatusCode);
        session.AssertEveryResponseMatchedTheContract("registerUser", "loginUser", "getCurrentSession", "getCurrentUser", "refreshToken", "logoutUser");
    }

    [Fact]
    public async Task AnOfficialClientCreatesListsChangesCountsRegeneratesAndDeletesApiKeys()
    {
        using var session = await OfficialSession.StartAsync(server.Factory);
        await session.RegisterAsync();
        var created = await session.Client.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = "Production API Key",
            ProjectId = "685ad30be129932fbb7a1047",
            Permissions = [new ApiKeyPermission { Resource = ApiKeyPermissionResource.Database, Actions = [Actions.Create, Actions.Read] }],
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(30),
        });
        var key = created.ApiKey;
        Assert.Matches("^key_", key._id);
        Assert.StartsWith("mudbase_sk_live_", key.Secret, StringComparison.Ordinal);
        Assert.True(key.IsActive);
        Assert.Equal([Actions.Create, Actions.Read], key.Permissions.Single().Actions);

        var listed = await session.Client.ListApiKeysAsync();
        Assert.Equal(1, listed.Total);
        Assert.Equal(key._id, listed.ApiKeys.Single()._id);

        const int Logged = 3;
        var bearer = session.Token;
        session.ApiKey = key.Secret;
        for (var i = 0; i < Logged; i++)
            await session.Client.LogSecurityEventAsync(Event());
        session.ApiKey = null;
        var usage = await session.Client.GetApiKeyUsageAsync(key._id);
        Assert.Equal(Logged, usage.Usage.Requests);
        Assert.True(usage.IsActive);

        var updated = await session.Client.UpdateApiKeyAsync(key._id, new UpdateApiKeyRequest { Name = "Renamed key", IsActive = false });
        Assert.Equal("Renamed key", updated.ApiKey.Name);
        Assert.False(updated.ApiKey.IsActive);
        session.ApiKey = key.Secret;
        Assert.Equal(401, (await Assert.ThrowsAnyAsync<ApiException>(() => session.Client.LogSecurityEventAsync(Event()))).StatusCode);
        session.ApiKey = null;
        session.Token = bearer;
        await session.Client.UpdateApiKeyAsync(key._id, new UpdateApiKeyRequest { IsActive = true });

        var regenerated = await session.Client.RegenerateApiKeyAsync(key._id);
        Assert.NotEqual(key.Secret, regenerated.Secret);
        session.ApiKey = regenerated.Secret;
        Assert.Matches("^evt_", (await session.Client.LogSecurityEventAsync(Event())).Event._id);
        session.ApiKey = key.Secret;
        Assert.Equal(401, (await Assert.ThrowsAnyAsync<ApiException>(() => session.Client.LogSecurityEventAsync(Event()))).StatusCode);
        session.ApiKey = null;

        Assert.False(string.IsNullOrEmpty((await session.Client.DeleteApiKeyAsync(key._id)).Message));
        Assert.Equal(0, (await session.Client.ListApiKeysAsync()).Total);
        session.AssertEveryResponseMatchedTheContract("createApiKey", "listApiKeys", "logSecurityEvent", "getApiKeyUsage", "updateApiKey", "regenerateApiKey", "deleteApiKey");
    }

    [Fact]
    public async Task AnOfficialClientManagesItsOrganisationAndSeesAuditorsAsViewersWithACustomRole()
    {
        using var session = await OfficialSession.StartAsync(server.Factory);
        var owner = await session.RegisterAsync("Globex Corporation");
        var orgId = owner.User.Org._id;

        var org = await session.Client.GetOrganizationAsync(orgId);
        Assert.Equal("globex-corporation", org.Slug);
        var renamed = await session.Client.UpdateOrganizationAsync(orgId, new UpdateOrganizationRequest { Name = "Globex", Website = "https://globex.example" });
        Assert.Equal("Globex", renamed.Org.Name);
        Assert.Equal("globex-corporation", renamed.Org.Slug);
        Assert.Equal("https://globex.example", renamed.Org.Website);

        var email = $"auditor-{Guid.NewGuid():N}@northwind.dev";
        var invited = await session.Client.InviteTeamMemberAsync(orgId, new InviteMemberRequest { Email = email, Role = InviteMemberRequestRole.Member });
        Assert.Equal(email, invited.Email);
        Assert.Equal("member", invited.Role);
        var token = invited.AdditionalProperties["token"].ToString()!;
        var ownerToken = session.Token;
        session.Token = null;
        var accepted = await session.Client.AcceptInviteAsync(new AcceptInvite_request
        {
            Token = token,
            Password = TestAccounts.Password,
            FirstName = "Audrey",
            LastName = "Tor",
        });
        session.Token = ownerToken;
        Assert.Equal(orgId, accepted.User.Org);
        var memberId = accepted.User.Id;

        // Our auditor role is not in the official enum: the official client reads it as viewer plus customRole.
        await new HttpClientRoleChange(server.Factory, session.Token!).SetAsync(memberId, "auditor");
        var members = await session.Client.GetOrganizationMembersAsync(orgId);
        Assert.Equal(2, members.Total);
        var auditor = members.Members.Single(m => m._id == memberId);
        Assert.Equal(UserRole.Viewer, auditor.Role);
        Assert.Equal("auditor", auditor.CustomRole);

        var promoted = await session.Client.UpdateMemberRoleAsync(orgId, memberId, new UpdateMemberRole_request { Role = UpdateMemberRole_requestRole.Admin });
        Assert.Equal(UserRole.Admin, promoted.User.Role);
        var overview = await session.Client.GetUserOverviewAsync(orgId, memberId);
        Assert.Equal(1, overview.Footprint.SessionCount);
        Assert.Equal(0, overview.Footprint.ApiKeyCount);

        Assert.False(string.IsNullOrEmpty((await session.Client.RemoveTeamMemberAsync(orgId, memberId)).Message));
        Assert.Equal(1, (await session.Client.GetOrganizationMembersAsync(orgId)).Total);

        var elsewhere = server.Owner.OrgId;
        Assert.Equal(404, (await Assert.ThrowsAnyAsync<ApiException>(() => session.Client.GetOrganizationAsync(elsewhere))).StatusCode);
        Assert.Equal(404, (await Assert.ThrowsAnyAsync<ApiException>(() => session.Client.GetOrganizationMembersAsync(elsewhere))).StatusCode);
        session.AssertEveryResponseMatchedTheContract("getOrganization", "updateOrganization", "inviteTeamMember", "acceptInvite", "getOrganizationMembers", "updateMemberRole", "getUserOverview", "removeTeamMember");
    }

    [Fact]
    public async Task AnOfficialClientLogsAnEventReadsTheSummaryAndTheServersHealth()
    {
        using var session = await OfficialSession.StartAsync(server.Factory);
        await session.RegisterAsync();
        var logged = await session.Client.LogSecurityEventAsync(Event());
        Assert.Matches("^evt_", logged.Event._id);
        Assert.Equal("unauthorized_access_attempt", logged.Event.EventType);
        Assert.Equal("high", logged.Event.Severity);
        Assert.True(logged.Event.Timestamp > DateTimeOffset.UtcNow.AddMinutes(-5));

        var summary = await session.Client.GetComplianceSummaryAsync();
        Assert.Equal("enabled", summary.Compliance.Security.PasswordPolicy);
        Assert.True(summary.Compliance.Soc2.AuditLoggingEnabled);

        var health = await session.Client.HealthCheckAsync();
        Assert.Equal(HealthResponseStatus.Healthy, health.Status);
        Assert.Equal("healthy", health.Services.Database);
        Assert.False(string.IsNullOrEmpty(health.Version));
        Assert.True(health.Timestamp > DateTimeOffset.UtcNow.AddMinutes(-5));

        var status = await session.Client.SystemStatusAsync();
        Assert.True(status.Success);
        Assert.True(status.Data.Memory.Total > 0);
        Assert.True(status.Data.Requests.Total > 0);
        Assert.True(status.Data.Cpu.Cores > 0);
        session.AssertEveryResponseMatchedTheContract("logSecurityEvent", "getComplianceSummary", "healthCheck", "systemStatus");
    }

    private static LogSecurityEvent_request Event() => new()
    {
        EventType = LogSecurityEvent_requestEventType.Unauthorized_access_attempt,
        Severity = LogSecurityEvent_requestSeverity.High,
        Details = new LogSecurityEvent_request_details { UserId = "usr_3HjF6SCqdOmxz6", Resource = "admin-panel", IpAddress = "192.168.1.100" },
    };

    /// <summary>The official contract cannot grant auditor; the test sets it through our own endpoint.</summary>
    private sealed class HttpClientRoleChange(MudbaseFactory factory, string token)
    {
        public async Task SetAsync(string userId, string role)
        {
            using var client = factory.Authorized(token);
            using var response = await client.PatchAsJsonAsync($"/api/org/members/{userId}", new { role });
            response.EnsureSuccessStatusCode();
        }
    }
}

public sealed class OfficialClientConformanceOnSqlite(SqliteServer server) : OfficialClientConformanceTests(server), IClassFixture<SqliteServer>;

public sealed class OfficialClientConformanceOnPostgres(PostgresServer server) : OfficialClientConformanceTests(server), IClassFixture<PostgresServer>;
