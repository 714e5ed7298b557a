using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Mudbase.Contracts;

namespace Mudbase.Client.Tests;

/// <summary>
/// Event writes against a real server through a network that loses answers: the request reaches the server and is
/// committed, the response never reaches the client. The client's retry with the same key must not record it twice.
/// </summary>
public sealed class IdempotentWriteTests(ClientServer server) : IClassFixture<ClientServer>
{
    private static readonly LogSecurityEventRequest Event = new(SecurityEventTypes.BruteForceAttempt, Severities.High,
        new SecurityEventDetails { UserId = "usr_3HjF6SCqdOmxz6" });

    [Fact]
    public async Task AWriteWhoseAnswerIsLostIsRetriedWithTheSameKeyAndRecordedOnce()
    {
        var network = new LossyNetwork(answersToLose: 2);
        var client = await SignedInClientAsync(network, new MudbaseRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) });

        var logged = await client.Compliance.LogSecurityEventAsync(Event);

        Assert.Equal(3, network.Keys.Count);
        Assert.Single(network.Keys.Distinct());
        Assert.Matches("^\"[0-9a-f-]{36}\"$", network.Keys.First());
        var stored = (await client.Compliance.ListSecurityEventsAsync()).Events;
        Assert.Equal(logged.EventId, Assert.Single(stored).EventId);
    }

    [Fact]
    public async Task ABatchWhoseAnswerIsLostIsRecordedOnceWithTheIdsOfTheFirstAttempt()
    {
        var network = new LossyNetwork(answersToLose: 1);
        var client = await SignedInClientAsync(network, new MudbaseRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) });

        var logged = await client.Compliance.LogSecurityEventsBatchAsync([Event, Event, Event]);

        var stored = (await client.Compliance.ListSecurityEventsAsync()).Events.Select(e => e.EventId).Order();
        Assert.Equal(logged.EventIds.Order(), stored);
    }

    [Fact]
    public async Task AnUnavailableServerIsAskedAgainWithTheSameKeyButAValidationErrorIsNot()
    {
        var network = new LossyNetwork(answersToLose: 0) { UnavailableFirst = 2 };
        var client = await SignedInClientAsync(network, new MudbaseRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) });

        var logged = await client.Compliance.LogSecurityEventAsync(Event);
        await Assert.ThrowsAsync<MudbaseApiException>(() => client.Compliance.LogSecurityEventAsync(Event with { Severity = "extreme" }));

        Assert.Equal(4, network.Keys.Count);
        Assert.Single(network.Keys.Take(3).Distinct());
        Assert.Equal(logged.EventId, Assert.Single((await client.Compliance.ListSecurityEventsAsync()).Events).EventId);
    }

    [Fact]
    public async Task ALedgerIntegrityFailureIsNotRetried()
    {
        var network = new LossyNetwork(answersToLose: 0) { UnavailableFirst = 1, UnavailableCode = ErrorCodes.LedgerIntegrity };
        var client = await SignedInClientAsync(network, new MudbaseRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) });

        var failure = await Assert.ThrowsAsync<MudbaseApiException>(() => client.Compliance.LogSecurityEventAsync(Event));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failure.StatusCode);
        Assert.Equal(ErrorCodes.LedgerIntegrity, failure.Code);
        Assert.Single(network.Keys);
        Assert.Empty((await client.Compliance.ListSecurityEventsAsync()).Events);
    }

    [Fact]
    public async Task RetriesStopAfterTheConfiguredNumberAndTheFailureReachesTheCaller()
    {
        var network = new LossyNetwork(answersToLose: 10);
        var client = await SignedInClientAsync(network, new MudbaseRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(5) });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.Compliance.LogSecurityEventAsync(Event));

        Assert.Equal(3, network.Keys.Count);
        Assert.Single((await client.Compliance.ListSecurityEventsAsync()).Events);
    }

    [Fact]
    public async Task WithRetriesDisabledNoKeyIsSentAndAWriteIsSentOnce()
    {
        var network = new LossyNetwork(answersToLose: 1);
        var client = await SignedInClientAsync(network, MudbaseRetryOptions.Disabled);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.Compliance.LogSecurityEventAsync(Event));

        Assert.Equal([null], network.Keys);
    }

    [Fact]
    public async Task ACallersOwnKeyIsSentAndRepeatingItAnswersTheFirstEvent()
    {
        var network = new LossyNetwork(answersToLose: 0);
        var client = await SignedInClientAsync(network, new MudbaseRetryOptions());

        var first = await client.Compliance.LogSecurityEventAsync(Event, "order-4711");
        var second = await client.Compliance.LogSecurityEventAsync(Event, "order-4711");
        var mismatch = await Assert.ThrowsAsync<MudbaseApiException>(() => client.Compliance.LogSecurityEventAsync(
            Event with { Severity = Severities.Low }, "order-4711"));

        Assert.Equal(first.EventId, second.EventId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);
        Assert.Equal(ErrorCodes.IdempotencyKeyMismatch, mismatch.Code);
        Assert.Equal(3, network.Keys.Count(k => k == "\"order-4711\""));
    }

    private async Task<MudbaseClient> SignedInClientAsync(LossyNetwork network, MudbaseRetryOptions retry)
    {
        var client = new MudbaseClient(server.CreateDefaultClient(network), retry);
        await client.Auth.RegisterAsync(new RegisterRequest($"c-{Guid.NewGuid():N}@northwind.dev", "correct horse battery", "Morgan", "Chen"));
        return client;
    }

    /// <summary>Delivers every request, then drops the first answers to event writes as a reset connection would.</summary>
    private sealed class LossyNetwork(int answersToLose) : DelegatingHandler
    {
        private int lost;

        private int refused;

        public ConcurrentQueue<string?> Keys { get; } = new();

        /// <summary>How many event writes are answered 503 by the network before any reaches the server.</summary>
        public int UnavailableFirst { get; init; }

        /// <summary>The Mudbase error code of those 503 answers; none (an empty body) when null.</summary>
        public string? UnavailableCode { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var write = request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.Contains("/security-event", StringComparison.Ordinal);
            if (write && Interlocked.Increment(ref refused) <= UnavailableFirst)
            {
                Keys.Enqueue(request.Headers.TryGetValues("Idempotency-Key", out var sent) ? sent.Single() : null);
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                {
                    RequestMessage = request,
                    Content = UnavailableCode is null ? null : JsonContent.Create(new { error = "Unavailable", code = UnavailableCode }),
                };
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (!write)
                return response;
            Keys.Enqueue(request.Headers.TryGetValues("Idempotency-Key", out var values) ? values.Single() : null);
            if (Interlocked.Increment(ref lost) > answersToLose)
                return response;
            response.Dispose();
            throw new HttpRequestException("The connection was reset by the peer", new IOException("connection reset"));
        }
    }
}
