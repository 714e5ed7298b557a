using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Observability;

public abstract class TracingTests(StorageKind storage)
{
    [Fact]
    public async Task WithAnOtlpEndpointRequestsAndTheAppendPipelineAreExportedAsSpans()
    {
        await using var collector = new OtlpReceiver();
        await using var factory = new MudbaseFactory(storage, new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        var owner = await TestAccounts.RegisterAsync(factory.CreateClient());

        await factory.Authorized(owner.Token).LogManyAsync(2);

        string[] expected = storage == StorageKind.Postgres
            ? ["mudbase.append.commit", "mudbase.append", "/api/compliance/security-event", "postgresql"]
            : ["mudbase.append.commit", "mudbase.append", "/api/compliance/security-event"];
        Assert.True(await collector.WaitForTracesContainingAsync(TimeSpan.FromSeconds(20), expected));
    }

    [Fact]
    public async Task WithoutAnOtlpEndpointNothingIsExported()
    {
        await using var collector = new OtlpReceiver();
        await using var factory = new MudbaseFactory(storage);
        var owner = await TestAccounts.RegisterAsync(factory.CreateClient());

        await factory.Authorized(owner.Token).LogManyAsync(2);

        Assert.False(await collector.WaitForTracesContainingAsync(TimeSpan.FromSeconds(2), "mudbase.append"));
    }
}

public sealed class TracingOnSqlite() : TracingTests(StorageKind.Sqlite);

public sealed class TracingOnPostgres() : TracingTests(StorageKind.Postgres);
