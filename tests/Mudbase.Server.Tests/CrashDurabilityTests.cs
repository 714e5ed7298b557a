using System.Net;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public sealed class CrashDurabilityTests
{
    [Fact]
    public async Task EventsAcknowledgedBeforeASigkillAreThereAfterRestart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mudbase-tests", Guid.NewGuid().ToString("N"));
        try
        {
            TestAccount account;
            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
            await using (var server = await ServerProcess.StartAsync(dataDirectory))
            {
                account = await TestAccounts.RegisterAsync(server.CreateClient());
                using var cancel = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
                {
                    using var client = server.CreateClient();
                    client.DefaultRequestHeaders.Authorization = new("Bearer", account.Token);
                    while (!cancel.IsCancellationRequested)
                    {
                        try
                        {
                            using var response = await client.PostEventAsync(Json.SeedExample);
                            if (response.StatusCode == HttpStatusCode.OK)
                                acknowledged.Add((await Json.ReadAsync(response)).GetProperty("eventId").GetString()!);
                        }
                        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                        {
                            return;
                        }
                    }
                })).ToList();

                while (acknowledged.Count < 300)
                    await Task.Delay(20);
                // Killed while writers are mid-flight: only what was acknowledged is promised.
                server.Kill();
                await cancel.CancelAsync();
                await Task.WhenAll(writers);
            }

            await using var restarted = await ServerProcess.StartAsync(dataDirectory);
            using var reader = restarted.CreateClient();
            reader.DefaultRequestHeaders.Authorization = new("Bearer", account.Token);
            foreach (var id in acknowledged)
            {
                using var response = await reader.GetAsync($"api/compliance/security-events/{id}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"acknowledged event {id} is missing after the crash");
            }
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
                Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
