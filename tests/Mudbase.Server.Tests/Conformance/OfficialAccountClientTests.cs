using Mudbase.Server.Tests.Conformance.Generated;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Conformance;

/// <summary>
/// The official contract's two-factor, profile, password, GDPR and report operations, driven through the client NSwag
/// generates from it, with every live response validated against the official schema and against our own document.
/// </summary>
public abstract class OfficialAccountClientTests(ServerFixture server)
{
    [Fact]
    public async Task AnOfficialClientSetsUpVerifiesAndDisablesTwoFactorSignIn()
    {
        using var session = await OfficialSession.StartAsync(server.Factory);
        await session.RegisterAsync();

        var setup = await session.Client.Setup2FAAsync();
        Assert.StartsWith("data:image/png;base64,", setup.QrCode, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(setup.Secret));
        var now = server.Factory.Clock.GetUtcNow();
        var verified = await session.Client.Verify2FAAsync(new Verify2FA_request { Token = TotpCodes.At(setup.Secret, now) });
        Assert.False(string.IsNullOrEmpty(verified.Message));
        var backupCodes = (Newtonsoft.Json.Linq.JArray)verified.AdditionalProperties["backupCodes"];
        Assert.Equal(10, backupCodes.Count);

        var wrong = await Assert.ThrowsAnyAsync<ApiException>(() =>
            session.Client.Disable2FAAsync(new Disable2FA_request { Password = "not the password", Token = TotpCodes.At(setup.Secret, now.AddSeconds(30)) }));
        Assert.InRange(wrong.StatusCode, 400, 401);
        var disabled = await session.Client.Disable2FAAsync(new Disable2FA_request
        {
            Password = TestAccounts.Password,
            Token = TotpCodes.At(setup.Secret, now.AddSeconds(30)),
        });
        Assert.False(string.IsNullOrEmpty(disabled.Message));
        session.AssertEveryResponseMatchedTheContract("setup2FA", "verify2FA", "disable2FA");
    }

    [Fact]
    public async Task AnOfficialClientChangesItsProfileAndPasswordExportsItsDataAndErasesItself()
    {
        using var session = await OfficialSession.StartAsync(server.Factory);
        var owner = await session.RegisterAsync("Soylent Foods");
        var soleOwner = await Assert.ThrowsAsync<ApiException<EraseUserData_409_response>>(() =>
            session.Client.EraseUserDataAsync(new EraseUserData_request { Confirm = EraseUserData_requestConfirm.DELETE, CurrentPassword = TestAccounts.Password }));
        Assert.Equal(409, soleOwner.StatusCode);
        var invited = await session.Client.InviteTeamMemberAsync(owner.User.Org._id,
            new InviteMemberRequest { Email = $"member-{Guid.NewGuid():N}@northwind.dev", Role = InviteMemberRequestRole.Member });
        session.Token = null;
        var member = await session.Client.AcceptInviteAsync(new AcceptInvite_request
        {
            Token = invited.AdditionalProperties["token"].ToString()!,
            Password = TestAccounts.Password,
            FirstName = "Ines",
            LastName = "Member",
        });
        session.Token = member.Token;

        var profile = await session.Client.UpdateUserProfileAsync(new UpdateUserRequest { FirstName = "Grace", LastName = "Hopper" });
        Assert.Equal("Grace", profile.User.FirstName);
        Assert.Equal(member.User.Id, profile.User._id);
        const string NewPassword = "a much longer passphrase";
        var changed = await session.Client.ChangePasswordAsync(new ChangePasswordRequest { CurrentPassword = TestAccounts.Password, NewPassword = NewPassword });
        Assert.False(string.IsNullOrEmpty(changed.Message));
        session.Token = changed.AdditionalProperties["token"].ToString();

        var exported = await session.Client.ExportUserDataAsync();
        Assert.Equal(member.User.Email, exported.User.Email);
        Assert.True(exported.ExportedAt > DateTimeOffset.UtcNow.AddMinutes(-5));

        var erased = await session.Client.EraseUserDataAsync(new EraseUserData_request { Confirm = EraseUserData_requestConfirm.DELETE, CurrentPassword = NewPassword });
        Assert.True(erased.Success);
        Assert.True(erased.Data.Anonymized);
        Assert.True(erased.Data.SessionsRevoked);
        Assert.Equal(member.User.Id, erased.Data.SubjectId);
        Assert.Equal(401, (await Assert.ThrowsAnyAsync<ApiException>(() => session.Client.GetCurrentUserAsync())).StatusCode);
        session.AssertEveryResponseMatchedTheContract("inviteTeamMember", "acceptInvite", "updateUserProfile", "changePassword", "exportUserData", "eraseUserData");
    }

    [Fact]
    public async Task AnOfficialClientGeneratesAnAccessReviewAndAnArticle30Record()
    {
        using var session = await OfficialSession.StartAsync(server.Factory);
        var owner = await session.RegisterAsync("Umbrella Logistics");
        var orgId = owner.User.Org._id;
        var now = server.Factory.Clock.GetUtcNow();

        var review = await session.Client.GenerateAccessReviewAsync(new GenerateAccessReview_request
        {
            OrgId = orgId,
            ReviewPeriod = new GenerateAccessReview_request_reviewPeriod { Start = now.AddDays(-30), End = now.AddMinutes(1) },
        });
        Assert.Equal(orgId, review.Report.OrgId);
        Assert.Single(review.Report.Users);
        Assert.NotNull(review.Report.Summary);
        Assert.True(review.Report.GeneratedAt > now.AddMinutes(-5));

        var record = await session.Client.GenerateDataProcessingRecordAsync(new GenerateDataProcessingRecord_request { OrgId = orgId, RecordDate = now });
        Assert.Equal(orgId, record.Record.OrgId);
        Assert.NotNull(record.Record.DataController);
        Assert.NotEmpty(record.Record.ProcessingActivities);
        Assert.NotEmpty(record.Record.DataSubjects);

        var elsewhere = server.Owner.OrgId;
        Assert.Equal(404, (await Assert.ThrowsAnyAsync<ApiException>(() => session.Client.GenerateAccessReviewAsync(new GenerateAccessReview_request
        {
            OrgId = elsewhere,
            ReviewPeriod = new GenerateAccessReview_request_reviewPeriod { Start = now.AddDays(-30), End = now },
        }))).StatusCode);
        session.AssertEveryResponseMatchedTheContract("generateAccessReview", "generateDataProcessingRecord");
    }
}

public sealed class OfficialAccountClientOnSqlite(SqliteServer server) : OfficialAccountClientTests(server), IClassFixture<SqliteServer>;

public sealed class OfficialAccountClientOnPostgres(PostgresServer server) : OfficialAccountClientTests(server), IClassFixture<PostgresServer>;
