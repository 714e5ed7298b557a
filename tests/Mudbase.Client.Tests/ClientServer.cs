using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mudbase.Client.Tests;

/// <summary>A real Mudbase server in memory on a fresh data directory, for driving the client end to end.</summary>
public sealed class ClientServer : WebApplicationFactory<Program>
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "mudbase-client-tests", Guid.NewGuid().ToString("N"));

    public MudbaseClient NewClient() => new(CreateClient());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Mudbase:DataDirectory", dataDirectory);
        // Detection rules would record events of their own into the logs the tests count.
        builder.UseSetting("Mudbase:Rules:Evaluate", "false");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataDirectory))
            Directory.Delete(dataDirectory, recursive: true);
    }
}
