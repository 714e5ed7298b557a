using System.Net;
using Mudbase.Contracts;
using OtpNet;

namespace Mudbase.Client.Tests;

public sealed class AccountClientTests(ClientServer server) : IClassFixture<ClientServer>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task TwoFactorSignInThroughTheClientNeedsACodeAfterThePassword()
    {
        var (client, auth) = await OwnerAsync();
        var setup = await client.Account.SetupTwoFactorAsync();
        var app = new Totp(Base32Encoding.ToBytes(setup.Secret));
        var verified = await client.Account.VerifyTwoFactorAsync(app.ComputeTotp(DateTime.UtcNow));
        Assert.Equal(10, verified.BackupCodes.Count);
        Assert.True((await client.Account.GetTwoFactorStatusAsync()).Enabled);

        var other = server.NewClient();
        var started = await other.Account.LoginAsync(new LoginRequest(auth.User.Email, Password));
        Assert.Null(started.Tokens);
        var challenge = Assert.IsType<LoginChallengeResponse>(started.Challenge);
        var wrong = await Assert.ThrowsAsync<MudbaseApiException>(() => other.Account.CompleteLoginAsync(challenge.ChallengeToken, "not a code"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var signedIn = await other.Account.CompleteLoginAsync(challenge.ChallengeToken, verified.BackupCodes[0]);

        Assert.Equal(auth.User.Id, signedIn.User.Id);
        Assert.Equal(auth.User.Id, (await other.Auth.GetSessionAsync()).User.Id);
    }

    [Fact]
    public async Task APasswordChangeThroughTheClientKeepsTheClientSignedIn()
    {
        var (client, auth) = await OwnerAsync();

        var refused = await Assert.ThrowsAsync<MudbaseApiException>(() =>
            client.Account.ChangePasswordAsync(new ChangePasswordRequest("wrong password", "a brand new passphrase")));
        var changed = await client.Account.ChangePasswordAsync(new ChangePasswordRequest(Password, "a brand new passphrase"));
        var profile = await client.Account.UpdateProfileAsync(new UpdateProfileRequest(FirstName: "Jordan"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Password changed successfully", changed.Message);
        Assert.Equal("Jordan", profile.User.FirstName);
        var stale = await Assert.ThrowsAsync<MudbaseApiException>(() => server.NewClient().Auth.RefreshAsync(auth.RefreshToken));
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
    }

    [Fact]
    public async Task ReportsThroughTheClientCarryFindingsAndTheProcessingRecord()
    {
        var (client, _) = await OwnerAsync();
        var period = new ReviewPeriod(DateTimeOffset.UtcNow.AddDays(-7), DateTimeOffset.UtcNow.AddMinutes(1));

        var review = await client.Reports.GenerateAccessReviewAsync(period);
        var csv = await client.Reports.GetAccessReviewCsvAsync(period);
        var finding = Assert.Single(review.Findings);
        var signOff = await client.Reports.SignOffAccessReviewAsync(period, [new AccessReviewDecision(finding.Id, "keep")]);
        await client.Reports.SetProcessingProfileAsync(new ProcessingProfile(Controller: new ContactDetails("Northwind Ltd", "privacy@northwind.dev")));
        var record = await client.Reports.GenerateDataProcessingRecordAsync();
        var badPeriod = await Assert.ThrowsAsync<MudbaseApiException>(() =>
            client.Reports.GenerateAccessReviewAsync(new ReviewPeriod(period.End, period.Start)));

        Assert.Equal(AccessFindingKinds.PrivilegedWithoutMfa, finding.Kind);
        Assert.StartsWith("type,id,", csv, StringComparison.Ordinal);
        Assert.Equal(1, signOff.Kept);
        Assert.StartsWith("evt_", signOff.EventId, StringComparison.Ordinal);
        Assert.Equal("Northwind Ltd", record.DataController.Name);
        Assert.Equal(ErrorCodes.ValidationError, badPeriod.Code);
    }

    private async Task<(MudbaseClient Client, AuthResponse Auth)> OwnerAsync()
    {
        var client = server.NewClient();
        var auth = await client.Auth.RegisterAsync(new RegisterRequest($"owner-{Guid.NewGuid():N}@northwind.dev", Password, "Morgan", "Chen"));
        return (client, auth);
    }
}
