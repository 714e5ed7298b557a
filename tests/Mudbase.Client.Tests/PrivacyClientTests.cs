using System.Net;
using Mudbase.Contracts;

namespace Mudbase.Client.Tests;

public sealed class PrivacyClientTests(ClientServer server) : IClassFixture<ClientServer>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task ASubjectIsExportedHeldErasedAndTheRetentionSetThroughTheClient()
    {
        var owner = server.NewClient();
        await owner.Auth.RegisterAsync(new RegisterRequest($"owner-{Guid.NewGuid():N}@northwind.dev", Password, "Morgan", "Chen"));
        var subject = $"usr_{Guid.NewGuid():N}";
        var logged = await owner.Compliance.LogSecurityEventAsync(new LogSecurityEventRequest(SecurityEventTypes.UnauthorizedAccessAttempt,
            Severities.High, new SecurityEventDetails { UserId = subject, IpAddress = "203.0.113.7", Resource = "billing" }));

        var export = await owner.Privacy.ExportSubjectAsync(subject);
        Assert.Equal(logged.EventId, Assert.Single(export.Events).EventId);

        var hold = await owner.Privacy.PlaceLegalHoldAsync(new CreateLegalHoldRequest("Litigation", subject));
        var held = await owner.Privacy.EraseSubjectAsync(subject);
        Assert.Equal(logged.EventId, Assert.Single(held.HeldBack).EventId);
        Assert.Contains(await owner.Privacy.ListLegalHoldsAsync(), h => h.Id == hold.Id);
        Assert.NotNull((await owner.Privacy.ReleaseLegalHoldAsync(hold.Id)).ReleasedAt);

        var preview = await owner.Privacy.EraseSubjectAsync(subject, dryRun: true);
        Assert.True(preview.DryRun);
        Assert.Equal(2, preview.DetailsErased);
        var erased = await owner.Privacy.EraseSubjectAsync(subject);
        Assert.Equal(1, erased.EventsErased);
        Assert.Contains(await owner.Privacy.ListErasuresAsync(), e => e.ReceiptEventId == erased.ReceiptEventId);
        var view = await owner.Compliance.GetSecurityEventAsync(logged.EventId);
        Assert.Equal(["ipAddress", "userId"], view.ErasedFields!.Order());

        var policy = await owner.Privacy.SetRetentionAsync(new RetentionPolicyRequest(90, ["email"]));
        Assert.Equal(90, policy.RetentionDays);
        Assert.Contains("email", (await owner.Privacy.GetRetentionAsync()).PersonalKeys);
    }

    [Fact]
    public async Task AnAccountIsExportedAndErasedThroughTheClientAndAWrongPasswordIsRefused()
    {
        var owner = server.NewClient();
        await owner.Auth.RegisterAsync(new RegisterRequest($"owner-{Guid.NewGuid():N}@northwind.dev", Password, "Morgan", "Chen"));
        var invite = await owner.Org.CreateInviteAsync(new CreateInviteRequest($"member-{Guid.NewGuid():N}@northwind.dev", OrgRoles.Member));
        var member = server.NewClient();
        var joined = await member.Org.AcceptInviteAsync(new AcceptInviteRequest(invite.Token, Password, "Riley", "Park"));

        var export = await member.Privacy.ExportMyDataAsync();
        Assert.Equal(joined.User.Id, export.User.Id);

        var refused = await Assert.ThrowsAsync<MudbaseApiException>(() => member.Privacy.EraseMyDataAsync("not the password"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var erased = await member.Privacy.EraseMyDataAsync(Password);
        Assert.False(erased.Data.AlreadyErased);
        Assert.True((await member.Privacy.EraseMyDataAsync(Password)).Data.AlreadyErased);

        var soleOwner = await Assert.ThrowsAsync<MudbaseApiException>(() => owner.Privacy.EraseMyDataAsync(Password));
        Assert.Equal(HttpStatusCode.Conflict, soleOwner.StatusCode);
    }
}
