using System.Net;
using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>
/// One organisation with a principal of every kind, and the resources matrix requests act on. Requests that
/// consume something (a member to remove, a key to revoke, an invite to accept) get a fresh one each time, so
/// every principal meets the same state.
/// </summary>
public sealed class MatrixContext
{
    private readonly ServerFixture server;
    private readonly Dictionary<Principal, HttpClient> clients = [];

    private MatrixContext(ServerFixture server) => this.server = server;

    /// <summary>An account outside the organisation whose credentials the login and refresh requests use.</summary>
    public TestAccount Spare { get; private set; } = null!;

    /// <summary>The member whose role the PATCH request sets.</summary>
    public TestAccount Target { get; private set; } = null!;

    /// <summary>An event of the organisation, for the read and proof requests.</summary>
    public string EventId { get; private set; } = null!;

    /// <summary>The organisation every principal belongs to, for the <c>/api/orgs/{orgId}</c> paths.</summary>
    public string OrgId => server.Owner.OrgId;

    public HttpClient ClientFor(Principal principal) => clients[principal];

    public static async Task<MatrixContext> CreateAsync(ServerFixture server)
    {
        var context = new MatrixContext(server);
        var factory = server.Factory;
        context.clients[Principal.Owner] = server.OwnerClient;
        foreach (var (principal, role) in new[] { (Principal.Admin, "admin"), (Principal.Auditor, "auditor"), (Principal.Member, "member"), (Principal.Viewer, "viewer") })
            context.clients[principal] = factory.Authorized((await server.JoinAsync(role)).Token);
        context.clients[Principal.ReadKey] = factory.WithKey((await server.OwnerClient.CreateKeyAsync("events:read")).Secret);
        context.clients[Principal.WriteKey] = factory.WithKey((await server.OwnerClient.CreateKeyAsync("events:write")).Secret);
        context.clients[Principal.Anonymous] = factory.CreateClient();
        context.Spare = await TestAccounts.RegisterAsync(factory.CreateClient());
        context.Target = await server.JoinAsync("member");
        context.EventId = await server.OwnerClient.LogAsync(new { eventType = "suspicious_api_activity", severity = "low" });
        return context;
    }

    public async Task<string> FreshRefreshTokenAsync()
    {
        using var response = await server.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = Spare.Email, password = Spare.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("refreshToken").GetString()!;
    }

    public Task<string> FreshInviteAsync() => server.OwnerClient.InviteAsync($"invitee-{Guid.NewGuid():N}@northwind.dev", "member");

    public async Task<string> FreshMemberAsync() => (await server.JoinAsync("member")).UserId;

    public const string WebhookUrl = "https://matrix.invalid/hook";

    private Task<string>? webhook;

    /// <summary>A webhook of the organisation for the requests that read or change one; DELETE gets a fresh one.</summary>
    public Task<string> WebhookAsync() => webhook ??= FreshWebhookAsync();

    public async Task<string> FreshWebhookAsync() => (await Alerts.WebhookClient.CreateWebhookAsync(server.OwnerClient, new { url = WebhookUrl })).Id;

    public async Task<string> FreshHoldAsync() =>
        (await server.OwnerClient.PlaceHoldAsync(new { subjectId = "usr_matrix", reason = "Matrix" })).GetProperty("id").GetString()!;

    public async Task<string> FreshRuleAsync() => (await Detections.CreateRuleAsync(server.OwnerClient, new
    {
        name = "Matrix",
        match = new { eventTypes = new[] { "mfa_bypass_attempt" } },
        threshold = 3,
        windowSeconds = 60,
        emit = new { severity = "low" },
    })).GetProperty("id").GetString()!;

    public async Task<string> FreshKeyAsync() => (await server.OwnerClient.CreateKeyAsync("events:write")).Id;
}
