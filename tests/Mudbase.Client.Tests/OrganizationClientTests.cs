using System.Net;
using Mudbase.Contracts;

namespace Mudbase.Client.Tests;

/// <summary><c>client.Organization</c> at the official contract's paths, <c>client.Health</c>, and reading one API key.</summary>
public sealed class OrganizationClientTests(ClientServer server) : IClassFixture<ClientServer>
{
    [Fact]
    public async Task AnOwnerReadsRenamesInvitesPromotesInspectsAndRemovesThroughTheOfficialPaths()
    {
        var (owner, auth) = await server.NewOwnerAsync("Hooli");
        var orgId = auth.User.OrgId;

        var org = await owner.Organization.GetAsync(orgId);
        Assert.Equal(orgId, org.Id);
        Assert.Equal("hooli", org.Slug);
        var renamed = await owner.Organization.UpdateAsync(orgId, new UpdateOrganizationRequest("Hooli XYZ", Website: "https://hooli.example"));
        Assert.Equal("Hooli XYZ", renamed.Org.Name);
        Assert.Equal("hooli", renamed.Org.Slug);

        var invite = await owner.Organization.InviteAsync(orgId, new CreateInviteRequest(ClientServer.Email("member"), OrgRoles.Member));
        Assert.Equal(OrgRoles.Member, invite.Role);
        var joined = await server.NewClient().Org.AcceptInviteAsync(new AcceptInviteRequest(invite.Token, ClientServer.Password, "Riley", "Park"));
        var members = await owner.Organization.GetMembersAsync(orgId);
        Assert.Equal(2, members.Total);
        Assert.Contains(members.Members, m => m.Id == joined.User.Id && m.Org.Id == orgId);

        var promoted = await owner.Organization.UpdateMemberRoleAsync(orgId, joined.User.Id, OrgRoles.Auditor);
        Assert.Equal(OrgRoles.Viewer, promoted.User.Role);
        Assert.Equal(OrgRoles.Auditor, promoted.User.CustomRole);
        var overview = await owner.Organization.GetUserOverviewAsync(orgId, joined.User.Id);
        Assert.Equal(1, overview.Footprint.SessionCount);

        await owner.Organization.RemoveMemberAsync(orgId, joined.User.Id);
        Assert.Equal(1, (await owner.Organization.GetMembersAsync(orgId)).Total);
    }

    [Fact]
    public async Task AnotherOrganisationsIdIsNotFound()
    {
        var (_, theirs) = await server.NewOwnerAsync("Pied Piper");
        var (mine, _) = await server.NewOwnerAsync("Raviga");

        var error = await Assert.ThrowsAsync<MudbaseApiException>(() => mine.Organization.GetAsync(theirs.User.OrgId));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task HealthIsPublicAndTheStatusNeedsAnOwnerOrAdmin()
    {
        var anonymous = server.NewClient();
        var health = await anonymous.Health.CheckAsync();
        Assert.Equal("healthy", health.Status);
        Assert.Equal("healthy", health.Services["database"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<MudbaseApiException>(() => anonymous.Health.GetStatusAsync())).StatusCode);

        var (owner, _) = await server.NewOwnerAsync("Bachmanity");
        var status = await owner.Health.GetStatusAsync();
        Assert.True(status.Data.Cpu.Cores > 0);
        Assert.Equal("healthy", status.Data.Services["ledger"]);
    }

    [Fact]
    public async Task OneApiKeyIsReadWithoutItsSecretAndARevokedOneIsNotFound()
    {
        var (owner, _) = await server.NewOwnerAsync("Endframe");
        var created = await owner.ApiKeys.CreateAsync(new CreateApiKeyRequest("ingest", [ApiKeyScopes.EventsWrite]));

        var key = await owner.ApiKeys.GetAsync(created.ApiKey.Id);
        Assert.Equal("ingest", key.Name);
        Assert.Null(key.Secret);
        await owner.ApiKeys.RevokeAsync(created.ApiKey.Id);

        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<MudbaseApiException>(() => owner.ApiKeys.GetAsync(created.ApiKey.Id))).StatusCode);
    }
}
