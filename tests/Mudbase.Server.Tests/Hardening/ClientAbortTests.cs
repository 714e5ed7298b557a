using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Sqlite;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Hardening;

/// <summary>A client that hangs up is not an error of the server: nothing is logged at error level for it.</summary>
public sealed class ClientAbortTests : IAsyncLifetime
{
    private readonly ErrorLog errors = new();
    private readonly StallingAccessStore.Switch stall = new();
    private readonly TaskCompletionSource ingestFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MudbaseFactory server = null!;
    private WebApplicationFactory<Program> factory = null!;

    public Task InitializeAsync()
    {
        server = new MudbaseFactory(StorageKind.Sqlite);
        factory = server.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton<ILoggerProvider>(errors);
            s.AddSingleton<IRequestAccessStore>(provider =>
                new StallingAccessStore(ActivatorUtilities.CreateInstance<SqliteRequestAccessStore>(provider), stall));
            s.AddSingleton<IStartupFilter>(new FinishedSignal("/api/compliance/security-event", ingestFinished));
        }));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task AClientThatHangsUpDuringTheMembershipReadLeavesNoErrorInTheLog()
    {
        var owner = await TestAccounts.RegisterAsync(factory.CreateClient());
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.Token);
        stall.On = true;
        using var hangUp = new CancellationTokenSource();
        var posting = client.PostAsync("/api/compliance/security-event",
            new StringContent(Json.SeedExample, Encoding.UTF8, "application/json"), hangUp.Token);

        await stall.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);
        await ingestFinished.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(stall.Cancelled, "the membership read was not cancelled with the request");
        Assert.Empty(errors.Entries);
    }

    /// <summary>The membership read, held while <see cref="Switch.On"/> until the request is aborted.</summary>
    private sealed class StallingAccessStore(IRequestAccessStore inner, StallingAccessStore.Switch stall) : IRequestAccessStore
    {
        public sealed class Switch
        {
            public volatile bool On;
            public volatile bool Cancelled;
            public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public async Task<RequestAccess?> FindAsync(string userId, string orgId, string? sessionId, CancellationToken cancellationToken)
        {
            if (stall.On)
            {
                stall.Entered.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    stall.Cancelled = true;
                    throw;
                }
            }
            return await inner.FindAsync(userId, orgId, sessionId, cancellationToken);
        }
    }

    /// <summary>Outermost middleware: signals when a request to <paramref name="path"/> has been through the whole pipeline.</summary>
    private sealed class FinishedSignal(PathString path, TaskCompletionSource finished) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                try
                {
                    await nextMiddleware(context);
                }
                finally
                {
                    if (context.Request.Path == path)
                        finished.TrySetResult();
                }
            });
            next(app);
        };
    }
}
