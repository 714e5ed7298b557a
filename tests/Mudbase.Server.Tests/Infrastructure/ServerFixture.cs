namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>One server and one registered owner shared by a test class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public MudbaseFactory Factory { get; } = new();

    public TestAccount Owner { get; private set; } = null!;

    public HttpClient OwnerClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Owner = await TestAccounts.RegisterAsync(Factory.CreateClient());
        OwnerClient = Factory.Authorized(Owner.Token);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
