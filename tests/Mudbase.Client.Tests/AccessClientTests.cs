using System.Net;
using Mudbase.Contracts;

namespace Mudbase.Client.Tests;

public sealed class AccessClientTests(ClientServer server) : IClassFixture<ClientServer>
{
    [Fact]
    public async Task AnInviteeAcceptsThroughTheClientAndIsSignedInWithTheInvitedRole()
    {
        var (owner, _) = await server.NewOwnerAsync();
        var email = ClientServer.Email("auditor");
        var invite = await owner.Org.CreateInviteAsync(new CreateInviteRequest(email, OrgRoles.Auditor));
        Assert.StartsWith("inv_", invite.InviteId, StringComparison.Ordinal);

        var invitee = server.NewClient();
        var accepted = await invitee.Org.AcceptInviteAsync(new AcceptInviteRequest(invite.Token, ClientServer.Password, "Riley", "Park"));

        Assert.Equal(OrgRoles.Auditor, accepted.User.Role);
        // The client now holds the invitee's token: an auditor may list members.
        var members = await invitee.Org.ListMembersAsync();
        Assert.Contains(members, m => m.Email == email && m.Role == OrgRoles.Auditor);
        Assert.Contains(members, m => m.Role == OrgRoles.Owner);
    }

    [Fact]
    public async Task AnExistingAccountAcceptsWithTheTokenTheClientHolds()
    {
        var (owner, ownerAuth) = await server.NewOwnerAsync();
        var (other, otherAuth) = await server.NewOwnerAsync();
        var invite = await owner.Org.CreateInviteAsync(new CreateInviteRequest(otherAuth.User.Email, OrgRoles.Member));

        var accepted = await other.Org.AcceptInviteAsync(new AcceptInviteRequest(invite.Token));

        Assert.Equal(otherAuth.User.Id, accepted.User.Id);
        Assert.Equal(ownerAuth.User.OrgId, accepted.User.OrgId);
        Assert.Equal(OrgRoles.Member, accepted.User.Role);
    }

    [Fact]
    public async Task MembersAreUpdatedAndRemovedThroughTheClient()
    {
        var (owner, ownerAuth) = await server.NewOwnerAsync();
        var invite = await owner.Org.CreateInviteAsync(new CreateInviteRequest(ClientServer.Email("member"), OrgRoles.Member));
        var joined = await server.NewClient().Org.AcceptInviteAsync(new AcceptInviteRequest(invite.Token, ClientServer.Password, "Riley", "Park"));

        var updated = await owner.Org.UpdateMemberRoleAsync(joined.User.Id, OrgRoles.Admin);
        Assert.Equal(OrgRoles.Admin, updated.Role);
        await owner.Org.RemoveMemberAsync(joined.User.Id);

        Assert.DoesNotContain(await owner.Org.ListMembersAsync(), m => m.UserId == joined.User.Id);
        var lastOwner = await Assert.ThrowsAsync<MudbaseApiException>(() => owner.Org.RemoveMemberAsync(ownerAuth.User.Id));
        Assert.Equal(HttpStatusCode.Conflict, lastOwner.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, lastOwner.Code);
    }

    [Fact]
    public async Task AKeyCreatedThroughTheClientLogsEventsAndStopsWorkingOnceRevoked()
    {
        var (owner, _) = await server.NewOwnerAsync();
        var created = await owner.ApiKeys.CreateAsync(new CreateApiKeyRequest("ingest", [ApiKeyScopes.EventsWrite], DateTimeOffset.UtcNow.AddDays(30), ClientServer.Password));
        Assert.StartsWith("mudbase_sk_live_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(created.Secret.Substring(16, 8), created.ApiKey.Prefix);

        var service = server.NewClient();
        service.SetApiKey(created.Secret);
        var logged = await service.Compliance.LogSecurityEventAsync(new LogSecurityEventRequest(SecurityEventTypes.SuspiciousApiActivity, Severities.Low));
        Assert.Equal(created.ApiKey.Id, (await owner.Compliance.GetSecurityEventAsync(logged.EventId)).Actor);

        var listed = Assert.Single(await owner.ApiKeys.ListAsync());
        Assert.Equal(created.ApiKey.Id, listed.Id);
        Assert.Equal([ApiKeyScopes.EventsWrite], listed.Scopes);
        Assert.NotNull(listed.LastUsedAt);

        await owner.ApiKeys.RevokeAsync(created.ApiKey.Id);
        var refused = await Assert.ThrowsAsync<MudbaseApiException>(() =>
            service.Compliance.LogSecurityEventAsync(new LogSecurityEventRequest(SecurityEventTypes.SuspiciousApiActivity, Severities.Low)));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Empty(await owner.ApiKeys.ListAsync());
    }

    [Fact]
    public async Task AKeyIsCountedDeactivatedAndReKeyedThroughTheClient()
    {
        var (owner, _) = await server.NewOwnerAsync();
        var created = await owner.ApiKeys.CreateAsync(new CreateApiKeyRequest("ingest", [ApiKeyScopes.EventsWrite]));
        var service = server.NewClient();
        service.SetApiKey(created.Secret);
        var logEvent = () => service.Compliance.LogSecurityEventAsync(new LogSecurityEventRequest(SecurityEventTypes.SuspiciousApiActivity, Severities.Low));
        await logEvent();
        await logEvent();

        Assert.Equal(2, (await owner.ApiKeys.GetUsageAsync(created.ApiKey.Id)).Usage.Requests);
        var inactive = await owner.ApiKeys.UpdateAsync(created.ApiKey.Id, new UpdateApiKeyBody(Name: "paused", IsActive: false));
        Assert.False(inactive.IsActive);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<MudbaseApiException>(logEvent)).StatusCode);

        await owner.ApiKeys.UpdateAsync(created.ApiKey.Id, new UpdateApiKeyBody(IsActive: true));
        var regenerated = await owner.ApiKeys.RegenerateAsync(created.ApiKey.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<MudbaseApiException>(logEvent)).StatusCode);
        service.SetApiKey(regenerated.Secret);
        await logEvent();
        Assert.Equal(regenerated.Secret.Substring(16, 8), regenerated.ApiKey.Prefix);
    }

    [Fact]
    public async Task AKeyCannotManageKeys()
    {
        var (owner, _) = await server.NewOwnerAsync();
        var created = await owner.ApiKeys.CreateAsync(new CreateApiKeyRequest("reader", [ApiKeyScopes.EventsRead], CurrentPassword: ClientServer.Password));
        var service = server.NewClient();
        service.SetApiKey(created.Secret);

        var error = await Assert.ThrowsAsync<MudbaseApiException>(() => service.ApiKeys.ListAsync());

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(ErrorCodes.Forbidden, error.Code);
    }
}
