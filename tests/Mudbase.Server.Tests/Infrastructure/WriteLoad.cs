using System.Net;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Several clients appending events back to back until stopped, every one acknowledged.</summary>
public sealed class WriteLoad
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task<int>> writers;

    private WriteLoad(MudbaseFactory factory, string token, int clients) =>
        writers = Enumerable.Range(0, clients).Select(w => Task.Run(async () =>
        {
            var writer = factory.Authorized(token);
            var written = 0;
            while (!stop.IsCancellationRequested)
            {
                using var response = await writer.PostEventAsync(new { eventType = "bulk_data_export", severity = "low", details = new { writer = w, row = written } });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                written++;
            }
            return written;
        })).ToList();

    public static WriteLoad Start(MudbaseFactory factory, string token, int clients = 4) => new(factory, token, clients);

    /// <summary>Stops the writers and returns how many events they had acknowledged.</summary>
    public async Task<int> StopAsync()
    {
        await stop.CancelAsync();
        var written = (await Task.WhenAll(writers)).Sum();
        stop.Dispose();
        return written;
    }
}
