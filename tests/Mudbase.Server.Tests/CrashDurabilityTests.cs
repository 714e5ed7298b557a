using System.Net;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class CrashDurabilityTests(StorageKind storage)
{
    [Fact]
    public async Task EventsAcknowledgedBeforeASigkillAreThereAfterRestart()
    {
        await using var data = ProcessStorage.Create(storage);
        TestAccount account;
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using (var server = await data.StartServerAsync())
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

        await using var restarted = await data.StartServerAsync();
        using var reader = restarted.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new("Bearer", account.Token);
        foreach (var id in acknowledged)
        {
            using var response = await reader.GetAsync($"api/compliance/security-events/{id}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"acknowledged event {id} is missing after the crash");
        }
    }
}

public sealed class CrashDurabilityOnSqlite() : CrashDurabilityTests(StorageKind.Sqlite);

public sealed class CrashDurabilityOnPostgres() : CrashDurabilityTests(StorageKind.Postgres);
