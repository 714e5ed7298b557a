using System.Net;
using Mudbase.Contracts;

namespace Mudbase.Client.Tests;

public sealed class StreamClientTests(ClientServer server) : IClassFixture<ClientServer>
{
    [Fact]
    public async Task StreamingReplaysAfterASequenceThenYieldsNewEventsWithTheFilters()
    {
        var client = await SignedInClientAsync();
        await client.Compliance.LogSecurityEventsBatchAsync([Event("private_key_export"), Event("vault_unsealed"), Event("private_key_export")]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var seen = new List<long>();
        await foreach (var view in client.Compliance.StreamSecurityEventsAsync(
            new SecurityEventFilter { EventTypes = ["private_key_export"], Ascending = true }, after: 1, cancellationToken: stop.Token))
        {
            seen.Add(view.Sequence);
            if (seen.Count == 1)
                await client.Compliance.LogSecurityEventsBatchAsync([Event("vault_unsealed"), Event("private_key_export")]);
            else
                break;
        }

        Assert.Equal([3L, 5L], seen);
    }

    [Fact]
    public async Task StreamingReconnectsWithTheLastIdAfterTheConnectionBreaks()
    {
        var writer = await SignedInClientAsync(out var token);
        var cutter = new CuttingHandler();
        var reader = new MudbaseClient(server.CreateDefaultClient(cutter));
        reader.SetJwt(await token);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await writer.Compliance.LogSecurityEventsBatchAsync([Event("vault_unsealed"), Event("vault_unsealed")]);

        var seen = new List<long>();
        await foreach (var view in reader.Compliance.StreamSecurityEventsAsync(after: 0, reconnectDelay: TimeSpan.FromMilliseconds(20), cancellationToken: stop.Token))
        {
            seen.Add(view.Sequence);
            if (seen.Count == 2)
            {
                cutter.Cut();
                await writer.Compliance.LogSecurityEventsBatchAsync([Event("vault_unsealed"), Event("vault_unsealed")]);
            }
            if (seen.Count == 4)
                break;
        }

        Assert.Equal([1L, 2L, 3L, 4L], seen);
        Assert.Equal(["0", "2"], cutter.LastEventIds);
    }

    [Fact]
    public async Task StreamingWithABadFilterThrowsTheValidationError()
    {
        var client = await SignedInClientAsync();

        var error = await Assert.ThrowsAsync<MudbaseApiException>(async () =>
        {
            await foreach (var _ in client.Compliance.StreamSecurityEventsAsync(new SecurityEventFilter { MinSeverity = "urgent" }))
            {
            }
        });

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    private static LogSecurityEventRequest Event(string type) => new(type, Severities.Low);

    private Task<MudbaseClient> SignedInClientAsync() => SignedInClientAsync(out _);

    private Task<MudbaseClient> SignedInClientAsync(out Task<string> token)
    {
        var client = server.NewClient();
        var registered = client.Auth.RegisterAsync(new RegisterRequest($"s-{Guid.NewGuid():N}@northwind.dev", "correct horse battery", "Morgan", "Chen"));
        token = registered.ContinueWith(t => t.Result.Token, TaskScheduler.Default);
        return registered.ContinueWith(_ => client, TaskScheduler.Default);
    }

    /// <summary>Breaks every open response body on demand, as a dropped connection does, and records each request's Last-Event-ID.</summary>
    private sealed class CuttingHandler : DelegatingHandler
    {
        private readonly List<BreakableStream> open = [];

        public List<string?> LastEventIds { get; } = [];

        public void Cut()
        {
            lock (open)
            {
                foreach (var stream in open)
                    stream.Break();
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/stream", StringComparison.Ordinal))
                LastEventIds.Add(request.Headers.TryGetValues("Last-Event-ID", out var values) ? values.Single() : null);
            var response = await base.SendAsync(request, cancellationToken);
            var body = new BreakableStream(await response.Content.ReadAsStreamAsync(cancellationToken));
            lock (open)
                open.Add(body);
            var content = new StreamContent(body);
            foreach (var header in response.Content.Headers)
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            response.Content = content;
            return response;
        }
    }

    private sealed class BreakableStream(Stream inner) : Stream
    {
        private readonly CancellationTokenSource broken = new();

        public void Break() => broken.Cancel();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, broken.Token);
            try
            {
                return await inner.ReadAsync(buffer, linked.Token);
            }
            catch (OperationCanceledException) when (broken.IsCancellationRequested)
            {
                throw new IOException("The connection was cut");
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                broken.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
