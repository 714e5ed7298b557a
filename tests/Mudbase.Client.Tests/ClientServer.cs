using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Mudbase.Contracts;
using Mudbase.Tests.Shared;

namespace Mudbase.Client.Tests;

/// <summary>A real Mudbase server in memory on a fresh data directory, for driving the client end to end.</summary>
public sealed class ClientServer : WebApplicationFactory<Program>
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "mudbase-client-tests", Guid.NewGuid().ToString("N"));

    public const string Password = "correct horse battery";

    public MudbaseClient NewClient() => new(CreateClient());

    /// <summary>A client signed in as the owner of a new organisation.</summary>
    public async Task<(MudbaseClient Client, AuthResponse Auth)> NewOwnerAsync(string? orgName = null)
    {
        var client = NewClient();
        var auth = await client.Auth.RegisterAsync(new RegisterRequest(Email("owner"), Password, "Morgan", "Chen", orgName));
        return (client, auth);
    }

    public static string Email(string role) => $"{role}-{Guid.NewGuid():N}@northwind.dev";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Mudbase:DataDirectory", dataDirectory);
        foreach (var (key, value) in TestServerSettings.Defaults)
            builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataDirectory))
            Directory.Delete(dataDirectory, recursive: true);
    }
}
